import DensitoRaster
import Foundation
import Testing

@testable import DensitoAnalysis

/// `laneProfiles(of:rectangles:orientation:signal:)`: definitions, agreement with the lane
/// sampler of `analyzeBlot`, errors. ImageJ agreement: LaneProfileImageJTests.swift.
@Suite struct LaneProfileSpec {
  /// A seeded image: integer levels (16-bit) or arbitrary Float values (float data, where
  /// the order of summation shows in the last bits).
  static func image(width: Int, height: Int, seed: UInt64, float: Bool) -> GrayImage {
    var rng = SplitMix64(seed: seed)
    let samples = (0..<(width * height)).map { _ -> Float in
      float ? Float(rng.nextUnit() * 3.7 + 0.01) : Float(rng.next() % 65536)
    }
    let metadata =
      float
      ? ImageMetadata(bitDepth: 32, sampleFormat: .floatingPoint)
      : ImageMetadata(bitDepth: 16, sampleFormat: .unsignedInteger)
    return GrayImage(
      width: width, height: height, maxValue: float ? 4 : 65535, samples: samples,
      metadata: metadata)
  }

  // MARK: - Definitions on analytic inputs

  @Test func constantImageGivesItsValueEverywhere() throws {
    let image = GrayImage(width: 20, height: 10, maxValue: 255, filledWith: 37)
    let set = try laneProfiles(
      of: image, rectangles: [PixelRect(x: 2, y: 1, width: 5, height: 8)])
    #expect(set.lanes[0].values == [Double](repeating: 37, count: 8))
    #expect(set.lanes[0].area == 37 * 8)
    #expect(set.signal == .raw)
  }

  /// v(x, y) = 1000 y + x: the mean of columns x0..<x1 of row y is 1000 y + (x0 + x1 − 1)/2,
  /// and the mean of rows y0..<y1 of column x is 1000 (y0 + y1 − 1)/2 + x.
  @Test(arguments: [LaneOrientation.vertical, .horizontal])
  func rampImageGivesTheArithmeticMeans(_ orientation: LaneOrientation) throws {
    let w = 30
    let h = 12
    let samples = (0..<(w * h)).map { Float(1000 * ($0 / w) + $0 % w) }
    let image = GrayImage(width: w, height: h, maxValue: 65535, samples: samples)
    let r = PixelRect(x: 3, y: 2, width: 7, height: 9)
    let p = try laneProfiles(of: image, rectangles: [r], orientation: orientation).lanes[0]
    if orientation == .vertical {
      #expect(p.values == (2..<11).map { 1000 * Double($0) + 6 })
      #expect(p.start == 2 && p.breadth == 7)
    } else {
      #expect(p.values == (3..<10).map { 1000 * 6 + Double($0) })
      #expect(p.start == 3 && p.breadth == 9)
    }
  }

  @Test func invertedSignalIsTheScaleMinusTheStoredMean() throws {
    let image = Self.image(width: 40, height: 30, seed: 7, float: false)
    let r = [PixelRect(x: 5, y: 0, width: 11, height: 30)]
    let stored = try laneProfiles(of: image, rectangles: r).lanes[0].values
    let inverted = try laneProfiles(
      of: image, rectangles: r, signal: .model(.invertedBrightness)).lanes[0].values
    // Integer data: both sums are exact, so the identity holds to the rounding of the means.
    for (s, i) in zip(stored, inverted) { #expect(abs(65535 - s - i) <= 1e-9) }
  }

  @Test func brightnessIsTheStoredSamples() throws {
    let image = Self.image(width: 25, height: 9, seed: 3, float: true)
    let r = [PixelRect(x: 1, y: 1, width: 20, height: 8)]
    #expect(
      try laneProfiles(of: image, rectangles: r, signal: .model(.brightness)).lanes
        == laneProfiles(of: image, rectangles: r).lanes)
  }

  // MARK: - The same numbers as analyzeBlot

  static let signals: [SignalModel] = [
    .invertedBrightness, .brightness, .opticalDensity(reference: .white),
    .opticalDensity(reference: .level(3000)),
  ]

  /// Lane.profile of analyzeBlot with explicit lanes (no tilt) and the profile step, bit for
  /// bit, for every signal, on integer and float data. Large enough (1200 rows) that the
  /// lanes are split into several parallel blocks.
  @Test(arguments: signals, [false, true])
  func equalsAnalyzeBlotLaneProfile(_ model: SignalModel, _ float: Bool) throws {
    let image = Self.image(width: 300, height: 1200, seed: 11, float: float)
    let regions = [
      LaneRegion(x0: 0, x1: 57), LaneRegion(x0: 60, x1: 61),
      LaneRegion(x0: 100, x1: 223, y0: 13, y1: 1100), LaneRegion(x0: 250, x1: 300),
    ]
    var options = AnalysisOptions()
    options.lanes = .explicit(regions)
    options.signal = model
    options.borderTrim = .none
    options.skew = .none
    let analysis = try analyzeBlot(image, options: options)
    let rects = regions.map {
      PixelRect(
        x: $0.x0, y: $0.y0 ?? 0, width: $0.x1 - $0.x0, height: ($0.y1 ?? 1200) - ($0.y0 ?? 0))
    }
    let set = try laneProfiles(of: image, rectangles: rects, signal: .model(model))
    for (lane, profile) in zip(analysis.lanes, set.lanes) {
      #expect(lane.profile == profile.values)
      #expect(lane.y0 == profile.start)
    }
  }

  /// Horizontal lanes: analyzeBlot works on the transposed image, whose lane columns are
  /// this image's rows; the profile step reads the rows in place.
  @Test(arguments: [false, true])
  func horizontalEqualsAnalyzeBlotOnTheTransposedImage(_ float: Bool) throws {
    let image = Self.image(width: 700, height: 90, seed: 5, float: float)
    var options = AnalysisOptions()
    options.orientation = .horizontal
    options.lanes = .explicit([LaneRegion(x0: 4, x1: 30), LaneRegion(x0: 40, x1: 90)])
    options.signal = .invertedBrightness
    options.borderTrim = .none
    options.skew = .none
    let analysis = try analyzeBlot(image, options: options)
    let set = try laneProfiles(
      of: image,
      rectangles: [PixelRect(x: 0, y: 4, width: 700, height: 26),
                   PixelRect(x: 0, y: 40, width: 700, height: 50)],
      orientation: .horizontal, signal: .model(.invertedBrightness))
    #expect(analysis.lanes.map(\.profile) == set.lanes.map(\.values))
  }

  /// The lane sampler itself (the internal type analyzeBlot uses), on the signal plane.
  @Test func equalsLaneSamplerMean() throws {
    let image = Self.image(width: 130, height: 77, seed: 9, float: true)
    let plane = Plane(width: 130, height: 77, values: image.samples)
    let sampler = LaneSampler(
      signal: plane, raw: plane, shiftPerRow: 0, limit: 0, darkBands: true)
    let layout = LaneLayout(
      center: 40, width: 31, x0: 25, x1: 56, y0: 3, y1: 70, inferred: true, borderLeft: nil,
      borderRight: nil)
    let set = try laneProfiles(
      of: image, rectangles: [PixelRect(x: 25, y: 3, width: 31, height: 67)])
    #expect(set.lanes[0].values == sampler.profiles(layout).mean)
  }

  @Test func resultDoesNotDependOnTheNumberOfThreads() throws {
    let image = Self.image(width: 500, height: 900, seed: 13, float: true)
    let rects = [
      PixelRect(x: 0, y: 0, width: 500, height: 900), PixelRect(x: 10, y: 5, width: 3, height: 800),
    ]
    for orientation in LaneOrientation.allCases {
      let parallel = try laneProfiles(of: image, rectangles: rects, orientation: orientation)
      let serial = try BackgroundConcurrency.$maximumChunks.withValue(1) {
        try laneProfiles(of: image, rectangles: rects, orientation: orientation)
      }
      #expect(parallel == serial)
    }
  }

  /// Random rectangles (seeded; the seed and case are in the failure message) against the
  /// definition written as a plain double loop: equal bit for bit, both orientations, raw
  /// and inverted signals, on float data. Sizes straddle the block boundaries (64 K pixels,
  /// rows in fours, columns in sixty-fours).
  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomRectanglesEqualThePlainDefinition(_ seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let w = 200 + Int(rng.next() % 500)
    let h = 200 + Int(rng.next() % 500)
    let image = Self.image(width: w, height: h, seed: seed &+ 100, float: true)
    for trial in 0..<6 {
      let rw = 1 + Int(rng.next() % UInt64(w))
      let rh = 1 + Int(rng.next() % UInt64(h))
      let r = PixelRect(
        x: Int(rng.next() % UInt64(w - rw + 1)), y: Int(rng.next() % UInt64(h - rh + 1)),
        width: rw, height: rh)
      for orientation in LaneOrientation.allCases {
        for inverted in [false, true] {
          let signal: ProfileSignal = inverted ? .model(.invertedBrightness) : .raw
          let got = try laneProfiles(
            of: image, rectangles: [r], orientation: orientation, signal: signal).lanes[0].values
          let m = image.maxValue
          func v(_ x: Int, _ y: Int) -> Double {
            let s = image.samples[y * w + x]
            return Double(inverted ? m - s : s)
          }
          var expected: [Double] = []
          if orientation == .vertical {
            for y in r.y..<(r.y + r.height) {
              var s = 0.0
              for x in r.x..<(r.x + r.width) { s += v(x, y) }
              expected.append(s / Double(r.width))
            }
          } else {
            for x in r.x..<(r.x + r.width) {
              var s = 0.0
              for y in r.y..<(r.y + r.height) { s += v(x, y) }
              expected.append(s / Double(r.height))
            }
          }
          #expect(
            got == expected,
            "seed \(seed) trial \(trial) \(r) \(orientation) inverted \(inverted)")
        }
      }
    }
  }

  // MARK: - Warnings and errors

  @Test func clampedOpticalDensityIsReportedOncePerLane() throws {
    var image = GrayImage(width: 300, height: 600, maxValue: 65535, filledWith: 30000)
    image.samples[10 * 300 + 5] = 0
    image.samples[590 * 300 + 6] = 0
    image.metadata = ImageMetadata(bitDepth: 16, sampleFormat: .unsignedInteger)
    let set = try laneProfiles(
      of: image,
      rectangles: [PixelRect(x: 0, y: 0, width: 200, height: 600),
                   PixelRect(x: 200, y: 0, width: 100, height: 600)],
      signal: .model(.opticalDensity(reference: .white)))
    #expect(set.warnings.count == 1)
    #expect(set.warnings.first?.hasPrefix("lane 1: optical density: 2 pixels") == true)
  }

  @Test(arguments: [
    PixelRect(x: -1, y: 0, width: 5, height: 5), PixelRect(x: 0, y: -1, width: 5, height: 5),
    PixelRect(x: 16, y: 0, width: 5, height: 5), PixelRect(x: 0, y: 6, width: 5, height: 5),
    PixelRect(x: 0, y: 0, width: 0, height: 5), PixelRect(x: 0, y: 0, width: 5, height: -2),
    PixelRect(x: Int.max, y: 0, width: 5, height: 5),
  ])
  func rectangleOutsideTheImageIsRefusedWithItsEvidence(_ r: PixelRect) {
    let image = GrayImage(width: 20, height: 10, maxValue: 255, filledWith: 1)
    let ok = PixelRect(x: 0, y: 0, width: 20, height: 10)
    let error = LaneProfileError.rectangleOutsideImage(index: 1, rectangle: r, width: 20, height: 10)
    #expect(throws: error) {
      try laneProfiles(of: image, rectangles: [ok, r])
    }
  }

  @Test func noRectanglesIsAnError() {
    let image = GrayImage(width: 2, height: 2, maxValue: 255, filledWith: 1)
    #expect(throws: LaneProfileError.noLanes) { try laneProfiles(of: image, rectangles: []) }
  }

  @Test(arguments: [LaneOrientation.vertical, .horizontal])
  func nonFiniteSamplesAreRefusedAtTheirFirstLine(_ orientation: LaneOrientation) {
    var image = GrayImage(width: 20, height: 10, maxValue: 1, filledWith: 0.5)
    image.samples[7 * 20 + 4] = .nan
    image.samples[7 * 20 + 6] = .infinity
    image.samples[8 * 20 + 4] = .nan
    let expected: LaneProfileError =
      orientation == .vertical
      ? .nonFiniteSamples(index: 0, position: 7, count: 2)
      : .nonFiniteSamples(index: 0, position: 4, count: 2)
    #expect(throws: expected) {
      try laneProfiles(
        of: image, rectangles: [PixelRect(x: 2, y: 1, width: 8, height: 9)],
        orientation: orientation)
    }
  }

  @Test func errorsReadAsOneLine() {
    let e = LaneProfileError.rectangleOutsideImage(
      index: 2, rectangle: PixelRect(x: 10, y: 0, width: 50, height: 40), width: 48, height: 40)
    #expect(e.description == "lane 3 rectangle x=10 y=0 50×40 is not inside the 48×40 image")
    #expect(
      LaneProfileError.nonFiniteSamples(index: 0, position: 7, count: 2).description
        == "lane 1 has 2 NaN or infinite values on line 7")
  }
}
