import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Speed of `analyzeBlot` on a 2000×1500 image. Only meaningful in release:
/// `DENSITO_TIMING=1 swift test -c release -Xswiftc -enable-testing --filter SpeedSpec`.
@Suite struct SpeedSpec {
  static let enabled = ProcessInfo.processInfo.environment["DENSITO_TIMING"] == "1"

  @Test(.enabled(if: SpeedSpec.enabled)) func largeBlotIsFast() throws {
    var lanes: [SyntheticLane] = []
    for i in 0..<16 {
      lanes.append(
        SyntheticLane(
          centerX: 100 + 115 * Double(i), width: 80,
          bands: [400.0, 700, 1000].map {
            SyntheticBand(y: $0, amount: Blots.amount(peak: 8000, sigma: 8, width: 80), sigma: 8)
          }))
    }
    let spec = SyntheticBlot(
      width: 2000, height: 1500, lanes: lanes, rotationDegrees: 1.2, smile: 5, seed: 11)
    let image = try #require(spec.render().asDecodedMinIsWhite)
    var best = Double.infinity
    var result: BlotAnalysis? = nil
    for _ in 0..<3 {
      let start = DispatchTime.now().uptimeNanoseconds
      result = try analyzeBlot(image)
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print("analyzeBlot 2000×1500: best of 3 = \(String(format: "%.3f", best)) s")
    #expect(result?.lanes.count == 16)
    #expect(best < 0.3)
  }
}
