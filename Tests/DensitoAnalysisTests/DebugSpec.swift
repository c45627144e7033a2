import Testing
@testable import DensitoAnalysis

@Suite struct DebugSpec {
  @Test(arguments: [2.8, 3.2, 4.0, 6.0])
  func doublet(_ gap: Double) throws {
    let sigma = 4.0
    var lanes: [SyntheticLane] = []
    for i in 0..<5 {
      lanes.append(SyntheticLane(centerX: 60 + 70 * Double(i), width: 40, bands: [
        SyntheticBand(y: 100, amount: 1e6 * Double(i + 1), sigma: sigma),
        SyntheticBand(y: 100 + gap * sigma, amount: 0.6e6 * Double(i + 1), sigma: sigma),
        SyntheticBand(y: 200, amount: 1e6, sigma: sigma)]))
    }
    let blot = SyntheticBlot(width: 400, height: 300, lanes: lanes,
      detector: .linear(LinearDetector(readNoise: 2, gain: 0))).render()
    let r = try analyzeBlot(blot.asDecodedMinIsWhite!)
    for (lane, t) in zip(r.lanes, blot.truth.lanes) {
      print("gap \(gap) lane \(lane.index):", zip(lane.bands, t.bands).map { String(format: "y %.1f/%.1f v %.4f q %.3f [%d,%d]", $0.y, $1.y, $0.volume / $1.volume, $0.fitQuality ?? -1, $0.top, $0.bottom) })
    }
  }
}
