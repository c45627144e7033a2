/// The exact backgrounds: grayscale morphological openings at full resolution.
///
/// For a structuring function k (height of the ball or paraboloid over its centre) the
/// opening of f is
/// ```
/// erosion  e(c) = min over image pixels q of  f(q) − k(q − c)
/// opening  g(p) = max over centres c      of  e(c) + k(p − c)
/// ```
/// with centres c ranging over the image extended by ⌊r⌋ pixels on every side (a ball
/// centred farther out touches no pixel; the paraboloid uses the same margin). Pixels
/// outside the image never constrain the surface. Properties: g ≤ f, and opening g again
/// gives g (idempotence), up to Float rounding.
///
/// - Ball: `k(d) = √(r² − |d|²)` on the disc |d| ≤ r (integer offsets), computed row by row
///   of the disc with vectorised inner loops. Complexity O(n·r²).
/// - Paraboloid: `k(d) = −|d|² / (2r)` (the curvature of the ball at its apex). Separable:
///   each pass is a 1-D lower envelope of parabolas (Felzenszwalb & Huttenlocher 2012),
///   O(n) whatever the radius.
///
/// Reference: Felzenszwalb, P. F. & Huttenlocher, D. P. "Distance Transforms of Sampled
/// Functions." Theory of Computing 8, 415–428 (2012). doi:10.4086/toc.2012.v008a019
enum ExactOpening {
  /// The disc-shaped ball table for `radius`: half-width ⌊r⌋, heights √(r² − dx² − dy²),
  /// and for each row the columns inside the disc.
  static func ballTable(radius: Double) -> (halfWidth: Int, heights: [Float], columns: [Range<Int>]) {
    let half = Int(radius.rounded(.down))
    let w = 2 * half + 1
    var heights = [Float](repeating: 0, count: w * w)
    var columns = [Range<Int>]()
    let r2 = radius * radius
    for j in 0..<w {
      let dy = Double(j - half)
      let reach = Int((r2 - dy * dy).squareRoot().rounded(.down))
      columns.append((half - reach)..<(half + reach + 1))
      for k in 0..<w {
        let dx = Double(k - half)
        heights[j * w + k] = Float(max(0, r2 - dx * dx - dy * dy).squareRoot())
      }
    }
    return (half, heights, columns)
  }

  static func ball(_ plane: FloatPlane, radius: Double) -> FloatPlane {
    let t = ballTable(radius: radius)
    return ImageJRollingBall.open(plane, table: t.heights, halfWidth: t.halfWidth,
                                  columns: t.columns)
  }

  /// The opening by the paraboloid `−|d|²/(2r)`, by four separable envelope passes, all
  /// run along rows (the column passes on a transposed copy).
  static func paraboloid(_ plane: FloatPlane, radius: Double) -> FloatPlane {
    let w = plane.width, h = plane.height
    let m = Int(radius.rounded(.down))
    let ew = w + 2 * m, eh = h + 2 * m
    let a = 1 / (2 * radius)
    // 1. Erosion along rows: (h × w) → (h × ew), centre columns −m ..< w + m.
    let rowsEroded = rowPass(plane.samples, lines: h, count: w, stages: [(ew, m, false)], a: a)
    // 2. Along columns (rows of the transpose), erosion to centre rows −m ..< h + m, then
    //    dilation (max of e − a·d² = −min of −e + a·d²) back to rows 0 ..< h, fused so each
    //    column stays in cache: (ew × h) → (ew × h).
    let columns = transposed(rowsEroded, width: ew, height: h)
    let columnsOpened = rowPass(columns, lines: ew, count: h,
                                stages: [(eh, m, false), (h, -m, true)], a: a)
    // 3. Dilation along rows: transpose back to (h × ew) → (h × w).
    let rows = transposed(columnsOpened, width: h, height: ew)
    let out = rowPass(rows, lines: h, count: ew, stages: [(w, -m, true)], a: a)
    return FloatPlane(width: w, height: h, samples: out)
  }

  /// The transpose of a `width × height` row-major array, in 32 × 32 tiles.
  static func transposed(_ src: [Float], width: Int, height: Int) -> [Float] {
    var dst = [Float](unsafeUninitializedCapacity: src.count) { _, n in n = src.count }
    let tile = 32
    src.withUnsafeBufferPointer { sp in
      dst.withUnsafeMutableBufferPointer { dp in
        let s = UncheckedSendable(sp.baseAddress!), d = UncheckedSendable(dp.baseAddress!)
        let tilesDown = (height + tile - 1) / tile
        parallelChunks(tilesDown, minimumChunk: 2) { range in
          for ty in range {
            let y0 = ty * tile, y1 = min(height, y0 + tile)
            var x0 = 0
            while x0 < width {
              let x1 = min(width, x0 + tile)
              for y in y0..<y1 {
                for x in x0..<x1 { d.value[x * height + y] = s.value[y * width + x] }
              }
              x0 += tile
            }
          }
        }
      }
    }
    return dst
  }

  /// For each of `lines` rows of `count` samples, applies the 1-D transforms of `stages`
  /// in turn. A stage (outCount, offset, negate) maps samples f(i) to outputs x in
  /// 0..<outCount standing at input coordinate x − offset:
  /// `out(x) = min over i of f(i) + a·(x − offset − i)²`; with `negate`, f and the result
  /// are negated (a dilation by the downward parabola). Computed in Double.
  static func rowPass(
    _ input: [Float], lines: Int, count: Int, stages: [(count: Int, offset: Int, negate: Bool)],
    a: Double
  ) -> [Float] {
    let outCount = stages.last?.count ?? count
    let longest = stages.reduce(count) { max($0, $1.count) }
    // Every element is written below: skip the zero fill of a large array.
    var output = [Float](unsafeUninitializedCapacity: lines * outCount) { _, n in
      n = lines * outCount
    }
    // 1/(q − p) for the envelope's breakpoints, shared by all lines.
    let reciprocals = (0...longest).map { $0 == 0 ? 0 : 1 / Double($0) }
    input.withUnsafeBufferPointer { ip in
      output.withUnsafeMutableBufferPointer { op in
        reciprocals.withUnsafeBufferPointer { rp in
          let src = UncheckedSendable(ip.baseAddress!), dst = UncheckedSendable(op.baseAddress!)
          let recip = UncheckedSendable(rp.baseAddress!)
          parallelChunks(lines, minimumChunk: 8) { range in
            let buffers = (0..<2).map { _ in
              UnsafeMutablePointer<Double>.allocate(capacity: max(1, longest))
            }
            let apex = UnsafeMutablePointer<Int>.allocate(capacity: max(1, longest))
            let bounds = UnsafeMutablePointer<Double>.allocate(capacity: max(1, longest) + 1)
            defer {
              buffers.forEach { $0.deallocate() }
              apex.deallocate(); bounds.deallocate()
            }
            for line in range {
              let s = src.value + line * count
              var current = buffers[0], spare = buffers[1]
              var n = count
              var sign = 1.0  // the sign the values in `current` carry
              for (index, stage) in stages.enumerated() {
                let wanted = stage.negate ? -1.0 : 1.0
                if index == 0 {
                  for i in 0..<n { current[i] = wanted * Double(s[i]) }
                } else if wanted != sign {
                  for i in 0..<n { current[i] = -current[i] }
                }
                sign = wanted
                let size = lowerEnvelope(current, count: n, a: a, apex: apex, bounds: bounds,
                                         reciprocals: recip.value)
                evaluateEnvelope(current, apex: apex, bounds: bounds, size: size, a: a,
                                 firstPosition: Double(-stage.offset), into: spare,
                                 count: stage.count)
                swap(&current, &spare)
                n = stage.count
              }
              let d = dst.value + line * outCount
              for x in 0..<outCount { d[x] = Float(sign * current[x]) }
            }
          }
        }
      }
    }
    return output
  }

  /// The lower envelope of the parabolas `y = f(i) + a·(x − i)²`, i = 0..<n
  /// (Felzenszwalb & Huttenlocher 2012, algorithm DT(f)): `apex[0..<size]` are the apexes
  /// of the parabolas on the envelope, left to right, and parabola k is lowest from
  /// `bounds[k]` on (bounds[0] = −∞). Returns `size`. O(n).
  static func lowerEnvelope(
    _ f: UnsafePointer<Double>, count n: Int, a: Double,
    apex: UnsafeMutablePointer<Int>, bounds: UnsafeMutablePointer<Double>,
    reciprocals: UnsafePointer<Double>? = nil
  ) -> Int {
    guard n > 0 else { return 0 }
    var size = 1
    apex[0] = 0
    bounds[0] = -.infinity
    let halfInverse = 1 / (2 * a)
    for q in 1..<n {
      let fq = f[q]
      var s = 0.0
      while true {
        let p = apex[size - 1]
        // Where parabola q becomes lower than parabola p:
        // f(q) + a(x − q)² = f(p) + a(x − p)²  ⇔  x = (p + q)/2 + (f(q) − f(p)) / (2a(q − p)).
        if let reciprocals {
          s = 0.5 * Double(p + q) + (fq - f[p]) * halfInverse * reciprocals[q - p]
        } else {
          s = 0.5 * Double(p + q) + (fq - f[p]) * halfInverse / Double(q - p)
        }
        if size > 1 && s <= bounds[size - 1] { size -= 1 } else { break }
      }
      apex[size] = q
      bounds[size] = s
      size += 1
    }
    return size
  }

  /// The envelope at positions firstPosition, firstPosition + 1, … (`count` of them).
  static func evaluateEnvelope(
    _ f: UnsafePointer<Double>, apex: UnsafePointer<Int>, bounds: UnsafePointer<Double>,
    size: Int, a: Double, firstPosition: Double, into out: UnsafeMutablePointer<Double>,
    count: Int
  ) {
    var k = 0
    for x in 0..<count {
      let pos = firstPosition + Double(x)
      while k + 1 < size && bounds[k + 1] < pos { k += 1 }
      let d = pos - Double(apex[k])
      out[x] = f[apex[k]] + a * d * d
    }
  }
}
