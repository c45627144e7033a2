import Foundation

/// One-dimensional helpers shared by lane and band finding. Internal; all are deterministic
/// and never return NaN for finite input.
enum ProfileMath {
  /// Gaussian smoothing with standard deviation `sigma` (kernel truncated at 4σ, edges
  /// extended with the end values). `sigma` ≤ 0 returns the input.
  static func smooth(_ x: [Double], sigma: Double) -> [Double] {
    guard sigma > 0, x.count > 1 else { return x }
    let r = max(1, Int((4 * sigma).rounded(.up)))
    var kernel = [Double](repeating: 0, count: 2 * r + 1)
    var total = 0.0
    for i in -r...r {
      let w = exp(-Double(i * i) / (2 * sigma * sigma))
      kernel[i + r] = w
      total += w
    }
    for i in kernel.indices { kernel[i] /= total }
    let n = x.count
    var out = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var s = 0.0
      for k in -r...r {
        let j = min(max(i + k, 0), n - 1)
        s += kernel[k + r] * x[j]
      }
      out[i] = s
    }
    return out
  }

  /// The median (mean of the middle two for even counts); 0 for an empty array.
  /// - Complexity: O(n) expected (quickselect on a copy; the same value as sorting).
  static func median(_ x: [Double]) -> Double {
    var copy = x
    return median(reordering: &copy)
  }

  /// ``median(_:)`` of `values`, reordering them in place instead of copying.
  static func median(reordering values: inout [Double]) -> Double {
    let n = values.count
    guard n > 0 else { return 0 }
    return values.withUnsafeMutableBufferPointer { b in
      let k = n / 2
      ColumnProfile.select(b, 0, n - 1, k)
      if n % 2 == 1 { return b[k] }
      // The lower middle value is the largest of the k values before position k.
      var lower = b[0]
      for i in 1..<k where b[i] > lower { lower = b[i] }
      return (lower + b[k]) / 2
    }
  }

  /// Quantile with linear interpolation between order statistics (type 7) of sorted data.
  static func quantile(sorted s: [Double], _ p: Double) -> Double {
    guard !s.isEmpty else { return 0 }
    let h = Double(s.count - 1) * min(max(p, 0), 1)
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, s.count - 1)
    return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
  }

  /// Noise standard deviation of a profile from the median absolute second difference:
  /// for white noise of σ, x[i−1] − 2x[i] + x[i+1] has σ√6; 1.4826·MAD estimates a normal σ.
  /// Smooth signal contributes little to second differences, and the median ignores peaks.
  static func noise(_ x: [Double]) -> Double {
    guard x.count >= 5 else { return 0 }
    var d: [Double] = []
    d.reserveCapacity(x.count - 2)
    for i in 1..<(x.count - 1) { d.append(abs(x[i - 1] - 2 * x[i] + x[i + 1])) }
    return 1.4826 * median(d) / 6.0.squareRoot()
  }

  /// A peak: index of a local maximum, its prominence and the indices of the lowest points
  /// on each side before a higher peak (or the end).
  struct Peak {
    var index: Int
    var prominence: Double
    var leftBase: Int
    var rightBase: Int
    /// Last index of the peak's plateau (`index` for a strict maximum).
    var last: Int
  }

  /// Local maxima (plateaus reported at their first index, with their last in `last`) with
  /// their topographic prominence: height above the higher of the two minima separating the
  /// peak from a higher point (or from the ends).
  static func peaks(_ x: [Double]) -> [Peak] {
    let n = x.count
    guard n >= 3 else { return [] }
    var result: [Peak] = []
    var i = 1
    while i < n - 1 {
      if x[i] > x[i - 1] {
        var j = i
        while j + 1 < n && x[j + 1] == x[i] { j += 1 }
        if j + 1 < n && x[j + 1] < x[i] {
          // Left: walk until a higher value.
          var lmin = x[i]
          var lidx = i
          var k = i - 1
          while k >= 0 && x[k] <= x[i] {
            if x[k] < lmin { lmin = x[k]; lidx = k }
            k -= 1
          }
          var rmin = x[i]
          var ridx = j
          k = j + 1
          while k < n && x[k] <= x[i] {
            if x[k] < rmin { rmin = x[k]; ridx = k }
            k += 1
          }
          result.append(
            Peak(
              index: i, prominence: x[i] - max(lmin, rmin), leftBase: lidx, rightBase: ridx,
              last: j))
        }
        i = j + 1
      } else {
        i += 1
      }
    }
    return result
  }

  /// The lower envelope of a profile as a quadratic: fit, replace points above the fit by
  /// the fit, refit, 40 times ("modified polynomial" baseline; Lieber & Mahadevan-Jansen,
  /// Appl. Spectrosc. 57(11), 1363–1367 (2003), doi:10.1366/000370203322554518).
  static func lowerQuadratic(_ y: [Double]) -> [Double] {
    let n = y.count
    guard n >= 3 else { return [Double](repeating: y.min() ?? 0, count: n) }
    var work = y
    var fit = y
    let scale = Double(n - 1)
    for _ in 0..<40 {
      guard let c = fitQuadratic(work, scale: scale) else { break }
      for i in 0..<n {
        let t = Double(i) / scale
        fit[i] = c.0 + c.1 * t + c.2 * t * t
        work[i] = min(work[i], fit[i])
      }
    }
    return fit
  }

  /// Morphological opening (running minimum, then running maximum) over `window` samples:
  /// removes every feature narrower than the window and keeps slower trends. Then smoothed
  /// with σ = window/6 so the baseline has no corners.
  static func opening(_ x: [Double], window: Int) -> [Double] {
    let n = x.count
    let h = max(1, window / 2)
    guard n > 1 else { return x }
    func run(_ v: [Double], _ pick: (Double, Double) -> Double) -> [Double] {
      var out = v
      let count = v.count
      for i in 0..<count {
        var m = v[i]
        for j in max(0, i - h)...min(count - 1, i + h) { m = pick(m, v[j]) }
        out[i] = m
      }
      return out
    }
    // Pad with the end values (window long) so that a background rising or falling
    // towards an edge is followed there too, not cut off by a shortened window.
    let pad = 2 * h
    let padded = [Double](repeating: x[0], count: pad) + x
      + [Double](repeating: x[n - 1], count: pad)
    let opened = Array(run(run(padded, min), max)[pad..<(pad + n)])
    return smooth(opened, sigma: Double(window) / 6)
  }

  /// Least-squares quadratic a + b·t + c·t² with t = i/scale; nil when singular.
  static func fitQuadratic(_ y: [Double], scale: Double) -> (Double, Double, Double)? {
    var s = [Double](repeating: 0, count: 5)
    var r = [Double](repeating: 0, count: 3)
    for (i, v) in y.enumerated() {
      let t = Double(i) / scale
      var p = 1.0
      for k in 0..<5 {
        s[k] += p
        if k < 3 { r[k] += p * v }
        p *= t
      }
    }
    let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
    guard let x = solve3(m, r) else { return nil }
    return (x[0], x[1], x[2])
  }

  /// Solves a 3×3 linear system by Cramer's rule; nil when singular.
  static func solve3(_ m: [[Double]], _ r: [Double]) -> [Double]? {
    func det(_ a: [[Double]]) -> Double {
      a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
        - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
    }
    let d = det(m)
    guard d.isFinite, abs(d) > 1e-300 else { return nil }
    var out: [Double] = []
    for c in 0..<3 {
      var mc = m
      for row in 0..<3 { mc[row][c] = r[row] }
      out.append(det(mc) / d)
    }
    return out.allSatisfy(\.isFinite) ? out : nil
  }

  /// Position where `x` crosses `level` walking from `start` in direction `step` (±1),
  /// linearly interpolated; nil if it never does before `limit` (inclusive).
  static func crossing(_ x: [Double], from start: Int, step: Int, level: Double, limit: Int)
    -> Double?
  {
    var i = start
    while i != limit {
      let j = i + step
      if j < 0 || j >= x.count { return nil }
      if x[j] < level {
        let f = (x[i] - level) / (x[i] - x[j])
        return Double(i) + Double(step) * f
      }
      i = j
    }
    return nil
  }
}
