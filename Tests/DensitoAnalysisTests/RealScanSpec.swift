import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Real scans from `../shared/realscans` (PROVENANCE.md there gives the lane counts). Skipped
/// when the folder is absent or the decoders cannot read the files yet. Only lossless grey
/// files whose lane count the analysis already finds are asserted; Docs/analysis.md lists
/// what happens on the others.
enum RealScans {
  static let folder: URL? = TestPaths.shared?.appendingPathComponent("realscans")

  static func load(_ name: String) -> GrayImage? {
    guard let folder else { return nil }
    return try? ImageDecoder.decodeFile(atPath: folder.appendingPathComponent(name).path)
  }

  /// True when the shared folder exists and the TIFF and PNG decoders work.
  static let available: Bool =
    load("goedhart_Dotblot_Example-data.tif") != nil && load("wbmage_test1.png") != nil
}

@Suite(.enabled(if: RealScans.available)) struct RealScanSpec {
  /// 16-bit MinIsWhite chemiluminescence (ImageQuant 800): 8 lanes, the actin band and a
  /// faint second row in each; linear counts via inverted brightness.
  @Test func csitronActinBlot() throws {
    let image = try #require(RealScans.load("csitron_antiActin_20240710_131425_Ch_Chemi.tif"))
    let result = try analyzeBlot(image)
    #expect(result.polarity.polarity == .darkBands)
    #expect(result.signal == .invertedBrightness)
    #expect(result.lanes.count == 8)
    #expect(result.lanes.allSatisfy { $0.bands.count == 2 })
  }

  /// Light-on-dark DNA gel: brightness, 4 lanes of the same ladder.
  @Test func gelgenieLightBands() throws {
    let image = try #require(RealScans.load("gelgenie_ladder_reference_gel.tif"))
    let result = try analyzeBlot(image)
    #expect(result.polarity.polarity == .lightBands)
    #expect(result.signal == .brightness)
    #expect(result.lanes.count == 4)
  }

  @Test(arguments: [
    ("wbmage_test1.png", 8), ("wbquantifier_test_image.png", 12),
    ("wbquantifier_test_image2.png", 13),
  ])
  func laneCounts(file: String, lanes: Int) throws {
    let image = try #require(RealScans.load(file))
    #expect(try analyzeBlot(image).lanes.count == lanes)
  }
}
