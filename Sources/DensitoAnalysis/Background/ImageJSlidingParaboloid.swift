/// ImageJ 1.53t's sliding-paraboloid background, reproduced from its documented behaviour
/// and measured against its output.
///
/// A parabola `v(d) = v₁ + m·d − c·d²` (curvature `c = 1/(2r)` along rows and columns,
/// `c = 1/r` along diagonals, whose pixel spacing is √2) slides under each 1-D line of the
/// image; between the points it touches, the line is replaced by the parabola. Passes, in
/// order: corner correction (below), rows, columns, rows again, the four diagonal families,
/// and the first two diagonal families again. Before that, when smoothing is on, a 3×3
/// maximum (to lift dark outliers) then a 3×3 mean, and the background is finally lowered
/// by the mean lift of the maximum filter.
///
/// The touching points along a line are the vertices of the lower convex hull of
/// (j, v_j + c·j²) over the points that can be touched (see `slide`); ImageJ finds the same
/// points by scanning, Densito in O(n) per line.
///
/// Corner correction: each edge line and each corner diagonal is slid first; from the
/// touching points away from the ends (ignored if within a quarter of the length from the
/// end) a line plus a 6th-order term fitted to the middle third estimates what the edge
/// value would be without an object in the corner. Each corner is capped at the mean of its
/// three estimates.
enum ImageJSlidingParaboloid {
  /// The background of `plane` (already negated for a light background).
  static func background(of plane: FloatPlane, radius: Double, smooth: Bool) -> FloatPlane {
    // A fresh copy on huge pages (see `HugePages`): the later passes walk it by columns.
    var work = FloatPlane(
      width: plane.width, height: plane.height,
      samples: HugePages.floats(count: plane.samples.count) { out in
        plane.samples.withUnsafeBufferPointer { source in
          guard let first = source.baseAddress, let target = out.baseAddress else { return }
          let from = UncheckedSendable(first), to = UncheckedSendable(target)
          // In parallel: the first touch of each page (and its zeroing) is part of the copy.
          parallelChunks(source.count, minimumChunk: 1 << 18) { range in
            (to.value + range.lowerBound).initialize(
              from: from.value + range.lowerBound, count: range.count)
          }
        }
      })
    let coeff2 = Float(0.5 / radius)
    let coeff2Diagonal = Float(1.0 / radius)
    var shift: Float = 0
    if smooth {
      shift = Float(ImageJSmoothing.maximum3x3(&work))
      ImageJSmoothing.mean3x3(&work)
    }
    correctCorners(&work, coeff2: coeff2)
    filter(&work, .rows, coeff2: coeff2)
    filter(&work, .columns, coeff2: coeff2)
    filter(&work, .rows, coeff2: coeff2)
    filter(&work, .diagonalDownRightFromTop, coeff2: coeff2Diagonal)
    filter(&work, .diagonalDownRightFromLeft, coeff2: coeff2Diagonal)
    filter(&work, .diagonalDownLeftFromTop, coeff2: coeff2Diagonal)
    filter(&work, .diagonalDownLeftFromRight, coeff2: coeff2Diagonal)
    filter(&work, .diagonalDownRightFromTop, coeff2: coeff2Diagonal)
    filter(&work, .diagonalDownRightFromLeft, coeff2: coeff2Diagonal)
    if shift != 0 {
      work.samples.withUnsafeMutableBufferPointer { p in
        guard let first = p.baseAddress else { return }
        let base = UncheckedSendable(first)
        parallelChunks(p.count, minimumChunk: 1 << 18) { range in
          for i in range { base.value[i] -= shift }
        }
      }
    }
    return work
  }

  /// Families of parallel lines the parabola slides along.
  enum Direction {
    case rows, columns
    /// Down-right diagonals starting on the top edge (x = 0 ... width − 3).
    case diagonalDownRightFromTop
    /// Down-right diagonals starting on the left edge (y = 1 ... height − 3).
    case diagonalDownRightFromLeft
    /// Down-left diagonals starting on the top edge (x = 2 ... width − 1).
    case diagonalDownLeftFromTop
    /// Down-left diagonals starting on the right edge (y = 1 ... height − 3).
    case diagonalDownLeftFromRight
  }

  /// A line: first sample index, step between samples and sample count.
  struct Line { var start: Int; var step: Int; var count: Int }

  static func lines(_ direction: Direction, width w: Int, height h: Int) -> [Line] {
    switch direction {
    case .rows:
      return (0..<h).map { Line(start: $0 * w, step: 1, count: w) }
    case .columns:
      return (0..<w).map { Line(start: $0, step: w, count: h) }
    case .diagonalDownRightFromTop:
      return stride(from: 0, to: w - 2, by: 1).map {
        Line(start: $0, step: w + 1, count: min(h, w - $0))
      }
    case .diagonalDownRightFromLeft:
      return stride(from: 1, to: h - 2, by: 1).map {
        Line(start: $0 * w, step: w + 1, count: min(w, h - $0))
      }
    case .diagonalDownLeftFromTop:
      return stride(from: 2, to: w, by: 1).map {
        Line(start: $0, step: w - 1, count: min(h, $0 + 1))
      }
    case .diagonalDownLeftFromRight:
      return stride(from: 1, to: h - 2, by: 1).map {
        Line(start: $0 * w + w - 1, step: w - 1, count: min(w, h - $0))
      }
    }
  }

  /// Slides the parabola along every line of one family; lines are independent.
  ///
  /// Rows are slid in place. Other families are slid in blocks of `block` neighbouring
  /// lines, copied row by row of the image into an interleaved buffer (image row y of the
  /// block's span → `block` consecutive slots, line l at slot l) and copied back afterwards.
  /// Neighbouring lines cross each image row at neighbouring columns, so both copies move
  /// whole 64-byte runs; each line is then slid in the buffer with a step of `block`. The
  /// values are those of sliding in place.
  static func filter(_ plane: inout FloatPlane, _ direction: Direction, coeff2: Float) {
    let w = plane.width, h = plane.height
    let all = lines(direction, width: w, height: h)
    let longest = max(w, h)
    let block = direction == .rows ? 1 : 16
    let blocks = (all.count + block - 1) / block
    plane.samples.withUnsafeMutableBufferPointer { buffer in
      let pixels = UncheckedSendable(buffer.baseAddress!)
      let linesS = UncheckedSendable(all)
      parallelChunks(blocks, minimumChunk: 2) { range in
        let scratch = LineScratch(capacity: longest)
        if block == 1 {
          for index in range {
            _ = slide(pixels.value, linesS.value[index], coeff2: coeff2, scratch: scratch,
                      edges: false)
          }
          return
        }
        // Every line lies within the image's h rows.
        let copies = UnsafeMutablePointer<Float>.allocate(capacity: block * h)
        defer { copies.deallocate() }
        for b in range {
          let group = linesS.value[(b * block)..<min(all.count, (b + 1) * block)]
          let top = transfer(group, pixels.value, width: w, copies, block: block, gather: true)
          for (l, line) in group.enumerated() {
            let start = (line.start / w - top) * block + l
            _ = slide(copies, Line(start: start, step: block, count: line.count),
                      coeff2: coeff2, scratch: scratch, edges: false)
          }
          _ = transfer(group, pixels.value, width: w, copies, block: block, gather: false)
        }
      }
    }
  }

  /// Copies the lines of `group` (each advancing one image row per sample) to or from
  /// `copies`, where sample t of line l (image row y = its first row + t) is at
  /// `(y − top)·block + l`; returns `top`, the first image row the group crosses.
  ///
  /// Per image row, the lines crossing it are a contiguous run of the group (lines start on
  /// consecutive rows or columns and are sorted) at consecutive columns, in the order of
  /// the lines or the reverse (`direction`). The run is found without branches and copied by
  /// a tight loop, so the loads of many rows can be in flight at once (each row is a
  /// different cache line of the image, usually not cached).
  @discardableResult
  private static func transfer(
    _ group: ArraySlice<Line>, _ pixels: UnsafeMutablePointer<Float>, width w: Int,
    _ copies: UnsafeMutablePointer<Float>, block: Int, gather: Bool
  ) -> Int {
    guard let firstLine = group.first else { return 0 }
    let dx = firstLine.step - w  // 0 for columns, ±1 for diagonals
    let count = group.count
    // Per line: first row, first column, last row (inclusive), in small stack buffers.
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * count) { info in
      var top = Int.max, bottom = Int.min
      for (l, line) in group.enumerated() {
        let row = line.start / w
        info[3 * l] = row
        info[3 * l + 1] = line.start % w
        info[3 * l + 2] = row + line.count - 1
        top = min(top, row)
        bottom = max(bottom, row + line.count - 1)
      }
      if top > bottom { return top }
      // Column step from line l to line l + 1 within one image row.
      let direction = count > 1 ? info[4] - info[1] - (info[3] - info[0]) * dx : 1
      // Rows crossed by every line of the group (all of them for columns).
      var allFrom = Int.min, allTo = Int.max
      for l in 0..<count {
        allFrom = max(allFrom, info[3 * l])
        allTo = min(allTo, info[3 * l + 2])
      }
      for y in top...bottom {
        var lo = 0, hi = count
        if y < allFrom || y > allTo {
          lo = count
          hi = 0
          for l in 0..<count {
            let active = info[3 * l] <= y && y <= info[3 * l + 2]
            lo = active ? min(lo, l) : lo
            hi = active ? max(hi, l + 1) : hi
          }
        }
        if lo >= hi { continue }
        let start = pixels + y * w + info[3 * lo + 1] + (y - info[3 * lo]) * dx
        let slots = copies + (y - top) * block + lo
        let run = hi - lo
        if direction == 1 {
          if gather {
            for k in 0..<run { slots[k] = start[k] }
          } else {
            for k in 0..<run { start[k] = slots[k] }
          }
        } else {
          if gather {
            for k in 0..<run { slots[k] = start[-k] }
          } else {
            for k in 0..<run { start[-k] = slots[k] }
          }
        }
      }
      return top
    }
  }

  /// Per-worker buffers: a copy of the line, the marks and indices of its candidate points,
  /// and their lower convex hull (positions, w values).
  final class LineScratch {
    let capacity: Int
    let cache: UnsafeMutablePointer<Float>
    let marks: UnsafeMutablePointer<UInt8>
    let selected: UnsafeMutablePointer<Int>
    let hull: UnsafeMutablePointer<Int>
    let hullW: UnsafeMutablePointer<Double>
    init(capacity: Int) {
      self.capacity = max(capacity, 1)
      cache = .allocate(capacity: self.capacity)
      marks = .allocate(capacity: self.capacity)
      selected = .allocate(capacity: self.capacity)
      hull = .allocate(capacity: self.capacity)
      hullW = .allocate(capacity: self.capacity)
    }
    deinit {
      cache.deallocate(); marks.deallocate(); selected.deallocate()
      hull.deallocate(); hullW.deallocate()
    }
  }

  /// Slides the parabola along one line in place. When `edges` is true, also returns the
  /// estimated values at both ends of the line as they would be without an edge object
  /// (used by the corner correction); otherwise returns (0, 0).
  ///
  /// The touching points are the vertices of the lower convex hull of (j, v_j + c·j²) (see
  /// below). Three steps, the first two without data-dependent branches: copy the line and
  /// mark the points that can be hull vertices (`markCandidates`), gather their indices,
  /// then build the hull of those only (monotone chain, in Double). Building the hull of
  /// every ImageJ candidate costs a mispredicted branch per pushed point on noisy data; the
  /// extra marks drop about two thirds of them, and only points that cannot be vertices.
  static func slide(
    _ pixels: UnsafeMutablePointer<Float>, _ line: Line, coeff2: Float,
    scratch: LineScratch, edges: Bool
  ) -> (Float, Float) {
    let n = line.count
    guard n > 0 else { return (0, 0) }
    let cache = scratch.cache, marks = scratch.marks, selected = scratch.selected
    let hull = scratch.hull, hullW = scratch.hullW
    var firstCorner = n - 1, lastCorner = 0
    let c = Double(coeff2)
    var p = line.start
    for i in 0..<n {
      cache[i] = pixels[p]
      p &+= line.step
    }
    markCandidates(cache, count: n, coeff2: coeff2, into: marks)
    // Indices of the marked points, both ends always included.
    let count = gatherMarkedIndices(marks, count: n, into: selected)
    // The parabola through i1 with the smallest slope m at i1 touches next at
    // argmin over j of (v_j − v1)/d + c·d, d = j − i1. With w_j = v_j + c·j² that is
    // argmin (w_j − w1)/(j − i1) − 2c·i1: the next vertex of the lower convex hull of the
    // points (j, w_j). So the touching points are the hull's vertices (collinear points
    // kept, as a one-by-one scan takes the nearest of equal slopes), found in O(n) instead
    // of a scan per point.
    var hullSize = 0
    for s in 0..<count {
      let x = selected[s]
      let xd = Double(x)
      let w = Double(cache[x]) + c * xd * xd
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
    // The hull runs from 0 to n − 1: the touching points next to the ends.
    if hullSize >= 2 {
      firstCorner = hull[1]
      lastCorner = hull[hullSize - 2]
    }
    var ends: (Float, Float) = (0, 0)
    if edges {
      ends = edgeEstimates(
        cache, count: n, firstCorner: firstCorner, lastCorner: lastCorner, coeff2: coeff2)
    }
    // The values between touching points, with ImageJ's Float formulas, written over the
    // contiguous copy (a loop that vectorises), then the whole line written back.
    for h in 0..<max(0, hullSize - 1) {
      let i1 = hull[h], i2 = hull[h + 1]
      let v1 = cache[i1]
      let span = Float(i2 - i1)
      let minSlope = (cache[i2] - v1) / span + coeff2 * span
      if i1 + 1 < i2 {
        let segment = cache + i1
        for k in 1..<(i2 - i1) {
          let d = Float(k)
          segment[k] = v1 + d * (minSlope - d * coeff2)
        }
      }
    }
    p = line.start
    for i in 0..<n {
      pixels[p] = cache[i]
      p &+= line.step
    }
    return ends
  }

  /// The farthest neighbours (k) `markCandidates` compares a point with.
  static let markReach = 16

  /// The distances k > 1 of the chord tests.
  static let markDistances = [2, 3, 4, 6, 8, 12, 16]

  /// Marks (1) the points `1 ..< n − 1` of `v` that can be vertices of the lower hull of
  /// (j, v_j + c·j²), c = `coeff2`; 0 for the others.
  ///
  /// - k = 1 is ImageJ's test of which points a parabola can touch,
  ///   `2v_j − v_{j−1} − v_{j+1} ≤ 2c` in Float, kept as is.
  /// - k in `markDistances` (where both neighbours exist): a hull vertex lies on or below
  ///   the chord between any two points on either side, so `w_j ≤ (w_{j−k} + w_{j+k})/2`,
  ///   that is `2v_j − v_{j−k} − v_{j+k} ≤ 2c·k²`. A point failing it lies above that
  ///   chord and is not a vertex: dropping it leaves the hull unchanged. The Float left
  ///   side is within 2 ulps of 4·max|v| of its exact value; the test allows 4e-6·max|v|
  ///   (and 1e-6 of the bound) more, so only points clearly above the chord are dropped.
  ///
  /// On the benchmark's blot (r = 50) about 20 % of the points stay marked, against 1.3 %
  /// that are touching points and about half that pass ImageJ's test alone.
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
    // Rounding allowance: 4e-6 of the line's largest |v| (the Float sum 2b − l − r is
    // within 2 ulps of 4·max|v|, i.e. 5e-7 of max|v|, of its exact value), and 1e-6 of
    // each bound.
    var m0: Float = 0, m1: Float = 0, m2: Float = 0, m3: Float = 0
    var i = 0
    while i + 4 <= n {
      let a0 = v[i].magnitude, a1 = v[i + 1].magnitude
      let a2 = v[i + 2].magnitude, a3 = v[i + 3].magnitude
      m0 = a0 > m0 ? a0 : m0
      m1 = a1 > m1 ? a1 : m1
      m2 = a2 > m2 ? a2 : m2
      m3 = a3 > m3 ? a3 : m3
      i += 4
    }
    while i < n {
      let a = v[i].magnitude
      m0 = a > m0 ? a : m0
      i += 1
    }
    let largest = max(max(m0, m1), max(m2, m3))
    let allowance = 4e-6 * largest
    let t = markDistances.map { 2 * coeff2 * Float($0 * $0) * (1 + 1e-6) + allowance }
    let t2 = t[0], t3 = t[1], t4 = t[2], t6 = t[3], t8 = t[4], t12 = t[5], t16 = t[6]
    for i in reach..<(n - reach) {
      let twoB = 2 * v[i]
      @inline(__always) func chord(_ k: Int, _ bound: Float) -> UInt8 {
        twoB - v[i - k] - v[i + k] <= bound ? 1 : 0
      }
      let near: UInt8 = twoB - v[i - 1] - v[i + 1] <= bound1 ? 1 : 0
      marks[i] = near & chord(2, t2) & chord(3, t3) & chord(4, t4) & chord(6, t6)
        & chord(8, t8) & chord(12, t12) & chord(16, t16)
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

  /// Slides the parabola along the four edges and the four corner diagonals, then caps
  /// each corner pixel at the mean of its three edge-free estimates.
  static func correctCorners(_ plane: inout FloatPlane, coeff2: Float) {
    let w = plane.width, h = plane.height
    guard w > 0, h > 0 else { return }
    let scratch = LineScratch(capacity: max(w, h))
    var corners = [Float](repeating: 0, count: 4)
    plane.samples.withUnsafeMutableBufferPointer { buffer in
      let px = buffer.baseAddress!
      var e = slide(px, Line(start: 0, step: 1, count: w), coeff2: coeff2,
                    scratch: scratch, edges: true)
      corners[0] = e.0; corners[1] = e.1
      e = slide(px, Line(start: (h - 1) * w, step: 1, count: w), coeff2: coeff2,
                scratch: scratch, edges: true)
      corners[2] = e.0; corners[3] = e.1
      e = slide(px, Line(start: 0, step: w, count: h), coeff2: coeff2,
                scratch: scratch, edges: true)
      corners[0] += e.0; corners[2] += e.1
      e = slide(px, Line(start: w - 1, step: w, count: h), coeff2: coeff2,
                scratch: scratch, edges: true)
      corners[1] += e.0; corners[3] += e.1
      let diagonal = min(w, h)
      let c2 = 2 * coeff2
      e = slide(px, Line(start: 0, step: w + 1, count: diagonal), coeff2: c2,
                scratch: scratch, edges: true)
      corners[0] += e.0
      e = slide(px, Line(start: w - 1, step: w - 1, count: diagonal), coeff2: c2,
                scratch: scratch, edges: true)
      corners[1] += e.0
      e = slide(px, Line(start: (h - 1) * w, step: 1 - w, count: diagonal), coeff2: c2,
                scratch: scratch, edges: true)
      corners[2] += e.0
      e = slide(px, Line(start: w * h - 1, step: -1 - w, count: diagonal), coeff2: c2,
                scratch: scratch, edges: true)
      corners[3] += e.0
      let positions = [0, w - 1, (h - 1) * w, w * h - 1]
      for (corner, p) in positions.enumerated() where px[p] > corners[corner] / 3 {
        px[p] = corners[corner] / 3
      }
    }
  }
}
