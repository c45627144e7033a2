import Foundation
import Testing

@testable import DensitoRaster

/// Real blot and gel scans from ../shared/realscans (skipped when absent). Stored values at
/// the listed pixels were read with tifffile 2026.3.3 (`tifffile.imread(f)[row, col]`); the
/// brightest stored pixel of each MinIsWhite file (its darkest band) was found with
/// `numpy.argmax`.
@Suite(.enabled(if: TIFFFixtures.hasShared, "needs ../shared/realscans"))
struct TIFFRealScanSpec {
  struct MinIsWhiteScan: Sendable, CustomTestStringConvertible {
    var file: String
    var width: Int
    var height: Int
    /// (row, column, stored value)
    var pixels: [(Int, Int, Int)]
    /// The strongest band: (row, column) of the largest stored value.
    var band: (Int, Int)
    var dpi: Double
    var testDescription: String { file }
  }

  static let minIsWhite: [MinIsWhiteScan] = [
    MinIsWhiteScan(
      file: "csitron_antiActin_20240710_131425_Ch_Chemi.tif", width: 1200, height: 1648,
      pixels: [(0, 0, 62), (824, 600, 61), (1647, 1199, 46), (907, 898, 30080)],
      band: (907, 898), dpi: 100000.0 / 697.0 * 2.54),
    MinIsWhiteScan(
      file: "biorad1sc_test1_imglab_analysis.tif", width: 696, height: 520,
      pixels: [(0, 0, 58), (260, 348, 782), (519, 695, 20), (225, 422, 65522)],
      band: (225, 422), dpi: 127),
    MinIsWhiteScan(
      file: "biorad1sc_test4_imglab_analysis.tif", width: 696, height: 520,
      pixels: [(0, 0, 16), (260, 348, 426), (519, 695, 23), (383, 473, 64024)],
      band: (383, 473), dpi: 127),
    MinIsWhiteScan(
      file: "goedhart_Dotblot_Example-data.tif", width: 700, height: 300,
      pixels: [(0, 0, 71), (150, 350, 67), (299, 699, 44), (254, 69, 9965)],
      band: (254, 69), dpi: 143.472022 * 2.54),
  ]

  /// 16-bit MinIsWhite scans become brightness: value = 65535 − stored, so bands are dark
  /// and the background light.
  @Test(arguments: minIsWhite)
  func minIsWhiteScansAreInverted(scan: MinIsWhiteScan) throws {
    guard let bytes = try TIFFFixtures.shared("realscans/" + scan.file) else { return }
    let image = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    #expect(image.width == scan.width && image.height == scan.height)
    #expect(image.maxValue == 65535)
    #expect(image.metadata.bitDepth == 16)
    #expect(image.metadata.photometric == "MinIsWhite")
    #expect(image.metadata.invertedFromMinIsWhite)
    for (row, column, stored) in scan.pixels {
      #expect(image[row, column] == Float(65535 - stored), "pixel (\(row), \(column))")
    }
    let sorted = image.samples.sorted()
    let median = sorted[sorted.count / 2]
    #expect(median > 0.9 * 65535, "background is light")
    #expect(image[scan.band.0, scan.band.1] < median - 5000, "the band is dark")
    let dpi = try #require(image.metadata.resolution)
    // libtiff stores XResolution as a 32-bit float: 1e-6 relative covers its rounding.
    #expect(abs(dpi.x - scan.dpi) <= 1e-6 * scan.dpi)
  }

  /// The ColorMap of this file has the wrong count; libtiff ignores it with a warning and
  /// the 16-bit MinIsWhite data still decodes.
  @Test func malformedColorMapIsIgnoredWithAWarning() throws {
    guard let bytes = try TIFFFixtures.shared("realscans/goedhart_Dotblot_Example-data.tif")
    else { return }
    let image = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    #expect(image.metadata.warnings.contains { $0.contains("ColorMap") })
    #expect(image.metadata.colorModel == .gray)
  }

  /// gelgenie: 8-bit gray, LZW with horizontal predictor; values as stored.
  @Test func lzwPredictorGelDecodesExactly() throws {
    guard let bytes = try TIFFFixtures.shared("realscans/gelgenie_ladder_reference_gel.tif")
    else { return }
    let image = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    #expect(image.width == 1360 && image.height == 1024)
    #expect(image.metadata.compression == "LZW")
    #expect(image.metadata.bitDepth == 8 && image.maxValue == 255)
    #expect(!image.metadata.invertedFromMinIsWhite)
    for (row, column, stored) in [(0, 0, 7), (512, 680, 12), (1023, 1359, 4), (267, 808, 216)] {
      #expect(image[row, column] == Float(stored))
    }
  }

  /// wbtool: RGB, Deflate, 600 dpi, gray pixels (R = G = B), so every conversion gives
  /// the stored value.
  @Test(arguments: GrayConversion.allCases)
  func rgbDeflateBlotDecodes(conversion: GrayConversion) throws {
    guard let bytes = try TIFFFixtures.shared("realscans/wbtool_protein_of_interest.tif")
    else { return }
    let image = try TIFFDecoder.decode(bytes, options: DecodingOptions(grayConversion: conversion))
    #expect(image.width == 2128 && image.height == 1703)
    #expect(image.metadata.colorModel == .rgb)
    #expect(image.metadata.compression == "Deflate")
    #expect(image.metadata.resolution == Resolution(x: 600, y: 600))
    #expect(image.metadata.grayConversion == conversion)
    for (row, column, stored) in [(0, 0, 61), (851, 1064, 234), (1702, 2127, 62), (471, 2040, 254)]
    {
      // Luma's weights sum to 1 only up to Float rounding.
      #expect(abs(image[row, column] - Float(stored)) <= Float(stored) * 2e-7)
    }
  }
}

/// ImageJ 1.53t as a second reader of the MinIsWhite files. ImageJ keeps the stored values
/// and shows them through an inverting LUT (`is("Inverting LUT")` is true); Densito turns
/// them into brightness. So Densito's mean must be `max − ImageJ's mean`. ImageJ's means,
/// printed with 4 decimals by scripts/reference/tiff-imagej-check.ijm (run with
/// `xvfb-run -a java -cp /usr/share/java/ij.jar ij.ImageJ -batch ...`, 2026-11-26):
/// csitron 160.0358, goedhart 249.6353, biorad1sc_test1 1780.0234,
/// miniswhite-1c-1b (8-bit in ImageJ) 127.5054. Tolerance 5e-5: the print rounding.
@Suite(.enabled(if: TIFFFixtures.hasShared, "needs ../shared"))
struct TIFFImageJCrossCheckSpec {
  @Test(arguments: [
    ("realscans/csitron_antiActin_20240710_131425_Ch_Chemi.tif", 65535.0, 160.0358),
    ("realscans/goedhart_Dotblot_Example-data.tif", 65535, 249.6353),
    ("realscans/biorad1sc_test1_imglab_analysis.tif", 65535, 1780.0234),
    ("conformance/tiff/miniswhite-1c-1b.tiff", 255, 127.5054),
  ])
  func meanIsImageJsStoredMeanInverted(file: String, max: Double, imageJMean: Double) throws {
    guard let bytes = try TIFFFixtures.shared(file) else { return }
    let image = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    #expect(abs(image.statistics.mean - (max - imageJMean)) <= 5e-5)
  }
}
