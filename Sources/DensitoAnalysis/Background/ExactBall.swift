import Foundation

/// The exact ball opening in O(n·r): 2-D erosion and dilation by the ball as minima
/// (maxima) over row offsets of 1-D erosions (dilations) by semicircles.
///
/// Over row offset dy the ball's height is `√(ρ² − dx²)` with `ρ = √(r² − dy²)`: a
/// semicircle of radius ρ on the disc's chord of half-width `R = ⌊ρ⌋` (integer offsets). So
/// ```
/// e(cy, cx) = min over |dy| ≤ m of  E_|dy|(row cy + dy)(cx)
/// E_k(f)(x) = min over |i − x| ≤ R_k of  f(i) − √(ρ_k² − (i − x)²)
/// ```
/// and the dilation likewise with max and +. Each 1-D erosion is the lower envelope of
/// equal lower semicircles centred at the samples, computed like the lower envelope of
/// parabolas (Felzenszwalb & Huttenlocher 2012) because two of them cross at most once:
/// for samples p < q the difference `g_p(x) − g_q(x)` is increasing on the common support
/// (its derivative is `φ(x − p) − φ(x − q)` with `φ(t) = t/√(ρ² − t²)` increasing), so p is
/// lower to the left of one point and q to the right. That point lies on the perpendicular
/// bisector of the two centres, at half-chord `√(ρ² − D²/4)` from their midpoint (D the
/// distance between the centres); outside the common support the only defined arc wins.
/// Each row costs O(w) per radius, so the whole opening O(n·r) instead of O(n·r²). Short
/// chords are cheaper to sweep directly, so the envelope is used only for R above ≈ 160,
/// and blocks that cannot change the result are skipped (see `ball`).
///
/// The crossing points are computed in Double from the exact circles, while the values
/// are the Float differences `f − z` with z the same Float heights as the disc table of
/// `ExactOpening.ballTable` (so `ExactOpening.ballBruteForce` is an exact oracle): where
/// two arcs tie to within Float rounding the envelope may pick the other one, a difference
/// of at most a few ulps of the sample values.
enum ExactBall {
  /// The semicircles for row offsets k = 0…m: radius ρ_k, reach R_k = ⌊ρ_k⌋ and the Float
  /// heights `z_k[d] = √(r² − d² − k²)`, d = 0…R_k, laid out with stride m + 1.
  struct Slices {
    let m: Int
    let rho: [Double]
    let reach: [Int]
    let heights: [Float]

    init(radius: Double) {
      let half = Int(radius.rounded(.down))
      m = half
      let r2 = radius * radius
      var rho = [Double](), reach = [Int]()
      var heights = [Float](repeating: 0, count: (half + 1) * (half + 1))
      for k in 0...half {
        let dy = Double(k)
        let rk = (r2 - dy * dy).squareRoot()
        rho.append(rk)
        let reachK = Int(rk.rounded(.down))
        reach.append(reachK)
        for d in 0...reachK {
          let dx = Double(d)
          // Same expression as the disc table, so the same Float heights.
          heights[k * (half + 1) + d] = Float(max(0, r2 - dx * dx - dy * dy).squareRoot())
        }
      }
      self.rho = rho
      self.reach = reach
      self.heights = heights
    }
  }

  /// Output pixels per block: the unit of pruning.
  static let block = 32

  /// Range-minimum (or maximum) table over one row: the extreme of each aligned group of 8
  /// samples, and of runs of 2^l groups (a sparse table), so the extreme over any run of
  /// groups costs two look-ups. Built per source row by the worker that slices the row (a
  /// few thousand operations against the row's sweeps), so no image-sized table is kept.
  enum GroupExtremes {
    /// Levels needed for runs of up to `longest` groups in rows of `groups` groups.
    static func levelCount(groups: Int, longest: Int) -> Int {
      var count = 1
      while (1 << count) <= min(groups, longest) { count += 1 }
      return count
    }

    /// Fills `table` (`levels` × `groups` values) for the row of 8·`groups` samples at
    /// `row`: level l holds, at g, the extreme of groups g ..< g + 2^l (only g ≤ groups − 2^l
    /// is written, the only places ``query`` reads).
    static func build(
      _ row: UnsafePointer<Float>, groups g: Int, levels: Int, maximum: Bool,
      into table: UnsafeMutablePointer<Float>
    ) {
      for i in 0..<g {
        var v = row[8 * i]
        for j in 1..<8 {
          let x = row[8 * i + j]
          v = maximum ? (x > v ? x : v) : (x < v ? x : v)
        }
        table[i] = v
      }
      if levels > 1 {
        for l in 1..<levels {
          let half = 1 << (l - 1)
          let previous = table + (l - 1) * g, current = table + l * g
          for i in 0..<max(0, g - 2 * half + 1) {
            let x = previous[i], y = previous[i + half]
            current[i] = maximum ? (x > y ? x : y) : (x < y ? x : y)
          }
        }
      }
    }

    /// The extreme over groups lo…hi of the row whose table is `table`.
    @inline(__always)
    static func query(
      _ table: UnsafePointer<Float>, _ lo: Int, _ hi: Int, groupsPerRow g: Int, maximum: Bool
    ) -> Float {
      let length = hi - lo + 1
      let l = Int.bitWidth - 1 - length.leadingZeroBitCount
      let level = table + l * g
      let x = level[lo], y = level[hi - (1 << l) + 1]
      return maximum ? (x > y ? x : y) : (x < y ? x : y)
    }
  }

  /// The opening; see the type's documentation.
  ///
  /// Work sharing: image row y seen at row offset ±k feeds centre rows y − k and y + k, so
  /// each 1-D erosion is computed once for both (and likewise in the dilation): Σ over
  /// k = 0…m of (2R_k + 1) ≈ π·r²/2 taps per pixel and pass, half the disc.
  ///
  /// Pruning: rows are processed in blocks of 32 outputs. Before a block of a slice is
  /// computed, a lower bound of everything it could contribute, `min(f over the window) −
  /// z_k(0)` (over the aligned groups of 8 covering the window, from a sparse table: two
  /// look-ups), is compared with the largest value each target block holds already; where
  /// it is not smaller, no tap can lower any output and the block is skipped (offset 0
  /// goes first, so the bounds are tight early). The dilation likewise with upper bounds.
  /// Skipping drops only values that cannot change a minimum (maximum), so the result is
  /// the same as computing every tap.
  ///
  /// A computed block sweeps the chord (2R + 1 taps) with 8-lane vectors. When the chord
  /// costs more than the row's semicircle envelope (2R + 1 above ≈ 160 × (input + output
  /// samples) / output samples, i.e. R above ≈ 160: measured 14 ns per envelope sample
  /// against 0.09 ns per tap and lane), the envelope computes the whole row instead, which
  /// bounds the work by O(n·r). The choice depends on R only, never on the pruning state,
  /// so results do not depend on how rows are split between threads.
  ///
  /// Memory: the result is written over `plane` (consumed: when the caller hands over its
  /// only reference nothing image-sized is allocated; otherwise the samples are copied once,
  /// as a separate result would be), and besides it only a band of the erosion and of the
  /// output (``bandRows(m:)`` rows, + 2m for the erosion: 900 rows for r = 50) and per-worker
  /// row buffers: each worker pads the image rows it reads and builds their group extremes
  /// itself. Bands, like chunks, change only which blocks are pruned, never a value. `band`
  /// overrides the band height (tests; at least 2m is used, 2m + 1 with `smooth`).
  ///
  /// `negate`, `smooth` and `subtract` make the call the whole exact-ball background of
  /// `subtractingBackground`, still over `plane`: the rows are negated (a light background)
  /// and smoothed by the 3×3 mean as they are read, and each output row is written as
  /// `v − b` (when `subtract`) with `b` the opening, negated back when `negate`. The values
  /// are those of `FloatPlane.negate()`, `ImageJSmoothing.mean3x3`, this opening, the negation
  /// and the subtraction done one after the other, bit for bit: the smoothed row is the same
  /// `(a + b + c) · ⅓` of the same row means, and a row is overwritten only after the
  /// erosion read its last neighbour (bands of at least 2m + 1 rows).
  static func ball(
    _ plane: consuming FloatPlane, radius: Double, band: Int? = nil, negate: Bool = false,
    smooth: Bool = false, subtract: Bool = false
  ) -> FloatPlane {
    let slices = Slices(radius: radius)
    let m = slices.m
    let w = plane.width, h = plane.height
    let b = block
    // Eroded centres x = i − m, i in 0..<es: all centres −m ..< w + m and more (+∞).
    let es = (w + 2 * m + b + b - 1) / b * b
    // Padded image rows, x = i − 2m, +∞ outside the image (each worker pads the rows it
    // reads into a buffer of its own: no padded copy of the image).
    let pw = (es + 2 * m + 7) / 8 * 8
    let wb = (w + b - 1) / b * b
    let chunkRows = { (rows: Int) in max(4, (rows + workers - 1) / workers) }
    // Output rows y0..<y1 need the eroded rows (extended index) y0 ..< y1 + 2m, which need
    // the image rows y0 − 2m ..< y1 + 2m: the opening is made in bands of rows, so only a
    // band of the erosion is held (its 2m halo rows are eroded again by the next band).
    // Each band's output goes over the image's own rows, one band late: once the next
    // band's erosion has read them (later bands read only rows from y1 − 2m ≥ y0 on, as a
    // band has at least 2m rows).
    let rowsPerBand = max(band ?? bandRows(m: m), 2 * m + (smooth ? 1 : 0), 1)
    var image = consume plane
    var eroded: [Float] = []
    var opened: [Float] = []
    var pending: Range<Int>? = nil
    var y0 = 0
    while y0 < h || pending != nil {
      let y1 = min(h, y0 + rowsPerBand)
      if y0 < h {
        let e0 = y0, e1 = y1 + 2 * m
        eroded = [Float](repeating: .infinity, count: (e1 - e0) * es)
        image.samples.withUnsafeBufferPointer { source in
          guard let base = source.baseAddress else { return }
          let pass = SlicePass(maximum: false, m: m, sourceStride: pw, sourceRows: 0..<h,
                               groupsPerRow: pw / 8, targetStride: es, imageWidth: w,
                               envelopeCount: w, envelopeOffset: 2 * m, firstPosition: -m)
          pass.run(sources: .padded(UncheckedSendable(base), width: w, offset: 2 * m,
                                    height: h, negate: negate, smooth: smooth),
                   slices: slices, into: &eroded, firstRow: e0, targetRows: e0..<e1,
                   chunk: chunkRows(e1 - e0))
        }
      }
      // The previous band's output over its own rows, which no erosion reads any more.
      if let done = pending {
        image.samples.withUnsafeMutableBufferPointer { target in
          opened.withUnsafeBufferPointer { source in
            guard let to = target.baseAddress, let from = source.baseAddress else { return }
            for y in done {
              let row = to + y * w, b = from + (y - done.lowerBound) * wb
              switch (subtract, negate) {
              case (false, false): row.update(from: b, count: w)
              case (false, true): for x in 0..<w { row[x] = -b[x] }
              case (true, false): for x in 0..<w { row[x] = row[x] - b[x] }
              case (true, true): for x in 0..<w { row[x] = row[x] - -b[x] }
              }
            }
          }
        }
        pending = nil
      }
      guard y0 < h else { break }
      let e0 = y0, e1 = y1 + 2 * m
      // Centres that touch no pixel (+∞) reach no pixel either: −∞ for the dilation.
      eroded.withUnsafeMutableBufferPointer { p in
        for i in p.indices where p[i] == .infinity { p[i] = -.infinity }
      }
      if opened.count != (y1 - y0) * wb {
        opened = [Float](repeating: -.infinity, count: (y1 - y0) * wb)
      } else {
        opened.withUnsafeMutableBufferPointer { p in p.update(repeating: -.infinity) }
      }
      eroded.withUnsafeBufferPointer { source in
        guard let base = source.baseAddress else { return }
        let pass = SlicePass(maximum: true, m: m, sourceStride: es, sourceRows: e0..<e1,
                             groupsPerRow: es / 8, targetStride: wb, imageWidth: w,
                             envelopeCount: es, envelopeOffset: 0, firstPosition: m)
        pass.run(sources: .rows(UncheckedSendable(base), firstRow: e0), slices: slices,
                 into: &opened, firstRow: y0, targetRows: y0..<y1, chunk: chunkRows(y1 - y0))
      }
      pending = y0..<y1
      y0 = y1
    }
    return image
  }

  /// Output rows per band of the opening: 16m (the 2m halo rows eroded twice cost at most
  /// 1/8 more erosion), at least 512 rows (one band for most images up to r = 32).
  static func bandRows(m: Int) -> Int { max(16 * m, 512) }

  /// Workers for the two passes: each chunk recomputes the 1-D transforms of the rows its
  /// ±m halo shares with its neighbours, so chunks are few and large.
  static var workers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16)) }

  /// Relative cost of one envelope sample against one tap of one lane (see `ball`).
  static let envelopeCostInTaps = 160

  /// One pass (erosion or dilation) over all row offsets k. Erosion: source image row y
  /// feeds the extended centre rows y + m ∓ k. Dilation: source centre row ey feeds the
  /// image rows ey − m ∓ k. Target index j reads source index j + m + d (erosion) or
  /// j + m − d (dilation), |d| ≤ R_k, in the sweep.
  struct SlicePass {
    let maximum: Bool
    let m: Int
    let sourceStride: Int
    /// The source rows the pass may read (row indices of the whole source).
    let sourceRows: Range<Int>
    let groupsPerRow: Int
    let targetStride: Int
    let imageWidth: Int
    /// The envelope's input: `envelopeCount` samples from `envelopeOffset` in a source row,
    /// its output at positions firstPosition + j.
    let envelopeCount: Int
    let envelopeOffset: Int
    let firstPosition: Int

    /// The target row of source row s at side (0: −k, 1: +k).
    @inline(__always)
    func target(_ s: Int, _ k: Int, _ side: Int) -> Int {
      let centre = maximum ? s - m : s + m
      return side == 0 ? centre - k : centre + k
    }

    /// Where the pass reads its source rows.
    enum Rows {
      /// Rows of `width` samples (stride `width`, `height` rows) from `base`, each read into
      /// a row of `sourceStride` samples at `offset`, +∞ elsewhere; negated when `negate`,
      /// smoothed by the 3×3 mean when `smooth` (as ``ImageJSmoothing/mean3x3(_:)``).
      case padded(
        UncheckedSendable<UnsafePointer<Float>>, width: Int, offset: Int, height: Int,
        negate: Bool, smooth: Bool)
      /// Rows of `sourceStride` samples from `base`, read in place; `base` holds source row
      /// `firstRow` (a band of the erosion).
      case rows(UncheckedSendable<UnsafePointer<Float>>, firstRow: Int)
    }

    /// Computes target rows `targetRows` (row indices of the whole target) into `targets`,
    /// which holds target row `firstRow` at its start.
    func run(
      sources: Rows, slices: Slices, into targets: inout [Float], firstRow: Int,
      targetRows: Range<Int>, chunk: Int
    ) {
      let blocksPerRow = targetStride / ExactBall.block
      let lowest = targetRows.lowerBound
      // The longest run of groups a block's bound asks for (see `slice`).
      let levels = GroupExtremes.levelCount(
        groups: groupsPerRow, longest: (ExactBall.block - 1 + 2 * slices.reach[0]) / 8 + 2)
      var blockBounds = [Float](
        repeating: maximum ? -.infinity : .infinity, count: targetRows.count * blocksPerRow)
      slices.heights.withUnsafeBufferPointer { zp in
        targets.withUnsafeMutableBufferPointer { dp in
          blockBounds.withUnsafeMutableBufferPointer { bp in
            let z = UncheckedSendable(zp.baseAddress!), dst = UncheckedSendable(dp.baseAddress!)
            let bounds = UncheckedSendable(bp.baseAddress!)
            parallelChunks(targetRows.count, minimumChunk: chunk) { local in
              let first = targetRows.lowerBound
              let rows = (local.lowerBound + first)..<(local.upperBound + first)
              let work = ArcWorkspace(capacity: max(sourceStride, targetStride))
              let padded = UnsafeMutablePointer<Float>.allocate(capacity: sourceStride)
              padded.initialize(repeating: .infinity, count: sourceStride)
              let table = UnsafeMutablePointer<Float>.allocate(capacity: levels * groupsPerRow)
              // The 3-point row means of rows s − 1, s, s + 1 (smoothing only).
              var rowMeans: UnsafeMutablePointer<Float>? = nil
              defer {
                work.deallocate()
                padded.deallocate()
                table.deallocate()
                rowMeans?.deallocate()
              }
              // Source rows that reach this chunk's targets: |target − centre| ≤ m.
              let centreFirst = rows.lowerBound - m, centreLast = rows.upperBound - 1 + m
              let shift = maximum ? m : -m  // source row = centre + shift
              let sFirst = max(sourceRows.lowerBound, centreFirst + shift)
              let sLast = min(sourceRows.upperBound - 1, centreLast + shift)
              guard sFirst <= sLast else { return }
              // Offset 0 first (tight bounds early), then all other offsets.
              for firstRound in [true, false] {
                for s in sFirst...sLast {
                  var source: UnsafePointer<Float>?
                  for k in (firstRound ? 0...0 : 1...max(1, m)) where k <= m {
                    let t0 = target(s, k, 0), t1 = target(s, k, 1)
                    let hit0 = rows.contains(t0), hit1 = k > 0 && rows.contains(t1)
                    guard hit0 || hit1 else { continue }
                    if source == nil {
                      let row: UnsafePointer<Float>
                      switch sources {
                      case .padded(let base, let width, let offset, let height, let negate,
                                   let smooth):
                        let into = padded + offset
                        if smooth {
                          let r = rowMeans ?? .allocate(capacity: 3 * width)
                          rowMeans = r
                          for (i, y) in [max(0, s - 1), s, min(height - 1, s + 1)].enumerated() {
                            ImageJRollingBallFused.rowPass(
                              base.value + y * width, count: width, negate: negate,
                              into: r + i * width)
                          }
                          for x in 0..<width {
                            into[x] =
                              (r[x] + r[width + x] + r[2 * width + x]) * ImageJSmoothing.oneThird
                          }
                        } else if negate {
                          let line = base.value + s * width
                          for x in 0..<width { into[x] = -line[x] }
                        } else {
                          into.update(from: base.value + s * width, count: width)
                        }
                        row = UnsafePointer(padded)
                      case .rows(let base, let first):
                        row = base.value + (s - first) * sourceStride
                      }
                      GroupExtremes.build(
                        row, groups: groupsPerRow, levels: levels, maximum: maximum, into: table)
                      source = row
                    }
                    guard let source else { continue }
                    slice(
                      source: source, table: table, k: k, slices: slices,
                      heights: z.value + k * (m + 1),
                      targets: (hit0 ? dst.value + (t0 - firstRow) * targetStride : nil,
                                hit1 ? dst.value + (t1 - firstRow) * targetStride : nil),
                      bounds: (hit0 ? bounds.value + (t0 - lowest) * blocksPerRow : nil,
                               hit1 ? bounds.value + (t1 - lowest) * blocksPerRow : nil),
                      work: work)
                  }
                }
              }
            }
          }
        }
      }
    }

    /// A source row (`table`: its ``GroupExtremes``) at offset k into up to two target rows
    /// (nil: not this chunk's).
    @inline(__always)
    func slice(
      source: UnsafePointer<Float>, table: UnsafePointer<Float>, k: Int,
      slices: Slices, heights z: UnsafePointer<Float>,
      targets: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?),
      bounds: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?),
      work: ArcWorkspace
    ) {
      let r = slices.reach[k], z0 = z[0], b = ExactBall.block
      let blocksPerRow = targetStride / b
      var listed = 0
      for blockIndex in 0..<blocksPerRow {
        let j0 = blockIndex * b
        let lo = (j0 + m - r) / 8, hi = (j0 + m + b - 1 + r) / 8
        let extreme = GroupExtremes.query(
          table, lo, hi, groupsPerRow: groupsPerRow, maximum: maximum)
        var needed = false
        if maximum {
          let bound = extreme + z0
          if let t = bounds.0, bound > t[blockIndex] { needed = true }
          if let t = bounds.1, bound > t[blockIndex] { needed = true }
        } else {
          let bound = extreme - z0
          if let t = bounds.0, bound < t[blockIndex] { needed = true }
          if let t = bounds.1, bound < t[blockIndex] { needed = true }
        }
        if needed {
          work.blocks[listed] = j0
          listed += 1
        }
      }
      if listed == 0 { return }
      let values = work.slice
      if (2 * r + 1) * targetStride > ExactBall.envelopeCostInTaps * (envelopeCount + targetStride) {
        if maximum {
          work.dilate(source + envelopeOffset, count: envelopeCount, rho: slices.rho[k],
                      reach: r, heights: z, firstPosition: firstPosition, outCount: targetStride)
        } else {
          work.erode(source + envelopeOffset, count: envelopeCount, rho: slices.rho[k],
                     reach: r, heights: z, firstPosition: firstPosition, outCount: targetStride)
        }
        for l in 0..<listed {
          let j0 = work.blocks[l]
          for j in j0..<(j0 + b) { values[j] = work.result[j] }
        }
      } else {
        let start: Float = maximum ? -.infinity : .infinity
        for l in 0..<listed {
          let j0 = work.blocks[l]
          for j in j0..<(j0 + b) { values[j] = start }
          ExactBall.sweep(source + j0 + m, heights: z, reach: r, into: values + j0, count: b,
                          maximum: maximum)
        }
      }
      for side in 0..<2 {
        guard let target = side == 0 ? targets.0 : targets.1,
          let bound = side == 0 ? bounds.0 : bounds.1 else { continue }
        for l in 0..<listed {
          let j0 = work.blocks[l]
          var extreme: Float = maximum ? .infinity : -.infinity
          for j in j0..<(j0 + b) {
            var v = target[j]
            if maximum {
              if values[j] > v { v = values[j] }
              if v < extreme { extreme = v }
            } else {
              if values[j] < v { v = values[j] }
              if v > extreme { extreme = v }
            }
            target[j] = v
          }
          bound[j0 / b] = extreme
        }
      }
    }
  }

  /// `dst[j] = min(dst[j], min over |d| ≤ reach of src[j + d] − z(|d|))`, or with
  /// `maximum`, `max(dst[j], max over |d| ≤ reach of src[j − d] + z(|d|))`; `count` a
  /// multiple of 8. Release builds use 8-lane SIMD, debug builds a scalar loop over the same
  /// values (min and max are exact, so both agree bit for bit).
  @inline(__always)
  static func sweep(
    _ src: UnsafePointer<Float>, heights z: UnsafePointer<Float>, reach r: Int,
    into dst: UnsafeMutablePointer<Float>, count: Int, maximum: Bool
  ) {
    #if DEBUG
      // Unoptimised builds: tap-outer loops over plain pointers (the SIMD code below is very
      // slow without optimisation).
      for d in -r...r {
        let height = z[d < 0 ? -d : d]
        if maximum {
          let shifted = src - d
          for j in 0..<count {
            let v = shifted[j] + height
            if v > dst[j] { dst[j] = v }
          }
        } else {
          let shifted = src + d
          for j in 0..<count {
            let v = shifted[j] - height
            if v < dst[j] { dst[j] = v }
          }
        }
      }
    #else
    // Four 8-lane accumulators (32 outputs) share each tap's broadcast height.
    // (`pointwiseMin`/`Max` were 4x slower here than compare-and-replace.)
    typealias V = SIMD8<Float>
    var j = 0
    while j + 32 <= count {
      let out = UnsafeMutableRawPointer(dst + j)
      var a0 = out.loadUnaligned(as: V.self), a1 = out.loadUnaligned(fromByteOffset: 32, as: V.self)
      var a2 = out.loadUnaligned(fromByteOffset: 64, as: V.self)
      var a3 = out.loadUnaligned(fromByteOffset: 96, as: V.self)
      if maximum {
        for d in -r...r {
          let h = V(repeating: z[abs(d)])
          let p = UnsafeRawPointer(src + j - d)
          let v0 = p.loadUnaligned(as: V.self) + h
          a0.replace(with: v0, where: v0 .> a0)
          let v1 = p.loadUnaligned(fromByteOffset: 32, as: V.self) + h
          a1.replace(with: v1, where: v1 .> a1)
          let v2 = p.loadUnaligned(fromByteOffset: 64, as: V.self) + h
          a2.replace(with: v2, where: v2 .> a2)
          let v3 = p.loadUnaligned(fromByteOffset: 96, as: V.self) + h
          a3.replace(with: v3, where: v3 .> a3)
        }
      } else {
        for d in -r...r {
          let h = V(repeating: z[abs(d)])
          let p = UnsafeRawPointer(src + j + d)
          let v0 = p.loadUnaligned(as: V.self) - h
          a0.replace(with: v0, where: v0 .< a0)
          let v1 = p.loadUnaligned(fromByteOffset: 32, as: V.self) - h
          a1.replace(with: v1, where: v1 .< a1)
          let v2 = p.loadUnaligned(fromByteOffset: 64, as: V.self) - h
          a2.replace(with: v2, where: v2 .< a2)
          let v3 = p.loadUnaligned(fromByteOffset: 96, as: V.self) - h
          a3.replace(with: v3, where: v3 .< a3)
        }
      }
      out.storeBytes(of: a0, as: V.self)
      out.storeBytes(of: a1, toByteOffset: 32, as: V.self)
      out.storeBytes(of: a2, toByteOffset: 64, as: V.self)
      out.storeBytes(of: a3, toByteOffset: 96, as: V.self)
      j += 32
    }
    while j < count {
      var acc = UnsafeRawPointer(dst + j).loadUnaligned(as: V.self)
      for d in -r...r {
        let h = V(repeating: z[abs(d)])
        if maximum {
          let v = UnsafeRawPointer(src + j - d).loadUnaligned(as: V.self) + h
          acc.replace(with: v, where: v .> acc)
        } else {
          let v = UnsafeRawPointer(src + j + d).loadUnaligned(as: V.self) - h
          acc.replace(with: v, where: v .< acc)
        }
      }
      UnsafeMutableRawPointer(dst + j).storeBytes(of: acc, as: V.self)
      j += 8
    }
    #endif
  }
}

/// Per-worker buffers of the 1-D semicircle transforms.
struct ArcWorkspace {
  let values: UnsafeMutablePointer<Float>
  let wide: UnsafeMutablePointer<Double>
  let result: UnsafeMutablePointer<Float>
  let apex: UnsafeMutablePointer<Int>
  let bounds: UnsafeMutablePointer<Double>
  /// Indices of the blocks left after pruning, and the slice computed for them (see
  /// `ExactBall.ball`).
  let blocks: UnsafeMutablePointer<Int>
  let slice: UnsafeMutablePointer<Float>

  init(capacity: Int) {
    let n = max(1, capacity)
    blocks = .allocate(capacity: n)
    slice = .allocate(capacity: n)
    values = .allocate(capacity: n)
    wide = .allocate(capacity: n)
    result = .allocate(capacity: n)
    apex = .allocate(capacity: n)
    bounds = .allocate(capacity: n + 1)
  }

  func deallocate() {
    values.deallocate(); wide.deallocate(); result.deallocate()
    apex.deallocate(); bounds.deallocate(); blocks.deallocate()
    slice.deallocate()
  }

  /// `result[j] = min over i, |x − i| ≤ reach of f[i] − heights[|x − i|]` at
  /// x = firstPosition + j (+∞ where no sample is in reach). Samples equal to +∞ are ignored.
  func erode(
    _ f: UnsafePointer<Float>, count n: Int, rho: Double, reach: Int,
    heights: UnsafePointer<Float>, firstPosition: Int, outCount: Int
  ) {
    for i in 0..<n { values[i] = f[i] }
    envelope(count: n, rho: rho, reach: reach, heights: heights, firstPosition: firstPosition,
             outCount: outCount)
  }

  /// `result[j] = max over i, |x − i| ≤ reach of f[i] + heights[|x − i|]`, as the negated
  /// erosion of −f (−((−f) − z) is exactly f + z in IEEE arithmetic). −∞ samples (centres
  /// touching no pixel) are ignored.
  func dilate(
    _ f: UnsafePointer<Float>, count n: Int, rho: Double, reach: Int,
    heights: UnsafePointer<Float>, firstPosition: Int, outCount: Int
  ) {
    for i in 0..<n { values[i] = -f[i] }  // −∞ becomes +∞: ignored
    envelope(count: n, rho: rho, reach: reach, heights: heights, firstPosition: firstPosition,
             outCount: outCount)
    for j in 0..<outCount { result[j] = -result[j] }
  }

  /// The lower envelope of the lower semicircles `g_i(x) = values[i] − √(ρ² − (x − i)²)`,
  /// |x − i| ≤ reach, evaluated at integer positions (see `ExactBall`). Segment k of the
  /// envelope belongs to sample `apex[k]` and covers the integers x with
  /// `bounds[k] < x ≤ bounds[k + 1]`.
  @inline(__always)
  private func envelope(
    count n: Int, rho: Double, reach: Int, heights: UnsafePointer<Float>, firstPosition: Int,
    outCount: Int
  ) {
    let rho2 = rho * rho
    var size = 0
    for q in 0..<n {
      let vq = values[q]
      if vq == .infinity { continue }
      let fq = Double(vq)
      wide[q] = fq
      if size == 0 {
        apex[0] = q
        bounds[0] = -.infinity
        size = 1
        continue
      }
      var s = 0.0
      while true {
        let p = apex[size - 1]
        s = Self.crossing(p, wide[p], q, fq, rho2: rho2, reach: reach)
        if size > 1 && s <= bounds[size - 1] { size -= 1 } else { break }
      }
      apex[size] = q
      bounds[size] = s
      size += 1
    }
    var k = 0
    for j in 0..<outCount {
      let x = firstPosition + j
      let xd = Double(x)
      while k + 1 < size && bounds[k + 1] < xd { k += 1 }
      if size == 0 {
        result[j] = .infinity
        continue
      }
      let p = apex[k]
      let d = abs(x - p)
      result[j] = d <= reach ? values[p] - heights[d] : .infinity
    }
  }

  /// The position s such that, at integers x, sample p's arc is at most q's for x ≤ s and
  /// q's is at most p's for x > s (p < q; an arc outside its support counts as +∞).
  @inline(__always)
  static func crossing(
    _ p: Int, _ fp: Double, _ q: Int, _ fq: Double, rho2: Double, reach: Int
  ) -> Double {
    if q - p > 2 * reach { return Double(p + reach) }  // no common support
    let dx = Double(q - p), df = fq - fp
    let d2 = dx * dx + df * df
    let h2 = rho2 - 0.25 * d2
    if h2 >= 0 {
      let distance = d2.squareRoot(), half = h2.squareRoot()
      // The lower of the circles' two intersection points, if it is on both lower arcs.
      let y = 0.5 * (fp + fq) - half * dx / distance
      if y <= min(fp, fq) {
        return 0.5 * Double(p + q) + half * df / distance
      }
    }
    // The lower arcs do not cross: the arc with the lower centre is lower on the whole
    // common support [q − reach, p + reach].
    return fp <= fq ? Double(p + reach) : Double(q - reach) - 0.5
  }
}
