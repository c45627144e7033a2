/// The rolling-ball baseline of a 1-D profile (e.g. a lane's intensity along its length):
/// the exact grayscale opening of the profile by a disc (a half circle of `radius`
/// samples standing on its diameter).
///
/// ```
/// e(c) = min over samples i with |i − c| ≤ r of  f(i) − √(r² − (i − c)²)
/// b(i) = max over centres c with |i − c| ≤ r of  e(c) + √(r² − (i − c)²)
/// ```
/// Centres c range over −⌊r⌋ … n − 1 + ⌊r⌋, so the disc can roll off either end; samples
/// outside the profile never constrain it. The baseline never exceeds the profile
/// (b ≤ f) and rolling again changes nothing (idempotent), up to rounding. No smoothing.
///
/// - Parameters:
///   - profile: The samples, larger = more signal (invert a light-background profile).
///   - radius: Disc radius in samples; wider than the widest band to keep.
/// - Returns: The baseline, the same length as `profile` (empty for an empty profile).
/// - Throws: `BackgroundError.invalidRadius` unless `radius` is finite and > 0;
///   `BackgroundError.nonFiniteSamples` if a sample is NaN or infinite;
///   `BackgroundError.radiusTooLarge` above `profileMaximumRadius` (100 000).
/// - Complexity: O(n·r).
///
/// Reference: Sternberg, S. R. "Biomedical Image Processing." Computer 16(1), 22–34 (1983).
public func rollingBallBaseline(of profile: [Double], radius: Double) throws -> [Double] {
  try validateProfile(profile, radius: radius)
  let n = profile.count
  guard n > 0 else { return [] }
  let m = Int(radius.rounded(.down))
  let disc = (0...m).map { d in (radius * radius - Double(d * d)).squareRoot() }
  var eroded = [Double](repeating: .infinity, count: n + 2 * m)
  for c in -m..<(n + m) {
    var z = Double.infinity
    for i in max(0, c - m)...min(n - 1, c + m) {
      let v = profile[i] - disc[abs(i - c)]
      if v < z { z = v }
    }
    eroded[c + m] = z
  }
  var baseline = [Double](repeating: -.infinity, count: n)
  for i in 0..<n {
    var z = -Double.infinity
    for c in (i - m)...(i + m) {
      let v = eroded[c + m] + disc[abs(i - c)]
      if v > z { z = v }
    }
    baseline[i] = z
  }
  return baseline
}

/// The sliding-parabola baseline of a 1-D profile: the exact grayscale opening by the
/// parabola `−d²/(2r)` (the curvature of a disc of `radius` at its top), centres over
/// −⌊r⌋ … n − 1 + ⌊r⌋ as for `rollingBallBaseline(of:radius:)`.
///
/// Unlike the disc, the parabola has no edge: it follows slopes of any steepness, so a
/// steeply sloping baseline is tracked where the disc would cut under it.
///
/// - Throws: As `rollingBallBaseline(of:radius:)`.
/// - Complexity: O(n) (lower envelope of parabolas, Felzenszwalb & Huttenlocher 2012).
public func slidingParabolaBaseline(of profile: [Double], radius: Double) throws -> [Double] {
  try validateProfile(profile, radius: radius)
  let n = profile.count
  guard n > 0 else { return [] }
  let m = Int(radius.rounded(.down))
  let a = 1 / (2 * radius)
  let eroded = ExactOpening.rowPass1D(profile, outCount: n + 2 * m, offset: m, a: a, negate: false)
  return ExactOpening.rowPass1D(eroded, outCount: n, offset: -m, a: a, negate: true)
}

extension ExactOpening {
  /// `out(x) = min over i of f(i) + a·(x − offset − i)²` for one Double line (negated in
  /// and out with `negate`).
  static func rowPass1D(
    _ f: [Double], outCount: Int, offset: Int, a: Double, negate: Bool
  ) -> [Double] {
    let n = f.count
    let sign = negate ? -1.0 : 1.0
    let values = f.map { sign * $0 }
    var apex = [Int](repeating: 0, count: n)
    var bounds = [Double](repeating: 0, count: n + 1)
    var out = [Double](repeating: 0, count: outCount)
    values.withUnsafeBufferPointer { v in
      apex.withUnsafeMutableBufferPointer { ap in
        bounds.withUnsafeMutableBufferPointer { bp in
          out.withUnsafeMutableBufferPointer { op in
            let size = lowerEnvelope(v.baseAddress!, count: n, a: a, apex: ap.baseAddress!,
                                     bounds: bp.baseAddress!)
            evaluateEnvelope(v.baseAddress!, apex: ap.baseAddress!, bounds: bp.baseAddress!,
                             size: size, a: a, firstPosition: Double(-offset),
                             into: op.baseAddress!, count: outCount)
          }
        }
      }
    }
    return out.map { sign * $0 }
  }
}

/// The largest radius the 1-D baselines accept (the disc and the margin grow with it).
public let profileMaximumRadius: Double = 100_000

private func validateProfile(_ profile: [Double], radius: Double) throws {
  guard radius.isFinite, radius > 0 else { throw BackgroundError.invalidRadius(radius) }
  guard radius <= profileMaximumRadius else {
    throw BackgroundError.radiusTooLarge(radius: radius, limit: profileMaximumRadius)
  }
  if let first = profile.firstIndex(where: { !$0.isFinite }) {
    let count = profile.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
    throw BackgroundError.nonFiniteSamples(count: count, firstIndex: first)
  }
}
