import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Real scans from `../shared/realscans` (PROVENANCE.md there gives the lane counts). Skipped
/// when the folder is absent or the decoders cannot read the files yet. Lane counts are
/// asserted where the automatic finder gets them right; Docs/lanes.md lists every scan's
/// count (scripts/reference/lanes/realscan_counts.sh prints them).
enum RealScans {
  static let folder: URL? = TestPaths.shared?.appendingPathComponent("realscans")

  static func load(_ name: String) -> GrayImage? {
    guard let folder else { return nil }
    return try? ImageDecoder.decodeFile(atPath: folder.appendingPathComponent(name).path)
  }

  /// True when the shared folder exists and the TIFF, PNG and JPEG decoders work.
  static let available: Bool =
    load("goedhart_Dotblot_Example-data.tif") != nil && load("wbmage_test1.png") != nil
    && load("wbmage_test2.jpg") != nil

  /// Every lane image with PROVENANCE.md's count (the two dot blots have no lanes).
  /// gelquant's two stacked gels share their 15 lane positions, so its column count is 15.
  static let laneImages: [(String, Int)] = [
    ("csitron_antiActin_20240710_131425_Ch_Chemi.tif", 8),
    ("biorad1sc_test4_imglab_analysis.tif", 16), ("gelblotanalyzer_TEST_GEL_AK_original.png", 8),
    ("wbtool_protein_of_interest.tif", 11), ("wbtool_loading_control.jpg", 11),
    ("wbquantifier_test_image.png", 12), ("wbquantifier_test_image2.png", 13),
    ("facuperezt_wide_pic_bands.jpeg", 8), ("facuperezt_img_2band.jpeg", 3),
    ("facuperezt_img_shadow.jpeg", 3), ("wbmage_test1.png", 8), ("wbmage_test2.jpg", 6),
    ("wbmage_test3.jpg", 11), ("wbmage_test4.jpg", 10), ("gelquant_gel-example.png", 15),
    ("gelgenie_ladder_reference_gel.tif", 4),
  ]
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

  /// The counts the finder gets exactly right (lossless and JPEG files).
  @Test(arguments: [
    ("wbmage_test1.png", 8), ("wbquantifier_test_image2.png", 13),
    ("wbtool_protein_of_interest.tif", 11), ("facuperezt_img_2band.jpeg", 3),
    ("wbmage_test2.jpg", 6), ("gelblotanalyzer_TEST_GEL_AK_original.png", 8),
    ("facuperezt_wide_pic_bands.jpeg", 8), ("wbtool_loading_control.jpg", 11),
    ("wbmage_test4.jpg", 10), ("wbmage_test3.jpg", 11),
    ("biorad1sc_test4_imglab_analysis.tif", 16), ("wbquantifier_test_image.png", 12),
    ("facuperezt_img_shadow.jpeg", 3), ("csitron_antiActin_20240710_131425_Ch_Chemi.tif", 8),
    ("gelgenie_ladder_reference_gel.tif", 4),
  ])
  func laneCounts(file: String, lanes: Int) throws {
    let image = try #require(RealScans.load(file))
    #expect(try analyzeBlot(image).lanes.count == lanes)
  }

  /// Counts within one lane of PROVENANCE.md (gelquant, a Coomassie gel with torn edges:
  /// 16 of its 15 lane positions). Asserted so that a change that makes it worse is seen.
  @Test(arguments: [("gelquant_gel-example.png", 15)])
  func laneCountsWithinOne(file: String, lanes: Int) throws {
    let image = try #require(RealScans.load(file))
    #expect(abs(try analyzeBlot(image).lanes.count - lanes) <= 1)
  }

  /// Every real lane blot is upright. The automatic orientation rule (opt-in, see
  /// ``OrientationDecision``) says so for all but two: facuperezt_img_shadow, whose lanes
  /// show only as dark vertical edges, and wbmage_test3, whose saturated flat-topped blobs
  /// have sharp vertical sides. This is why vertical is the default.
  @Test func automaticOrientationOnRealBlots() throws {
    var misjudged: [String] = []
    for (file, _) in RealScans.laneImages {
      let image = try #require(RealScans.load(file))
      let decision = OrientationDecision.decide(
        image, region: PixelRect(x: 0, y: 0, width: image.width, height: image.height))
      print("orientation \(file): \(decision.reason)")
      if decision.orientation != .vertical { misjudged.append(file) }
    }
    #expect(misjudged == ["facuperezt_img_shadow.jpeg", "wbmage_test3.jpg"])
  }
}
