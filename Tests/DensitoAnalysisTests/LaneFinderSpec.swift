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
}
