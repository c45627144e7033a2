/// The exact paraboloid opening, without transposes: rows are transformed in place of
/// rows, and columns in blocks of `columnBlock` neighbouring columns gathered row by row
/// into an interleaved buffer (each image row contributes one contiguous run of samples,
/// so every cache line read is used whole), transformed, and scattered back in place.
///
/// Arithmetic, per 1-D line, is the same as `ExactOpening.rowPass`: the envelope in Double,
/// rounded to Float only between the row and column passes (the column erosion and column
/// dilation are chained in Double), so the result is the same to the last bit.
extension ExactOpening {
  /// Columns per gathered block: 16 Float = one 64-byte cache line per image row.
  static let columnBlock = 16

  /// The opening by the paraboloid `−|d|²/(2r)` (see the type's documentation).
  static func paraboloid(_ plane: FloatPlane, radius: Double) -> FloatPlane {
    var samples = plane.samples
    paraboloid(
      over: &samples, width: plane.width, height: plane.height, radius: radius,
      negate: false, smooth: false, subtract: false)
    return FloatPlane(width: plane.width, height: plane.height, samples: samples)
  }

  /// The exact paraboloid background of `samples` (`w × h`), written over them: with
  /// `subtract`, `samples − background`, else the background. The background is the opening
  /// of the samples negated first when `negate` (a light background), smoothed by the 3×3 mean
  /// when `smooth`, and negated back: the values of `FloatPlane.negate()`,
  /// `ImageJSmoothing.mean3x3` and `paraboloid(_:radius:)` in turn, bit for bit.
  ///
  /// Memory: besides `samples`, only the row-eroded plane (`h × (w + 2m)`) and per-worker
  /// rows. The negation and the smoothing are applied on the fly as the rows are first read
  /// (three row-smoothed rows per worker, as the fused rolling ball's shrink does), and the
  /// last pass (the dilation along rows) writes each row over its samples, which no pass
  /// reads again.
  static func paraboloid(
    over samples: inout [Float], width w: Int, height h: Int, radius: Double, negate: Bool,
    smooth: Bool, subtract: Bool
  ) {
    let m = Int(radius.rounded(.down))
    let ew = w + 2 * m, eh = h + 2 * m
    let a = 1 / (2 * radius)
    let longest = max(ew, eh)
    let reciprocals = (0...longest).map { $0 == 0 ? 0 : 1 / Double($0) }
    // Erosion along rows: row y (w samples) → eroded row y (ew samples, centres −m ..< w + m).
    // On huge pages (see `HugePages`): the column passes walk it down its columns.
    var eroded = [Float](unsafeUninitializedCapacity: h * ew) { buffer, n in
      HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
      n = h * ew
    }
    reciprocals.withUnsafeBufferPointer { rp in
      let recip = UncheckedSendable(rp.baseAddress!)
      samples.withUnsafeBufferPointer { ip in
        eroded.withUnsafeMutableBufferPointer { ep in
          let src = UncheckedSendable(ip.baseAddress!), dst = UncheckedSendable(ep.baseAddress!)
          parallelChunks(h, minimumChunk: 8) { rows in
            let work = EnvelopeWorkspace(capacity: longest)
            // Row-smoothed rows y − 1, y, y + 1 and the row as the opening sees it.
            let ring = UnsafeMutablePointer<Float>.allocate(capacity: 4 * w)
            defer { work.deallocate(); ring.deallocate() }
            var above = ring, middle = ring + w, below = ring + 2 * w
            let row = ring + 3 * w
            if smooth {
              let y0 = rows.lowerBound
              ImageJRollingBallFused.rowPass(
                src.value + max(0, y0 - 1) * w, count: w, negate: negate, into: above)
              ImageJRollingBallFused.rowPass(
                src.value + y0 * w, count: w, negate: negate, into: middle)
            }
            for y in rows {
              let s: UnsafePointer<Float>
              if smooth {
                ImageJRollingBallFused.rowPass(
                  src.value + min(h - 1, y + 1) * w, count: w, negate: negate, into: below)
                for x in 0..<w {
                  row[x] = (above[x] + middle[x] + below[x]) * ImageJSmoothing.oneThird
                }
                (above, middle, below) = (middle, below, above)
                s = UnsafePointer(row)
              } else if negate {
                for x in 0..<w { row[x] = -src.value[y * w + x] }
                s = UnsafePointer(row)
              } else {
                s = src.value + y * w
              }
              for i in 0..<w { work.values[i] = Double(s[i]) }
              work.transform(count: w, a: a, reciprocals: recip.value, firstPosition: Double(-m),
                             outCount: ew)
              let d = dst.value + y * ew
              for x in 0..<ew { d[x] = Float(work.result[x]) }
            }
          }
        }
      }
      // Columns: erosion to centre rows −m ..< h + m, then dilation back to rows 0 ..< h,
      // chained in Double, in place.
      eroded.withUnsafeMutableBufferPointer { ep in
        let buffer = UncheckedSendable(ep.baseAddress!)
        let block = columnBlock
        let blocks = (ew + block - 1) / block
        parallelChunks(blocks, minimumChunk: 1) { range in
          let work = EnvelopeWorkspace(capacity: longest)
          let lines = UnsafeMutablePointer<Float>.allocate(capacity: block * max(1, h))
          defer { work.deallocate(); lines.deallocate() }
          for b in range {
            // Interleaved: sample y of column x0 + l at lines[y·block + l], so each image
            // row is copied as one contiguous run (many rows' loads in flight at once).
            let x0 = b * block, count = min(block, ew - x0)
            for y in 0..<h {
              let row = buffer.value + y * ew + x0
              let slots = lines + y * block
              for l in 0..<count { slots[l] = row[l] }
            }
            for l in 0..<count {
              let line = lines + l
              for i in 0..<h { work.values[i] = Double(line[i &* block]) }
              work.transform(count: h, a: a, reciprocals: recip.value, firstPosition: Double(-m),
                             outCount: eh)
              for i in 0..<eh { work.values[i] = -work.result[i] }
              work.transform(count: eh, a: a, reciprocals: recip.value, firstPosition: Double(m),
                             outCount: h)
              for i in 0..<h { line[i &* block] = Float(-work.result[i]) }
            }
            for y in 0..<h {
              let row = buffer.value + y * ew + x0
              let slots = lines + y * block
              for l in 0..<count { row[l] = slots[l] }
            }
          }
        }
      }
      // Dilation along rows: eroded row y (ew samples) → row y (w samples), written over
      // the samples (negated back for a light background, subtracted from them when asked).
      eroded.withUnsafeBufferPointer { ep in
        samples.withUnsafeMutableBufferPointer { op in
          let src = UncheckedSendable(ep.baseAddress!), dst = UncheckedSendable(op.baseAddress!)
          parallelChunks(h, minimumChunk: 8) { rows in
            let work = EnvelopeWorkspace(capacity: longest)
            defer { work.deallocate() }
            for y in rows {
              let s = src.value + y * ew
              for i in 0..<ew { work.values[i] = -Double(s[i]) }
              work.transform(count: ew, a: a, reciprocals: recip.value, firstPosition: Double(m),
                             outCount: w)
              let d = dst.value + y * w
              switch (subtract, negate) {
              case (false, false):
                for x in 0..<w { d[x] = Float(-work.result[x]) }
              case (false, true):
                for x in 0..<w { d[x] = -Float(-work.result[x]) }
              case (true, false):
                for x in 0..<w { d[x] = d[x] - Float(-work.result[x]) }
              case (true, true):
                for x in 0..<w { d[x] = d[x] - -Float(-work.result[x]) }
              }
            }
          }
        }
      }
    }
  }
}

/// Per-worker buffers of the 1-D parabola transform: input values, marks and indices of the
/// parabolas that can be on the envelope, envelope (apexes and breakpoints) and result.
/// Manually managed (no class, no exclusivity checks in the loop).
struct EnvelopeWorkspace {
  let values: UnsafeMutablePointer<Double>
  let result: UnsafeMutablePointer<Double>
  let apex: UnsafeMutablePointer<Int>
  let bounds: UnsafeMutablePointer<Double>
  let marks: UnsafeMutablePointer<UInt8>
  let selected: UnsafeMutablePointer<Int>

  init(capacity: Int) {
    let n = max(1, capacity)
    values = .allocate(capacity: n)
    result = .allocate(capacity: n)
    apex = .allocate(capacity: n)
    bounds = .allocate(capacity: n + 1)
    marks = .allocate(capacity: n)
    selected = .allocate(capacity: n)
  }

  func deallocate() {
    values.deallocate(); result.deallocate(); apex.deallocate(); bounds.deallocate()
    marks.deallocate(); selected.deallocate()
  }

  /// How far apart (k = 1 … `markReach`) a sample is compared with its neighbours.
  static let markReach = 4

  /// `result[x] = min over i of values[i] + a·(firstPosition + x − i)²` for x in
  /// 0..<outCount, by `ExactOpening.lowerEnvelope` and `evaluateEnvelope`.
  ///
  /// Building the envelope costs a mispredicted branch per parabola pushed on noisy data
  /// (measured ≈ 11 ns per sample on 16-bit rows at r = 50, against 1.5 ns to evaluate it).
  /// So the parabolas that cannot be on it are dropped first, without branches: parabola i
  /// lies on or above the mean of parabolas i − k and i + k (k ≥ 1, both existing) where
  /// `2f(i) − f(i−k) − f(i+k) ≥ 2a·k²`, hence above their minimum: never lowest. Only
  /// those exceeding the bound by more than 1e-12 of the magnitudes involved are dropped
  /// (k = 1…4), so rounding cannot drop a parabola that is lowest somewhere; on noisy
  /// 16-bit rows this removes about two thirds of them. The minimum is unchanged; where two
  /// kept parabolas tie to within Double rounding the envelope may switch between them at
  /// a slightly different place (differences of order 1e-16 relative, before the Float
  /// rounding of the result).
  @inline(__always)
  func transform(
    count: Int, a: Double, reciprocals: UnsafePointer<Double>, firstPosition: Double,
    outCount: Int
  ) {
    let kept = selectCandidates(count: count, a: a)
    let size = ExactOpening.lowerEnvelope(
      values, positions: selected, count: kept, a: a, apex: apex, bounds: bounds,
      reciprocals: reciprocals)
    ExactOpening.evaluateEnvelope(values, apex: apex, bounds: bounds, size: size, a: a,
                                  firstPosition: firstPosition, into: result, count: outCount)
  }

  /// Writes to `selected` the indices of the parabolas that may be on the envelope (see
  /// `transform`), in order, both ends always included; returns how many.
  func selectCandidates(count n: Int, a: Double) -> Int {
    let v = values, reach = Self.markReach
    let slack = 1e-12
    let b1 = 2 * a * (1 + slack), b2 = 4 * b1, b3 = 9 * b1, b4 = 16 * b1
    @inline(__always) func near(_ i: Int) -> UInt8 {
      let b = v[i], l = v[i - 1], r = v[i + 1]
      return 2 * b - l - r <= b1 + slack * (2 * abs(b) + abs(l) + abs(r)) ? 1 : 0
    }
    if n > 2 {
      if n <= 2 * reach {
        for i in 1..<(n - 1) { marks[i] = near(i) }
      } else {
        for i in 1..<reach { marks[i] = near(i) }
        for i in (n - reach)..<(n - 1) { marks[i] = near(i) }
        for i in reach..<(n - reach) {
          let b = v[i]
          let twoB = 2 * b, magnitude = 2 * abs(b)
          let l1 = v[i - 1], r1 = v[i + 1], l2 = v[i - 2], r2 = v[i + 2]
          let l3 = v[i - 3], r3 = v[i + 3], l4 = v[i - 4], r4 = v[i + 4]
          let m1: UInt8 = twoB - l1 - r1 <= b1 + slack * (magnitude + abs(l1) + abs(r1)) ? 1 : 0
          let m2: UInt8 = twoB - l2 - r2 <= b2 + slack * (magnitude + abs(l2) + abs(r2)) ? 1 : 0
          let m3: UInt8 = twoB - l3 - r3 <= b3 + slack * (magnitude + abs(l3) + abs(r3)) ? 1 : 0
          let m4: UInt8 = twoB - l4 - r4 <= b4 + slack * (magnitude + abs(l4) + abs(r4)) ? 1 : 0
          marks[i] = m1 & m2 & m3 & m4
        }
      }
    }
    return gatherMarkedIndices(marks, count: n, into: selected)
  }
}
