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
/// - Ball: `k(d) = √(r² − |d|²)` on the disc |d| ≤ r (integer offsets). `ExactBall` computes
///   it by 1-D row slices (O(n·r) for long chords, pruned chord sweeps otherwise);
///   `ballBruteForce` here sweeps the whole disc, O(n·r²), and is the tests' oracle.
/// - Paraboloid: `k(d) = −|d|² / (2r)` (the curvature of the ball at its apex). Separable:
///   each pass is a 1-D lower envelope of parabolas (Felzenszwalb & Huttenlocher 2012),
///   O(n) whatever the radius (ExactParaboloid.swift).
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

  /// The ball opening by sweeping the whole disc over every pixel, O(n·r²): the test
  /// oracle of `ExactBall.ball`, which computes the same minima and maxima in O(n·r).
  static func ballBruteForce(_ plane: FloatPlane, radius: Double) -> FloatPlane {
    let t = ballTable(radius: radius)
    return ImageJRollingBall.open(plane, table: t.heights, halfWidth: t.halfWidth,
                                  columns: t.columns)
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

  /// `lowerEnvelope` over the parabolas at `positions[0..<n]` only (increasing indices into
  /// `f`); `apex` receives indices into `f`. The same arithmetic as over all of them.
  static func lowerEnvelope(
    _ f: UnsafePointer<Double>, positions: UnsafePointer<Int>, count n: Int, a: Double,
    apex: UnsafeMutablePointer<Int>, bounds: UnsafeMutablePointer<Double>,
    reciprocals: UnsafePointer<Double>
  ) -> Int {
    guard n > 0 else { return 0 }
    var size = 1
    apex[0] = positions[0]
    bounds[0] = -.infinity
    let halfInverse = 1 / (2 * a)
    for j in 1..<n {
      let q = positions[j]
      let fq = f[q]
      var s = 0.0
      while true {
        let p = apex[size - 1]
        s = 0.5 * Double(p + q) + (fq - f[p]) * halfInverse * reciprocals[q - p]
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
