import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Horizontal lanes: synthetic blots turned by 90° give the lanes of the upright blot.
@Suite struct LaneOrientationSpec {
  static func upright(_ difficulty: Difficulty, seed: UInt64) -> GrayImage {
    let blot = SyntheticBlot.random(difficulty, seed: seed).render()
    return blot.asDecodedMinIsWhite ?? blot.image
  }

  /// The image turned 90° clockwise: (row r, column c) moves to (row c, column h − 1 − r).
  static func rotatedClockwise(_ image: GrayImage) -> GrayImage {
    let w = image.width
    let h = image.height
    var out = [Float](repeating: 0, count: w * h)
    for r in 0..<h {
      for c in 0..<w { out[c * h + (h - 1 - r)] = image.samples[r * w + c] }
    }
    return GrayImage(
      width: h, height: w, maxValue: image.maxValue, samples: out, metadata: image.metadata)
  }

  /// Transposed, the analysis runs on exactly the upright pixels again: lanes and bands are
  /// identical (lane frame), the region and lane rectangles come back in the turned image's
  /// own coordinates. The orientation is detected for the clean and typical presets and
  /// given for the hard ones (see ``OrientationDecision``: some turned hard blots stay
  /// below the automatic rule's margin).
  @Test(arguments: Difficulty.allCases, [1, 2, 3, 7] as [UInt64])
  func transposedBlotIsFoundHorizontal(difficulty: Difficulty, seed: UInt64) throws {
    let image = Self.upright(difficulty, seed: seed)
    let upright = try analyzeBlot(image, options: AnalysisOptions(orientation: nil))
    let given: LaneOrientation? = difficulty == .hard ? .horizontal : nil
    let turned = try analyzeBlot(image.transposed(), options: AnalysisOptions(orientation: given))
    #expect(upright.orientation.orientation == .vertical)
    #expect(upright.orientation.automatic)
    #expect(turned.orientation.orientation == .horizontal)
    #expect(turned.orientation.automatic == (given == nil))
    #expect(turned.lanes == upright.lanes)
    #expect(turned.region == upright.region.transposed)
    for lane in turned.lanes {
      let rect = turned.imageRect(of: lane)
      #expect(rect == upright.imageRect(of: lane).transposed)
      #expect(rect.y == lane.x0 && rect.height == lane.x1 - lane.x0)
    }
    for band in turned.bands {
      let p = turned.imagePoint(of: band)
      let q = upright.imagePoint(of: band)
      #expect(p.x == q.y && p.y == q.x)
    }
    #expect(turned.warnings.first?.hasPrefix("lanes run horizontally") == true)
  }

  /// Turned 90° clockwise, the lanes run left to right; seen in the lane frame (transposed)
  /// the blot is the upright one flipped upside down: the same lanes in the same order, each
  /// with its bands mirrored (centres to half a pixel: the tilt changes sign and is searched
  /// on a grid). Clean and typical presets: on hard ones the flipped dust and gradients can
  /// move a weak band across the detection limit, which is not what this test is about.
  @Test(arguments: [Difficulty.clean, .typical])
  func rotatedBlotGivesTheSameLanes(difficulty: Difficulty) throws {
    let image = Self.upright(difficulty, seed: 7)
    let upright = try analyzeBlot(image)
    let turned = try analyzeBlot(
      Self.rotatedClockwise(image), options: AnalysisOptions(orientation: .horizontal))
    #expect(turned.orientation.orientation == .horizontal)
    try #require(turned.lanes.count == upright.lanes.count)
    for (a, b) in zip(upright.lanes, turned.lanes) {
      #expect(abs(a.centerX - b.centerX) < 0.5)
      #expect(a.bands.count == b.bands.count)
      for (p, q) in zip(a.bands, b.bands.reversed()) {
        #expect(abs(p.y - (Double(image.height - 1) - q.y)) < 0.5)
      }
    }
  }

  /// A given orientation is used as given, and reported as such; vertical is the default.
  @Test func givenOrientationIsKept() throws {
    let image = Self.upright(.clean, seed: 1)
    let result = try analyzeBlot(image)
    #expect(try analyzeBlot(image.transposed()).orientation.orientation == .vertical)
    #expect(result.orientation == OrientationDecision(
      orientation: .vertical, automatic: false, gradientRatio: nil))
    let forced = try analyzeBlot(
      image.transposed(), options: AnalysisOptions(orientation: .horizontal))
    #expect(forced.lanes == result.lanes)
  }
}
