/// The smoothing of the ImageJ-identical sliding paraboloid in one sweep: ImageJ's 3×3
/// maximum, then its 3×3 mean (`ImageJSmoothing.maximum3x3` then `mean3x3`), read from the
/// source plane and written once into a fresh one, with the same values bit for bit and the
/// same lift (Σ(max − v) per row and per column, each summed in Double in the same order).
///
/// `ImageJSmoothing` makes four in-place passes over the image after a copy; here each
/// output row is computed from five input rows held in small row buffers:
///
/// - `rm(y)`: the 3-point maximum along input row y (edge samples repeated);
/// - `cm(y)`: the 3-point maximum of `rm(y − 1)`, `rm(y)`, `rm(y + 1)` (edge rows repeated);
/// - `mr(y)`: the 3-point mean along `cm(y)`;
/// - output row y: `(mr(y − 1) + mr(y) + mr(y + 1)) · 0.33333333`.
///
/// Every value is the same Float expression, with the same operands in the same order, as
/// in `ImageJSmoothing`. Bands of rows run in parallel (each recomputes the two rows above
/// and below it). The row sums of `rm(y) − v` are taken in the bands (each row by one
/// band, left to right); the column sums of `cm(y) − rm(y)` must run down whole columns, so
/// they are a second, read-only sweep in parallel over strips of columns.
enum ImageJSlidingParaboloidSmoothing {
  /// The 3×3 maximum then the 3×3 mean of `plane`, in a fresh plane on huge pages, and the
  /// mean lift of the maximum (what `ImageJSmoothing.maximum3x3` returns).
  static func maximumThenMean(_ plane: FloatPlane) -> (FloatPlane, lift: Double) {
    let w = plane.width, h = plane.height
    var rowSums = [Double](repeating: 0, count: h)
    var columnSums = [Double](repeating: 0, count: w)
    let samples = HugePages.floats(count: w * h) { out in
      plane.samples.withUnsafeBufferPointer { source in
        guard let src = source.baseAddress, let dst = out.baseAddress else { return }
        let input = UncheckedSendable(src), output = UncheckedSendable(dst)
        rowSums.withUnsafeMutableBufferPointer { sums in
          guard let base = sums.baseAddress else { return }
          let rows = UncheckedSendable(base)
          parallelChunks(h, minimumChunk: 32) { band in
            smoothBand(band, input.value, output.value, width: w, height: h, rowSums: rows.value)
          }
        }
        columnSums.withUnsafeMutableBufferPointer { sums in
          guard let base = sums.baseAddress else { return }
          let columns = UncheckedSendable(base)
          // Wide strips (one per core): each row segment read is a long contiguous run.
          parallelChunks(w, minimumChunk: max(256, (w + 1) / 2)) { strip in
            sumColumns(strip, input.value, width: w, height: h, into: columns.value)
          }
        }
      }
    }
    // The same order as ImageJSmoothing: rows, then columns.
    var total = 0.0
    for s in rowSums { total += s }
    for s in columnSums { total += s }
    let lift = total / Double(w) / Double(h)
    return (FloatPlane(width: w, height: h, samples: samples), lift)
  }

  /// `max(max(previous, current), next)` in ImageJSmoothing's order of comparisons (which
  /// decides between +0 and −0 and around NaN).
  @inline(__always)
  static func maximum(_ previous: Float, _ current: Float, _ next: Float) -> Float {
    let m = previous > current ? previous : current
    return next > m ? next : m
  }

  /// `rm(y)` of one input row: out[x] = max of row[x − 1], row[x], row[x + 1] (edges
  /// repeated) for x in `columns`; returns Σ(out − row) over them, left to right, in Double
  /// when `sum` is true (0 otherwise).
  @inline(__always)
  static func rowMaximum(
    _ row: UnsafePointer<Float>, width w: Int, columns: Range<Int>,
    into out: UnsafeMutablePointer<Float>, sum: Bool
  ) -> Double {
    var total = 0.0
    @inline(__always) func edge(_ x: Int) {
      let current = row[x]
      let m = maximum(row[x > 0 ? x - 1 : 0], current, row[x < w - 1 ? x + 1 : w - 1])
      out[x] = m
      if sum { total += Double(m - current) }
    }
    let from = max(columns.lowerBound, 1), to = min(columns.upperBound, w - 1)
    if columns.lowerBound < from { edge(columns.lowerBound) }
    if from < to {
      if sum {
        for x in from..<to {
          let current = row[x]
          let m = maximum(row[x - 1], current, row[x + 1])
          out[x] = m
          total += Double(m - current)
        }
      } else {
        for x in from..<to { out[x] = maximum(row[x - 1], row[x], row[x + 1]) }
      }
    }
    for x in max(to, from)..<columns.upperBound { edge(x) }
    return total
  }

  /// Output rows `band` (and the row sums of `rm` for those rows).
  static func smoothBand(
    _ band: Range<Int>, _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
    width w: Int, height h: Int, rowSums: UnsafeMutablePointer<Double>
  ) {
    guard w > 0, !band.isEmpty else { return }
    let third = ImageJSmoothing.oneThird
    // Row buffers keyed by row number modulo 4: rm rows y − 1 ... y + 1 and mr rows
    // y − 1 ... y + 1 are in use at once (rows clamped to the image repeat a slot).
    let rm = UnsafeMutablePointer<Float>.allocate(capacity: 4 * w)
    let mr = UnsafeMutablePointer<Float>.allocate(capacity: 4 * w)
    let cm = UnsafeMutablePointer<Float>.allocate(capacity: w)
    defer { rm.deallocate(); mr.deallocate(); cm.deallocate() }
    var rmRow = [Int](repeating: -1, count: 4), mrRow = [Int](repeating: -1, count: 4)
    func clamp(_ y: Int) -> Int { min(max(y, 0), h - 1) }
    func rowMax(_ y: Int) -> UnsafeMutablePointer<Float> {
      let slot = rm + (y & 3) * w
      if rmRow[y & 3] != y {
        let owned = band.contains(y)
        let sum = rowMaximum(input + y * w, width: w, columns: 0..<w, into: slot, sum: owned)
        if owned { rowSums[y] = sum }
        rmRow[y & 3] = y
      }
      return slot
    }
    func rowMean(_ y: Int) -> UnsafeMutablePointer<Float> {
      let slot = mr + (y & 3) * w
      if mrRow[y & 3] != y {
        let above = rowMax(clamp(y - 1)), middle = rowMax(y), below = rowMax(clamp(y + 1))
        for x in 0..<w { cm[x] = maximum(above[x], middle[x], below[x]) }
        if w == 1 {
          slot[0] = (cm[0] + cm[0] + cm[0]) * third
        } else {
          slot[0] = (cm[0] + cm[0] + cm[1]) * third
          for x in 1..<(w - 1) { slot[x] = (cm[x - 1] + cm[x] + cm[x + 1]) * third }
          slot[w - 1] = (cm[w - 2] + cm[w - 1] + cm[w - 1]) * third
        }
        mrRow[y & 3] = y
      }
      return slot
    }
    // rowMean(y) takes rm(y), hence the row sum of every owned row.
    for y in band {
      let above = rowMean(clamp(y - 1)), middle = rowMean(y), below = rowMean(clamp(y + 1))
      let out = output + y * w
      for x in 0..<w { out[x] = (above[x] + middle[x] + below[x]) * third }
    }
  }

  /// The column sums of `cm(y) − rm(y)` for the columns `strip`, each down the whole
  /// column in Double (as ImageJSmoothing's column pass of the maximum).
  static func sumColumns(
    _ strip: Range<Int>, _ input: UnsafePointer<Float>, width w: Int, height h: Int,
    into sums: UnsafeMutablePointer<Double>
  ) {
    guard h > 0, !strip.isEmpty else { return }
    let x0 = strip.lowerBound, n = strip.count
    // Three rm rows of the strip (full-width buffers, only the strip written).
    let rows = UnsafeMutablePointer<Float>.allocate(capacity: 3 * w)
    let local = UnsafeMutablePointer<Double>.allocate(capacity: n)
    defer { rows.deallocate(); local.deallocate() }
    local.initialize(repeating: 0, count: n)
    func rowMax(_ y: Int) -> UnsafeMutablePointer<Float> {
      let slot = rows + (y % 3) * w
      _ = rowMaximum(input + y * w, width: w, columns: strip, into: slot, sum: false)
      return slot
    }
    var current = rowMax(0)
    var above = current
    for y in 0..<h {
      let below = y < h - 1 ? rowMax(y + 1) : current
      for k in 0..<n {
        let x = x0 + k
        let m = maximum(above[x], current[x], below[x])
        local[k] += Double(m - current[x])
      }
      above = current
      current = below
    }
    for k in 0..<n { sums[x0 + k] = local[k] }
  }
}
