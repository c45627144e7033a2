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
              foldBlockMinima(s.value + y * w, width: w, factor: factor, into: row, count: sw)
            }
          }
        }
      }
    }
    return FloatPlane(width: sw, height: sh, samples: out)
  }

  /// `row[xs] = min(row[xs], line[xs·factor ..< (xs+1)·factor])` for every block of one image
  /// row (the last block clipped at `width`): one row's share of the block minima of
  /// ``shrink(_:by:)``.
  @inline(__always)
  static func foldBlockMinima(
    _ line: UnsafePointer<Float>, width w: Int, factor: Int,
    into row: UnsafeMutablePointer<Float>, count sw: Int
  ) {
    for xs in 0..<sw {
      var m = row[xs]
      for x in (xs * factor)..<min(w, xs * factor + factor) where line[x] < m {
        m = line[x]
      }
      row[xs] = m
    }
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
  ///
  /// Implementation: each output vector of 8 pixels keeps its running min (max) in
  /// registers while the element is swept over it; image rows are copied once into rows
  /// padded with +∞ so that pixels outside the image never win the minimum. Every output
  /// is the min (max) of the same set of Float differences (sums) as in the definition, so
  /// the result does not depend on this order.
  static func open(
    _ plane: FloatPlane, table: [Float], halfWidth r: Int, columns: [Range<Int>]
  ) -> FloatPlane {
    let w = plane.width, h = plane.height
    let lanes = 8
    let wp = (w + lanes - 1) / lanes * lanes  // output row stride
    let ewp = wp + (2 * r + lanes - 1) / lanes * lanes  // eroded row stride (≥ w + 2r)
    let pw = ewp + 2 * r  // padded input row length
    let eh = h + 2 * r
    // Input rows padded with +∞: padded[y][i] = f(y, i − 2r). Buffers are written in
    // parallel, each sample once, by the worker that later reads its rows (the eroded and
    // output rows are written whole by `erodeRow` and `dilateRow`: strides are multiples
    // of 8); no serial zero fill.
    let padded = plane.samples.withUnsafeBufferPointer { sp in
      HugePages.floats(count: h * pw) { pp in
        let s = UncheckedSendable(sp.baseAddress!), p = UncheckedSendable(pp.baseAddress!)
        parallelChunks(h, minimumChunk: 16) { rows in
          for y in rows {
            let row = p.value + y * pw
            row.initialize(repeating: .infinity, count: 2 * r)
            (row + 2 * r).initialize(from: s.value + y * w, count: w)
            (row + 2 * r + w).initialize(repeating: .infinity, count: pw - 2 * r - w)
          }
        }
      }
    }
    var eroded = [Float]()
    var out = [Float]()
    table.withUnsafeBufferPointer { bp in
      padded.withUnsafeBufferPointer { pp in
        eroded = HugePages.floats(count: eh * ewp) { ep in
          let b = UncheckedSendable(bp.baseAddress!), src = UncheckedSendable(pp.baseAddress!)
          let e = UncheckedSendable(ep.baseAddress!)
          // Erosion: extended centre row ey (centre y = ey − r) meets image rows
          // y = ey − 2r + j; centre column e (x = e − r) meets padded index e + k.
          parallelChunks(eh, minimumChunk: 4) { rows in
            for ey in rows {
              erodeRow(ey, r: r, height: h, source: src.value, sourceStride: pw,
                       table: b.value, columns: columns, into: e.value + ey * ewp, count: ewp)
            }
          }
        }
      }
      out = HugePages.floats(count: h * wp) { op in
        eroded.withUnsafeBufferPointer { ep in
          let b = UncheckedSendable(bp.baseAddress!), e = UncheckedSendable(ep.baseAddress!)
          let o = UncheckedSendable(op.baseAddress!)
          // Dilation: output (y, x) collects centres at extended row y + 2r − j and
          // extended column x + 2r − k.
          parallelChunks(h, minimumChunk: 4) { rows in
            for y in rows {
              dilateRow(y, r: r, eroded: e.value, erodedStride: ewp, table: b.value,
                        columns: columns, into: o.value + y * wp, count: wp)
            }
          }
        }
      }
    }
    let result = out.withUnsafeBufferPointer { op in
      HugePages.floats(count: w * h) { rp in
        let o = UncheckedSendable(op.baseAddress!), d = UncheckedSendable(rp.baseAddress!)
        parallelChunks(h, minimumChunk: 16) { rows in
          for y in rows { (d.value + y * w).initialize(from: o.value + y * wp, count: w) }
        }
      }
    }
    return FloatPlane(width: w, height: h, samples: result)
  }

  /// One row of the erosion (see `open`). Release builds use 8-lane SIMD; debug builds,
  /// where generic SIMD code is hundreds of times slower, a scalar loop over the same
  /// values (min is exact, so both give identical results).
  static func erodeRow(
    _ ey: Int, r: Int, height h: Int, source: UnsafePointer<Float>, sourceStride pw: Int,
    table: UnsafePointer<Float>, columns: [Range<Int>], into dst: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    let bw = 2 * r + 1
    let first = max(0, 2 * r - ey), last = min(bw - 1, h - 1 + 2 * r - ey)
    #if DEBUG
      for x in 0..<count { dst[x] = .infinity }
      guard first <= last else { return }
      for j in first...last {
        let line = source + (ey - 2 * r + j) * pw
        for k in columns[j] {
          let z = table[j * bw + k]
          let shifted = line + k
          for x in 0..<count {
            let v = shifted[x] - z
            if v < dst[x] { dst[x] = v }
          }
        }
      }
    #else
    var x0 = 0
    // 32 outputs in four accumulators share each tap's broadcast height.
    while x0 + 32 <= count {
      typealias V = SIMD8<Float>
      var a0 = V(repeating: .infinity), a1 = a0, a2 = a0, a3 = a0
      if first <= last {
        for j in first...last {
          let line = source + (ey - 2 * r + j) * pw + x0
          let zRow = table + j * bw
          for k in columns[j] {
            let height = V(repeating: zRow[k])
            let p = UnsafeRawPointer(line + k)
            let v0 = p.loadUnaligned(as: V.self) - height
            a0.replace(with: v0, where: v0 .< a0)
            let v1 = p.loadUnaligned(fromByteOffset: 32, as: V.self) - height
            a1.replace(with: v1, where: v1 .< a1)
            let v2 = p.loadUnaligned(fromByteOffset: 64, as: V.self) - height
            a2.replace(with: v2, where: v2 .< a2)
            let v3 = p.loadUnaligned(fromByteOffset: 96, as: V.self) - height
            a3.replace(with: v3, where: v3 .< a3)
          }
        }
      }
      let out = UnsafeMutableRawPointer(dst + x0)
      out.storeBytes(of: a0, as: V.self)
      out.storeBytes(of: a1, toByteOffset: 32, as: V.self)
      out.storeBytes(of: a2, toByteOffset: 64, as: V.self)
      out.storeBytes(of: a3, toByteOffset: 96, as: V.self)
      x0 += 32
    }
    while x0 < count {
      var acc = SIMD8<Float>(repeating: .infinity)
      if first <= last {
        for j in first...last {
          let line = source + (ey - 2 * r + j) * pw + x0
          let zRow = table + j * bw
          for k in columns[j] {
            let v = UnsafeRawPointer(line + k).loadUnaligned(as: SIMD8<Float>.self)
              - SIMD8<Float>(repeating: zRow[k])
            acc.replace(with: v, where: v .< acc)
          }
        }
      }
      UnsafeMutableRawPointer(dst + x0).storeBytes(of: acc, as: SIMD8<Float>.self)
      x0 += 8
    }
    #endif
  }

  /// One row of the dilation (see `open`); SIMD in release, scalar in debug.
  static func dilateRow(
    _ y: Int, r: Int, eroded: UnsafePointer<Float>, erodedStride ewp: Int,
    table: UnsafePointer<Float>, columns: [Range<Int>], into dst: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    let bw = 2 * r + 1
    #if DEBUG
      for x in 0..<count { dst[x] = -.infinity }
      for j in 0..<bw {
        let line = eroded + (y + 2 * r - j) * ewp + 2 * r
        for k in columns[j] {
          let z = table[j * bw + k]
          let shifted = line - k
          for x in 0..<count {
            let v = shifted[x] + z
            if v > dst[x] { dst[x] = v }
          }
        }
      }
    #else
    var x0 = 0
    // 32 outputs in four accumulators share each tap's broadcast height.
    while x0 + 32 <= count {
      typealias V = SIMD8<Float>
      var a0 = V(repeating: -.infinity), a1 = a0, a2 = a0, a3 = a0
      for j in 0..<bw {
        let line = eroded + (y + 2 * r - j) * ewp + x0 + 2 * r
        let zRow = table + j * bw
        for k in columns[j] {
          let height = V(repeating: zRow[k])
          let p = UnsafeRawPointer(line - k)
          let v0 = p.loadUnaligned(as: V.self) + height
          a0.replace(with: v0, where: v0 .> a0)
          let v1 = p.loadUnaligned(fromByteOffset: 32, as: V.self) + height
          a1.replace(with: v1, where: v1 .> a1)
          let v2 = p.loadUnaligned(fromByteOffset: 64, as: V.self) + height
          a2.replace(with: v2, where: v2 .> a2)
          let v3 = p.loadUnaligned(fromByteOffset: 96, as: V.self) + height
          a3.replace(with: v3, where: v3 .> a3)
        }
      }
      let out = UnsafeMutableRawPointer(dst + x0)
      out.storeBytes(of: a0, as: V.self)
      out.storeBytes(of: a1, toByteOffset: 32, as: V.self)
      out.storeBytes(of: a2, toByteOffset: 64, as: V.self)
      out.storeBytes(of: a3, toByteOffset: 96, as: V.self)
      x0 += 32
    }
    while x0 < count {
      var acc = SIMD8<Float>(repeating: -.infinity)
      for j in 0..<bw {
        let line = eroded + (y + 2 * r - j) * ewp + x0 + 2 * r
        let zRow = table + j * bw
        for k in columns[j] {
          let v = UnsafeRawPointer(line - k).loadUnaligned(as: SIMD8<Float>.self)
            + SIMD8<Float>(repeating: zRow[k])
          acc.replace(with: v, where: v .> acc)
        }
      }
      UnsafeMutableRawPointer(dst + x0).storeBytes(of: acc, as: SIMD8<Float>.self)
      x0 += 8
    }
    #endif
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
