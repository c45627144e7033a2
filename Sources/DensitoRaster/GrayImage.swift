/// A single-channel image. Origin top-left, indexed (row, column), row-major.
///
/// Samples are brightness on the file's own scale: 0...255 for 8-bit (and 1/2/4-bit data,
/// scaled up), 0...65535 for 16-bit, 0...4294967295 for 32-bit integer, and as stored for
/// floating point. Larger is brighter, as a viewer shows it: TIFF MinIsWhite data is
/// converted on read (`maxValue - v`) and `metadata.invertedFromMinIsWhite` says so.
/// `maxValue` names the scale (the largest value the source could hold; for float data,
/// 1.0 unless the file declares another maximum).
public struct GrayImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// The largest value the source's sample format can hold (the detector limit).
  public let maxValue: Float
  /// Row-major samples; `samples.count == width * height`.
  public var samples: [Float]
  /// Where the samples came from.
  public var metadata: ImageMetadata

  /// Creates an image. Traps when `samples.count != width * height` (a programmer error).
  public init(
    width: Int, height: Int, maxValue: Float, samples: [Float],
    metadata: ImageMetadata = ImageMetadata()
  ) {
    precondition(width >= 0 && height >= 0, "negative image size")
    precondition(samples.count == width * height, "sample count does not match the size")
    self.width = width
    self.height = height
    self.maxValue = maxValue
    self.samples = samples
    self.metadata = metadata
  }

  /// An image of one constant value.
  public init(width: Int, height: Int, maxValue: Float, filledWith value: Float) {
    self.init(
      width: width, height: height, maxValue: maxValue,
      samples: [Float](repeating: value, count: width * height))
  }

  public var pixelCount: Int { width * height }

  /// The sample at (`row`, `column`). Traps out of bounds.
  @inlinable
  public subscript(row: Int, column: Int) -> Float {
    get { samples[row * width + column] }
    set { samples[row * width + column] = newValue }
  }

  /// Smallest, largest and mean sample (NaN is skipped; all-NaN gives NaN).
  public var statistics: (min: Float, max: Float, mean: Double) {
    var lo = Float.infinity
    var hi = -Float.infinity
    var sum = 0.0
    var count = 0
    for v in samples where !v.isNaN {
      if v < lo { lo = v }
      if v > hi { hi = v }
      sum += Double(v)
      count += 1
    }
    if count == 0 { return (.nan, .nan, .nan) }
    return (lo, hi, sum / Double(count))
  }
}
