import DensitoRaster

/// Vertical lanes' raw profiles computed while an image's rows arrive, top to bottom
/// (``GrayRowStream``), so the image is never held whole.
///
/// The values are those of ``laneProfiles(of:rectangles:orientation:signal:)`` with
/// ``LaneOrientation/vertical`` and ``ProfileSignal/raw``, bit for bit: a vertical lane's
/// value for a row is the `Double` sum of that row's samples across the lane, in increasing
/// column, divided once by the width, and both compute it with the same kernel
/// (`ProfileKernels.rowMeans`), which never mixes rows. Errors are the same too, chosen the
/// same way: the first lane (by index) that is not inside the image, or the first lane with
/// a non-finite line, at its first such line.
///
/// Horizontal lanes and signal models are not streamed: a horizontal lane's value needs
/// every row of the lane before it is known, and some signal models look at neighbourhoods;
/// use ``laneProfiles(of:rectangles:orientation:signal:)`` on the decoded image.
public struct LaneProfileStream: Sendable {
  public let width: Int
  public let height: Int
  public let rectangles: [PixelRect]
  private var values: [[Double]]
  /// Per lane, the first non-finite line seen (rows arrive in order, so it is the first).
  private var firstError: [LaneProfileError?]
  private var rowsSeen = 0
  /// Rows not yet summed (`pending` of them, from image row `rowsSeen − pending`): summed
  /// in groups so that the kernel's four independent chains hide the add latency.
  private var block: [Float]
  private var pending = 0
  private let blockRows: Int

  /// Checks the rectangles against a `width` × `height` image, as
  /// ``laneProfiles(of:rectangles:orientation:signal:)`` does.
  public init(width: Int, height: Int, rectangles: [PixelRect]) throws(LaneProfileError) {
    guard !rectangles.isEmpty else { throw .noLanes }
    for (i, r) in rectangles.enumerated() {
      guard r.width > 0, r.height > 0, r.x >= 0, r.y >= 0, r.x <= width - r.width,
        r.y <= height - r.height
      else {
        throw .rectangleOutsideImage(index: i, rectangle: r, width: width, height: height)
      }
    }
    self.width = width
    self.height = height
    self.rectangles = rectangles
    values = rectangles.map { [Double](repeating: 0, count: $0.height) }
    firstError = Array(repeating: nil, count: rectangles.count)
    // About 256 KB of rows (stays in L2), a multiple of 4 rows, at least 4.
    blockRows = max(4, 65_536 / max(1, width) / 4 * 4)
    block = [Float](repeating: 0, count: blockRows * width)
  }

  /// Adds row `y` (`width` samples). Rows must come in order 0, 1, 2, … (a precondition).
  public mutating func add(row y: Int, _ samples: UnsafeBufferPointer<Float>) {
    precondition(y == rowsSeen && samples.count == width, "rows must arrive in order, whole")
    guard let source = samples.baseAddress else { return }
    let w = width
    block.withUnsafeMutableBufferPointer { b in
      b.baseAddress.map { ($0 + pending * w).update(from: source, count: w) }
    }
    pending += 1
    rowsSeen += 1
    if pending == blockRows || rowsSeen == height { flush() }
  }

  /// Sums the pending rows into every lane they cross.
  private mutating func flush() {
    let first = rowsSeen - pending
    let count = pending
    pending = 0
    let w = width
    block.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return }
      for (i, r) in rectangles.enumerated() {
        let lo = max(first, r.y)
        let hi = min(first + count, r.y + r.height)
        guard lo < hi else { continue }
        let origin = base + (lo - first) * w + r.x
        values[i].withUnsafeMutableBufferPointer { lane in
          guard let out = lane.baseAddress.map({ $0 + (lo - r.y) }) else { return }
          ProfileKernels.rowMeans(origin, stride: w, rows: hi - lo, columns: r.width, into: out)
          guard firstError[i] == nil else { return }
          for j in 0..<(hi - lo) where !out[j].isFinite {
            firstError[i] = .nonFiniteSamples(
              index: i, position: lo + j,
              count: ProfileKernels.nonFiniteCount(origin + j * w, step: 1, count: r.width))
            return
          }
        }
      }
    }
  }

  /// The profiles, once every row has been added (a precondition).
  public func finish() throws(LaneProfileError) -> LaneProfileSet {
    precondition(rowsSeen == height, "\(rowsSeen) of \(height) rows were added")
    if let error = firstError.lazy.compactMap({ $0 }).first { throw error }
    return LaneProfileSet(
      lanes: zip(rectangles, values).map {
        LaneProfile(rectangle: $0, orientation: .vertical, values: $1)
      },
      signal: .raw, warnings: [])
  }
}
