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
    var work = plane
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
        for i in p.indices { p[i] -= shift }
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
  /// Rows are slid in place. Other families are slid in blocks of 16 neighbouring lines,
  /// copied to contiguous buffers row by row of the image (neighbouring lines cross each
  /// image row at neighbouring columns, so the copies read whole cache lines) and copied
  /// back afterwards: the same values as sliding in place, without a cache miss per pixel.
  static func filter(_ plane: inout FloatPlane, _ direction: Direction, coeff2: Float) {
    let w = plane.width
    let all = lines(direction, width: w, height: plane.height)
    let longest = max(plane.width, plane.height)
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
        let copies = UnsafeMutablePointer<Float>.allocate(capacity: block * longest)
        defer { copies.deallocate() }
        for b in range {
          let group = linesS.value[(b * block)..<min(all.count, (b + 1) * block)]
          transfer(group, pixels.value, width: w, copies, stride: longest, gather: true)
          for (l, line) in group.enumerated() {
            _ = slide(copies + l * longest, Line(start: 0, step: 1, count: line.count),
                      coeff2: coeff2, scratch: scratch, edges: false)
          }
          transfer(group, pixels.value, width: w, copies, stride: longest, gather: false)
        }
      }
    }
  }

  /// Copies the lines of `group` (each advancing one image row per sample) to or from
  /// `copies` (line l at `copies + l·stride`), visiting the image row by row.
  ///
  /// Per image row, the lines crossing it are a contiguous run of the group (lines start on
  /// consecutive rows or columns and are sorted), found once per row from each line's row
  /// range; the copy loop itself has no branch per sample.
  private static func transfer(
    _ group: ArraySlice<Line>, _ pixels: UnsafeMutablePointer<Float>, width w: Int,
    _ copies: UnsafeMutablePointer<Float>, stride: Int, gather: Bool
  ) {
    guard let firstLine = group.first else { return }
    let dx = firstLine.step - w  // 0 for columns, ±1 for diagonals
    let count = group.count
    // Per line: first row, first column, last row (inclusive), in small stack buffers.
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * count) { info in
      var top = Int.max, bottom = Int.min
      for (l, line) in group.enumerated() {
        let row = line.start / w
        info[3 * l] = row
        info[3 * l + 1] = line.start % w
        info[3 * l + 2] = row + line.count - 1
        top = min(top, row)
        bottom = max(bottom, row + line.count - 1)
      }
      if top > bottom { return }
      for y in top...bottom {
        let rowBase = pixels + y * w
        for l in 0..<count {
          let first = info[3 * l]
          if y < first || y > info[3 * l + 2] { continue }
          let t = y - first
          let p = rowBase + info[3 * l + 1] + t * dx
          let c = copies + l * stride + t
          if gather { c.pointee = p.pointee } else { p.pointee = c.pointee }
        }
      }
    }
  }

  /// Per-worker buffers: a copy of the line and the lower convex hull (positions, w values)
  /// of its candidate touching points.
  final class LineScratch {
    let capacity: Int
    let cache: UnsafeMutablePointer<Float>
    let hull: UnsafeMutablePointer<Int>
    let hullW: UnsafeMutablePointer<Double>
    init(capacity: Int) {
      self.capacity = max(capacity, 1)
      cache = .allocate(capacity: self.capacity)
      hull = .allocate(capacity: self.capacity)
      hullW = .allocate(capacity: self.capacity)
    }
    deinit {
      cache.deallocate(); hull.deallocate(); hullW.deallocate()
    }
  }

  /// Slides the parabola along one line in place. When `edges` is true, also returns the
  /// estimated values at both ends of the line as they would be without an edge object
  /// (used by the corner correction); otherwise returns (0, 0).
  static func slide(
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
