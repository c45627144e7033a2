import DensitoRaster
import Foundation
import Testing

/// `densito analyze`'s `bands.csv` carries the saturation reason as `densito bands --csv`
/// does: the column `saturation_reason` right after `saturated_fraction`, with the same value
/// for the same band, and `analysis.json` has it as `saturationReason`. (The blots are
/// ``SaturationSpec``'s synthetic ones: one band per lane at row 100.)
@Suite(.serialized) struct SaturationReasonTableSpec {
  @Test func analyzeListsTheReasonWhereBandsListsIt() throws {
    let dir = try CLI.temporaryDirectory()
    try SaturationSpec.experiment(
      actin: [.normal, .normal, .normal, .normal, .normal, .normal],
      x: [.normal, .normal, .saturated, .normal, .normal, .clippedFlat], in: dir)
    let run = try CLI.run(["analyze", "e.yaml", "--out", "out", "--quiet"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")

    let table = try Self.rows(String(contentsOf: dir.appendingPathComponent("out/bands.csv"), encoding: .utf8))
    let header = try #require(table.first)
    let fraction = try #require(header.firstIndex(of: "saturated_fraction"))
    #expect(header[fraction + 1] == "saturation_reason")
    let target = try #require(header.firstIndex(of: "target"))
    let xRows = table.dropFirst().filter { $0[target] == "X" }
    #expect(xRows.map { $0[fraction + 1] } == ["", "", "detectorLimit", "", "", "detectorLimit"])
    let actinRows = table.dropFirst().filter { $0[target] == "actin" }
    #expect(actinRows.allSatisfy { $0[fraction + 1] == "" })

    // `densito bands --csv` on the same scan: the same reasons, lane for lane.
    let bands = try CLI.run(["bands", "x.tif", "--csv"], in: dir)
    #expect(bands.status == 0, "\(bands.stderr)")
    let single = Self.rows(bands.stdout)
    let column = try #require(single.first?.firstIndex(of: "saturation_reason"))
    #expect(single.first?[column - 1] == "saturated_fraction")
    #expect(single.dropFirst().map { $0[column] } == xRows.map { $0[fraction + 1] })

    let record = try String(contentsOf: dir.appendingPathComponent("out/analysis.json"), encoding: .utf8)
    #expect(record.components(separatedBy: "\"saturationReason\" : \"detectorLimit\"").count - 1 == 2)
  }

  static func rows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  }
}
