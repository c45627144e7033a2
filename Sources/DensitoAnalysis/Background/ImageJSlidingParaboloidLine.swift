/// The line pass of the ImageJ-identical sliding paraboloid (`ImageJSlidingParaboloid`):
/// one parabola slid under one 1-D line of samples.
extension ImageJSlidingParaboloid {
  /// Per-worker buffers: a contiguous copy of a strided line, the marks and indices of its
  /// candidate points, and their lower convex hull (positions, w values, sample values).
  final class LineScratch {
    let capacity: Int
    let cache: UnsafeMutablePointer<Float>
    let marks: UnsafeMutablePointer<UInt8>
    let selected: UnsafeMutablePointer<Int>
    let hull: UnsafeMutablePointer<Int>
    let hullW: UnsafeMutablePointer<Double>
    let hullV: UnsafeMutablePointer<Float>
    init(capacity: Int) {
      self.capacity = max(capacity, 1)
      cache = .allocate(capacity: self.capacity)
      marks = .allocate(capacity: self.capacity)
      selected = .allocate(capacity: self.capacity)
      hull = .allocate(capacity: self.capacity)
      hullW = .allocate(capacity: self.capacity)
      hullV = .allocate(capacity: self.capacity)
    }
    deinit {
      cache.deallocate(); marks.deallocate(); selected.deallocate()
      hull.deallocate(); hullW.deallocate(); hullV.deallocate()
    }
  }

  /// Slides the parabola along one line in place. When `edges` is true, also returns the
  /// estimated values at both ends of the line as they would be without an edge object
  /// (used by the corner correction); otherwise returns (0, 0).
  ///
  /// A contiguous line (step 1) is slid where it lies; any other is copied to
  /// `scratch.cache`, slid there and copied back. See `slideContiguous`.
  static func slide(
    _ pixels: UnsafeMutablePointer<Float>, _ line: Line, coeff2: Float,
    scratch: LineScratch, edges: Bool
  ) -> (Float, Float) {
    let n = line.count
    guard n > 0 else { return (0, 0) }
    if line.step == 1 {
      return slideContiguous(pixels + line.start, count: n, coeff2: coeff2, scratch: scratch,
                             edges: edges)
    }
    let cache = scratch.cache
    var p = line.start
    for i in 0..<n {
      cache[i] = pixels[p]
      p &+= line.step
    }
    let ends = slideContiguous(cache, count: n, coeff2: coeff2, scratch: scratch, edges: edges)
    p = line.start
    for i in 0..<n {
      pixels[p] = cache[i]
      p &+= line.step
    }
    return ends
  }

  /// Slides the parabola along the `n` contiguous samples at `v`, in place (see `slide`).
  ///
  /// The touching points are the vertices of the lower convex hull of (j, v_j + c·j²) (see
  /// below). Three steps, the first two without data-dependent branches: mark the points
  /// that can be hull vertices (`markCandidates`), gather their indices, then build the
  /// hull of those only (monotone chain, in Double). Building the hull of every ImageJ
  /// candidate costs a mispredicted branch per pushed point on noisy data; the extra marks
  /// drop about 85 % of them on noisy rows, and only points that cannot be vertices. Then the
  /// samples between touching points are replaced by the parabola (`fillBetweenVertices`).
  static func slideContiguous(
    _ v: UnsafeMutablePointer<Float>, count n: Int, coeff2: Float,
    scratch: LineScratch, edges: Bool
  ) -> (Float, Float) {
    guard n > 0 else { return (0, 0) }
    let marks = scratch.marks, selected = scratch.selected
    let hull = scratch.hull, hullW = scratch.hullW, hullV = scratch.hullV
    var firstCorner = n - 1, lastCorner = 0
    let c = Double(coeff2)
    markCandidates(v, count: n, coeff2: coeff2, into: marks)
    // Indices of the marked points, both ends always included.
    let count = gatherMarkedIndices(marks, count: n, into: selected)
    // The parabola through i1 with the smallest slope m at i1 touches next at
    // argmin over j of (v_j − v1)/d + c·d, d = j − i1. With w_j = v_j + c·j² that is
    // argmin (w_j − w1)/(j − i1) − 2c·i1: the next vertex of the lower convex hull of the
    // points (j, w_j). So the touching points are the hull's vertices (collinear points
    // kept, as a one-by-one scan takes the nearest of equal slopes), found in O(n) instead
    // of a scan per point.
    // The last two hull vertices are kept in registers, (ax, aw) below (bx, bw), positions
    // as Doubles (exact): the test is the same Double expression as with the stored ones.
    var hullSize = 0
    var ax = 0.0, aw = 0.0, bx = 0.0, bw = 0.0
    for s in 0..<count {
      let x = selected[s]
      let value = v[x]
      let xd = Double(x)
      let w = Double(value) + c * xd * xd
      while hullSize >= 2 && (bx - ax) * (w - aw) - (bw - aw) * (xd - ax) < 0 {
        hullSize -= 1
        bx = ax
        bw = aw
        let below = hullSize >= 2 ? hullSize - 2 : 0
        ax = Double(hull[below])
        aw = hullW[below]
      }
      hull[hullSize] = x
      hullW[hullSize] = w
      hullV[hullSize] = value
      hullSize += 1
      ax = bx
      aw = bw
      bx = xd
      bw = w
    }
    // The hull runs from 0 to n − 1: the touching points next to the ends.
    if hullSize >= 2 {
      firstCorner = hull[1]
      lastCorner = hull[hullSize - 2]
    }
    var ends: (Float, Float) = (0, 0)
    if edges {
      ends = edgeEstimates(
        v, count: n, firstCorner: firstCorner, lastCorner: lastCorner, coeff2: coeff2)
    }
    fillBetweenVertices(v, count: n, hull: hull, values: hullV, size: hullSize, coeff2: coeff2)
    return ends
  }

  /// The widest gap between touching points that `fillBetweenVertices` fills with one
  /// fixed-length run.
  static let shortSpan = 8

  /// Replaces the samples between consecutive touching points `hull[h]`, `hull[h + 1]`
  /// (sample values `values[h]`) by the parabola through both, with ImageJ's Float
  /// formulas: `v1 + d·(m − d·c)` at distance d, `m = (v2 − v1)/span + c·span`.
  ///
  /// After the first two passes most gaps are short (on the diagonals about one sample in
  /// four is a touching point), and a loop whose length varies from gap to gap costs a
  /// mispredicted exit per gap. A gap of at most `shortSpan` is therefore written as a
  /// fixed run of `shortSpan` samples (the formula continued past its end point), followed
  /// by the end point's own value; the samples run over lie after the end point and are
  /// rewritten by the gaps that follow (in order, each ending on its own end point), so
  /// every sample ends with the same value as a gap-by-gap loop. Runs that would leave the
  /// line take the exact-length loop.
  @inline(__always)
  static func fillBetweenVertices(
    _ v: UnsafeMutablePointer<Float>, count n: Int, hull: UnsafePointer<Int>,
    values: UnsafePointer<Float>, size: Int, coeff2: Float
  ) {
    guard size >= 2 else { return }
    let run = shortSpan
    for h in 0..<(size - 1) {
      let i1 = hull[h], i2 = hull[h + 1]
      let v1 = values[h], v2 = values[h + 1]
      let gap = i2 - i1
      let span = Float(gap)
      let minSlope = (v2 - v1) / span + coeff2 * span
      let segment = v + i1
      if gap <= run && i1 + run < n {
        for k in 1...run {
          let d = Float(k)
          segment[k] = v1 + d * (minSlope - d * coeff2)
        }
      } else if gap > 1 {
        for k in 1..<gap {
          let d = Float(k)
          segment[k] = v1 + d * (minSlope - d * coeff2)
        }
      }
      v[i2] = v2
    }
  }

  /// The farthest neighbours (k) `markCandidates` compares a point with.
  static let markReach = 16

  /// Marks (1) the points `1 ..< n − 1` of `v` that can be vertices of the lower hull of
  /// (j, w_j), w_j = v_j + c·j², c = `coeff2`; 0 for the others.
  ///
  /// - ImageJ's test of which points a parabola can touch, `2v_j − v_{j−1} − v_{j+1} ≤ 2c`
  ///   in Float, kept as is.
  /// - One-sided slopes (where the points `markReach` away on both sides exist): a hull
  ///   vertex j lies on or below the chord between any point j − a before it and any point
  ///   j + b after it, so the slope of w from j − a to j is at most the slope from j to
  ///   j + b. With the c·j² terms expanded, `left ≤ right`, where
  ///   `left = max over a of (v_j − v_{j−a})/a − c·a` and
  ///   `right = min over b of (v_{j+b} − v_j)/b + c·b`, a and b in 1, 2, 4, 8, 16. A point
  ///   with `left > right` lies above the chord from j − a to j + b (by
  ///   `(left − right)·ab/(a + b)`) and is not a vertex: dropping it leaves the hull
  ///   unchanged. Unlike the symmetric chords `2v_j − v_{j−k} − v_{j+k} ≤ 2c·k²` (a = b),
  ///   this pairs the steepest fall with the steepest rise on either side: on the
  ///   benchmark's noisy rows about 9 % of the points stay marked instead of 20 % (1.3 %
  ///   are touching points). Powers of two keep the division by a exact.
  /// - Rounding: each Float slope is within a few ulps of 2·max|v| of its exact value
  ///   (differences rounded once, exact scaling, c·k rounded once), so `left − right` is
  ///   within about 1e-6·max|v|; the test allows 4e-6·max|v| (and 1e-6 of the c·k terms)
  ///   more, so only points clearly above a chord (by more than 2e-6·max|v|) are dropped,
  ///   the same margin as the symmetric tests had.
  static func markCandidates(
    _ v: UnsafePointer<Float>, count n: Int, coeff2: Float, into marks: UnsafeMutablePointer<UInt8>
  ) {
    guard n > 2 else { return }
    let reach = markReach
    let bound1 = 2 * coeff2
    @inline(__always) func imagej(_ i: Int) -> UInt8 {
      2 * v[i] - v[i - 1] - v[i + 1] <= bound1 ? 1 : 0
    }
    if n <= 2 * reach {
      for i in 1..<(n - 1) { marks[i] = imagej(i) }
      return
    }
    for i in 1..<reach { marks[i] = imagej(i) }
    for i in (n - reach)..<(n - 1) { marks[i] = imagej(i) }
    // The largest |v| (NaNs ignored): the largest and smallest v, four lanes at a time.
    var high = SIMD4<Float>(repeating: 0), low = SIMD4<Float>(repeating: 0)
    let raw = UnsafeRawPointer(v)
    var i = 0
    while i &+ 4 <= n {
      let a = raw.loadUnaligned(fromByteOffset: 4 &* i, as: SIMD4<Float>.self)
      high.replace(with: a, where: a .> high)
      low.replace(with: a, where: a .< low)
      i &+= 4
    }
    var m0: Float = 0
    for k in 0..<4 {
      m0 = high[k] > m0 ? high[k] : m0
      m0 = -low[k] > m0 ? -low[k] : m0
    }
    while i < n {
      let a = v[i].magnitude
      m0 = a > m0 ? a : m0
      i &+= 1
    }
    let largest = m0
    let c1 = coeff2, c2 = 2 * coeff2, c4 = 4 * coeff2, c8 = 8 * coeff2, c16 = 16 * coeff2
    let allowance = 4e-6 * largest + 1e-6 * 2 * c16
    @inline(__always) func larger(_ a: Float, _ b: Float) -> Float { a > b ? a : b }
    @inline(__always) func smaller(_ a: Float, _ b: Float) -> Float { a < b ? a : b }
    for i in reach..<(n - reach) {
      let b = v[i]
      let near: UInt8 = 2 * b - v[i - 1] - v[i + 1] <= bound1 ? 1 : 0
      var left = (b - v[i - 1]) - c1
      left = larger(left, (b - v[i - 2]) * 0.5 - c2)
      left = larger(left, (b - v[i - 4]) * 0.25 - c4)
      left = larger(left, (b - v[i - 8]) * 0.125 - c8)
      left = larger(left, (b - v[i - 16]) * 0.0625 - c16)
      var right = (v[i + 1] - b) + c1
      right = smaller(right, (v[i + 2] - b) * 0.5 + c2)
      right = smaller(right, (v[i + 4] - b) * 0.25 + c4)
      right = smaller(right, (v[i + 8] - b) * 0.125 + c8)
      right = smaller(right, (v[i + 16] - b) * 0.0625 + c16)
      let slopes: UInt8 = left <= right + allowance ? 1 : 0
      marks[i] = near & slopes
    }
  }

  /// Whether the middle of three consecutive samples can be touched from below by a
  /// parabola of curvature `coeff2`.
  @inline(__always)
  static func candidate(_ a: Float, _ b: Float, _ c: Float, _ coeff2: Float) -> Bool {
    2 * b - a - c <= 2 * coeff2
  }

  /// The corner-correction estimate of both end values of a slid line.
  static func edgeEstimates(
    _ cache: UnsafeMutablePointer<Float>, count n: Int, firstCorner: Int, lastCorner: Int,
    coeff2: Float
  ) -> (Float, Float) {
    var first = firstCorner, last = lastCorner
    if 4 * first >= n { first = 0 }
    if 4 * (n - 1 - last) >= n { last = n - 1 }
    let v1 = cache[first], v2 = cache[last]
    let span = Float(last - first)
    let slope = (v2 - v1) / span
    let value0 = v1 - slope * Float(first)
    var coeff6: Float = 0
    let mid: Float = 0.5 * Float(last + first)
    var i = (n + 2) / 3
    while i <= (2 * n) / 3 {
      let dx = (Float(i) - mid) * 2 / span
      let poly6 = dx * dx * dx * dx * dx * dx - 1
      if cache[i] < value0 + slope * Float(i) + coeff6 * poly6 {
        coeff6 = -(value0 + slope * Float(i) - cache[i]) / poly6
      }
      i += 1
    }
    var dx = (Float(first) - mid) * 2 / span
    let e0 = value0 + coeff6 * (dx * dx * dx * dx * dx * dx - 1)
      + coeff2 * Float(first) * Float(first)
    dx = (Float(last) - mid) * 2 / span
    let tail = Float(n - 1 - last)
    let e1 = value0 + Float(n - 1) * slope + coeff6 * (dx * dx * dx * dx * dx * dx - 1)
      + coeff2 * tail * tail
    return (e0, e1)
  }
}
