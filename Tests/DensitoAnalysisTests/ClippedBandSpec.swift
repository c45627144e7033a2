import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// Bands clipped far beyond the detector's range (flat plateaus) are found, measured and
/// flagged saturated (``ClippedCore``).
@Suite struct ClippedBandSpec {
  /// Four lanes, one band each (σ = 6 rows at row 100), peaking at `factor` × the 65 535
  /// full well; light bands on a 16-bit linear detector, as in the CLI's all-saturated case.
  static func blot(factor: Double) -> SyntheticBlot {
    let lanes = (0..<4).map { i in
      SyntheticLane(
        centerX: 50 + 70 * Double(i), width: 40,
        bands: [SyntheticBand(y: 100, amount: Blots.amount(peak: factor * 65535, sigma: 6, width: 40),
                              sigma: 6)])
    }
    return SyntheticBlot(
      width: 310, height: 200, lanes: lanes, detector: .linear(LinearDetector(readNoise: 3)))
  }

  /// Every clipped band is one band, centred on its plateau (±1 row), flagged saturated, with
  /// a window that holds the plateau and both flanks down to the baseline: at the window's
  /// edges the true band is below 3 % of the limit (an unclipped band's 3σ window ends at
  /// 1.1 % of its peak; the 3 % allows for a σ estimated 10 % low). Its volume is a lower
  /// bound of the true volume.
  @Test(arguments: [1.5, 3.0, 6.0, 14.0, 40.0])
  func clippedBandsAreFoundAndFlagged(factor: Double) throws {
    let rendered = Self.blot(factor: factor).render()
    for image in [rendered.image, try #require(rendered.asDecodedMinIsWhite)] {
      let result = try analyzeBlot(image)
      #expect(result.lanes.count == 4)
      for (lane, truth) in zip(result.lanes, rendered.truth.lanes) {
        let band = try #require(lane.bands.count == 1 ? lane.bands.first : nil)
        let t = truth.bands[0]
        #expect(abs(band.y - t.y) <= 1)
        #expect(band.saturated && !band.saturationInherited)
        let edge = min(t.y - Double(band.top), Double(band.bottom) - t.y)
        #expect(factor * exp(-edge * edge / (2 * 36)) <= 0.03)
        #expect(band.volume > 0 && band.volume <= t.volume)
      }
    }
  }

  /// The σ of a clipped band is recovered from its plateau and half-level width within 20 %
  /// (the lane's soft edges and the smoothing bias it slightly).
  @Test(arguments: [3.0, 14.0])
  func clippedBandWidthIsRecovered(factor: Double) throws {
    let result = try analyzeBlot(Self.blot(factor: factor).render().image)
    for band in result.bands { #expect(abs(band.sigma - 6) <= 1.2) }
  }

  /// A lane clipped from end to end has no band to measure; it is not reported as one.
  @Test func aLaneClippedEndToEndIsNoBand() throws {
    let image = GrayImage(width: 60, height: 80, maxValue: 65535, filledWith: 65535)
    var samples = image.samples
    for y in 0..<80 { for x in 0..<20 { samples[y * 60 + x] = 1000 + Float((x * 7 + y * 13) % 50) } }
    let mixed = GrayImage(width: 60, height: 80, maxValue: 65535, samples: samples,
                          metadata: image.metadata)
    let result = try? analyzeBlot(mixed, options: AnalysisOptions(
      lanes: .explicit([LaneRegion(x0: 30, x1: 55)])))
    #expect(result?.bands.isEmpty ?? true)
  }
}
