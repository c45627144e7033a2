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
    let rowsEroded = rowPass(plane.samples, lines: h, count: w, outCount: ew, offset: m, a: a,
                             negate: false)
    // 2. Erosion along columns: transpose to (ew × h) → (ew × eh).
    let columns = transposed(rowsEroded, width: ew, height: h)
    let eroded = rowPass(columns, lines: ew, count: h, outCount: eh, offset: m, a: a,
                         negate: false)
    // 3. Dilation along columns (max of e − a·d² = −min of −e + a·d²): (ew × eh) → (ew × h).
    let columnsDilated = rowPass(eroded, lines: ew, count: eh, outCount: h, offset: -m, a: a,
                                 negate: true)
    // 4. Dilation along rows: transpose back to (h × ew) → (h × w).
    let rows = transposed(columnsDilated, width: h, height: ew)
    let out = rowPass(rows, lines: h, count: ew, outCount: w, offset: -m, a: a, negate: true)
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

  /// For each of `lines` rows of `count` samples f(i): output positions x in 0..<outCount
  /// standing at input coordinate x − offset,
  /// `out(x) = min over i of f(i) + a·(x − offset − i)²` (with `negate`, f and the result
  /// are negated: a dilation by the downward parabola). Computed in Double.
  static func rowPass(
    _ input: [Float], lines: Int, count: Int, outCount: Int, offset: Int, a: Double,
    negate: Bool
  ) -> [Float] {
    // Every element is written below: skip the zero fill of a large array.
    var output = [Float](unsafeUninitializedCapacity: lines * outCount) { _, n in
      n = lines * outCount
    }
    input.withUnsafeBufferPointer { ip in
      output.withUnsafeMutableBufferPointer { op in
        let src = UncheckedSendable(ip.baseAddress!), dst = UncheckedSendable(op.baseAddress!)
        parallelChunks(lines, minimumChunk: 8) { range in
          let values = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
          let result = UnsafeMutablePointer<Double>.allocate(capacity: max(1, outCount))
          let apex = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
          let bounds = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count) + 1)
          defer {
            values.deallocate(); result.deallocate(); apex.deallocate(); bounds.deallocate()
          }
          let sign = negate ? -1.0 : 1.0
          for line in range {
            let s = src.value + line * count
            for i in 0..<count { values[i] = sign * Double(s[i]) }
            let size = lowerEnvelope(values, count: count, a: a, apex: apex, bounds: bounds)
            evaluateEnvelope(values, apex: apex, bounds: bounds, size: size, a: a,
                             firstPosition: Double(-offset), into: result, count: outCount)
            let d = dst.value + line * outCount
            for x in 0..<outCount { d[x] = Float(sign * result[x]) }
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
    apex: UnsafeMutablePointer<Int>, bounds: UnsafeMutablePointer<Double>
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
        s = 0.5 * Double(p + q) + (fq - f[p]) * halfInverse / Double(q - p)
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
