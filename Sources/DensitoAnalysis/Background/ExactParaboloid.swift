/// The exact paraboloid opening, without transposes: rows are transformed in place of
/// rows, and columns in blocks of `columnBlock` neighbouring columns gathered row by row
/// (each image row contributes one contiguous run of samples, so every cache line read is
/// used whole), transformed, and scattered back in place.
///
/// Arithmetic, per 1-D line, is the same as `ExactOpening.rowPass`: the envelope in Double,
/// rounded to Float only between the row and column passes (the column erosion and column
/// dilation are chained in Double), so the result is the same to the last bit.
extension ExactOpening {
  /// Columns per gathered block: 16 Float = one 64-byte cache line per image row.
  static let columnBlock = 16

  /// The opening by the paraboloid `−|d|²/(2r)` (see the type's documentation).
  static func paraboloid(_ plane: FloatPlane, radius: Double) -> FloatPlane {
    let w = plane.width, h = plane.height
    let m = Int(radius.rounded(.down))
    let ew = w + 2 * m, eh = h + 2 * m
    let a = 1 / (2 * radius)
    let longest = max(ew, eh)
    let reciprocals = (0...longest).map { $0 == 0 ? 0 : 1 / Double($0) }
    // Erosion along rows: row y (w samples) → eroded row y (ew samples, centres −m ..< w + m).
    var eroded = [Float](unsafeUninitializedCapacity: h * ew) { _, n in n = h * ew }
    var out = [Float](unsafeUninitializedCapacity: h * w) { _, n in n = h * w }
    reciprocals.withUnsafeBufferPointer { rp in
      let recip = UncheckedSendable(rp.baseAddress!)
      plane.samples.withUnsafeBufferPointer { ip in
        eroded.withUnsafeMutableBufferPointer { ep in
          let src = UncheckedSendable(ip.baseAddress!), dst = UncheckedSendable(ep.baseAddress!)
          parallelChunks(h, minimumChunk: 8) { rows in
            let work = EnvelopeWorkspace(capacity: longest)
            defer { work.deallocate() }
            for y in rows {
              let s = src.value + y * w
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
            let x0 = b * block, count = min(block, ew - x0)
            for y in 0..<h {
              let row = buffer.value + y * ew + x0
              for l in 0..<count { lines[l * h + y] = row[l] }
            }
            for l in 0..<count {
              let line = lines + l * h
              for i in 0..<h { work.values[i] = Double(line[i]) }
              work.transform(count: h, a: a, reciprocals: recip.value, firstPosition: Double(-m),
                             outCount: eh)
              for i in 0..<eh { work.values[i] = -work.result[i] }
              work.transform(count: eh, a: a, reciprocals: recip.value, firstPosition: Double(m),
                             outCount: h)
              for i in 0..<h { line[i] = Float(-work.result[i]) }
            }
            for y in 0..<h {
              let row = buffer.value + y * ew + x0
              for l in 0..<count { row[l] = lines[l * h + y] }
            }
          }
        }
      }
      // Dilation along rows: eroded row y (ew samples) → row y (w samples).
      eroded.withUnsafeBufferPointer { ep in
        out.withUnsafeMutableBufferPointer { op in
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
              for x in 0..<w { d[x] = Float(-work.result[x]) }
            }
          }
        }
      }
    }
    return FloatPlane(width: w, height: h, samples: out)
  }
}

/// Per-worker buffers of the 1-D parabola transform: input values, envelope (apexes and
/// breakpoints) and result. Manually managed (no class, no exclusivity checks in the loop).
struct EnvelopeWorkspace {
  let values: UnsafeMutablePointer<Double>
  let result: UnsafeMutablePointer<Double>
  let apex: UnsafeMutablePointer<Int>
  let bounds: UnsafeMutablePointer<Double>

  init(capacity: Int) {
    let n = max(1, capacity)
    values = .allocate(capacity: n)
    result = .allocate(capacity: n)
    apex = .allocate(capacity: n)
    bounds = .allocate(capacity: n + 1)
  }

  func deallocate() {
    values.deallocate(); result.deallocate(); apex.deallocate(); bounds.deallocate()
  }

  /// `result[x] = min over i of values[i] + a·(firstPosition + x − i)²` for x in
  /// 0..<outCount, by `ExactOpening.lowerEnvelope` and `evaluateEnvelope`.
  ///
  /// Measured on noisy 16-bit rows (r = 50): about 11 ns per sample to build the envelope
  /// and 1.5 ns to evaluate it; the build is bound by the unpredictable pop/push branch.
  /// Skipping samples that fail the necessary condition `2f(i) − f(i−k) − f(i+k) ≤ 2ak²`
  /// (k = 1…4) removed 70 % of them but saved only 10 %, so it is not done.
  @inline(__always)
  func transform(
    count: Int, a: Double, reciprocals: UnsafePointer<Double>, firstPosition: Double,
    outCount: Int
  ) {
    let size = ExactOpening.lowerEnvelope(values, count: count, a: a, apex: apex, bounds: bounds,
                                          reciprocals: reciprocals)
    ExactOpening.evaluateEnvelope(values, apex: apex, bounds: bounds, size: size, a: a,
                                  firstPosition: firstPosition, into: result, count: outCount)
  }
}
