import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Two touching lanes joined into one off-lattice lane (Docs/lanes.md, "2026-11-27 round 4"):
/// split where the neighbours' band rows show the lanes the lattice puts there.
@Suite struct LaneSplitSpec {
  /// What fills the space of lanes 1 and 2.
  enum Middle: CaseIterable {
    /// Two lanes whose band row is apart, joined above it by a smear over both and their gap.
    case smearedPair
    /// Two clean lanes.
    case cleanPair
    /// One wide lane (its band spans both lattice places): not two lanes.
    case wideLane
  }

  /// Seven lattice places 40 px apart (centres 30 … 270) on a 320 × 120 plane; lanes 24 px
  /// wide with one band (Gaussian, σ = 4 rows, at row 95); pixel noise σ = 0.002. Places 1
  /// and 2 (x 70, 110) hold `middle`; the smear is 0.3 over x 60–120, rows 10–80.
  static func plane(_ middle: Middle) -> Plane {
    IrwinHallNoise.plane(width: 320, height: 120, seed: 777, sigma: 0.002) { x, y in
      let band = exp(-0.5 * pow((Double(y) - 95) / 4, 2))
      let xd = Double(x)
      var v = 0.0
      for k in [0, 3, 4, 5, 6] {
        let c = 30 + 40 * Double(k)
        v += band * LaneFinderSpec.lane(xd, c - 12, c + 12, 1)
      }
      switch middle {
      case .smearedPair, .cleanPair:
        v += band * (LaneFinderSpec.lane(xd, 58, 82, 1) + LaneFinderSpec.lane(xd, 98, 122, 1))
        if middle == .smearedPair && y >= 10 && y <= 80 {
          v += LaneFinderSpec.lane(xd, 60, 120, 0.3)
        }
      case .wideLane:
        v += band * LaneFinderSpec.lane(xd, 58, 122, 1)
      }
      return v
    }
  }

  /// The lanes as found when places 1 and 2 are taken as one lane: centres 30, 90 (64 px
  /// wide), 150 … 270. 90 is 1.5 pitches from each neighbour; they are 3 pitches apart.
  static let joined: [LaneGeometry] = [30.0, 90, 150, 190, 230, 270].map {
    LaneGeometry(center: $0, width: $0 == 90 ? 64 : 24, level: 1, inferred: false)
  }

  static func evidence(_ middle: Middle) -> LaneEvidence {
    let plane = plane(middle)
    let profile = ColumnProfile.compute(plane, shiftPerRow: 0).mean
    return LaneEvidence(profile: profile, plane: plane, shiftPerRow: 0)
  }

  /// The smeared pair is apart in the band row (rows ≈ 90–100): split into the lattice's two
  /// lanes at 70 and 110.
  @Test func smearedPairIsSplitAtTheLatticePlaces() {
    var notes: [String] = []
    let out = LaneFinder.splitOffLatticeLanes(
      Self.joined, evidence: Self.evidence(.smearedPair), notes: &notes)
    #expect(out.map(\.center) == [30, 70, 110, 150, 190, 230, 270])
    #expect(out.filter(\.inferred).count == 2)
    #expect(notes.contains { $0.contains("split the lane at x ≈ 90 into 2 lanes") })
  }

  /// A lane as wide as two places has no gap in its band row: not split.
  @Test func wideLaneIsNotSplit() {
    var notes: [String] = []
    let out = LaneFinder.splitOffLatticeLanes(
      Self.joined, evidence: Self.evidence(.wideLane), notes: &notes)
    #expect(out == Self.joined)
    #expect(notes.isEmpty)
  }

  /// Lanes on the lattice are left alone, and the whole finder finds the clean pair as two.
  @Test func cleanPairIsFoundAsTwoAndNothingIsSplit() throws {
    let (evidence, noise) = LaneFinder.columnProfiles(Self.plane(.cleanPair), shiftPerRow: 0)
    let found = try LaneFinder.find(columnProfile: evidence, noiseFloor: noise, expected: nil)
    #expect(found.lanes.count == 7)
    #expect(!found.notes.contains { $0.contains("split the lane") })
  }
}

/// The two real scans whose touching lanes were one lane before the split rule.
@Suite(.enabled(if: RealScans.available)) struct RealScanSplitSpec {
  /// biorad1sc_test4: lanes 2 and 3 (x ≈ 118 and 150 in the band row) were one 16-px lane at
  /// 126, joined by a smear in rows 100–330.
  @Test func biorad1scLanes2And3AreApart() throws {
    let image = try #require(RealScans.load("biorad1sc_test4_imglab_analysis.tif"))
    let lanes = try analyzeBlot(image).lanes
    try #require(lanes.count == 16)
    #expect(abs(lanes[1].centerX - 118) < 5 && abs(lanes[2].centerX - 150) < 5)
  }

  /// wbquantifier_test_image: lanes 9 and 10 (x ≈ 785 and 870) were one 163-px lane.
  @Test func wbquantifierLanes9And10AreApart() throws {
    let image = try #require(RealScans.load("wbquantifier_test_image.png"))
    let lanes = try analyzeBlot(image).lanes
    try #require(lanes.count == 12)
    #expect(abs(lanes[8].centerX - 785) < 10 && abs(lanes[9].centerX - 870) < 10)
  }
}
