import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

/// Metamorphic checks: transformations of the image that must not change the answer
/// (Docs/lanes.md, "Metamorphic checks"). No ground truth is needed: a mirrored blot has the
/// same lanes, mirrored, and the same bands with the same volumes. A difference is either a
/// discretisation effect or a rule that depends on *where* the image shows something (a
/// left-to-right fold, a tie broken towards one side), which would make results on unseen
/// scans depend on how the membrane was laid on the scanner.
///
/// `scripts/reference/lanes/metamorphic.py` runs the same checks, and scale, crop, padding and
/// noise probes, through the CLI on every real scan.
///
/// Tolerances. The transforms here move pixels without changing any value, so every sum the
/// analysis makes is over the same numbers in another order: floating-point rounding then
/// moves results by about 1e-12 relative (measured: 1.8e-12 on gelblotanalyzer's column
/// profile under mirroring). A rule that decides differently moves a lane centre by at least
/// 0.003 px (the smallest such change seen, gelblotanalyzer's first lane) and a volume by far
/// more than 1e-6. So centres must agree within 1e-3 px, band centres within 1e-3 rows and
/// volumes within 1e-6 of the lane's largest band volume (a near-zero volume is the difference
/// of two large sums and carries their rounding: 2e-6 of itself on gelquant).
enum ImageTransform: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Left-right mirror: column x goes to width − 1 − x.
  case mirrored
  /// Top-bottom flip: row y goes to height − 1 − y.
  case flipped
  /// Rotation by 180°: both.
  case rotated180

  var description: String { rawValue }

  var reversesColumns: Bool { self != .flipped }
  var reversesRows: Bool { self != .mirrored }

  /// The transformed image (samples moved, values and metadata unchanged).
  func apply(_ image: GrayImage) -> GrayImage {
    let w = image.width
    let h = image.height
    var out = [Float](repeating: 0, count: image.samples.count)
    image.samples.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<h {
          let sy = reversesRows ? h - 1 - y : y
          for x in 0..<w {
            dst[y * w + x] = src[sy * w + (reversesColumns ? w - 1 - x : x)]
          }
        }
      }
    }
    return GrayImage(
      width: w, height: h, maxValue: image.maxValue, samples: out, metadata: image.metadata)
  }

  /// Where column `x` (pixel-index convention: column i has centre x = i) of the transformed
  /// image lies in the original.
  func originalX(_ x: Double, width: Int) -> Double {
    reversesColumns ? Double(width - 1) - x : x
  }

  func originalY(_ y: Double, height: Int) -> Double {
    reversesRows ? Double(height - 1) - y : y
  }
}

extension ImageTransform {
  /// Pixel replication: each pixel becomes a 2×2 block of the same value. Column x of the
  /// result lies at (x − 0.5) / 2 in the original; volumes (sums over pixels) are 4 times
  /// larger.
  static func upscaled2x(_ image: GrayImage) -> GrayImage {
    let w = image.width
    let w2 = 2 * w
    var out = [Float](repeating: 0, count: 4 * image.samples.count)
    for y in 0..<(2 * image.height) {
      for x in 0..<w2 { out[y * w2 + x] = image.samples[(y / 2) * w + x / 2] }
    }
    return GrayImage(
      width: w2, height: 2 * image.height, maxValue: image.maxValue, samples: out,
      metadata: image.metadata)
  }
}

/// What must agree between the analysis of an image and that of its transform.
enum Invariance {
  static let centreTolerance = 1e-3
  static let volumeTolerance = 1e-6

  /// The transformed analysis' lanes in the original's order.
  static func lanes(of b: BlotAnalysis, _ t: ImageTransform) -> [Lane] {
    t.reversesColumns ? b.lanes.reversed() : b.lanes
  }

  /// Same number of lanes, centres and widths within ``centreTolerance``.
  static func expectSameLanes(
    _ a: BlotAnalysis, _ b: BlotAnalysis, _ t: ImageTransform, width: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let other = lanes(of: b, t)
    #expect(other.count == a.lanes.count, "lane count", sourceLocation: sourceLocation)
    guard other.count == a.lanes.count else { return }
    let moved = zip(a.lanes, other).map { abs(t.originalX($1.centerX, width: width) - $0.centerX) }
    let widths = zip(a.lanes, other).map { abs($1.width - $0.width) }
    #expect(
      (moved.max() ?? 0) <= centreTolerance && (widths.max() ?? 0) <= centreTolerance,
      "lane centres moved by up to \(moved.max() ?? 0) px, widths by \(widths.max() ?? 0) px",
      sourceLocation: sourceLocation)
  }

  /// In every lane the same bands: count, centres (within ``centreTolerance`` rows) and
  /// volumes (within ``volumeTolerance`` relative). Lanes must already agree.
  static func expectSameBands(
    _ a: BlotAnalysis, _ b: BlotAnalysis, _ t: ImageTransform, height: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let other = lanes(of: b, t)
    guard other.count == a.lanes.count else {
      Issue.record(
        "the lanes differ, so the bands were not compared", sourceLocation: sourceLocation)
      return
    }
    var countChanges: [Int] = []
    var worstY = 0.0
    var worstVolume = 0.0
    for (k, (la, lb)) in zip(a.lanes, other).enumerated() {
      let bands = t.reversesRows ? lb.bands.reversed() : lb.bands
      guard bands.count == la.bands.count else {
        countChanges.append(k)
        continue
      }
      // Rounding error scales with the sums, not with a volume that is their near-zero
      // difference: relative to the lane's largest volume.
      let scale = max(la.bands.map { abs($0.volume) }.max() ?? 0, 1e-300)
      for (ba, bb) in zip(la.bands, bands) {
        worstY = max(worstY, abs(t.originalY(bb.y, height: height) - ba.y))
        worstVolume = max(worstVolume, abs(bb.volume - ba.volume) / scale)
      }
    }
    #expect(countChanges.isEmpty, "band counts differ in lanes \(countChanges)",
            sourceLocation: sourceLocation)
    #expect(worstY <= centreTolerance, "band centres moved by up to \(worstY) rows",
            sourceLocation: sourceLocation)
    #expect(worstVolume <= volumeTolerance, "band volumes changed by up to \(worstVolume)",
            sourceLocation: sourceLocation)
  }
}

/// The real scans for these checks. Every lane image passes all three transforms exactly
/// since the lane merge reads both ways and the band finder breaks no tie by direction
/// (Docs/lanes.md, "Metamorphic checks", has the diagnoses and the fixes).
enum InvarianceScans {
  /// Small scans: about 0.1–1 s per analysis in a debug build, four analyses each.
  static let small = [
    "wbmage_test1.png", "wbmage_test2.jpg", "wbquantifier_test_image.png",
    "wbquantifier_test_image2.png", "facuperezt_img_2band.jpeg", "facuperezt_img_shadow.jpeg",
    "wbtool_loading_control.jpg", "biorad1sc_test4_imglab_analysis.tif",
  ]

  /// The rest of the lane images (up to 2128×1703 px: tens of seconds in a debug build). Run
  /// with `DENSITO_INVARIANCE_ALL=1` (best with `swift test -c release -Xswiftc -enable-testing`).
  static let large = [
    "csitron_antiActin_20240710_131425_Ch_Chemi.tif", "gelblotanalyzer_TEST_GEL_AK_original.png",
    "wbtool_protein_of_interest.tif", "facuperezt_wide_pic_bands.jpeg", "wbmage_test3.jpg",
    "wbmage_test4.jpg", "gelquant_gel-example.png", "gelgenie_ladder_reference_gel.tif",
  ]

  /// The large scans run in release builds (CI's `make test`), and in debug builds with
  /// `DENSITO_INVARIANCE_ALL=1` (about 40 s more there).
  static let all: Bool = {
    #if DEBUG
      return ProcessInfo.processInfo.environment["DENSITO_INVARIANCE_ALL"] != nil
    #else
      return true
    #endif
  }()
}

@Suite(.enabled(if: RealScans.available)) struct LaneInvarianceSpec {
  /// The analysis of a mirrored, flipped or rotated real scan finds the same lanes, moved
  /// with the image, and in them the same bands with the same volumes.
  @Test(arguments: InvarianceScans.small)
  func smallScans(file: String) throws {
    try check(file)
  }

  /// As ``smallScans(file:)`` on the large lane images (see ``InvarianceScans/all``).
  @Test(.enabled(if: InvarianceScans.all), arguments: InvarianceScans.large)
  func largeScans(file: String) throws {
    try check(file)
  }

  func check(_ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let image = try #require(RealScans.load(file))
    let original = try analyzeBlot(image)
    for t in ImageTransform.allCases {
      let result = try analyzeBlot(t.apply(image))
      Invariance.expectSameLanes(original, result, t, width: image.width,
                                 sourceLocation: sourceLocation)
      Invariance.expectSameBands(original, result, t, height: image.height,
                                 sourceLocation: sourceLocation)
    }
  }
}

/// The same invariances on synthetic blots: every preset (clean, typical, hard: tilt, smile,
/// background gradients, dust), mirrored, flipped and rotated.
@Suite struct SyntheticLaneInvarianceSpec {
  @Test(arguments: [
    (Difficulty.clean, UInt64(1)), (.typical, 2), (.typical, 7), (.hard, 3), (.hard, 11),
  ])
  func transformedBlotsGiveTheSameAnalysis(difficulty: Difficulty, seed: UInt64) throws {
    let image = SyntheticBlot.random(difficulty, seed: seed).render().image
    let original = try analyzeBlot(image)
    for t in ImageTransform.allCases {
      let result = try analyzeBlot(t.apply(image))
      Invariance.expectSameLanes(original, result, t, width: image.width)
      Invariance.expectSameBands(original, result, t, height: image.height)
    }
  }

  /// Pixel replication 2× is not exactly invariant: the rules have constants in pixels (the
  /// 7-px running median along rows, σ = 1 smoothing, the ±2-row peak match) and estimate
  /// noise from second differences, which assume independent pixels (Docs/lanes.md,
  /// "Metamorphic checks"). On synthetic blots the answer still holds: the same lanes and
  /// bands. Tolerances: centres within 0.25 px and volumes (÷ 4) within 5 %, about four and
  /// three times the largest changes seen on seven blots (0.067 px, 1.9 %); a rule that
  /// decides differently loses or adds a lane or band, which no tolerance absorbs.
  @Test(arguments: [(Difficulty.clean, UInt64(1)), (.typical, 2), (.hard, 3)])
  func replicatedBlotsGiveTheSameLanesAndBands(difficulty: Difficulty, seed: UInt64) throws {
    let image = SyntheticBlot.random(difficulty, seed: seed).render().image
    let original = try analyzeBlot(image)
    let result = try analyzeBlot(ImageTransform.upscaled2x(image))
    try #require(result.lanes.count == original.lanes.count)
    for (la, lb) in zip(original.lanes, result.lanes) {
      #expect(abs((lb.centerX - 0.5) / 2 - la.centerX) <= 0.25, "lane \(la.index)")
      try #require(lb.bands.count == la.bands.count, "lane \(la.index)")
      for (ba, bb) in zip(la.bands, lb.bands) {
        #expect(abs((bb.y - 0.5) / 2 - ba.y) <= 0.25, "lane \(la.index) band \(ba.index)")
        #expect(abs(bb.volume / 4 / ba.volume - 1) <= 0.05, "lane \(la.index) band \(ba.index)")
      }
    }
  }
}
