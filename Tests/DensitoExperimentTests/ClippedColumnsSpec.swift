import DensitoRaster
import Testing
@testable import DensitoExperiment

/// The runner counts a lane's clipped samples (for "saturated, no band") from per-column
/// counts made before the scan is handed to the analyzer (``ClippedColumns``): the same
/// integer as counting the lane's samples in the scan.
@Suite struct ClippedColumnsSpec {
  /// The definition, counted directly in the scan: samples at the limit in the band
  /// direction (≤ 0 for dark bands, ≥ maxValue otherwise), columns x ± width/2 rounded and
  /// clipped, rows of the region (all without one).
  static func direct(
    _ lane: LaneFinding, _ image: GrayImage, _ region: PixelRegion?, _ polarity: String
  ) -> Int {
    guard lane.x.isFinite, lane.width.isFinite else { return 0 }
    let x0 = max(0, Int((lane.x - lane.width / 2).rounded()))
    let x1 = min(image.width, Int((lane.x + lane.width / 2).rounded()))
    let y0 = max(0, region?.y ?? 0)
    let y1 = min(image.height, region.map { $0.y + $0.height } ?? image.height)
    guard x0 < x1, y0 < y1 else { return 0 }
    var n = 0
    for y in y0..<y1 {
      for x in x0..<x1 {
        let v = image[y, x]
        if polarity == "dark-bands" ? v <= 0 : v >= image.maxValue { n += 1 }
      }
    }
    return n
  }

  /// A 37 × 23 scan whose samples are 0, the maximum, values between, a negative value and
  /// NaN, in a fixed scramble; tagged 8-bit integer (`float`: tagged floating point).
  static func scan(float: Bool = false, values: [Float] = [0, 255, 17, 254.5, -3, .nan, 255, 0, 128, 300])
    -> GrayImage
  {
    let samples = (0..<(37 * 23)).map { values[($0 * 7 + $0 / 5) % values.count] }
    let metadata =
      float
      ? ImageMetadata(bitDepth: 32, sampleFormat: .floatingPoint)
      : ImageMetadata(bitDepth: 8, sampleFormat: .unsignedInteger)
    return GrayImage(width: 37, height: 23, maxValue: 255, samples: samples, metadata: metadata)
  }

  static let image = scan()

  static let lanes: [LaneFinding] = [
    (10.0, 6.0), (0.2, 5.0), (36.4, 8.0), (18.5, 37.0), (20.0, 0.2), (-4.0, 3.0), (50.0, 4.0),
    (.nan, 4.0), (5.0, .infinity), (12.25, 7.5),
  ].map { LaneFinding(x: $0.0, width: $0.1, bands: [], totalSignal: 0) }

  @Test(arguments: [
    nil, PixelRegion(x: 3, y: 2, width: 20, height: 15), PixelRegion(x: 0, y: 22, width: 37, height: 1),
  ])
  func laneCountsEqualTheDirectCount(region: PixelRegion?) {
    let columns = ClippedColumns(Self.image, region: region)
    for lane in Self.lanes {
      for polarity in ["dark-bands", "light-bands"] {
        #expect(
          columns.count(in: lane, polarity: polarity)
            == Self.direct(lane, Self.image, region, polarity), "x \(lane.x) width \(lane.width) \(polarity)")
      }
    }
  }

  /// Floating-point scans follow the analysis's automatic limit: with a sample off
  /// [0, maxValue] in the counted area (here −3 and 300) there is no limit and every count is
  /// 0; on the scale, the counts are the direct ones.
  @Test func floatScansCountOnlyOnTheirScale() {
    let off = ClippedColumns(Self.scan(float: true), region: nil)
    #expect(off.atZero.allSatisfy { $0 == 0 } && off.atMaximum.allSatisfy { $0 == 0 })
    let onScale = Self.scan(float: true, values: [0, 255, 17, 254.5, 3, 255, 0, 128])
    let on = ClippedColumns(onScale, region: nil)
    for lane in Self.lanes {
      for polarity in ["dark-bands", "light-bands"] {
        #expect(
          on.count(in: lane, polarity: polarity) == Self.direct(lane, onScale, nil, polarity))
      }
    }
    #expect(on.atZero.reduce(0, +) > 0 && on.atMaximum.reduce(0, +) > 0)
    // The off-scale samples outside the region do not count: rows 2..<17 of columns 3..<23
    // of an image whose only off-scale samples lie in column 30.
    var samples = onScale.samples
    for y in 0..<23 { samples[y * 37 + 30] = -1 }
    let outside = GrayImage(
      width: 37, height: 23, maxValue: 255, samples: samples, metadata: onScale.metadata)
    let region = PixelRegion(x: 3, y: 2, width: 20, height: 15)
    #expect(ClippedColumns(outside, region: region).atZero.reduce(0, +) > 0)
    #expect(ClippedColumns(outside, region: nil).atZero.reduce(0, +) == 0)
  }
}
