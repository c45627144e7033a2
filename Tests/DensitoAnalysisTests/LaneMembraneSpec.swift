import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// The membrane's extent on a flat software surround (``MembraneExtent``, Docs/lanes.md,
/// "Issue 3, round 3") and what the lane finder makes of it.
@Suite struct LaneMembraneSpec {
  /// A 160 × 80 signal plane: a textured membrane (columns 30...139, rows 0..<70, signal
  /// 0.02 ± 0.002, never 0) on a surround of exactly 0, four 20-px lanes with a band in rows
  /// 30..<40, and a kDa label (columns 5...20, rows 28...33) whose tick mark (rows 30...31)
  /// runs from column 21 five columns into the membrane, as software draws them.
  static func labelledBlot(labels: Bool = true) -> Plane {
    let w = 160
    let h = 80
    var rng = SplitMix64(seed: 7)
    var v = [Float](repeating: 0, count: w * h)
    for y in 0..<70 {
      for x in 30...139 {
        v[y * w + x] = Float(max(0.005, 0.02 + 0.002 * rng.gaussian()))
      }
    }
    for k in 0..<4 {
      for y in 30..<40 {
        for x in (40 + 25 * k)..<(60 + 25 * k) { v[y * w + x] += 1 }
      }
    }
    if labels {
      for y in 28...33 { for x in 5...20 { v[y * w + x] = 2 } }
      for y in 30...31 { for x in 21...34 { v[y * w + x] = 2.7 } }
    }
    return Plane(width: w, height: h, values: v)
  }

  /// The membrane spans the columns that are not mostly surround; the tick mark's rows (the
  /// mark reaches the membrane's edge) and the all-surround rows are not clean rows, while
  /// the label text's other rows (28, 29, 32, 33: the text stops short of the edge) are.
  @Test func membraneBesideLabelsIsFound() throws {
    let extent = try #require(MembraneExtent.find(Self.labelledBlot()))
    #expect(extent.columns == 30...139)
    #expect(extent.surround == 0)
    #expect(extent.insideFraction == 0)
    #expect(extent.cleanRows == Array(0..<30) + Array(32..<70))
  }

  /// A protein name written on the surround beside the band row (rows 30..<40, columns
  /// 5...24, stopping short of the membrane's edge) does not take the band row away: every
  /// membrane row is clean and the four lanes are found.
  @Test func labelBesideTheBandRowKeepsTheBandRow() throws {
    var plane = Self.labelledBlot(labels: false)
    for y in 30..<40 { for x in 5...24 { plane.values[y * plane.width + x] = 2 } }
    let extent = try #require(MembraneExtent.find(plane))
    #expect(extent.columns == 30...139)
    #expect(extent.cleanRows == Array(0..<70))
    let (profile, noise) = LaneFinder.columnProfiles(plane, shiftPerRow: 0)
    let found = try LaneFinder.find(columnProfile: profile, noiseFloor: noise, expected: nil)
    #expect(found.lanes.count == 4)
    for (k, lane) in found.lanes.enumerated() {
      #expect(abs(lane.center - (49.5 + 25 * Double(k))) < 1)
    }
  }

  /// Cleaning replaces the other rows by the clean rows' column means, so every column mean
  /// is that of the clean rows alone.
  @Test func cleanedPlaneHasTheCleanRowsColumnMeans() throws {
    let plane = Self.labelledBlot()
    let extent = try #require(MembraneExtent.find(plane))
    let cleaned = extent.cleaned(plane)
    for x in [10, 32, 50, 100] {
      let clean = extent.cleanRows.map { Double(plane.values[$0 * plane.width + x]) }
      let expected = clean.reduce(0, +) / Double(clean.count)
      let all = (0..<plane.height).map { Double(cleaned.values[$0 * plane.width + x]) }
      #expect(abs(all.reduce(0, +) / Double(all.count) - expected) < 1e-6)
    }
  }

  /// Labels on the surround are a lane in the plain column profile; with the membrane's
  /// extent they are left out and the four lanes are found at their centres, in the
  /// coordinates of the whole plane.
  @Test func labelsOutsideTheMembraneAreNotLanes() throws {
    let plane = Self.labelledBlot()
    let plain = ColumnProfile.compute(plane, shiftPerRow: 0, clampEdges: true, rowMedian7: true)
    let before = try LaneFinder.find(columnProfile: plain.mean, expected: nil)
    #expect(before.lanes.contains { $0.center < 30 })
    let (profile, noise) = LaneFinder.columnProfiles(plane, shiftPerRow: 0)
    #expect(
      profile.profile[0..<30].allSatisfy(\.isNaN) && profile.profile[140...].allSatisfy(\.isNaN))
    let found = try LaneFinder.find(columnProfile: profile, noiseFloor: noise, expected: nil)
    #expect(found.lanes.count == 4)
    for (k, lane) in found.lanes.enumerated() {
      #expect(abs(lane.center - (49.5 + 25 * Double(k))) < 1)
    }
    #expect(found.notes.first?.hasPrefix("lanes searched only in columns 30...139") == true)
  }

  /// A film whose background is clipped to the extreme in the gaps between lanes: the
  /// columns beside the outer lanes are all at the extreme too, but so are the gaps inside
  /// (13 % of the span, far above 1 %), so no extent is claimed and no lane can be cut away.
  @Test func clippedFilmIsNotCut() {
    let w = 160
    let h = 80
    var rng = SplitMix64(seed: 11)
    var v = [Float](repeating: 0, count: w * h)
    for k in 0..<4 {
      for y in 0..<h {
        for x in (20 + 30 * k)..<(45 + 30 * k) {
          v[y * w + x] = Float(max(0.005, 0.02 + 0.002 * rng.gaussian()))
            + (y >= 30 && y < 40 ? 1 : 0)
        }
      }
    }
    #expect(MembraneExtent.find(Plane(width: w, height: h, values: v)) == nil)
  }

  /// A plane with no flat surround (noise everywhere) has no extent: the profile is the
  /// plain one.
  @Test func noSurroundNoExtent() {
    var rng = SplitMix64(seed: 3)
    let v = (0..<(100 * 40)).map { _ in Float(1 + 0.1 * rng.gaussian()) }
    #expect(MembraneExtent.find(Plane(width: 100, height: 40, values: v)) == nil)
  }

  /// Non-finite columns are allowed only at the ends of a profile.
  @Test func missingDataInsideTheProfileIsRefused() {
    var profile = (0..<200).map { i in 1 + LaneFinderSpec.lane(Double(i), 50, 90, 1) }
    profile[120] = .nan
    #expect(throws: AnalysisError.self) {
      try LaneFinder.find(columnProfile: profile, expected: nil)
    }
  }

  /// A lane dark only at its two ends, one end weaker than half the median lane level (0.4
  /// of it; the wbtool_loading_control lane 3 ends are at 1.0 and 0.49): the stronger end
  /// makes the pair a lane, not background residue, and the two ends are one lane.
  @Test func laneEndsWithOneWeakEndAreOneLane() throws {
    let profile = (0..<600).map { i -> Double in
      var v = 2.0
      for k in 0..<5 {
        let l = 60 + 100 * Double(k)
        if k == 2 {
          v += LaneFinderSpec.lane(Double(i), l, l + 12, 1)
            + LaneFinderSpec.lane(Double(i), l + 68, l + 80, 0.4)
        } else {
          v += LaneFinderSpec.lane(Double(i), l, l + 80, 1)
        }
      }
      return v
    }
    let found = try LaneFinder.find(columnProfile: profile, expected: nil)
    #expect(found.lanes.count == 5)
    for (k, lane) in found.lanes.enumerated() {
      #expect(abs(lane.center - (100 + 100 * Double(k))) < 1)
    }
  }
}

/// The whole analysis on an 8-bit blot pasted on a white canvas (the layout of
/// wbtool_loading_control, drawn here so that the test needs no shared files).
@Suite struct LabelledCanvasAnalysisSpec {
  /// 200 × 90, canvas exactly 255; membrane at columns 30...169, rows 0..<75, 240 ± 3 (never
  /// 255); five 20-px lanes at a 27-px pitch from column 40 with a band (60) in rows 30..<40;
  /// black kDa labels on the canvas on both sides (rows 28...34) with ticks (rows 31...32)
  /// drawn 7 columns over each membrane edge.
  static func image() -> GrayImage {
    let w = 200
    let h = 90
    var rng = SplitMix64(seed: 5)
    var image = GrayImage(width: w, height: h, maxValue: 255, filledWith: 255)
    for y in 0..<75 {
      for x in 30...169 {
        image[y, x] = Float(min(250, max(230, (240 + 3 * rng.gaussian()).rounded())))
      }
    }
    for k in 0..<5 {
      for y in 30..<40 { for x in (40 + 27 * k)..<(60 + 27 * k) { image[y, x] = 60 } }
    }
    for y in 28...34 {
      for x in 4...22 { image[y, x] = 0 }
      for x in 177...195 { image[y, x] = 0 }
    }
    for y in 31...32 {
      for x in 23...36 { image[y, x] = 0 }
      for x in 163...176 { image[y, x] = 0 }
    }
    return image
  }

  @Test func labelsAndTicksAreNotLanes() throws {
    let result = try analyzeBlot(Self.image())
    #expect(result.lanes.count == 5)
    for (k, lane) in result.lanes.enumerated() {
      #expect(abs(lane.centerX - (49.5 + 27 * Double(k))) < 1.5, "lane \(k) at \(lane.centerX)")
    }
    #expect(result.warnings.contains { $0.hasPrefix("lanes searched only in columns") })
  }
}

/// wbtool_loading_control on the real scan (skipped without `../shared/realscans`).
@Suite(.enabled(if: RealScans.available)) struct LoadingControlLaneSpec {
  /// PROVENANCE.md: 2 ladders and 9 sample lanes, lane 7 nearly empty. The lane centres
  /// (image x) read off the main band row (y ≈ 150–170) of the image: 118 and 690 (the
  /// ladders), 169, 231, 288, 345, 401, 459, 525, 577, 632. Each found lane lies within half
  /// the ≈ 57-px pitch of its lane (lane 1's band is light in its left half, so its
  /// half-level centre sits about 17 px right of the band's middle); only lane 7 is inferred,
  /// and no lane lies on the kDa labels (image x < 90 or > 712, the surround).
  @Test func elevenLanesNoneOnTheLabels() throws {
    let image = try #require(RealScans.load("wbtool_loading_control.jpg"))
    let result = try analyzeBlot(image)
    let centres = result.lanes.map(\.centerX)
    let truth: [Double] = [118, 169, 231, 288, 345, 401, 459, 525, 577, 632, 690]
    #expect(centres.count == truth.count)
    for (c, t) in zip(centres, truth) { #expect(abs(c - t) < 28, "found \(c), lane at \(t)") }
    #expect(result.lanes.filter(\.inferred).map(\.index) == [7])
  }
}
