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

  /// The opening by the paraboloid `−|d|²/(2r)`, by four separable envelope passes.
  static func paraboloid(_ plane: FloatPlane, radius: Double) -> FloatPlane {
    let w = plane.width, h = plane.height
    let m = Int(radius.rounded(.down))
    let ew = w + 2 * m, eh = h + 2 * m
    let a = 1 / (2 * radius)
    // 1. Erosion along rows: h1(y, cx) for cx in −m ..< w + m.
    var h1 = [Float](repeating: 0, count: h * ew)
    transform(plane.samples, lines: h, count: w, inStride: 1, inLine: w,
              into: &h1, outCount: ew, outStride: 1, outLine: ew, offset: m, a: a, negate: false)
    // 2. Erosion along columns: e(cy, cx) for cy in −m ..< h + m.
    var e = [Float](repeating: 0, count: eh * ew)
    transform(h1, lines: ew, count: h, inStride: ew, inLine: 1,
              into: &e, outCount: eh, outStride: ew, outLine: 1, offset: m, a: a, negate: false)
    // 3. Dilation along columns (max of e − a·d² = −min of −e + a·d²), rows y in 0 ..< h.
    var d1 = [Float](repeating: 0, count: h * ew)
    transform(e, lines: ew, count: eh, inStride: ew, inLine: 1,
              into: &d1, outCount: h, outStride: ew, outLine: 1, offset: -m, a: a, negate: true)
    // 4. Dilation along rows, x in 0 ..< w.
    var out = [Float](repeating: 0, count: w * h)
    transform(d1, lines: h, count: ew, inStride: 1, inLine: ew,
              into: &out, outCount: w, outStride: 1, outLine: w, offset: -m, a: a, negate: true)
    return FloatPlane(width: w, height: h, samples: out)
  }

  /// For each of `lines` lines: input samples f(i), i in 0..<count, and output positions
  /// x in 0..<outCount standing at input coordinate x − offset:
  /// `out(x) = min over i of f(i) + a·(x − offset − i)²` (with `negate`, f and the result
  /// are negated: a dilation by the downward parabola).
  static func transform(
    _ input: [Float], lines: Int, count: Int, inStride: Int, inLine: Int,
    into output: inout [Float], outCount: Int, outStride: Int, outLine: Int,
    offset: Int, a: Double, negate: Bool
  ) {
    input.withUnsafeBufferPointer { ip in
      output.withUnsafeMutableBufferPointer { op in
        let src = UncheckedSendable(ip.baseAddress!), dst = UncheckedSendable(op.baseAddress!)
        parallelChunks(lines, minimumChunk: 8) { range in
          var envelope = ParabolaEnvelope(capacity: count)
          var values = [Double](repeating: 0, count: count)
          var result = [Double](repeating: 0, count: outCount)
          for line in range {
            let s = src.value + line * inLine
            for i in 0..<count {
              let v = Double(s[i * inStride])
              values[i] = negate ? -v : v
            }
            envelope.lowerEnvelope(values, a: a)
            envelope.evaluate(into: &result, firstPosition: Double(-offset), a: a)
            let d = dst.value + line * outLine
            for x in 0..<outCount {
              d[x * outStride] = Float(negate ? -result[x] : result[x])
            }
          }
        }
      }
    }
  }
}

/// The lower envelope of the parabolas `y = f(i) + a·(x − i)²`, i = 0..<n
/// (Felzenszwalb & Huttenlocher 2012, algorithm DT(f)), evaluated at any positions.
struct ParabolaEnvelope {
  /// Apex positions of the parabolas on the envelope, left to right.
  var apex: [Int]
  /// `bounds[k]` is where parabola k starts to be the lowest (bounds[0] = −∞).
  var bounds: [Double]
  var values: [Double] = []
  var size = 0

  init(capacity: Int) {
    apex = [Int](repeating: 0, count: max(1, capacity))
    bounds = [Double](repeating: 0, count: max(1, capacity) + 1)
  }

  /// Builds the envelope of `f` (O(n)).
  mutating func lowerEnvelope(_ f: [Double], a: Double) {
    values = f
    let n = f.count
    guard n > 0 else { size = 0; return }
    if apex.count < n { apex = [Int](repeating: 0, count: n) }
    if bounds.count < n + 1 { bounds = [Double](repeating: 0, count: n + 1) }
    size = 1
    apex[0] = 0
    bounds[0] = -.infinity
    for q in 1..<n {
      let fq = f[q] + a * Double(q * q)
      var s = 0.0
      while true {
        let p = apex[size - 1]
        // Where parabola q becomes lower than parabola p.
        s = (fq - (f[p] + a * Double(p * p))) / (2 * a * Double(q - p))
        if size > 1 && s <= bounds[size - 1] { size -= 1 } else { break }
      }
      apex[size] = q
      bounds[size] = s
      size += 1
    }
  }

  /// The envelope at positions firstPosition, firstPosition + 1, …, into `out`.
  func evaluate(into out: inout [Double], firstPosition: Double, a: Double) {
    var k = 0
    for x in 0..<out.count {
      let pos = firstPosition + Double(x)
      while k + 1 < size && bounds[k + 1] < pos { k += 1 }
      let d = pos - Double(apex[k])
      out[x] = values[apex[k]] + a * d * d
    }
  }
}
