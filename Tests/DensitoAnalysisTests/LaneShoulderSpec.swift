import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Lanes whose band is darker at one end (Docs/lanes.md, "2026-11-27 round 4"): the profile of
/// such a lane is a ramp, a shoulder with a dark end. The dark end is cut out first at its
/// half level; the shoulder left beside it is a second piece whose half-level extent runs into
/// the dark end. It is the same lane, not a piece to drop.
@Suite struct LaneShoulderSpec {
  /// Six lanes 80 px wide at a 100-px pitch, each a 60-px shoulder at 0.45 (a shallow dome,
  /// as real shoulders are never flat) and a 20-px dark end at 1 on its right. Each lane is
  /// found whole: centre at its middle, width 80, not its 20-px dark end.
  @Test func rampLaneIsFoundWhole() throws {
    let profile = (0..<620).map { i -> Double in
      let x = Double(i)
      var v = 1.0
      for k in 0..<6 {
        let l = 10 + 100 * Double(k)
        let dome = (x > l && x < l + 60) ? 0.05 * sin(Double.pi * (x - l) / 60) : 0
        v += LaneFinderSpec.lane(x, l, l + 60, 0.45) + dome
        v += LaneFinderSpec.lane(x, l + 60, l + 80, 1)
      }
      return v
    }
    let found = try LaneFinder.find(columnProfile: profile, expected: nil)
    #expect(found.lanes.count == 6)
    for (k, lane) in found.lanes.enumerated() {
      let middle = 50 + 100 * Double(k)
      #expect(abs(lane.center - middle) < 3, "lane \(k) at \(lane.center)")
      #expect(abs(lane.width - 80) < 5, "lane \(k) \(lane.width) wide")
      #expect(!lane.inferred)
    }
  }

  /// The shoulder test itself: contained in the strong piece's base or not.
  @Test(arguments: [(60.0, 60.0, true), (60.0, 120.0, false), (40.0, 60.0, false)])
  func shoulderMustEndInsideTheStrongBase(center: Double, width: Double, joined: Bool) {
    let strong = LaneGeometry(
      center: 80, width: 20, level: 1, inferred: false, base: 28...94)
    let weak = LaneGeometry(center: center, width: width, level: 0.45, inferred: false)
    #expect(LaneFinder.isShoulder(weak, of: strong) == joined)
  }
}

/// Real scans with ramp-shaped lanes: placed by their whole extent since round 4.
@Suite(.enabled(if: RealScans.available)) struct RealScanShoulderSpec {
  /// wbquantifier_test_image2: 13 lanes at a pitch of about 90 px. Lanes 7, 8, 9, 10 and 12
  /// were found as their dark ends (30–39 px wide, spacings 69 to 125 px); found whole, every
  /// spacing lies within 15 % of the median.
  @Test func wbquantifier2LanesAreRegular() throws {
    let image = try #require(RealScans.load("wbquantifier_test_image2.png"))
    let lanes = try analyzeBlot(image).lanes
    #expect(lanes.count == 13)
    let spacings = zip(lanes.dropFirst(), lanes).map { $0.centerX - $1.centerX }
    let median = spacings.sorted()[spacings.count / 2]
    #expect(spacings.allSatisfy { abs($0 - median) <= 0.15 * median }, "\(spacings)")
  }

  /// facuperezt_img_2band: three lanes, read off the image at x ≈ 15–175, 190–335, 350–495.
  /// The first two were found as narrow dark pieces (centres 51 and 311, 57 and 42 px wide).
  @Test func img2bandLanesSpanTheirBands() throws {
    let image = try #require(RealScans.load("facuperezt_img_2band.jpeg"))
    let lanes = try analyzeBlot(image).lanes
    try #require(lanes.count == 3)
    for (lane, middle) in zip(lanes, [95.0, 262, 423]) {
      #expect(abs(lane.centerX - middle) < 10, "lane at \(lane.centerX), expected \(middle)")
      #expect(lane.width > 120)
    }
  }

  /// wbquantifier_test_image: lane 1's band spans x ≈ 20–110, darkest at its right end. It was
  /// found as that end (centre 97, 24 px); now as the whole band.
  @Test func wbquantifierFirstLaneIsWhole() throws {
    let image = try #require(RealScans.load("wbquantifier_test_image.png"))
    let lane = try #require(try analyzeBlot(image).lanes.first)
    #expect(abs(lane.centerX - 65) < 10, "lane 1 at \(lane.centerX)")
    #expect(lane.width > 70)
  }
}
