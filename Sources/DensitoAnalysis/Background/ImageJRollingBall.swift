/// ImageJ 1.53t's rolling-ball background, reproduced from its documented behaviour and
/// measured against its output (see Docs/background.md and the fixtures in
/// TestImages/background/).
///
/// Steps, for a ball of radius `r` (in pixels):
/// 1. Shrink factor `s` and arc trim `t` (percent of the shrunken radius) by radius:
///    `r ≤ 10`: s = 1, t = 24; `r ≤ 30`: s = 2, t = 24; `r ≤ 100`: s = 4, t = 32;
///    otherwise s = 8, t = 40.
/// 2. The ball: radius `ρ = max(1, r / s)`, half-width `h = round(ρ − ⌊t·ρ⌋ / 100)`
///    (integer division), a (2h+1)² table of `sqrt(ρ² − dx² − dy²)`, 0 where negative.
/// 3. If `s > 1`, shrink the (optionally 3×3-mean smoothed) image by taking the minimum
///    of each s×s block (blocks clipped at the right and bottom edges).
/// 4. Roll: a grayscale opening by the ball table (as a non-flat square element), with
///    ball centres allowed up to `h` pixels outside the image (only pixels inside count).
/// 5. If `s > 1`, enlarge back by separable linear interpolation between the centres of
///    the shrunken pixels (extrapolated at the edges).
enum ImageJRollingBall {
  /// The shrink factor and arc-trim percentage ImageJ picks for `radius`.
  static func shrinkFactorAndTrim(radius: Double) -> (shrink: Int, trimPercent: Int) {
    if radius <= 10 { return (1, 24) }
    if radius <= 30 { return (2, 24) }
    if radius <= 100 { return (4, 32) }
    return (8, 40)
  }

  /// The ball height table: `width × width` Float samples, `width = 2·halfWidth + 1`.
  struct Ball: Sendable, Equatable {
    let shrinkFactor: Int
    let halfWidth: Int
    let heights: [Float]
    var width: Int { 2 * halfWidth + 1 }

    init(radius: Double) {
      let (shrink, trim) = ImageJRollingBall.shrinkFactorAndTrim(radius: radius)
      shrinkFactor = shrink
      let small = max(1, radius / Double(shrink))
      let rSquare = small * small
      let trimmed = Int(Double(trim) * small) / 100
      let half = Int((small - Double(trimmed)).rounded(.toNearestOrAwayFromZero))
      halfWidth = half
      let w = 2 * half + 1
      var table = [Float](repeating: 0, count: w * w)
      for y in 0..<w {
        for x in 0..<w {
          let dx = Double(x - half), dy = Double(y - half)
          let t = rSquare - dx * dx - dy * dy
          table[y * w + x] = t > 0 ? Float(t.squareRoot()) : 0
        }
      }
      heights = table
    }
  }

  /// The background of `plane` (already negated for a light background).
  static func background(of plane: FloatPlane, radius: Double, smooth: Bool) -> FloatPlane {
    let ball = Ball(radius: radius)
    var work = plane
    if smooth { ImageJSmoothing.mean3x3(&work) }
    if ball.shrinkFactor == 1 {
      return roll(ball, over: work)
    }
    let small = shrink(work, by: ball.shrinkFactor)
    let rolled = roll(ball, over: small)
    return enlarge(rolled, to: plane.width, plane.height, factor: ball.shrinkFactor)
  }

  /// The minimum over each `factor × factor` block (clipped at the far edges).
  static func shrink(_ plane: FloatPlane, by factor: Int) -> FloatPlane {
    let w = plane.width, h = plane.height
    let sw = (w + factor - 1) / factor, sh = (h + factor - 1) / factor
    var out = [Float](repeating: 0, count: sw * sh)
    plane.samples.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        let s = UncheckedSendable(src.baseAddress!), d = UncheckedSendable(dst.baseAddress!)
        parallelChunks(sh, minimumChunk: 4) { rows in
          for ys in rows {
            let row = d.value + ys * sw
            for xs in 0..<sw { row[xs] = .greatestFiniteMagnitude }
            for y in (ys * factor)..<min(h, ys * factor + factor) {
              let line = s.value + y * w
              for xs in 0..<sw {
                var m = row[xs]
                for x in (xs * factor)..<min(w, xs * factor + factor) where line[x] < m {
                  m = line[x]
                }
                row[xs] = m
              }
            }
          }
        }
      }
    }
    return FloatPlane(width: sw, height: sh, samples: out)
  }

  /// The grayscale opening of `plane` by the ball table, ball centres ranging over the image
  /// extended by the ball's half-width on every side.
  ///
  /// Erosion `e(c) = min over image pixels p within the window of f(p) − ball(p − c)`, then
  /// dilation `g(p) = max over centres c within the window of e(c) + ball(p − c)`. Min and
  /// max do not depend on the order of evaluation, so this row-by-row form gives exactly
  /// the Float values of ImageJ's ball-by-ball loop.
  /// - Complexity: O(n·w²) for n pixels and a ball table w pixels wide.
  static func roll(_ ball: Ball, over plane: FloatPlane) -> FloatPlane {
    let full = [Range<Int>](repeating: 0..<ball.width, count: ball.width)
    return open(plane, table: ball.heights, halfWidth: ball.halfWidth, columns: full)
  }

  /// The grayscale opening of `plane` by a non-flat structuring element given as a square
  /// table of heights (`2·halfWidth + 1` wide), of which only `columns[j]` of each row j
  /// belong to the element. Centres range over the image extended by `halfWidth`.
  static func open(
    _ plane: FloatPlane, table: [Float], halfWidth r: Int, columns: [Range<Int>]
  ) -> FloatPlane {
    let w = plane.width, h = plane.height, bw = 2 * r + 1
    let ew = w + 2 * r, eh = h + 2 * r
    var eroded = [Float](repeating: .greatestFiniteMagnitude, count: ew * eh)
    var out = [Float](repeating: -.greatestFiniteMagnitude, count: w * h)
    table.withUnsafeBufferPointer { bp in
      plane.samples.withUnsafeBufferPointer { src in
        eroded.withUnsafeMutableBufferPointer { ep in
          let b = UncheckedSendable(bp.baseAddress!), s = UncheckedSendable(src.baseAddress!)
          let e = UncheckedSendable(ep.baseAddress!)
          // Erosion: extended centre row cy (index cy + r) sees image rows cy − r ... cy + r.
          parallelChunks(eh, minimumChunk: 4) { rows in
            for ey in rows {
              let cy = ey - r
              let acc = e.value + ey * ew
              for j in 0..<bw {
                let y = cy + j - r
                if y < 0 || y >= h { continue }
                let line = s.value + y * w
                for k in columns[j] {
                  let z = b.value[j * bw + k]
                  // centre x = pixel x − (k − r); extended index = x − k + 2r.
                  let a = acc + (2 * r - k)
                  for x in 0..<w {
                    let v = line[x] - z
                    a[x] = v < a[x] ? v : a[x]
                  }
                }
              }
            }
          }
        }
        out.withUnsafeMutableBufferPointer { op in
          eroded.withUnsafeBufferPointer { ep in
            let b = UncheckedSendable(bp.baseAddress!), e = UncheckedSendable(ep.baseAddress!)
            let o = UncheckedSendable(op.baseAddress!)
            // Dilation: output row y collects centres cy = y − (j − r), extended row y + 2r − j.
            parallelChunks(h, minimumChunk: 4) { rows in
              for y in rows {
                let acc = o.value + y * w
                for j in 0..<bw {
                  let line = e.value + (y + 2 * r - j) * ew
                  for k in columns[j] {
                    let z = b.value[j * bw + k]
                    let c = line + (2 * r - k)
                    for x in 0..<w {
                      let v = c[x] + z
                      acc[x] = v > acc[x] ? v : acc[x]
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return FloatPlane(width: w, height: h, samples: out)
  }

  /// Interpolation positions: for each full-size index, the left shrunken index and the
  /// weight of that left neighbour, `1 − ((i + 0.5)/s − (k + 0.5))`, in Float.
  static func interpolation(length: Int, smallLength: Int, factor: Int) -> ([Int], [Float]) {
    var indices = [Int](repeating: 0, count: length)
    var weights = [Float](repeating: 0, count: length)
    for i in 0..<length {
      var k = (i - factor / 2) / factor  // truncates toward zero, as in ImageJ
      if k >= smallLength - 1 { k = smallLength - 2 }
      if k < 0 { k = 0 }  // only when smallLength == 1 (ImageJ fails there)
      indices[i] = k
      let distance = (Float(i) + 0.5) / Float(factor) - (Float(k) + 0.5)
      weights[i] = 1 - distance
    }
    return (indices, weights)
  }

  /// Enlarges a shrunken background to `width × height` by linear interpolation in x,
  /// then in y, between shrunken pixel centres.
  static func enlarge(_ small: FloatPlane, to width: Int, _ height: Int, factor: Int)
    -> FloatPlane
  {
    let sw = small.width, sh = small.height
    let (xi, xw) = interpolation(length: width, smallLength: sw, factor: factor)
    let (yi, yw) = interpolation(length: height, smallLength: sh, factor: factor)
    // x-interpolate every shrunken row once.
    var rowsX = [Float](repeating: 0, count: sh * width)
    let s = small.samples
    for ys in 0..<sh {
      for x in 0..<width {
        let k = xi[x], wt = xw[x]
        let right = min(k + 1, sw - 1)
        rowsX[ys * width + x] = s[ys * sw + k] * wt + s[ys * sw + right] * (1 - wt)
      }
    }
    var out = [Float](repeating: 0, count: width * height)
    rowsX.withUnsafeBufferPointer { rp in
      out.withUnsafeMutableBufferPointer { op in
        let r = UncheckedSendable(rp.baseAddress!), o = UncheckedSendable(op.baseAddress!)
        let yiS = UncheckedSendable(yi), ywS = UncheckedSendable(yw)
        parallelChunks(height, minimumChunk: 16) { rows in
          for y in rows {
            let k = yiS.value[y], wt = ywS.value[y]
            let line0 = r.value + k * width
            let line1 = r.value + min(k + 1, sh - 1) * width
            let dst = o.value + y * width
            let wt1 = 1 - wt
            for x in 0..<width { dst[x] = line0[x] * wt + line1[x] * wt1 }
          }
        }
      }
    }
    return FloatPlane(width: width, height: height, samples: out)
  }
}
