/// The straightforward version of the sliding-paraboloid line pass, kept as the oracle of
/// `ImageJSlidingParaboloid.slide` in the tests (`BackgroundSlidingParaboloidTests`).
extension ImageJSlidingParaboloid {
  /// The previous `slide` (one branchy pass, every ImageJ candidate pushed onto the hull),
  /// kept as the test oracle of the faster `slide`. Slides the parabola along one line in
  /// place. When `edges` is true, also returns the
  /// estimated values at both ends of the line as they would be without an edge object
  /// (used by the corner correction); otherwise returns (0, 0).
  static func slideReference(
    _ pixels: UnsafeMutablePointer<Float>, _ line: Line, coeff2: Float,
    scratch: LineScratch, edges: Bool
  ) -> (Float, Float) {
    let n = line.count
    guard n > 0 else { return (0, 0) }
    let cache = scratch.cache
    let hull = scratch.hull, hullW = scratch.hullW
    var firstCorner = n - 1, lastCorner = 0
    let c = Double(coeff2)
    var hullSize = 0
    // The parabola through i1 with the smallest slope m at i1 touches next at
    // argmin over j of (v_j − v1)/d + c·d, d = j − i1. With w_j = v_j + c·j² that is
    // argmin (w_j − w1)/(j − i1) − 2c·i1: the next vertex of the lower convex hull of the
    // points (j, w_j). So the touching points are the hull's vertices (collinear points
    // kept, as a one-by-one scan takes the nearest of equal slopes), found in O(n) instead
    // of a scan per point. Only points a parabola of curvature c can touch take part
    // (2v[i] − v[i−1] − v[i+1] ≤ 2c, and both ends), as in ImageJ.
    @inline(__always) func push(_ x: Int, _ v: Float) {
      let xd = Double(x)
      let w = Double(v) + c * xd * xd
      while hullSize >= 2 {
        let a = hull[hullSize - 2], b = hull[hullSize - 1]
        let wa = hullW[hullSize - 2], wb = hullW[hullSize - 1]
        if Double(b - a) * (w - wa) - (wb - wa) * Double(x - a) < 0 {
          hullSize -= 1
        } else {
          break
        }
      }
      hull[hullSize] = x
      hullW[hullSize] = w
      hullSize += 1
    }
    var previous1: Float = 0, previous2: Float = 0
    var p = line.start
    for i in 0..<n {
      let v = pixels[p]
      cache[i] = v
      if i == 0 {
        push(0, v)
      } else if i >= 2, candidate(previous2, previous1, v, coeff2) {
        push(i - 1, previous1)
      }
      previous2 = previous1
      previous1 = v
      p += line.step
    }
    if n > 1 { push(n - 1, cache[n - 1]) }
    // The values between touching points, with ImageJ's Float formulas.
    for h in 0..<max(0, hullSize - 1) {
      let i1 = hull[h], i2 = hull[h + 1]
      let v1 = cache[i1]
      let span = Float(i2 - i1)
      let minSlope = (cache[i2] - v1) / span + coeff2 * span
      if i1 == 0 { firstCorner = i2 }
      if i2 == n - 1 { lastCorner = i1 }
      var q = line.start + (i1 + 1) * line.step
      if i1 + 1 < i2 {
        for k in (i1 + 1)..<i2 {
          let d = Float(k - i1)
          pixels[q] = v1 + d * (minSlope - d * coeff2)
          q += line.step
        }
      }
    }
    guard edges else { return (0, 0) }
    return edgeEstimates(
      cache, count: n, firstCorner: firstCorner, lastCorner: lastCorner, coeff2: coeff2)
  }
}
