import Foundation
import Testing
@testable import DensitoAnalysis

/// The lane finder on analytic column profiles (Docs/lanes.md, steps 4–6).
@Suite struct LaneFinderSpec {
  /// A flat-topped lane from `left` to `right` with erf edges of σ `edge`, height `level`.
  static func lane(_ x: Double, _ left: Double, _ right: Double, _ level: Double, edge: Double = 1.5)
    -> Double
  {
    let s = edge * 2.0.squareRoot()
    return level * 0.5 * (erf((x - left) / s) - erf((x - right) / s))
  }

  /// Lanes whose bands are darker at both ends than in the middle (two 10-px rims at level 1
  /// over a 0.3 floor): the broad dip inside each lane is not a gap, so each lane is one lane
  /// of its full width, not two rims.
  @Test func broadDipInsideALaneDoesNotSplitIt() throws {
    let profile = (0..<600).map { i -> Double in
      let x = Double(i)
      var v = 10.0
      for k in 0..<5 {
        let l = 60 + 100 * Double(k)
        v += Self.lane(x, l, l + 80, 0.3) + Self.lane(x, l, l + 10, 0.7)
          + Self.lane(x, l + 70, l + 80, 0.7)
      }
      return v
    }
    let found = try LaneFinder.find(columnProfile: profile, expected: nil)
    #expect(found.lanes.count == 5)
    for (k, lane) in found.lanes.enumerated() {
      #expect(abs(lane.center - (100 + 100 * Double(k))) < 1)
      #expect(abs(lane.width - 80) < 2)
    }
  }

  /// Touching lanes (a 4-px bare gap between erf edges of σ 2: the profile falls only to
  /// about a third of the lane level between them) stay separate lanes.
  @Test func narrowGapBetweenTouchingLanesSeparatesThem() throws {
    let profile = (0..<560).map { i -> Double in
      var v = 5.0
      for k in 0..<5 {
        let l = 32 + 100 * Double(k)
        v += Self.lane(Double(i), l, l + 96, 1, edge: 2)
      }
      return v
    }
    let found = try LaneFinder.find(columnProfile: profile, expected: nil)
    #expect(found.lanes.count == 5)
    for (k, lane) in found.lanes.enumerated() {
      #expect(abs(lane.center - (80 + 100 * Double(k))) < 1)
    }
  }

  /// A missing lane in a regular row of lanes, with the profile at background there, is
  /// inferred as an empty lane; a faint lane there is found, not inferred.
  @Test func emptyLaneIsInferredOnlyWhereTheProfileIsEmpty() throws {
    func profile(middle: Double) -> [Double] {
      (0..<700).map { i -> Double in
        var v = 1.0
        for k in 0..<6 {
          let l = 50 + 100 * Double(k)
          v += Self.lane(Double(i), l, l + 60, k == 3 ? middle : 1)
        }
        return v
      }
    }
    let empty = try LaneFinder.find(columnProfile: profile(middle: 0), expected: nil)
    #expect(empty.lanes.count == 6)
    #expect(empty.lanes.filter(\.inferred).map { $0.center.rounded() } == [380])
    let faint = try LaneFinder.find(columnProfile: profile(middle: 0.6), expected: nil)
    #expect(faint.lanes.count == 6)
    #expect(faint.lanes.allSatisfy { !$0.inferred })
  }

  /// A lane whose band is dark only at its two ends, with its middle at the gap level (no
  /// floor between two 12-px rims of an 80-px lane), is one lane: each end is narrower than
  /// half the typical lane and together they span one lane, not two.
  @Test func laneWithLightMiddleIsOneLane() throws {
    let profile = (0..<600).map { i -> Double in
      var v = 2.0
      for k in 0..<5 {
        let l = 60 + 100 * Double(k)
        if k == 2 {
          v += Self.lane(Double(i), l, l + 12, 1) + Self.lane(Double(i), l + 68, l + 80, 1)
        } else {
          v += Self.lane(Double(i), l, l + 80, 1)
        }
      }
      return v
    }
    let found = try LaneFinder.find(columnProfile: profile, expected: nil)
    #expect(found.lanes.count == 5)
    for (k, lane) in found.lanes.enumerated() {
      #expect(abs(lane.center - (100 + 100 * Double(k))) < 1)
    }
    #expect(abs(found.lanes[2].width - 80) < 2)
  }

  /// Two touching full lanes are not joined by that rule (each is a lane wide), nor are two
  /// narrow pieces that together span more than 1.5 typical lanes (here 140 > 1.5 × 80).
  @Test func fullLanesAndFarPiecesAreNotJoinedAsEnds() {
    var notes: [String] = []
    let lanes = [
      LaneGeometry(center: 100, width: 80, level: 1, inferred: false),
      LaneGeometry(center: 190, width: 80, level: 1, inferred: false),
      LaneGeometry(center: 300, width: 20, level: 1, inferred: false),
      LaneGeometry(center: 420, width: 20, level: 1, inferred: false),
    ]
    #expect(LaneFinder.joinLaneEnds(lanes, notes: &notes) == lanes)
    #expect(notes.isEmpty)
  }

  /// A lane with a peaked profile (a ladder: a 20-px core at level 3 on a 60-px base at
  /// level 0.5) is narrower than 30 % of the 100-px lanes at half level but not at its base:
  /// it is kept. A 5-px speck, narrow at every level, is still dropped.
  @Test func peakedLaneIsKeptAndSpeckDropped() throws {
    let profile = (0..<800).map { i -> Double in
      let x = Double(i)
      var v = 1.0 + Self.lane(x, 40, 100, 0.5) + Self.lane(x, 60, 80, 2.5)
      for k in 0..<5 { v += Self.lane(x, 150 + 120 * Double(k), 250 + 120 * Double(k), 1) }
      v += Self.lane(x, 768, 773, 3, edge: 0.7)
      return v
    }
    let found = try LaneFinder.find(columnProfile: profile, expected: nil)
    #expect(found.lanes.map { $0.center.rounded() } == [70, 200, 320, 440, 560, 680])
    #expect(found.notes.contains { $0.contains("narrow column feature") })
  }

  /// The pitch ignores lane pieces narrower than half the typical lane (a lone dark lane
  /// end sits closer to its neighbours than the pitch).
  @Test func pitchIgnoresLanePieces() {
    let lanes = [
      LaneGeometry(center: 100, width: 60, level: 1, inferred: false),
      LaneGeometry(center: 200, width: 60, level: 1, inferred: false),
      LaneGeometry(center: 245, width: 12, level: 1, inferred: false),
      LaneGeometry(center: 300, width: 60, level: 1, inferred: false),
      LaneGeometry(center: 400, width: 60, level: 1, inferred: false),
    ]
    #expect(LaneFinder.pitch(of: lanes) == 100)
  }

  /// Two narrow pieces that would span one lane but are weak (7 % of the lane level, like
  /// the background residues at the edges of the hard synthetic blots) are not lane ends:
  /// they stay apart (and are then dropped as specks by the width rule).
  @Test func weakNarrowPiecesAreNotJoined() {
    var notes: [String] = []
    let lanes = [
      LaneGeometry(center: 27, width: 5, level: 0.07, inferred: false),
      LaneGeometry(center: 56, width: 5, level: 0.07, inferred: false),
      LaneGeometry(center: 100, width: 45, level: 1, inferred: false),
      LaneGeometry(center: 170, width: 45, level: 1.2, inferred: false),
      LaneGeometry(center: 240, width: 45, level: 0.9, inferred: false),
    ]
    #expect(LaneFinder.joinLaneEnds(lanes, notes: &notes) == lanes)
    var strong = lanes
    strong[0].level = 1
    strong[1].level = 1
    #expect(LaneFinder.joinLaneEnds(strong, notes: &notes).count == 4)
  }
}

