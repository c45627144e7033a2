import Foundation
import Testing
@testable import DensitoAnalysis

@Suite struct BandSpec {
  /// scripts/reference/analysis-gaussian-fit.py: scipy.optimize.curve_fit (scipy 1.17.1, 'lm')
  /// of two Gaussians sharing one width gave a1 100.0107661, a2 60.0029403, μ1 15.00050582,
  /// μ2 24.00068815, s 2.999641842, R² 0.9981783831. Both reach the same least-squares
  /// optimum: parameters agree to 1e-6 relative.
  @Test func doubletFitMatchesScipy() throws {
    let rows = (0..<40).map(Double.init)
    let values = rows.map {
      100 * exp(-($0 - 15) * ($0 - 15) / 18) + 60 * exp(-($0 - 24) * ($0 - 24) / 18) + 2 * sin(1.3 * $0)
    }
    let fit = try #require(
      GaussianMixtureFit.fit(
        rows: rows, values: values, centers: [14, 25], amplitudes: [90, 50], width: 2.5))
    let expected = [100.0107661, 60.0029403, 15.00050582, 24.00068815, 2.999641842]
    let got = fit.amplitudes + fit.centers + [fit.width]
    for (g, e) in zip(got, expected) { #expect(abs(g / e - 1) < 1e-6, "\(g) vs \(e)") }
    #expect(abs(fit.rSquared - 0.9981783831) < 1e-8)
  }

  /// Two bands 2.8–6 σ apart in five lanes, loads 1…5 and 1…3 (ratios up to 1.7): every band
  /// is found, positions
  /// within 0.3 rows, volumes within 1.5 % of the truth after normalisation, and the groups
  /// report a fit quality.
  @Test(arguments: [2.8, 3.2, 4.0, 6.0])
  func doubletsAreSplitByAGaussianFit(gap: Double) throws {
    let sigma = 4.0
    var lanes: [SyntheticLane] = []
    for i in 0..<5 {
      lanes.append(
        SyntheticLane(
          centerX: 60 + 70 * Double(i), width: 40,
          bands: [
            SyntheticBand(y: 100, amount: 1e6 * Double(i + 1), sigma: sigma),
            SyntheticBand(y: 100 + gap * sigma, amount: 1e6 * (1 + 0.5 * Double(i)), sigma: sigma),
            SyntheticBand(y: 200, amount: 1e6, sigma: sigma),
          ]))
    }
    let blot = SyntheticBlot(
      width: 400, height: 300, lanes: lanes, detector: .linear(LinearDetector(readNoise: 5)),
      seed: 21
    ).render()
    let result = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    #expect(result.bands.count == 15)
    let pairs = AccuracyHarness.compare(result, blot.truth).pairs
    #expect(pairs.count == 15)
    for p in pairs { #expect(abs(p.found.y - p.truth.y) < 0.3) }
    for r in Blots.normalisedRatios(result, blot.truth) { #expect(abs(r - 1) < 0.015) }
    for lane in result.lanes {
      #expect(lane.bands[0].fitQuality != nil && lane.bands[1].fitQuality != nil)
      #expect((lane.bands[0].fitQuality ?? 0) > 0.99)
    }
  }

  /// Each band's window is ±3σ of its own width: a wide band and a narrow band of equal
  /// volume come out equal (within 1 %).
  @Test func windowsScaleWithBandWidth() throws {
    let lanes = (0..<4).map { i in
      SyntheticLane(
        centerX: 60 + 70 * Double(i), width: 40,
        bands: [
          SyntheticBand(y: 80, amount: 2e6, sigma: 2.5), SyntheticBand(y: 190, amount: 2e6, sigma: 9),
        ])
    }
    let blot = SyntheticBlot(width: 330, height: 300, lanes: lanes, seed: 5).render()
    let result = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    for lane in result.lanes {
      #expect(lane.bands.count == 2)
      #expect(abs(lane.bands[0].volume / lane.bands[1].volume - 1) < 0.01)
      #expect(abs(lane.bands[0].sigma - 2.5) < 0.5 && abs(lane.bands[1].sigma - 9) < 1)
    }
  }

  /// Dust specks on the lanes do not become bands (the median profile ignores them).
  @Test func dustIsNotABand() throws {
    var spec = Blots.ladderOfLoads(count: 4)
    spec.dust = [
      DustSpeck(x: 60, y: 40, radius: 1.2, peak: 30_000),
      DustSpeck(x: 128, y: 200, radius: 1.0, peak: 40_000),
      DustSpeck(x: 190, y: 120, radius: 1.5, peak: 20_000),
    ]
    let result = try analyzeBlot(try #require(spec.render().asDecodedMinIsWhite))
    #expect(result.lanes.count == 4)
    #expect(result.lanes.allSatisfy { $0.bands.count == 2 }, "\(result.lanes.map { $0.bands.map(\.y) })")
  }

  /// A smile of 6 px (edge lanes' bands lower) is measured from the band row.
  @Test func smileIsEstimated() throws {
    var spec = Blots.ladderOfLoads(count: 8)
    spec.smile = 6
    let blot = spec.render()
    let result = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    let smile = try #require(result.smile)
    // Lane centres span ±(1 − 60/W) of the half-width, so the fit sees ~85 % of the edge value.
    #expect(smile > 3.5 && smile < 7)
    // Each lane finds its band at its own height.
    for (lane, truth) in zip(result.lanes, blot.truth.lanes) {
      #expect(abs(lane.bands[0].y - truth.bands[0].y) < 0.5)
    }
  }
}
