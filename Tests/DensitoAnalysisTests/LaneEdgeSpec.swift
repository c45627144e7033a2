import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Lanes seen in the column profile only as their two dark edges (Docs/lanes.md, "lane
/// edges"): joined where their bands continue between the edges, when the edges lie at no
/// regular spacing and the joined lanes do.
@Suite struct LaneEdgeSpec {
  /// Four lanes on a 100-px comb, `laneWidth` wide (70: x 20–90, 120–190, 220–290, 320–390),
  /// on a 420 × 120 plane. Each lane has a dark rim 8 px wide along both edges, over its full height (level 0.6),
  /// and a shadow that darkens the whole blot towards the right (up to 0.4) and towards the
  /// top (0.2). Each lane carries one band (Gaussian, σ = 4 rows, at row 70) of `band` across
  /// its whole width. Pixel noise σ = 0.003.
  static func plane(band: Double, laneWidth: Double = 70) -> Plane {
    IrwinHallNoise.plane(width: 420, height: 120, seed: 4242, sigma: 0.003) { x, y in
      let row = exp(-0.5 * pow((Double(y) - 70) / 4, 2))
      let xd = Double(x)
      var v = 0.4 * xd / 420 + 0.2 * (1 - Double(y) / 120)
      for left in [20.0, 120, 220, 320] {
        v += LaneFinderSpec.lane(xd, left, left + 8, 0.6)
        v += LaneFinderSpec.lane(xd, left + laneWidth - 8, left + laneWidth, 0.6)
        v += row * LaneFinderSpec.lane(xd, left, left + laneWidth, band)
      }
      return v
    }
  }

  static func find(_ plane: Plane, expected: Int? = nil) throws -> LaneFinder.Result {
    let (evidence, noise) = LaneFinder.columnProfiles(plane, shiftPerRow: 0)
    return try LaneFinder.find(columnProfile: evidence, noiseFloor: noise, expected: expected)
  }

  /// The column profile shows the eight rims (spacings 62 and 38 px: no pitch explains most
  /// of them); the band between each lane's rims joins them into the four lanes, each of its
  /// full width.
  @Test func rimsWithABandBetweenThemAreOneLane() throws {
    let found = try Self.find(Self.plane(band: 0.15))
    try #require(found.lanes.count == 4)
    for (lane, middle) in zip(found.lanes, [55.0, 155, 255, 355]) {
      #expect(abs(lane.center - middle) < 2)
      #expect(abs(lane.width - 70) < 6)
    }
    #expect(found.notes.contains { $0.contains("joined the lanes at x ≈") })
  }

  /// Lanes half a pitch wide have their rims half a pitch apart (spacings 42 and 58 px: a
  /// lattice of 50 px): band, gap, band, … pairs every rim, so the four lanes are found.
  @Test func rimsHalfAPitchApartArePairedIntoLanes() throws {
    let found = try Self.find(Self.plane(band: 0.15, laneWidth: 50))
    #expect(found.lanes.map { $0.center.rounded() } == [45, 145, 245, 345])
    #expect(found.lanes.allSatisfy { abs($0.width - 50) < 6 })
    #expect(found.notes.contains { $0.contains("the 8 lanes found come in pairs") })
  }

  /// The same rims without a band between them stay eight rims.
  @Test func regularRimsWithoutBandsAreLeftAlone() throws {
    #expect(try Self.find(Self.plane(band: 0, laneWidth: 50)).lanes.count == 8)
  }

  /// Asked for four lanes, the finder takes the four joined lanes rather than four rims.
  @Test func aLaneCountTakesTheJoinedLanes() throws {
    let found = try Self.find(Self.plane(band: 0.15), expected: 4)
    #expect(found.lanes.map { $0.center.rounded() } == [55, 155, 255, 355])
  }

  /// Without a band between them the rims are all the blot shows: nothing says which rims
  /// belong together, so they stay as found.
  @Test func rimsWithoutABandBetweenThemAreLeftAlone() throws {
    let found = try Self.find(Self.plane(band: 0))
    #expect(found.lanes.count == 8)
    #expect(!found.notes.contains { $0.contains("joined the lanes") })
  }

  /// Narrow lanes at irregular places (spacings 55, 115, 40, 115 px: no pitch explains most),
  /// each with its own band and none between them: no stretch between two lanes carries a
  /// band, so none is joined.
  @Test func irregularLanesWithBandsOnlyInThemselvesAreNotJoined() throws {
    let lefts = [20.0, 75, 190, 230, 345]
    let plane = IrwinHallNoise.plane(width: 420, height: 100, seed: 99, sigma: 0.003) { x, y in
      let row = exp(-0.5 * pow((Double(y) - 50) / 4, 2))
      return lefts.reduce(0) { $0 + row * LaneFinderSpec.lane(Double(x), $1, $1 + 20, 1) }
    }
    let found = try Self.find(plane)
    #expect(found.lanes.map { $0.center.rounded() } == lefts.map { $0 + 10 })
  }

  /// The band-content profile is the vertical top-hat: 0 on a column that only rises or falls
  /// (a shadow), the band's height above its surroundings where a band is.
  @Test func bandContentIgnoresMonotoneColumnsAndMeasuresBands() {
    let w = 2
    let h = 60
    var values = [Float](repeating: 0, count: w * h)
    for y in 0..<h {
      values[y * w] = Float(0.01 * Double(y))
      values[y * w + 1] = abs(y - 30) <= 2 ? 1 : 0
    }
    let plane = Plane(width: w, height: h, values: values)
    let evidence = LaneEvidence(profile: [0, 0], plane: plane, shiftPerRow: 0)
    var rows: [Double] = []
    LaneFinder.forEachColumnTopHat(evidence, window: 30, despeckle: false) { x, t in
      if x == 0 { #expect(t.allSatisfy { abs($0) < 1e-12 }) } else { rows = Array(t) }
    }
    #expect(rows[30] == 1 && rows[28] == 1 && rows[27] == 0 && rows[0] == 0)
  }

  /// The running extreme is the brute-force minimum / maximum over the window, cut at the ends.
  @Test(arguments: [0, 1, 3, 10])
  func runningExtremeIsTheWindowExtreme(radius: Int) {
    var g = SplitMix64(seed: UInt64(radius + 1))
    let v = (0..<40).map { _ in Double(g.next() % 1000) }
    for minimum in [true, false] {
      var out: [Double] = []
      ProfileMath.runningExtreme(v[...], radius: radius, into: &out, minimum: minimum)
      let expected = v.indices.map { i -> Double in
        let window = v[max(0, i - radius)...min(v.count - 1, i + radius)]
        return (minimum ? window.min() : window.max()) ?? 0
      }
      #expect(out == expected)
    }
  }
}

/// facuperezt_img_shadow: three lanes whose column profile shows only their six dark edges
/// under a shadow that rises to the right. Read off the image: lanes x ≈ 13–150, 183–315,
/// 350–472 (middles 81, 249, 411).
@Suite(.enabled(if: RealScans.available)) struct RealScanLaneEdgeSpec {
  @Test(arguments: [LaneSpec.automatic, .count(3)])
  func shadowScanHasItsThreeLanes(lanes: LaneSpec) throws {
    let image = try #require(RealScans.load("facuperezt_img_shadow.jpeg"))
    let found = try analyzeBlot(image, options: AnalysisOptions(lanes: lanes)).lanes
    try #require(found.count == 3)
    for (lane, middle) in zip(found, [81.0, 249, 411]) {
      #expect(abs(lane.centerX - middle) < 6)
      #expect(lane.width > 100)
    }
  }
}
