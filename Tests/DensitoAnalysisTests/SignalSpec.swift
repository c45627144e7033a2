import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

@Suite struct SignalSpec {
  /// A 100×100 background of `bg` with a 12×12 block of `band` (1.44 % of the pixels is the
  /// band's tail in the histogram).
  static func block(bg: Float, band: Float, metadata: ImageMetadata = ImageMetadata()) -> GrayImage {
    var image = GrayImage(width: 100, height: 100, maxValue: 255, filledWith: bg)
    image.metadata = metadata
    for y in 44..<56 { for x in 44..<56 { image[y, x] = band } }
    // A little spread in the background so percentiles are not all equal.
    for i in stride(from: 0, to: image.samples.count, by: 7) where image.samples[i] == bg {
      image.samples[i] = bg + 1
    }
    return image
  }

  @Test(arguments: [(Float(200), Float(50), Polarity.darkBands), (40, 220, .lightBands)])
  func polarityFollowsTheHistogramTail(bg: Float, band: Float, expected: Polarity) {
    let raw = Plane(width: 100, height: 100, values: Self.block(bg: bg, band: band).samples)
    let decision = SignalConversion.decidePolarity(raw, given: nil)
    #expect(decision.polarity == expected)
    #expect(decision.automatic)
    #expect(decision.ratio > 1.5)
    let given = SignalConversion.decidePolarity(raw, given: .lightBands)
    #expect(given.polarity == .lightBands && !given.automatic)
    #expect(given.reason.contains("given"))
  }

  @Test func signalChoiceFollowsTheDocumentedRules() {
    var m = ImageMetadata(bitDepth: 16, sampleFormat: .unsignedInteger)
    m.invertedFromMinIsWhite = true
    #expect(SignalChoice.choose(given: nil, polarity: .darkBands, metadata: m).model == .invertedBrightness)
    m.invertedFromMinIsWhite = false
    #expect(SignalChoice.choose(given: nil, polarity: .lightBands, metadata: m).model == .brightness)
    #expect(SignalChoice.choose(given: nil, polarity: .darkBands, metadata: m).model == .invertedBrightness)
    m.bitDepth = 8
    #expect(
      SignalChoice.choose(given: nil, polarity: .darkBands, metadata: m).model
        == .opticalDensity(reference: .white))
    #expect(SignalChoice.choose(given: .brightness, polarity: .darkBands, metadata: m).reason == "given")
  }

  /// OD = log10(255 / v); v = 0 is clamped to 0.5 (OD log10(510) = 2.7076) and reported.
  @Test func opticalDensityWithFloor() {
    let raw = Plane(width: 4, height: 1, values: [255, 25.5, 2.55, 0])
    let (s, warnings) = SignalConversion.convert(
      raw, model: .opticalDensity(reference: .white), maxValue: 255, bitDepth: 8, isFloat: false)
    let expected: [Float] = [0, 1, 2, Float(log10(510.0))]
    for (a, b) in zip(s.values, expected) { #expect(abs(a - b) < 1e-5) }
    #expect(warnings.count == 1 && warnings[0].contains("1 pixels"))
  }

  @Test func invertedBrightnessAndCalibration() throws {
    let raw = Plane(width: 3, height: 1, values: [0, 100, 255])
    let (inv, _) = SignalConversion.convert(
      raw, model: .invertedBrightness, maxValue: 255, bitDepth: 8, isFloat: false)
    #expect(inv.values == [255, 155, 0])
    let tablet = try StepTablet(raw: [0, 255], known: [2, 0])
    let (cal, warnings) = SignalConversion.convert(
      raw, model: .calibratedOD(tablet), maxValue: 255, bitDepth: 8, isFloat: false)
    #expect(cal.values[0] == 2 && cal.values[2] == 0)
    #expect(abs(cal.values[1] - Float(2 - 200.0 / 255)) < 1e-6)
    #expect(warnings.isEmpty)
  }
}

@Suite struct StepTabletSpec {
  @Test func passesThroughEveryStepInAnyOrder() throws {
    let t = try StepTablet(raw: [200, 10, 90, 150], known: [0.1, 2.5, 1.0, 0.4])
    #expect(t.raw == [10, 90, 150, 200])
    for (r, k) in zip([200.0, 10, 90, 150], [0.1, 2.5, 1.0, 0.4]) {
      #expect(abs(t.value(at: r) - k) < 1e-12)
    }
  }

  /// A monotone Hermite interpolant with Fritsch–Carlson slopes reproduces straight lines.
  @Test func reproducesLinearData() throws {
    let t = try StepTablet(raw: [0, 50, 120, 255], known: [3, 2.5, 1.8, 0.45])
    for v in stride(from: 0.0, through: 255, by: 5) {
      #expect(abs(t.value(at: v) - (3 - v / 100)) < 1e-12)
    }
    // Beyond the ends: the end secant.
    #expect(abs(t.value(at: -10) - 3.1) < 1e-12)
    #expect(abs(t.value(at: 300) - 0) < 1e-12)
    #expect(t.isExtrapolated(300) && !t.isExtrapolated(100))
  }

  /// Random monotone tablets (seeded): the interpolant never reverses between steps.
  @Test(arguments: [UInt64(1), 2, 3, 4, 5])
  func staysMonotone(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var raw: [Double] = [0]
    var known: [Double] = [0]
    for _ in 0..<12 {
      raw.append(raw.last! + rng.uniform(1, 40))
      known.append(known.last! + pow(rng.uniform(0, 1), 4) * 3 + 1e-3)
    }
    let t = try StepTablet(raw: raw, known: known)
    var previous = -Double.infinity
    for v in stride(from: 0.0, through: raw.last!, by: 0.25) {
      let k = t.value(at: v)
      #expect(k >= previous - 1e-12, "seed \(seed) at \(v)")
      previous = k
    }
  }

  @Test func refusesTabletsThatCannotCalibrate() {
    #expect(throws: AnalysisError.invalidStepTablet(reason: "needs at least 2 steps")) {
      try StepTablet(raw: [1], known: [1])
    }
    #expect(throws: AnalysisError.invalidStepTablet(reason: "raw value 5.0 appears twice")) {
      try StepTablet(raw: [5, 5, 9], known: [1, 2, 3])
    }
    #expect(
      throws: AnalysisError.invalidStepTablet(
        reason: "known values are not strictly monotone at raw 2.0...3.0")
    ) {
      try StepTablet(raw: [1, 2, 3], known: [1, 2, 1])
    }
  }
}

@Suite struct FilterSpec {
  /// The median-of-nine network agrees with sorting on 2 000 seeded random draws.
  @Test func medianOfNineMatchesSorting() {
    var rng = SplitMix64(seed: 9)
    for _ in 0..<2000 {
      let v = (0..<9).map { _ in Float(rng.integer(in: 0...20)) }
      let m = ColumnProfile.median9(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8])
      #expect(m == v.sorted()[4])
    }
  }
}

extension FilterSpec {
  /// Zero-one principle: a comparator network sorts every input iff it sorts every 0/1
  /// input, so checking all 128 binary inputs proves the median-of-seven network.
  @Test func medianOfSevenIsExactOnAllBinaryInputs() {
    for bits in 0..<128 {
      let v = (0..<7).map { Float((bits >> $0) & 1) }
      #expect(ColumnProfile.median7(v[0], v[1], v[2], v[3], v[4], v[5], v[6]) == v.sorted()[3])
    }
  }

  @Test func rowMedianRemovesSpecksAndKeepsEdges() {
    var row: [Float] = (0..<40).map { $0 < 20 ? 0 : 10 }
    row[8] = 100
    row[9] = 100
    let out = ColumnProfile.rowMedian7(Plane(width: 40, height: 1, values: row)).values
    #expect(out[8] == 0 && out[9] == 0)
    #expect(out[19] == 0 && out[20] == 10)
  }
}
