/// A calibration from stored sample values to known values, e.g. the optical densities of a
/// scanned step tablet (Kodak No. 3) or relative exposures from a dilution series.
///
/// Between steps the calibration is the monotone piecewise-cubic Hermite interpolant of
/// Fritsch & Carlson, which never overshoots and keeps the calibration monotone; beyond the
/// first and last step it continues linearly with the slope of the end secant (flagged by the
/// analysis as extrapolation). The known values should grow with the amount of material.
///
/// References: Fritsch, F. N. & Carlson, R. E. "Monotone piecewise cubic interpolation."
/// SIAM J. Numer. Anal. 17(2), 238–246 (1980). doi:10.1137/0717021
public struct StepTablet: Sendable, Equatable {
  /// Stored values, strictly increasing.
  public let raw: [Double]
  /// Known values at `raw`, strictly monotone.
  public let known: [Double]
  /// Hermite tangents at each step.
  let slopes: [Double]

  /// Creates a calibration from pairs in any order.
  /// - Throws: `AnalysisError.invalidStepTablet` with fewer than 2 steps, non-finite or
  ///   repeated raw values, or known values that are not strictly monotone in raw.
  public init(raw: [Double], known: [Double]) throws(AnalysisError) {
    guard raw.count == known.count else {
      throw .invalidStepTablet(reason: "\(raw.count) raw values but \(known.count) known values")
    }
    guard raw.count >= 2 else { throw .invalidStepTablet(reason: "needs at least 2 steps") }
    guard raw.allSatisfy(\.isFinite), known.allSatisfy(\.isFinite) else {
      throw .invalidStepTablet(reason: "non-finite value")
    }
    let order = raw.indices.sorted { raw[$0] < raw[$1] }
    let x = order.map { raw[$0] }
    let y = order.map { known[$0] }
    for i in 1..<x.count where x[i] <= x[i - 1] {
      throw .invalidStepTablet(reason: "raw value \(x[i]) appears twice")
    }
    let increasing = y[1] > y[0]
    for i in 1..<y.count where (y[i] > y[i - 1]) != increasing || y[i] == y[i - 1] {
      throw .invalidStepTablet(
        reason: "known values are not strictly monotone at raw \(x[i - 1])...\(x[i])")
    }
    self.raw = x
    self.known = y
    self.slopes = Self.fritschCarlson(x, y)
  }

  static func fritschCarlson(_ x: [Double], _ y: [Double]) -> [Double] {
    let n = x.count
    var delta = [Double](repeating: 0, count: n - 1)
    for i in 0..<(n - 1) { delta[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) }
    var m = [Double](repeating: 0, count: n)
    m[0] = delta[0]
    m[n - 1] = delta[n - 2]
    if n > 2 {
      for i in 1..<(n - 1) {
        m[i] = delta[i - 1] * delta[i] <= 0 ? 0 : (delta[i - 1] + delta[i]) / 2
      }
    }
    for i in 0..<(n - 1) {
      if delta[i] == 0 {
        m[i] = 0
        m[i + 1] = 0
        continue
      }
      let a = m[i] / delta[i]
      let b = m[i + 1] / delta[i]
      let s = a * a + b * b
      if s > 9 {
        let t = 3 / s.squareRoot()
        m[i] = t * a * delta[i]
        m[i + 1] = t * b * delta[i]
      }
    }
    return m
  }

  /// True when `v` lies outside the tablet's range of raw values.
  public func isExtrapolated(_ v: Double) -> Bool { v < raw[0] || v > raw[raw.count - 1] }

  /// The calibrated value at stored value `v`.
  public func value(at v: Double) -> Double {
    let n = raw.count
    if v <= raw[0] {
      return known[0] + (v - raw[0]) * (known[1] - known[0]) / (raw[1] - raw[0])
    }
    if v >= raw[n - 1] {
      return known[n - 1]
        + (v - raw[n - 1]) * (known[n - 1] - known[n - 2]) / (raw[n - 1] - raw[n - 2])
    }
    var lo = 0
    var hi = n - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if raw[mid] <= v { lo = mid } else { hi = mid }
    }
    let hgt = raw[hi] - raw[lo]
    let t = (v - raw[lo]) / hgt
    let t2 = t * t
    let t3 = t2 * t
    return (2 * t3 - 3 * t2 + 1) * known[lo] + (t3 - 2 * t2 + t) * hgt * slopes[lo]
      + (-2 * t3 + 3 * t2) * known[hi] + (t3 - t2) * hgt * slopes[hi]
  }
}
