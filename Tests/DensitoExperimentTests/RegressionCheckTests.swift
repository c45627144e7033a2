import Testing
@testable import DensitoExperiment

private func band(_ y: Double, _ volume: Double, saturated: Bool = false) -> BandRecord {
  BandRecord(y: y, top: y - 5, bottom: y + 5, volume: volume, background: 10, peakHeight: 50,
             saturated: saturated, saturatedFraction: saturated ? 0.1 : 0, kDa: nil)
}

private func blot(_ lanes: [[BandRecord]], xs: [Double]? = nil) -> BlotResult {
  BlotResult(
    index: 0, target: "P16", image: "p16.tif", sha256: "", width: 100, height: 100, lossy: false,
    polarity: "dark-bands", signal: "inverted",
    lanes: lanes.enumerated().map { i, bands in
      LaneRecord(index: i, x: xs?[i] ?? Double(20 * i + 10), width: 12, kind: "sample", sample: "S\(i)",
                 group: "g", bands: bands, chosen: bands.isEmpty ? nil : 0)
    }, warnings: [])
}

@Suite struct RegressionCheckSpec {
  let check = RegressionCheck(volumeTolerance: 0.02, positionTolerance: 2)

  @Test func identicalResultsHaveNoDifferences() {
    let b = blot([[band(40, 1000)], [band(41, 2000)]])
    #expect(check.compare(expected: [b], actual: [b]).isEmpty)
  }

  @Test func volumeWithinToleranceIsAcceptedAndBeyondIsReported() {
    let saved = blot([[band(40, 1000)]])
    #expect(check.compare(expected: [saved], actual: [blot([[band(40, 1019)]])]).isEmpty)
    let diffs = check.compare(expected: [saved], actual: [blot([[band(40, 1030)]])])
    #expect(diffs.count == 1)
    #expect(diffs.first?.description == "blot 1 (P16) lane 1 band 1: volume (3 % off, tolerance 2 %): expected 1000, got 1030")
  }

  @Test func laneCountChangeIsOneClearDifference() {
    let diffs = check.compare(expected: [blot([[band(40, 1)], [band(40, 1)]])], actual: [blot([[band(40, 1)]])])
    #expect(diffs.map(\.description) == ["blot 1 (P16): lane count: expected 2, got 1"])
  }

  @Test func movedBandsAndLanesAndSaturationFlagsAreReported() {
    let diffs = check.compare(
      expected: [blot([[band(40, 1000)]], xs: [10])],
      actual: [blot([[band(45, 1000, saturated: true)]], xs: [13])])
    #expect(diffs.map(\.what) == ["lane centre x", "band centre y", "saturated"])
  }
}
