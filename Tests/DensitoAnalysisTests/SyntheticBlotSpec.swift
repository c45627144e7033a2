import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

@Suite struct SyntheticBlotSpec {
  /// The specification of scripts/reference/analysis-synthetic-volumes.py.
  static let referenceSpec = SyntheticBlot(
    width: 160, height: 120,
    lanes: [
      SyntheticLane(
        centerX: 50, width: 30,
        bands: [
          SyntheticBand(y: 40, amount: 2e5, sigma: 3), SyntheticBand(y: 80, amount: 1e5, sigma: 4),
        ]),
      SyntheticLane(centerX: 110, width: 34, bands: [SyntheticBand(y: 60, amount: 3e5, sigma: 2.5)]),
    ],
    background: SyntheticBackground(level: 100),
    detector: .linear(LinearDetector(readNoise: 0, gain: 0)), rotationDegrees: 3, smile: 4,
    edgeSoftness: 1.5)

  /// numpy/scipy (analysis-synthetic-volumes.py) on the same model: band volumes 2e5, 1e5, 3e5
  /// (to 10 digits) and noise-free exposures at four pixels. Tolerance: 1e-9 relative for sums
  /// (double rounding only); stored samples are the exposures rounded to integers.
  @Test func truthMatchesIndependentRendering() {
    let blot = Self.referenceSpec.render()
    let volumes = blot.truth.lanes.flatMap { $0.bands.map(\.volume) }
    for (v, ref) in zip(volumes, [2e5, 1e5, 3e5]) { #expect(abs(v / ref - 1) < 1e-9) }
    for (row, col, e) in [(40, 50, 941.316681), (60, 110, 1069.808589), (80, 52, 423.028502),
                          (10, 10, 100.0)] {
      #expect(blot.image[row, col] == Float(e.rounded()))
    }
  }

  @Test func renderingIsDeterministic() {
    let spec = SyntheticBlot.random(.hard, seed: 99)
    #expect(spec.render() == spec.render())
    #expect(SyntheticBlot.random(.hard, seed: 99) == spec)
    #expect(SyntheticBlot.random(.hard, seed: 100) != spec)
  }

  /// Without noise, the counts above the background add up to the true volumes (up to
  /// rounding each pixel to an integer: ±0.5 per pixel, ≪ 1e-3 of the total here).
  @Test func countsAboveBackgroundAddUpToTrueVolumes() {
    var spec = Self.referenceSpec
    spec.rotationDegrees = 0
    let blot = spec.render()
    let net = blot.image.samples.reduce(0.0) { $0 + Double($1) - 100 }
    let truth = blot.truth.bands.reduce(0.0) { $0 + $1.volume }
    #expect(abs(net / truth - 1) < 1e-3)
  }

  /// The band centre reported in image coordinates is where the rotated band's maximum is.
  @Test func bandPositionsFollowRotationAndSmile() {
    let blot = Self.referenceSpec.render()
    for band in blot.truth.bands {
      let r = Int(band.y.rounded())
      let c = Int(band.x.rounded())
      var best = (0, 0, -Float.infinity)
      for y in (r - 4)...(r + 4) {
        let v = blot.image[y, c]
        if v > best.2 { best = (y, c, v) }
      }
      #expect(abs(Double(best.0) - band.y) <= 1)
    }
    // Lane centres on the middle row: cx + (u − cx)/cos θ.
    let cx = 79.5
    #expect(abs(blot.truth.lanes[0].centerX - (cx + (50 - cx) / cos(3 * Double.pi / 180))) < 1e-9)
  }

  @Test func decodedMinIsWhiteViewIsInverted() throws {
    let blot = Self.referenceSpec.render()
    let view = try #require(blot.asDecodedMinIsWhite)
    #expect(view.metadata.invertedFromMinIsWhite)
    #expect(view.samples[0] == 65535 - blot.image.samples[0])
    #expect(blot.truth.polarity == .lightBands)
    #expect(blot.image.metadata.bitDepth == 16)
  }

  /// A band peaking at twice the full well clips there and is saturated in the truth; a
  /// band peaking at a third of it is not.
  @Test func saturationIsClippedAndRecorded() {
    let w = 30.0
    let sigma = 3.0
    let amount = { (peak: Double) in peak * sigma * (2 * Double.pi).squareRoot() * w }
    let spec = SyntheticBlot(
      width: 120, height: 100,
      lanes: [
        SyntheticLane(centerX: 35, width: w, bands: [SyntheticBand(y: 50, amount: amount(60_000), sigma: sigma)]),
        SyntheticLane(centerX: 85, width: w, bands: [SyntheticBand(y: 50, amount: amount(10_000), sigma: sigma)]),
      ],
      detector: .linear(LinearDetector(fullWell: 30_000, readNoise: 0, gain: 0)))
    let blot = spec.render()
    #expect(blot.image.samples.max() == 30_000)
    #expect(blot.truth.lanes[0].bands[0].isSaturated)
    #expect(blot.truth.lanes[0].bands[0].saturatedFraction > 0.3)
    #expect(!blot.truth.lanes[1].bands[0].isSaturated)
  }

  /// Film: dark bands; background scan value = white·10^(−D(E)); the ideal tablet maps the
  /// scan values of known exposures back to those exposures (monotone cubic between 64
  /// geometric steps: 0.2 % relative tolerance).
  @Test(arguments: [8, 16])
  func filmFollowsTheCharacteristicCurve(bitDepth: Int) throws {
    let film = FilmDetector(bitDepth: bitDepth, grain: 0, scanNoise: 0)
    var spec = Self.referenceSpec
    spec.rotationDegrees = 0
    spec.background = SyntheticBackground(level: 2000)
    spec.detector = .film(film)
    let blot = spec.render()
    #expect(blot.truth.polarity == .darkBands)
    #expect(blot.image.maxValue == Float(film.white))
    #expect(blot.image[5, 5] == Float(film.scanValue(exposure: 2000).rounded()))
    let tablet = try #require(blot.filmCalibration)
    for e in [0.0, 500, 5000, 30_000, 120_000] {
      #expect(abs(tablet.value(at: film.scanValue(exposure: e)) - e) <= 2e-3 * e)
    }
    // Darker where the exposure is higher: the band is darker than the background.
    #expect(blot.image[40, 50] < blot.image[5, 5])
  }

  @Test(arguments: Difficulty.allCases)
  func presetsStayInsideTheirRanges(difficulty: Difficulty) {
    for seed in UInt64(1)...20 {
      let spec = SyntheticBlot.random(difficulty, seed: seed)
      #expect(spec.lanes.count >= 6 && spec.lanes.count <= 14)
      #expect(abs(spec.rotationDegrees) <= (difficulty == .hard ? 5 : 1.5))
      if difficulty == .clean {
        #expect(spec.rotationDegrees == 0 && spec.smile == 0 && spec.dust.isEmpty)
      }
      for lane in spec.lanes {
        #expect(lane.centerX - lane.width / 2 > 0)
        #expect(lane.centerX + lane.width / 2 < Double(spec.width))
      }
    }
  }
}
