import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Builds small blots with known answers.
enum Blots {
  static func amount(peak: Double, sigma: Double, width: Double) -> Double {
    peak * sigma * (2 * Double.pi).squareRoot() * width
  }

  /// `count` lanes, 40 px wide, 65 px apart; lane i has a band at rows 80 and 160 with peaks
  /// (i+1)·2000 and 5000 counts; lanes listed in `empty` have no bands.
  static func ladderOfLoads(
    count: Int = 6, empty: Set<Int> = [], rotation: Double = 0, noise: Double = 5,
    background: SyntheticBackground = SyntheticBackground(level: 1000), seed: UInt64 = 3
  ) -> SyntheticBlot {
    var lanes: [SyntheticLane] = []
    for i in 0..<count {
      let bands =
        empty.contains(i)
        ? []
        : [
          SyntheticBand(y: 80, amount: amount(peak: Double(i + 1) * 2000, sigma: 4, width: 40), sigma: 4),
          SyntheticBand(y: 160, amount: amount(peak: 5000, sigma: 5, width: 40), sigma: 5),
        ]
      lanes.append(SyntheticLane(centerX: 60 + 65 * Double(i), width: 40, bands: bands))
    }
    return SyntheticBlot(
      width: 60 + 65 * count, height: 240, lanes: lanes, background: background,
      detector: .linear(LinearDetector(readNoise: noise, gain: 1)), rotationDegrees: rotation,
      seed: seed)
  }

  /// measured/true for every band, normalised by the median ratio.
  static func normalisedRatios(_ result: BlotAnalysis, _ truth: SyntheticGroundTruth) -> [Double] {
    let pairs = AccuracyHarness.compare(result, truth).pairs
    let ratios = pairs.map { $0.found.volume / $0.truth.volume }
    let m = ProfileMath.median(ratios)
    return ratios.map { $0 / m }
  }
}

@Suite struct AnalysisSpec {
  @Test func findsLanesBandsAndProportionalVolumes() throws {
    let blot = Blots.ladderOfLoads().render()
    let result = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    #expect(result.polarity.polarity == .darkBands)
    #expect(result.signal == .invertedBrightness)
    #expect(result.lanes.count == 6)
    for (lane, truth) in zip(result.lanes, blot.truth.lanes) {
      #expect(abs(lane.centerX - truth.centerX) < 0.5)
      #expect(abs(lane.width - truth.width) < 1)
      #expect(lane.bands.count == 2)
      #expect(lane.profile.count == 240 && lane.baseline.count == 240)
    }
    // Volumes proportional to the truth within 1 % (noise 5 counts on peaks of 2000+).
    for r in Blots.normalisedRatios(result, blot.truth) { #expect(abs(r - 1) < 0.01) }
    // The 6:1 load series comes out as 6:1.
    let top = result.lanes.map { $0.bands[0].volume }
    #expect(abs(top[5] / top[0] / 6 - 1) < 0.01)
    #expect(result.warnings.isEmpty)
  }

  /// Light bands (raw counts) give the same volumes as the MinIsWhite view.
  @Test func polarityDoesNotChangeVolumes() throws {
    let blot = Blots.ladderOfLoads().render()
    let dark = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    let light = try analyzeBlot(blot.image)
    #expect(light.polarity.polarity == .lightBands)
    #expect(light.signal == .brightness)
    for (a, b) in zip(dark.bands, light.bands) { #expect(abs(a.volume / b.volume - 1) < 1e-6) }
  }

  @Test func analysisIsDeterministicAndFinite() throws {
    let image = try #require(SyntheticBlot.random(.hard, seed: 5).render().asDecodedMinIsWhite)
    let a = try analyzeBlot(image)
    let b = try analyzeBlot(image)
    #expect(a == b)
    for lane in a.lanes {
      #expect(lane.profile.allSatisfy { $0.isFinite } && lane.baseline.allSatisfy { $0.isFinite })
      for band in lane.bands {
        let values = [band.y, band.volume, band.background, band.peakHeight, band.sigma,
                      band.saturatedFraction]
        #expect(values.allSatisfy { $0.isFinite })
      }
    }
  }

  @Test func interiorEmptyLaneIsKept() throws {
    let blot = Blots.ladderOfLoads(count: 7, empty: [3]).render()
    let result = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    #expect(result.lanes.count == 7)
    #expect(result.lanes[3].isEmpty && result.lanes[3].inferred)
    #expect(abs(result.lanes[3].centerX - blot.truth.lanes[3].centerX) < 2)
    #expect(result.warnings.contains { $0.contains("inferred an empty lane") })
  }

  /// An empty lane at the edge cannot be seen; asking for the count adds it by spacing.
  @Test func laneCountOverrideAddsEdgeLanes() throws {
    let blot = Blots.ladderOfLoads(count: 6, empty: [5]).render()
    let image = try #require(blot.asDecodedMinIsWhite)
    #expect(try analyzeBlot(image).lanes.count == 5)
    let result = try analyzeBlot(image, options: AnalysisOptions(lanes: .count(6)))
    #expect(result.lanes.count == 6)
    #expect(abs(result.lanes[5].centerX - blot.truth.lanes[5].centerX) < 2)
    let fewer = try analyzeBlot(image, options: AnalysisOptions(lanes: .count(3)))
    #expect(fewer.lanes.map(\.index) == [0, 1, 2])
    // The strongest three: lanes 3, 4 and 2 (loads 4, 5, 3 on the top band... and all equal below).
    #expect(fewer.lanes.allSatisfy { $0.bands.count == 2 })
  }

  @Test func explicitLanesAreMeasuredWhereGiven() throws {
    let blot = Blots.ladderOfLoads(count: 3).render()
    let image = try #require(blot.asDecodedMinIsWhite)
    let regions = blot.truth.lanes.map {
      LaneRegion(x0: Int($0.centerX) - 26, x1: Int($0.centerX) + 27)
    }
    let result = try analyzeBlot(image, options: AnalysisOptions(lanes: .explicit(regions)))
    #expect(result.lanes.map(\.x0) == regions.map(\.x0))
    #expect(result.lanes.allSatisfy { $0.bands.count == 2 })
    for r in Blots.normalisedRatios(result, blot.truth) { #expect(abs(r - 1) < 0.01) }
  }

  /// Rotations of ±4°: the tilt is found within 0.35° (which moves the ends of these 240-row
  /// lanes by under 0.75 px) and volumes stay within 1.5 %.
  @Test(arguments: [-4.0, -1.0, 2.5, 4.0])
  func followsRotatedLanes(degrees: Double) throws {
    let blot = Blots.ladderOfLoads(rotation: degrees).render()
    let result = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    #expect(abs(result.skewDegrees - degrees) < 0.35)
    #expect(result.lanes.count == 6)
    for r in Blots.normalisedRatios(result, blot.truth) { #expect(abs(r - 1) < 0.015) }
  }

  /// A transparent border stored as 0 (dark-bands image): trimmed, same bands.
  @Test func constantBordersAreTrimmed() throws {
    let image = try #require(Blots.ladderOfLoads(count: 4).render().asDecodedMinIsWhite)
    let pad = 20
    var padded = GrayImage(
      width: image.width + 2 * pad, height: image.height + 2 * pad, maxValue: 65535,
      filledWith: 0)
    padded.metadata = image.metadata
    for y in 0..<image.height {
      for x in 0..<image.width { padded[y + pad, x + pad] = image[y, x] }
    }
    let a = try analyzeBlot(image)
    let b = try analyzeBlot(padded)
    #expect(b.region == PixelRect(x: pad, y: pad, width: image.width, height: image.height))
    #expect(a.bands.count == b.bands.count)
    for (p, q) in zip(a.bands, b.bands) {
      #expect(abs(p.volume / q.volume - 1) < 1e-9)
      #expect(abs(q.y - p.y - Double(pad)) < 1e-9)
    }
  }

  @Test func cropRestrictsTheAnalysis() throws {
    let blot = Blots.ladderOfLoads(count: 6).render()
    let image = try #require(blot.asDecodedMinIsWhite)
    let crop = PixelRect(x: 0, y: 0, width: 220, height: 240)
    let result = try analyzeBlot(image, options: AnalysisOptions(crop: crop))
    #expect(result.lanes.count == 3)
  }

  /// Saturated bands are flagged; unsaturated neighbours are not.
  @Test func saturatedBandsAreFlagged() throws {
    var spec = Blots.ladderOfLoads(count: 5)
    spec.lanes[2].bands[0].amount = Blots.amount(peak: 120_000, sigma: 4, width: 40)
    let blot = spec.render()
    #expect(blot.truth.lanes[2].bands[0].isSaturated)
    let result = try analyzeBlot(try #require(blot.asDecodedMinIsWhite))
    let flagged = result.bands.filter(\.saturated)
    #expect(flagged.count == 1)
    #expect(flagged.first?.laneIndex == 2 && flagged.first?.index == 0)
    #expect((flagged.first?.saturatedPixels ?? 0) > 0)
    #expect(result.warnings.contains { $0.contains("saturated") })
  }

  /// A camera clipping at 30 000 counts, below the file's 65 535: the automatic limit cannot
  /// know it, but the clipped top is a flat plateau at the image's extreme level, flagged as a
  /// response plateau; the given limit (35 535 in the MinIsWhite view, where bands are dark)
  /// flags it as the detector limit.
  @Test func detectorLimitCanBeGiven() throws {
    var spec = Blots.ladderOfLoads(count: 4)
    spec.detector = .linear(LinearDetector(fullWell: 30_000, readNoise: 5))
    spec.lanes[1].bands[0].amount = Blots.amount(peak: 60_000, sigma: 4, width: 40)
    let image = try #require(spec.render().asDecodedMinIsWhite)
    let automatic = try analyzeBlot(image).bands.filter(\.saturated)
    #expect(automatic.map(\.laneIndex) == [1])
    #expect(automatic.map(\.saturationReason) == [.responsePlateau])
    let given = try analyzeBlot(image, options: AnalysisOptions(detectorLimit: .value(35_535)))
    #expect(given.bands.filter(\.saturated).map(\.laneIndex) == [1])
    #expect(given.bands.filter(\.saturated).map(\.saturationReason) == [.detectorLimit])
  }

  /// A plateau is the end of the detector's range only if nothing lies beyond it. The same
  /// blot with a patch 5 columns wide and 9 rows high, 2 000 counts darker than the clipped
  /// top, near the edge of lane 3 (outside the central 60 % that the row means use) shows
  /// the detector recorded more: the flat top is a band, not saturation. A 2 × 2 speck as
  /// dark (gone in a 5 × 5 median) does not change the verdict.
  @Test(arguments: [((5, 9), false), ((2, 2), true)])
  func aPlateauWithDarkerStructureBeyondItIsNotSaturation(patch: (Int, Int), flagged: Bool)
    throws
  {
    var spec = Blots.ladderOfLoads(count: 4)
    spec.detector = .linear(LinearDetector(fullWell: 30_000, readNoise: 5))
    spec.lanes[1].bands[0].amount = Blots.amount(peak: 60_000, sigma: 4, width: 40)
    var image = try #require(spec.render().asDecodedMinIsWhite)
    // The clipped top in the MinIsWhite view is 65 535 − 30 000; lane 3 spans x ± 20.
    let x0 = Int(spec.lanes[3].centerX) + 13
    for y in 120..<(120 + patch.1) {
      for x in x0..<(x0 + patch.0) { image.samples[y * image.width + x] = 35_535 - 2_000 }
    }
    let saturated = try analyzeBlot(image).bands.filter(\.saturated)
    #expect(saturated.map(\.saturationReason) == (flagged ? [.responsePlateau] : []))
  }

  @Test(arguments: [LaneBaseline.valleyToValley, .laneBorderMedian])
  func baselinesRemoveAGradient(baseline: LaneBaseline) throws {
    let blot = Blots.ladderOfLoads(
      background: SyntheticBackground(level: 1500, gradientX: 0.8, gradientY: -0.8, bowl: 0.2)
    ).render()
    let result = try analyzeBlot(
      try #require(blot.asDecodedMinIsWhite), options: AnalysisOptions(baseline: baseline))
    let pairs = AccuracyHarness.compare(result, blot.truth).pairs
    #expect(pairs.count == 12)
    // Absolute, not just relative: counts × pixels are recovered within 2 %.
    for p in pairs { #expect(abs(p.found.volume / p.truth.volume - 1) < 0.02) }
  }

  @Test func noBaselineKeepsTheBackground() throws {
    let blot = Blots.ladderOfLoads().render()
    let result = try analyzeBlot(
      try #require(blot.asDecodedMinIsWhite), options: AnalysisOptions(baseline: .none))
    let band = result.lanes[0].bands[0]
    #expect(band.background == 0)
    #expect(band.volume > blot.truth.lanes[0].bands[0].volume * 1.5)
  }

  @Test func ladderGivesKDa() throws {
    // Ladder lane: bands at rows 50, 90, 130, 170, 210 for 100, 70, 50, 35, 25 kDa.
    var spec = Blots.ladderOfLoads(count: 4)
    let rows = [50.0, 90, 130, 170, 210]
    spec.lanes[0].bands = rows.map {
      SyntheticBand(y: $0, amount: Blots.amount(peak: 4000, sigma: 3, width: 40), sigma: 3)
    }
    let image = try #require(spec.render().asDecodedMinIsWhite)
    let result = try analyzeBlot(
      image, options: AnalysisOptions(ladder: LadderSpec(laneIndex: 0, kDa: [100, 70, 50, 35, 25])))
    let ladder = try #require(result.ladder)
    for (r, t) in zip(ladder.rows, rows) { #expect(abs(r - t) < 0.5) }
    // Band at row 80 lies between 100 kDa (50) and 70 kDa (90): 10^(2 − 0.75·log10(100/70)).
    let expected = pow(10, 2 - 0.75 * log10(100.0 / 70))
    let kDa = try #require(result.lanes[1].bands[0].kDa)
    #expect(abs(kDa / expected - 1) < 0.02)
    #expect(throws: AnalysisError.ladderBandsMissing(expected: 6, found: 5)) {
      try analyzeBlot(
        image,
        options: AnalysisOptions(ladder: LadderSpec(laneIndex: 0, kDa: [150, 100, 70, 50, 35, 25])))
    }
    #expect(throws: AnalysisError.ladderLaneOutOfRange(index: 9, laneCount: 4)) {
      try analyzeBlot(image, options: AnalysisOptions(ladder: LadderSpec(laneIndex: 9, kDa: [1, 2])))
    }
  }

  @Test func strongestBandInAWindow() throws {
    let result = try analyzeBlot(try #require(Blots.ladderOfLoads().render().asDecodedMinIsWhite))
    let band = try #require(result.lanes[2].strongestBand(inRows: 60...100))
    #expect(abs(band.y - 80) < 1)
    #expect(result.lanes[2].strongestBand(inRows: 200...230) == nil)
  }
}

@Suite struct AnalysisErrorSpec {
  static let image = GrayImage(width: 50, height: 40, maxValue: 255, filledWith: 7)

  @Test func blankImageIsRefused() {
    #expect(throws: AnalysisError.blankImage(value: 7)) { try analyzeBlot(Self.image) }
  }

  @Test func emptyImageIsRefused() {
    let empty = GrayImage(width: 0, height: 0, maxValue: 255, samples: [])
    #expect(throws: AnalysisError.emptyImage(width: 0, height: 0)) { try analyzeBlot(empty) }
  }

  @Test func nonFiniteSamplesAreRefused() {
    var image = Self.image
    image[3, 3] = .nan
    image[4, 4] = .infinity
    #expect(throws: AnalysisError.nonFiniteSamples(count: 2)) { try analyzeBlot(image) }
  }

  @Test func cropOutsideIsRefused() {
    let crop = PixelRect(x: 40, y: 0, width: 20, height: 10)
    #expect(throws: AnalysisError.cropOutsideImage(crop: crop, width: 50, height: 40)) {
      try analyzeBlot(Self.image, options: AnalysisOptions(crop: crop))
    }
  }

  @Test func laneOutsideIsRefused() throws {
    let image = try #require(Blots.ladderOfLoads(count: 2).render().asDecodedMinIsWhite)
    let lane = LaneRegion(x0: 100, x1: 400)
    #expect(
      throws: AnalysisError.laneRegionOutsideImage(
        index: 0, region: lane, width: image.width, height: image.height)
    ) {
      try analyzeBlot(image, options: AnalysisOptions(lanes: .explicit([lane])))
    }
  }

  @Test(arguments: [0, -1, 100_000])
  func impossibleLaneCountsAreRefused(count: Int) {
    #expect(throws: AnalysisError.invalidLaneCount(count)) {
      try analyzeBlot(Self.image, options: AnalysisOptions(lanes: .count(count)))
    }
  }

  @Test func pureNoiseHasNoLanes() {
    var rng = SplitMix64(seed: 1)
    let samples = (0..<(200 * 100)).map { _ in Float(30_000 + 50 * rng.gaussian()).rounded() }
    let image = GrayImage(width: 200, height: 100, maxValue: 65535, samples: samples)
    #expect {
      try analyzeBlot(image)
    } throws: { error in
      guard case .noLanesFound(let reason) = error as? AnalysisError else { return false }
      return reason.contains("noise")
    }
  }

  @Test func errorsDescribeThemselves() {
    #expect(AnalysisError.blankImage(value: 7).description == "image is blank: every pixel is 7.0")
    #expect(
      AnalysisError.ladderBandsMissing(expected: 6, found: 5).description
        == "ladder: 6 kDa values given but only 5 bands detected in the ladder lane")
  }
}

@Suite struct RobustnessSpec {
  /// Seeded random images from 1×1 to 40×40 (noise, a single spot, stripes): the analysis
  /// returns or throws, never traps, and never returns a non-finite number.
  @Test(arguments: [UInt64(1), 2, 3])
  func smallAndOddImagesNeverTrap(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    for _ in 0..<60 {
      let w = rng.integer(in: 1...40)
      let h = rng.integer(in: 1...40)
      let kind = rng.integer(in: 0...2)
      var samples = [Float](repeating: 200, count: w * h)
      for i in samples.indices {
        switch kind {
        case 0: samples[i] = Float(rng.integer(in: 0...255))
        case 1: samples[i] = i == (w * h) / 2 ? 0 : 200
        default: samples[i] = (i % w) % 6 < 3 ? 60 : 220
        }
      }
      let image = GrayImage(width: w, height: h, maxValue: 255, samples: samples)
      if let result = try? analyzeBlot(image) {
        for band in result.bands {
          #expect(band.volume.isFinite && band.y.isFinite && band.sigma.isFinite, "seed \(seed) \(w)×\(h)")
        }
        #expect(result.lanes.allSatisfy { $0.profile.allSatisfy { $0.isFinite } })
      }
    }
  }
}
