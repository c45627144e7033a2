import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// The empty-lane rule's spacing test (Docs/lanes.md, "Issue 3, round 3"): a lane whose band
/// fades to one side is placed by its base, and nothing is inferred without a lattice.
@Suite struct LaneSpacingSpec {
  /// Lanes 80 px wide at a 100-px pitch; lane 0 (columns 10–90) fades towards its left (its
  /// level rises as the cube of the distance from its left edge, from 5 % to 100 %), lane 1
  /// is empty, lanes 2–5 are flat. Lane 0's half-level centre (≈ 82) sits 32 px right of its
  /// middle, so centre to centre the gap is 1.68 pitches; between base middles it is 1.8,
  /// within a quarter pitch of two, and the empty lane fits between the two bases.
  @Test func fadingLaneBesideAnEmptyLaneIsPlacedByItsBase() throws {
    let profile = (0..<620).map { i -> Double in
      let x = Double(i)
      let t = min(max((x - 10) / 80, 0), 1)
      var v = 1.0 + LaneFinderSpec.lane(x, 10, 90, 0.05 + 0.95 * t * t * t, edge: 1.5)
      for k in 2..<6 {
        let l = 10 + 100 * Double(k)
        v += LaneFinderSpec.lane(x, l, l + 80, 1)
      }
      return v
    }
    let found = try LaneFinder.find(columnProfile: profile, expected: nil)
    #expect(found.lanes.count == 6)
    #expect(found.lanes.filter(\.inferred).count == 1)
    let inferred = try #require(found.lanes.first { $0.inferred })
    #expect(abs(inferred.center - 150) < 15)
    #expect(found.lanes[0].center - 50 > 25)
  }

  /// Lanes at irregular places (the six dark lane edges of facuperezt_img_shadow: spacings
  /// 121, 48, 119, 47, 110): the pitch (≈ 48) explains only two of five spacings, so no gap
  /// is filled, however empty.
  @Test func noLatticeNoInferredLanes() {
    let lanes = [21.0, 142, 190, 309, 356, 466].map {
      LaneGeometry(center: $0, width: 12, level: 1, inferred: false)
    }
    var notes: [String] = []
    #expect(LaneFinder.inferEmptyLanes(lanes, minimumLanes: 3, notes: &notes) == lanes)
    #expect(notes.isEmpty)
  }

  /// The same spacing rule fills a gap of two pitches in a regular row.
  @Test func regularRowGapIsFilled() {
    let lanes = [100.0, 200, 300, 500, 600].map {
      LaneGeometry(center: $0, width: 60, level: 1, inferred: false)
    }
    var notes: [String] = []
    let out = LaneFinder.inferEmptyLanes(lanes, minimumLanes: 3, notes: &notes)
    #expect(out.filter(\.inferred).map(\.center) == [400])
  }

  /// A lane is isolated when the residual falls below the threshold between it and each
  /// neighbour (and towards the profile's ends); touching lanes are not.
  @Test func isolatedLanesAreThoseStandingOnBackground() {
    var r = [Double](repeating: 0, count: 300)
    for x in 20..<80 { r[x] = 1 }
    for x in 120..<180 { r[x] = 1 }
    for x in 180..<240 { r[x] = 0.8 }
    var lanes = [50.0, 150, 210].map {
      LaneGeometry(center: $0, width: 60, level: 1, inferred: false)
    }
    LaneFinder.markIsolated(&lanes, residual: r, threshold: 0.1)
    #expect(lanes.map(\.isolated) == [true, false, false])
  }
}

/// wbmage_test4 on the real scan (skipped without `../shared/realscans`).
@Suite(.enabled(if: RealScans.available)) struct FadingLaneRealScanSpec {
  /// PROVENANCE.md: 10 lanes, lane 2 empty. Lane 1's band fades to the left (half-level
  /// centre 106, base middle 91); the empty lane 2 is inferred between it and lane 3 (397)
  /// from the base middles, at x ≈ 244, and it is the only inferred lane.
  @Test func emptySecondLaneIsInferred() throws {
    let image = try #require(RealScans.load("wbmage_test4.jpg"))
    let result = try analyzeBlot(image)
    #expect(result.lanes.count == 10)
    #expect(result.lanes.filter(\.inferred).map(\.index) == [1])
    let second = result.lanes[1].centerX
    #expect(second > 200 && second < 290)
  }
}
