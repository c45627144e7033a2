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
  /// Whether the ball for `radius` is shrunken (radius > 10), the case `run` handles.
  static func applies(radius: Double) -> Bool {
    ImageJRollingBall.Ball(radius: radius).shrinkFactor > 1
  }

  /// The background of `samples` (`width × height`), or `samples − background` when
  /// `subtract` is true; `negate` for a light background, `smooth` for the 3×3 mean.
  /// Only for a shrunken ball (`applies(radius:)`).
  ///
  /// The result is written over `samples` (each output sample reads only the input sample at
  /// its own index, after the shrink has read them all): when the caller handed the array
  /// over, no second image-sized buffer is made.
  static func run(
    _ samples: consuming [Float], width w: Int, height h: Int, radius: Double, negate: Bool,
    smooth: Bool, subtract: Bool
  ) -> [Float] {
    let ball = ImageJRollingBall.Ball(radius: radius)
    precondition(ball.shrinkFactor > 1, "ImageJRollingBallFused needs a shrunken ball")
    let small = samples.withUnsafeBufferPointer { p in
      shrink(p.baseAddress!, width: w, height: h, factor: ball.shrinkFactor, negate: negate,
             smooth: smooth)
    }
    let rolled = ImageJRollingBall.roll(ball, over: small)
    var out = samples
    out.withUnsafeMutableBufferPointer { p in
      enlarge(rolled, width: w, height: h, factor: ball.shrinkFactor, negate: negate,
              subtract: subtract, into: p.baseAddress!)
    }
    return out
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

  /// `ImageJRollingBall.enlarge`, then negation (when `negate`), then, when `subtract`,
  /// `image − value` with the image read from `output` itself: one pass writing each sample
  /// of `output` once.
  static func enlarge(
    _ small: FloatPlane, width: Int, height: Int, factor: Int, negate: Bool, subtract: Bool,
    into output: UnsafeMutablePointer<Float>
  ) {
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
    rowsX.withUnsafeBufferPointer { rp in
      let r = UncheckedSendable(rp.baseAddress!), o = UncheckedSendable(output)
      let yiS = UncheckedSendable(yi), ywS = UncheckedSendable(yw)
      parallelChunks(height, minimumChunk: 16) { rows in
        for y in rows {
          let k = yiS.value[y], wt = ywS.value[y]
          let line0 = r.value + k * width
          let line1 = r.value + min(k + 1, sh - 1) * width
          let dst = o.value + y * width
          let wt1 = 1 - wt
          switch (subtract, negate) {
          case (false, false):
            for x in 0..<width { dst[x] = line0[x] * wt + line1[x] * wt1 }
          case (false, true):
            for x in 0..<width { dst[x] = -(line0[x] * wt + line1[x] * wt1) }
          case (true, false):
            for x in 0..<width { dst[x] = dst[x] - (line0[x] * wt + line1[x] * wt1) }
          case (true, true):
            for x in 0..<width { dst[x] = dst[x] - -(line0[x] * wt + line1[x] * wt1) }
          }
        }
      }
    }
  }
}
