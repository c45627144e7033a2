import Testing
@testable import DensitoExperiment

private func band(_ y: Double, _ volume: Double, kDa: Double? = nil, height: Double = 10) -> BandRecord {
  BandRecord(y: y, top: y - height / 2, bottom: y + height / 2, volume: volume, background: 0,
             peakHeight: 1, saturated: false, saturatedFraction: 0, kDa: kDa)
}

private func lane(_ bands: [BandRecord]) -> LaneFinding {
  LaneFinding(x: 0, width: 10, bands: bands, totalSignal: 0)
}

@Suite struct BandChooserSpec {
  @Test func followsTheBlotsBandRowNotTheStrongestBandOfOneLane() {
    // Row at y ≈ 50; lane 2 has a stronger unrelated band at 120.
    let lanes = [lane([band(50, 100)]), lane([band(52, 90), band(120, 500)]),
                 lane([band(49, 80)]), lane([band(200, 70)])]
    let chosen = BandChooser.choose(lanes: lanes, sampleLanes: [0, 1, 2, 3], blot: BlotSpec(target: "t", image: "i"))
    #expect(chosen == [0, 0, 0, nil])
  }

  @Test func windowChoosesTheLargestBandInside() {
    var blot = BlotSpec(target: "t", image: "i")
    blot.bandWindow = 100...140
    let chosen = BandChooser.choose(lanes: [lane([band(50, 900), band(110, 10), band(130, 20)]), lane([band(50, 1)])],
                                    sampleLanes: [0, 1], blot: blot)
    #expect(chosen == [2, nil])
  }

  @Test func kDaChoosesTheNearestEstimateWithinAFactor() {
    var blot = BlotSpec(target: "t", image: "i")
    blot.kDa = 42
    let chosen = BandChooser.choose(
      lanes: [lane([band(30, 5, kDa: 55), band(50, 5, kDa: 40)]), lane([band(30, 5, kDa: 70)])],
      sampleLanes: [0, 1], blot: blot)
    #expect(chosen == [1, nil])
  }
}
