import DensitoRaster
import Foundation
import Testing
@testable import DensitoExperiment

/// The pipeline's other paths, on the demo's images: targets sharing one image through
/// regions, total-protein normalization, and more than two groups.
@Suite struct ExperimentVariantsSpec {
  static let demo = TestPaths.testImages.appendingPathComponent("demo")

  func run(_ yaml: String, in dir: URL) throws -> ExperimentResult {
    let file = dir.appendingPathComponent("experiment.yaml")
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    return try ExperimentRunner(analyzer: DensitoAnalysisAdapter()).run(ExperimentFile.load(atPath: file.path))
  }

  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("densito-exp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static let lanes = """
    lanes:
      - {ladder: [250, 150, 100, 75, 50, 37, 25, 20, 15, 10]}
      - {sample: C1, group: control}
      - {sample: C2, group: control}
      - {sample: C3, group: control}
      - {sample: E1, group: co-culture}
      - {sample: E2, group: co-culture}
      - {sample: E3, group: co-culture}

    """

  /// P16 and P21 stacked in one image, each measured through its own region: the same
  /// pixels give the same volumes as the separate images, with y shifted by the region.
  @Test func targetsShareOneImageThroughRegions() throws {
    let dir = try temporaryDirectory()
    let p16 = try ImageDecoder.decodeFile(atPath: Self.demo.appendingPathComponent("p16.tif").path)
    let p21 = try ImageDecoder.decodeFile(atPath: Self.demo.appendingPathComponent("p21.tif").path)
    let stacked = GrayImage(width: p16.width, height: p16.height * 2, maxValue: 65535,
                            samples: p16.samples + p21.samples)
    try Data(TIFFEncoder.encode(stacked, layout: .uint16)).write(to: dir.appendingPathComponent("both.tif"))
    let actin = Self.demo.appendingPathComponent("beta-actin.tif").path
    let h = p16.height
    let shared = try run("""
      loading_control: beta-actin
      control_group: control
      \(Self.lanes)blots:
        - {target: beta-actin, image: \(actin), kDa: 42}
        - {target: P16, image: both.tif, kDa: 16, region: [0, 0, \(p16.width), \(h)]}
        - {target: P21, image: both.tif, kDa: 21, region: [0, \(h), \(p16.width), \(h)]}
      """, in: dir)
    let separate = try run("""
      loading_control: beta-actin
      control_group: control
      \(Self.lanes)blots:
        - {target: beta-actin, image: \(actin), kDa: 42}
        - {target: P16, image: \(Self.demo.appendingPathComponent("p16.tif").path), kDa: 16}
        - {target: P21, image: \(Self.demo.appendingPathComponent("p21.tif").path), kDa: 21}
      """, in: dir)
    #expect(shared.foldChanges.map(\.foldChange) == separate.foldChanges.map(\.foldChange))
    let sharedP21 = shared.blots[2].lanes[1].bands[0]
    let separateP21 = separate.blots[2].lanes[1].bands[0]
    #expect(sharedP21.volume == separateP21.volume)
    #expect(sharedP21.y == separateP21.y + Double(h))
  }

  /// Total-protein normalization with the beta-actin image as the "stain": every sample
  /// lane holds one band, so its whole-lane signal is close to the actin band's volume and
  /// the fold changes agree with loading-control normalization within 2 %.
  @Test func totalProteinNormalizationDividesByTheWholeLane() throws {
    let dir = try temporaryDirectory()
    let actin = Self.demo.appendingPathComponent("beta-actin.tif").path
    let p16 = Self.demo.appendingPathComponent("p16.tif").path
    let stain = try run("""
      loading_control: beta-actin
      control_group: control
      normalization: total-protein
      \(Self.lanes)blots:
        - {target: P16, image: \(p16), kDa: 16, total_protein: \(actin)}
      """, in: dir)
    let control = try run("""
      loading_control: beta-actin
      control_group: control
      \(Self.lanes)blots:
        - {target: beta-actin, image: \(actin), kDa: 42}
        - {target: P16, image: \(p16), kDa: 16}
      """, in: dir)
    let a = try #require(stain.foldChanges.first).foldChange
    let b = try #require(control.foldChanges.first).foldChange
    #expect(abs(a / b - 1) < 0.02, "total protein \(a) vs loading control \(b)")
    #expect(stain.normalized.allSatisfy { ($0.denominator ?? 0) > 0 })
  }

  /// Three groups: each non-control group gets its own row, compared with control.
  @Test func moreThanTwoGroupsAreEachComparedWithControl() throws {
    let dir = try temporaryDirectory()
    let actin = Self.demo.appendingPathComponent("beta-actin.tif").path
    let p16 = Self.demo.appendingPathComponent("p16.tif").path
    let result = try run("""
      loading_control: beta-actin
      control_group: control
      lanes:
        - {ladder: [250, 150, 100, 75, 50, 37, 25, 20, 15, 10]}
        - {sample: C1, group: control}
        - {sample: C2, group: control}
        - {sample: L1, group: low}
        - {sample: L2, group: low}
        - {sample: H1, group: high}
        - {sample: H2, group: high}
      blots:
        - {target: beta-actin, image: \(actin), kDa: 42}
        - {target: P16, image: \(p16), kDa: 16}
      statistics: {test: welch}
      """, in: dir)
    #expect(result.foldChanges.map(\.group) == ["low", "high"])
    #expect(result.foldChanges.allSatisfy { $0.pValue != nil && $0.test == "Welch's t-test" })
  }
}
