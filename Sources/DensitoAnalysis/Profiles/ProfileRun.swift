import DensitoRaster
import Foundation

/// One call of ``laneProfiles(of:rectangles:orientation:signal:)`` once its arguments are
/// checked: splits the lanes into blocks, runs them on all cores, gathers the outcome.
struct ProfileRun {
  let image: GrayImage
  let rectangles: [PixelRect]
  let orientation: LaneOrientation
  let signal: ProfileSignal
  let conversion: ProfileConversion?

  /// About this many pixels per block: 256 KB of Float samples when they are read in place;
  /// 64 KB when a block is copied and converted (two arrays per block, each below glibc's
  /// 128 KB mmap threshold, so they come from the heap without page faults, and stay in L2).
  var blockPixels: Int { conversion == nil ? 65_536 : 16_384 }

  /// A run of profile values of one lane: values `start ..< start + count`.
  struct Block {
    var lane: Int
    var start: Int
    var count: Int
  }

  /// What a block reports besides its values.
  struct Outcome {
    var error: LaneProfileError? = nil
    var warned = false
  }

  var vertical: Bool { orientation == .vertical }

  /// The profile length of a lane (rows of a vertical lane, columns of a horizontal one).
  func length(_ r: PixelRect) -> Int { vertical ? r.height : r.width }

  func blocks() -> [Block] {
    var out: [Block] = []
    for (i, r) in rectangles.enumerated() {
      let across = vertical ? r.width : r.height
      // Rows in fours (the row kernel's unrolling); columns in sixty-fours (whole vectors).
      let quantum = vertical ? 4 : 64
      let size = max(quantum, blockPixels / max(1, across) / quantum * quantum)
      var start = 0
      let n = length(r)
      while start < n {
        out.append(Block(lane: i, start: start, count: min(size, n - start)))
        start += size
      }
    }
    return out
  }

  func compute() throws(LaneProfileError) -> LaneProfileSet {
    var offsets: [Int] = []
    var total = 0
    for r in rectangles {
      offsets.append(total)
      total += length(r)
    }
    let blocks = blocks()
    var values = [Double](repeating: 0, count: total)
    var outcomes = [Outcome](repeating: Outcome(), count: blocks.count)
    image.samples.withUnsafeBufferPointer { samples in
      values.withUnsafeMutableBufferPointer { valuesBuffer in
        outcomes.withUnsafeMutableBufferPointer { outcomesBuffer in
          guard let source = samples.baseAddress, let sink = valuesBuffer.baseAddress,
            let report = outcomesBuffer.baseAddress
          else { return }
          let shared = UncheckedSendable((source, sink, report))
          parallelChunks(blocks.count, minimumChunk: 1) { range in
            let (source, sink, report) = shared.value
            for b in range {
              let block = blocks[b]
              report[b] = run(block, source: source, into: sink + offsets[block.lane] + block.start)
            }
          }
        }
      }
    }
    if let error = outcomes.lazy.compactMap(\.error).first { throw error }
    var lanes: [LaneProfile] = []
    for (i, r) in rectangles.enumerated() {
      lanes.append(
        LaneProfile(
          rectangle: r, orientation: orientation,
          values: Array(values[offsets[i] ..< offsets[i] + length(r)])))
    }
    var warned = Set<Int>()
    for (b, o) in outcomes.enumerated() where o.warned { warned.insert(blocks[b].lane) }
    return LaneProfileSet(
      lanes: lanes, signal: signal,
      warnings: warnings(lanes: warned.sorted()))
  }

  /// Computes one block's values at `out` (count values).
  func run(_ block: Block, source: UnsafePointer<Float>, into out: UnsafeMutablePointer<Double>)
    -> Outcome
  {
    let r = rectangles[block.lane]
    let w = image.width
    // The tile: rows × columns of the image, `w` samples between rows.
    let (x, y, rows, columns) =
      vertical
      ? (r.x, r.y + block.start, block.count, r.width)
      : (r.x + block.start, r.y, r.height, block.count)
    let origin = source + y * w + x
    var outcome = Outcome()
    if let conversion {
      let (plane, notes) = conversion.convert(
        gather(origin, stride: w, rows: rows, columns: columns), columns: columns, rows: rows)
      outcome.warned = !notes.isEmpty
      plane.values.withUnsafeBufferPointer { converted in
        guard let base = converted.baseAddress else { return }
        outcome.error = sum(base, stride: columns, rows: rows, columns: columns, block, into: out)
      }
    } else {
      outcome.error = sum(origin, stride: w, rows: rows, columns: columns, block, into: out)
    }
    return outcome
  }

  /// Runs the kernel over one tile and checks that every value is finite.
  func sum(
    _ base: UnsafePointer<Float>, stride: Int, rows: Int, columns: Int, _ block: Block,
    into out: UnsafeMutablePointer<Double>
  ) -> LaneProfileError? {
    if vertical {
      ProfileKernels.rowMeans(base, stride: stride, rows: rows, columns: columns, into: out)
    } else {
      ProfileKernels.columnMeans(base, stride: stride, rows: rows, columns: columns, into: out)
    }
    // A sum of finite Float values in Double cannot overflow: a non-finite mean means a
    // non-finite sample on that line.
    for j in 0..<block.count where !out[j].isFinite {
      let r = rectangles[block.lane]
      let count =
        vertical
        ? ProfileKernels.nonFiniteCount(base + j * stride, step: 1, count: columns)
        : ProfileKernels.nonFiniteCount(base + j, step: stride, count: rows)
      return .nonFiniteSamples(
        index: block.lane, position: (vertical ? r.y : r.x) + block.start + j, count: count)
    }
    return nil
  }

  /// A tile copied into a contiguous row-major array.
  func gather(_ origin: UnsafePointer<Float>, stride: Int, rows: Int, columns: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
      guard let dst = buffer.baseAddress else { return }
      for r in 0..<rows {
        (dst + r * columns).update(from: origin + r * stride, count: columns)
      }
      count = rows * columns
    }
  }

  /// The conversion's notes for whole lanes (their blocks warned): converted again in one
  /// piece, so each lane gets one message with its own counts. Only on this rare path.
  func warnings(lanes: [Int]) -> [String] {
    guard let conversion else { return [] }
    var out: [String] = []
    image.samples.withUnsafeBufferPointer { samples in
      guard let source = samples.baseAddress else { return }
      for i in lanes {
        let r = rectangles[i]
        let tile = gather(
          source + r.y * image.width + r.x, stride: image.width, rows: r.height, columns: r.width)
        let (_, notes) = conversion.convert(tile, columns: r.width, rows: r.height)
        out += notes.map { "lane \(i + 1): \($0)" }
      }
    }
    return out
  }
}
