/// The inner loops of ``laneProfiles(of:rectangles:orientation:signal:)``. Each works on a
/// tile of `rows` × `columns` Float samples starting at `base`, `stride` samples between rows,
/// and writes one Double per line. Sums run in increasing coordinate in `Double`.
enum ProfileKernels {
  /// `out[r]` = mean of row r of the tile (a vertical lane's profile values).
  ///
  /// Four rows at a time, each in its own accumulator: the additions of one row stay in
  /// column order (the same rounding as a plain loop), while the four chains run in parallel
  /// in the pipeline.
  static func rowMeans(
    _ base: UnsafePointer<Float>, stride: Int, rows: Int, columns: Int,
    into out: UnsafeMutablePointer<Double>
  ) {
    let n = Double(columns)
    var r = 0
    while r + 4 <= rows {
      let p0 = base + r * stride
      let p1 = p0 + stride
      let p2 = p1 + stride
      let p3 = p2 + stride
      var s0 = 0.0
      var s1 = 0.0
      var s2 = 0.0
      var s3 = 0.0
      for k in 0..<columns {
        s0 += Double(p0[k])
        s1 += Double(p1[k])
        s2 += Double(p2[k])
        s3 += Double(p3[k])
      }
      out[r] = s0 / n
      out[r + 1] = s1 / n
      out[r + 2] = s2 / n
      out[r + 3] = s3 / n
      r += 4
    }
    while r < rows {
      let p = base + r * stride
      var s = 0.0
      for k in 0..<columns { s += Double(p[k]) }
      out[r] = s / n
      r += 1
    }
  }

  /// `out[c]` = mean of column c of the tile (a horizontal lane's profile values): whole
  /// rows are added into the column sums, top to bottom (a vectorisable loop: no reduction).
  static func columnMeans(
    _ base: UnsafePointer<Float>, stride: Int, rows: Int, columns: Int,
    into out: UnsafeMutablePointer<Double>
  ) {
    for c in 0..<columns { out[c] = 0 }
    for r in 0..<rows {
      let p = base + r * stride
      for c in 0..<columns { out[c] += Double(p[c]) }
    }
    let n = Double(rows)
    for c in 0..<columns { out[c] /= n }
  }

  /// How many values in `count` samples from `base` (spaced `step` apart) are NaN or infinite.
  static func nonFiniteCount(_ base: UnsafePointer<Float>, step: Int, count: Int) -> Int {
    var n = 0
    for k in 0..<count where !base[k * step].isFinite { n += 1 }
    return n
  }
}
