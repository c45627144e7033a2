import DensitoAnalysis
import DensitoRaster

/// Per column of a scan, how many samples of the blot's rows sit at the detector limit, in
/// either band direction: what the runner needs of the scan after the analysis, without the
/// scan.
///
/// A sample lane without a band whose columns hold at least two lane widths of clipped
/// samples is reported as "saturated, no band" rather than "no band" (see
/// `ExclusionReason.targetSaturatedNoBand`). The count is of samples at the detector limit
/// in the band direction (0 or less for dark bands, the image's `maxValue` or more for light
/// bands: the analysis's automatic limit) in the lane's columns `x ± width/2` (rounded,
/// clipped to the scan) over the blot's region rows (all rows without a region).
///
/// Floating-point scans follow the analysis's rule too: when a sample of the counted area
/// lies outside [0, `maxValue`] (a background-subtracted or calibrated image), there is no
/// automatic detector limit and every count is 0.
///
/// Both directions are counted up front, column by column, because the polarity is only
/// known after the analysis and the runner hands the scan to the analyzer (which may free it,
/// see `ExperimentRunner.measure`). A lane's count is then the sum over its columns: the same
/// integer as counting its samples directly. Memory: two integers per column.
struct ClippedColumns: Sendable, Equatable {
  /// Per column, samples ≤ 0 over the region rows.
  var atZero: [Int]
  /// Per column, samples ≥ `maxValue` over the region rows.
  var atMaximum: [Int]

  /// Counts `image`'s clipped samples per column over the rows of `region` (whole height
  /// without one). `region` must lie inside the image (`ExperimentRunner.checkRegion`).
  init(_ image: GrayImage, region: PixelRegion?) {
    let w = image.width
    var zero = [Int](repeating: 0, count: w)
    var maximum = [Int](repeating: 0, count: w)
    let y0 = max(0, region?.y ?? 0)
    let y1 = min(image.height, region.map { $0.y + $0.height } ?? image.height)
    let m = image.maxValue
    if y0 < y1 && !Self.floatOffScale(image, region: region) {
      image.samples.withUnsafeBufferPointer { s in
        zero.withUnsafeMutableBufferPointer { z in
          maximum.withUnsafeMutableBufferPointer { top in
            for y in y0..<y1 {
              let row = y * w
              for x in 0..<w {
                let v = s[row + x]
                if v <= 0 { z[x] &+= 1 }
                if v >= m { top[x] &+= 1 }
              }
            }
          }
        }
      }
    }
    atZero = zero
    atMaximum = maximum
  }

  /// Whether `image` holds floating-point samples off its scale in the region, so that it has
  /// no automatic detector limit (``DetectorLimit/automaticApplies(floatingPoint:samples:maxValue:)``,
  /// the rule `analyzeBlot` applies).
  static func floatOffScale(_ image: GrayImage, region: PixelRegion?) -> Bool {
    guard image.metadata.sampleFormat == .floatingPoint else { return false }
    let w = image.width
    let x0 = max(0, region?.x ?? 0)
    let x1 = min(w, region.map { $0.x + $0.width } ?? w)
    let y0 = max(0, region?.y ?? 0)
    let y1 = min(image.height, region.map { $0.y + $0.height } ?? image.height)
    guard x0 < x1, y0 < y1 else { return false }
    var lo = Float.infinity
    var hi = -Float.infinity
    for y in y0..<y1 {
      for v in image.samples[(y * w + x0)..<(y * w + x1)] {
        lo = min(lo, v)
        hi = max(hi, v)
      }
    }
    guard lo <= hi else { return false }  // no number in the region (all NaN)
    return !DetectorLimit.automaticApplies(
      floatingPoint: true, samples: lo...hi, maxValue: image.maxValue)
  }

  /// Clipped samples in `lane`'s columns for bands of `polarity` ("dark-bands": at 0;
  /// otherwise at the maximum). 0 for a lane with a non-finite place or no columns.
  func count(in lane: LaneFinding, polarity: String) -> Int {
    guard lane.x.isFinite, lane.width.isFinite else { return 0 }
    let columns = polarity == "dark-bands" ? atZero : atMaximum
    let x0 = max(0, Int((lane.x - lane.width / 2).rounded()))
    let x1 = min(columns.count, Int((lane.x + lane.width / 2).rounded()))
    guard x0 < x1 else { return 0 }
    return columns[x0..<x1].reduce(0, +)
  }
}
