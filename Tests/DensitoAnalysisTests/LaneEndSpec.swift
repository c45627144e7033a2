import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Lanes beyond the outermost found lane (Docs/lanes.md, "2026-11-27 round 4"): accepted only
/// where the rows of their own band show a lane of their own, in the rows where the
/// neighbouring lanes carry their bands.
@Suite struct LaneEndSpec {
  /// What lies one pitch beyond the sixth lane.
  enum Beyond: CaseIterable {
    /// A faint lane (4 % of the others) with its band in the same rows: 0.4 % of the lane
    /// level in the mean over all rows, below the 5 % threshold, but 70σ in its band rows.
    case faintLane
    /// The same faint band 45 rows above the band row: a smudge, not a lane.
    case smudgeInOtherRows
    /// The sixth lane's halo: its band's tail falling off beyond it, with no maximum.
    case halo
    /// Nothing.
    case nothing
  }

  /// Six lanes 60 px wide at a 100-px pitch (centres 60 … 560) on a 760 × 120 plane, one band
  /// row (Gaussian, σ = 5 rows, at row 60), pixel noise σ = 0.002 (a fixed pseudo-random
  /// sequence), and `beyond` at x 630–690 (half a lane beyond it, to 720, is inside).
  static func plane(_ beyond: Beyond) -> Plane {
    IrwinHallNoise.plane(width: 760, height: 120, seed: 12345, sigma: 0.002) { x, y in
      let band = exp(-0.5 * pow((Double(y) - 60) / 5, 2))
      let high = exp(-0.5 * pow((Double(y) - 15) / 5, 2))
      let xd = Double(x)
      var v = 0.0
      for k in 0..<6 {
        let left = 30 + 100 * Double(k)
        v += band * LaneFinderSpec.lane(xd, left, left + 60, 1)
      }
      switch beyond {
      case .faintLane: v += band * LaneFinderSpec.lane(xd, 630, 690, 0.04)
      case .smudgeInOtherRows: v += high * LaneFinderSpec.lane(xd, 630, 690, 0.04)
      case .halo: v += xd > 590 ? band * 0.04 * exp(-(xd - 590) / 30) : 0
      case .nothing: break
      }
      return v
    }
  }

  @Test(arguments: Beyond.allCases)
  func laneBeyondTheLastIsAddedOnlyWhenItsBandRowsShowOne(beyond: Beyond) throws {
    let (evidence, noise) = LaneFinder.columnProfiles(Self.plane(beyond), shiftPerRow: 0)
    let plain = try LaneFinder.find(
      columnProfile: evidence.profile, noiseFloor: noise, expected: nil)
    #expect(plain.lanes.count == 6)
    let found = try LaneFinder.find(columnProfile: evidence, noiseFloor: noise, expected: nil)
    if beyond == .faintLane {
      #expect(found.lanes.count == 7)
      let added = try #require(found.lanes.last)
      #expect(added.inferred && abs(added.center - 660) < 3)
      #expect(found.notes.contains { $0.contains("beyond the outermost lane") })
    } else {
      #expect(found.lanes.count == 6)
    }
  }

  /// A count asked for by the user is not second-guessed.
  @Test func givenCountIsKept() throws {
    let (evidence, noise) = LaneFinder.columnProfiles(Self.plane(.faintLane), shiftPerRow: 0)
    let found = try LaneFinder.find(columnProfile: evidence, noiseFloor: noise, expected: 6)
    #expect(found.lanes.count == 6)
  }
}

/// wbmage_test3: the faint 11th lane (x ≈ 1720–1830, ≈ 0.01 OD above the background in rows
/// 40–90) is a shoulder of lane 10 in the mean over all rows, and a lane of its own in its
/// band rows.
@Suite(.enabled(if: RealScans.available)) struct RealScanEndLaneSpec {
  @Test func wbmageTest3FaintLastLaneIsFound() throws {
    let image = try #require(RealScans.load("wbmage_test3.jpg"))
    let result = try analyzeBlot(image)
    #expect(result.lanes.count == 11)
    let last = try #require(result.lanes.last)
    #expect(last.centerX > 1720 && last.centerX < 1830)
  }

  /// biorad1sc_test4: a smudge left of lane 1 (x ≈ 40–65, rows 116–129) has a maximum of its
  /// own in its rows, but those are not the band rows of lanes 1 and 2: no lane is added.
  @Test func biorad1scSmudgeIsNotALane() throws {
    let image = try #require(RealScans.load("biorad1sc_test4_imglab_analysis.tif"))
    let result = try analyzeBlot(image)
    #expect(result.lanes.allSatisfy { $0.centerX > 70 })
  }
}
