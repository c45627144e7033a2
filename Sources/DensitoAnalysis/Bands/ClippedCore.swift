import Foundation

/// A run of profile rows at the detector limit: the flat core of a clipped band.
///
/// A band exposed far beyond the detector's range is clipped to a plateau whose rows all hold
/// the same value, the limit. Smoothing such a plateau leaves only rounding-level ripples, so
/// its "maximum" can sit anywhere on it and the mean and median profiles disagree on where:
/// peak detection alone loses the band. A run of rows whose *median* over the lane's central
/// columns is at the limit (at least half of those pixels clipped; a speck of dust cannot do
/// that) is therefore taken as the core of a band directly.
///
/// Geometry: for a Gaussian band of amplitude A and width σ clipped at L, the core holds the
/// rows |t| < w with A·e^(−w²/2σ²) = L, and the clipped profile falls to half the limit at
/// |t| = h with A·e^(−h²/2σ²) = L/2. Dividing the two,
///
/// ```
/// σ² = (h² − w²) / (2 ln 2)
/// ```
/// which reduces to the usual σ = HWHM/√(2 ln 2) when nothing clips (w = 0). The band's
/// integration window reaches where the Gaussian, continued under the plateau, has fallen as
/// far below L as an unclipped band's window edge (kσ) falls below its own peak:
/// `half-window = √(w² + (kσ)²)`, again kσ when w = 0. The volume so measured is a lower
/// bound (the clipped excess is lost); the band is flagged saturated.
struct ClippedCore: Equatable {
  /// First and last row of the run (inclusive).
  var first: Int
  var last: Int

  /// Where a lane's core rows come from: the detector limit's signal (rows of the median
  /// profile there are clipped), or the rows a ``ResponsePlateau`` marked for this lane (such
  /// a run must also be flat over max(5, σ) rows).
  enum Source: Equatable {
    case detectorLimit(Double)
    case plateau([Bool])

    var needsFlatness: Bool {
      if case .plateau = self { return true }
      return false
    }
  }

  /// The core rows of one lane as runs. Detector limit: the rows where the median profile `d`
  /// is at the limit (the profiles interpolate between columns, so within rounding), and
  /// none when some row is above it (then it is not this image's largest signal). Either
  /// way a run counts only when the lane leaves the core somewhere (by more than `threshold`
  /// for the limit): a lane that is clipped end to end has no band to measure.
  static func find(median d: [Double], source: Source, threshold: Double) -> [ClippedCore] {
    guard !d.isEmpty else { return [] }
    var core: [Bool]
    switch source {
    case .detectorLimit(let limit):
      guard limit.isFinite else { return [] }
      let tol = 1e-6 * max(abs(limit), 1)
      guard let top = d.max(), let bottom = d.min(), top <= limit + tol,
        bottom < limit - max(threshold, tol)
      else { return [] }
      core = d.map { $0 >= limit - tol }
    case .plateau(let rows):
      guard rows.count == d.count, rows.contains(false) else { return [] }
      core = rows
    }
    var runs: [ClippedCore] = []
    var i = 0
    while i < d.count {
      guard core[i] else {
        i += 1
        continue
      }
      var j = i
      while j + 1 < d.count && core[j + 1] { j += 1 }
      runs.append(ClippedCore(first: i, last: j))
      i = j + 1
    }
    return runs
  }

  struct Measurement: Equatable {
    /// Centre row: the middle of the run.
    var center: Double
    /// Half the run's length in rows, w.
    var plateau: Double
    /// Gaussian σ recovered from the plateau and the half-level width, less the σ = 1
    /// smoothing of `ps`.
    var sigma: Double
  }

  /// Measures the band around this core on the σ = 1 smoothed mean profile `ps`: its flanks
  /// are followed down while they keep falling (by more than `noise`), the half level lies
  /// halfway between the core's mean level and the lower of the two flank feet, and h is
  /// the distance from the centre to the nearer of the two half-level crossings (a
  /// neighbouring band on one flank, as in a doublet, would widen the other).
  func measure(smoothedMean ps: [Double], noise: Double) -> Measurement {
    let n = ps.count
    let center = Double(first + last) / 2
    let w = Double(last - first + 1) / 2
    var left = first
    while left > 0 && ps[left - 1] <= ps[left] + noise { left -= 1 }
    var right = last
    while right < n - 1 && ps[right + 1] <= ps[right] + noise { right += 1 }
    var level = 0.0
    for i in first...last { level += ps[i] }
    level /= Double(last - first + 1)
    let foot = min(ps[left], ps[right])
    let half = foot + (level - foot) / 2
    let l = ProfileMath.crossing(ps, from: first, step: -1, level: half, limit: left)
    let r = ProfileMath.crossing(ps, from: last, step: 1, level: half, limit: right)
    var h: Double
    switch (l, r) {
    // The nearer crossing: a clipped band is symmetric, a neighbour only widens one side.
    case let (l?, r?): h = min(center - l, r - center)
    case let (l?, nil): h = center - l
    case let (nil, r?): h = r - center
    default: h = w + 1
    }
    h = max(h, w + 0.5)
    let measured2 = (h * h - w * w) / (2 * log(2.0))
    let sigma = max(max(measured2 - 1, 0.25).squareRoot(), 0.5)
    return Measurement(center: center, plateau: w, sigma: sigma)
  }
}
