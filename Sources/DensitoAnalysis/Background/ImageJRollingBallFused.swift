/// The ImageJ rolling ball for shrink factors above 1 (radius > 10) with its full-size passes
/// fused, so that the 24 MP image is read once and the output written once.
///
/// `ImageJRollingBall.background` runs, on full-size planes: a copy of the samples
/// (negated for a light background), the 3×3 mean in place (rows, then columns), the
/// shrink, and after the roll the enlargement, a negation for a light background and, in
/// `subtractingBackground`, `image − background`. Here:
/// - `shrink` computes each smoothed row from three row-smoothed rows held in a small
///   per-thread ring and takes the block minima at once: no image-sized copy, no
///   image-sized smoothed plane.
/// - `enlarge` writes `image − background` (or the background) directly from the shrunken
///   rows, negating on the way for a light background.
///
/// Every Float value is computed by the same operations on the same operands, in the same
/// order, as in the unfused passes (`(a + b + c) * oneThird` along rows, then down columns,
/// edge samples repeated; block minima by strict `<` in row-major order from
/// `greatestFiniteMagnitude`; the interpolation `left * w + right * (1 − w)`; negation and
/// subtraction are exact or single roundings), so results are bit-identical.
enum ImageJRollingBallFused {
  /// The background of `samples` (`width × height`), or `samples − background` when
  /// `subtract` is true; `negate` for a light background, `smooth` for the 3×3 mean.
  /// Returns nil when the ball is not shrunken (radius ≤ 10): use the unfused path.
  static func run(
    _ samples: [Float], width w: Int, height h: Int, radius: Double, negate: Bool,
    smooth: Bool, subtract: Bool
  ) -> [Float]? {
    let ball = ImageJRollingBall.Ball(radius: radius)
    guard ball.shrinkFactor > 1 else { return nil }
    let small = samples.withUnsafeBufferPointer { p in
      shrink(p.baseAddress!, width: w, height: h, factor: ball.shrinkFactor, negate: negate,
             smooth: smooth)
    }
    let rolled = ImageJRollingBall.roll(ball, over: small)
    return samples.withUnsafeBufferPointer { p in
      enlarge(rolled, width: w, height: h, factor: ball.shrinkFactor, negate: negate,
              subtractFrom: subtract ? p.baseAddress! : nil)
    }
  }

  /// Block minima of the (negated, smoothed) samples; see the type's notes.
  static func shrink(
    _ source: UnsafePointer<Float>, width w: Int, height h: Int, factor: Int, negate: Bool,
    smooth: Bool
  ) -> FloatPlane {
    let sw = (w + factor - 1) / factor, sh = (h + factor - 1) / factor
    // Every sample is written (set at the first row of its block), by the worker that owns
    // its row: no serial zero-filling pass.
    let out = HugePages.floats(count: sw * sh) { dst in
      let s = UncheckedSendable(source), d = UncheckedSendable(dst.baseAddress!)
      parallelChunks(sh, minimumChunk: 4) { rows in
        // Ring of row-smoothed rows y − 1, y, y + 1, and the current smoothed row.
        let ring = UnsafeMutablePointer<Float>.allocate(capacity: 4 * w)
        defer { ring.deallocate() }
        var above = ring, middle = ring + w, below = ring + 2 * w
        let row = ring + 3 * w
        let y0 = rows.lowerBound * factor, y1 = min(h, rows.upperBound * factor)
        if smooth {
          rowPass(s.value + max(0, y0 - 1) * w, count: w, negate: negate, into: above)
          rowPass(s.value + y0 * w, count: w, negate: negate, into: middle)
        }
        for y in y0..<y1 {
          let line: UnsafePointer<Float>
          if smooth {
            rowPass(s.value + min(h - 1, y + 1) * w, count: w, negate: negate, into: below)
            for x in 0..<w {
              row[x] = (above[x] + middle[x] + below[x]) * ImageJSmoothing.oneThird
            }
            (above, middle, below) = (middle, below, above)
            line = UnsafePointer(row)
          } else if negate {
            let input = s.value + y * w
            for x in 0..<w { row[x] = -input[x] }
            line = UnsafePointer(row)
          } else {
            line = s.value + y * w
          }
          let ys = y / factor
          let target = d.value + ys * sw
          if y == ys * factor {
            for xs in 0..<sw { target[xs] = .greatestFiniteMagnitude }
          }
          ImageJRollingBall.foldBlockMinima(line, width: w, factor: factor, into: target, count: sw)
        }
      }
    }
    return FloatPlane(width: sw, height: sh, samples: out)
  }

  /// The 3-point mean along one row (edge samples repeated), of the negated samples when
  /// `negate`: `(previous + current + next) * oneThird`, as `ImageJSmoothing`'s row pass.
  static func rowPass(
    _ line: UnsafePointer<Float>, count: Int, negate: Bool, into out: UnsafeMutablePointer<Float>
  ) {
    @inline(__always) func at(_ i: Int) -> Float { negate ? -line[i] : line[i] }
    if count == 1 {
      let v = at(0)
      out[0] = (v + v + v) * ImageJSmoothing.oneThird
      return
    }
    out[0] = (at(0) + at(0) + at(1)) * ImageJSmoothing.oneThird
    if negate {
      for i in 1..<(count - 1) {
        out[i] = (-line[i - 1] + -line[i] + -line[i + 1]) * ImageJSmoothing.oneThird
      }
    } else {
      for i in 1..<(count - 1) {
        out[i] = (line[i - 1] + line[i] + line[i + 1]) * ImageJSmoothing.oneThird
      }
    }
    out[count - 1] = (at(count - 2) + at(count - 1) + at(count - 1)) * ImageJSmoothing.oneThird
  }

  /// `ImageJRollingBall.enlarge`, then negation (when `negate`), then `source − value`
  /// (when `source` is given), in one pass writing each output sample once.
  static func enlarge(
    _ small: FloatPlane, width: Int, height: Int, factor: Int, negate: Bool,
    subtractFrom source: UnsafePointer<Float>?
  ) -> [Float] {
    let sw = small.width, sh = small.height
    let (xi, xw) = ImageJRollingBall.interpolation(length: width, smallLength: sw, factor: factor)
    let (yi, yw) = ImageJRollingBall.interpolation(
      length: height, smallLength: sh, factor: factor)
    // x-interpolate every shrunken row once (in parallel; every sample written).
    let rowsX = HugePages.floats(count: sh * width) { rp in
      small.samples.withUnsafeBufferPointer { sp in
        let s = UncheckedSendable(sp.baseAddress!), r = UncheckedSendable(rp.baseAddress!)
        let xiS = UncheckedSendable(xi), xwS = UncheckedSendable(xw)
        parallelChunks(sh, minimumChunk: 16) { rows in
          for ys in rows {
            let line = s.value + ys * sw, dst = r.value + ys * width
            for x in 0..<width {
              let k = xiS.value[x], wt = xwS.value[x]
              let right = min(k + 1, sw - 1)
              dst[x] = line[k] * wt + line[right] * (1 - wt)
            }
          }
        }
      }
    }
    let input = source.map { UncheckedSendable($0) }
    return HugePages.floats(count: width * height) { op in
      rowsX.withUnsafeBufferPointer { rp in
        let r = UncheckedSendable(rp.baseAddress!), o = UncheckedSendable(op.baseAddress!)
        let yiS = UncheckedSendable(yi), ywS = UncheckedSendable(yw)
        parallelChunks(height, minimumChunk: 16) { rows in
          for y in rows {
            let k = yiS.value[y], wt = ywS.value[y]
            let line0 = r.value + k * width
            let line1 = r.value + min(k + 1, sh - 1) * width
            let dst = o.value + y * width
            let wt1 = 1 - wt
            switch (input, negate) {
            case (nil, false):
              for x in 0..<width { dst[x] = line0[x] * wt + line1[x] * wt1 }
            case (nil, true):
              for x in 0..<width { dst[x] = -(line0[x] * wt + line1[x] * wt1) }
            case (let f?, false):
              let src = f.value + y * width
              for x in 0..<width { dst[x] = src[x] - (line0[x] * wt + line1[x] * wt1) }
            case (let f?, true):
              let src = f.value + y * width
              for x in 0..<width { dst[x] = src[x] - -(line0[x] * wt + line1[x] * wt1) }
            }
          }
        }
      }
    }
  }
}
