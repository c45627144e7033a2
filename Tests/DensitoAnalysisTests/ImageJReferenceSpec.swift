import Foundation
import Testing
@testable import DensitoAnalysis

/// ImageJ 1.53t as the reference for the volume definition: a band's volume + background
/// (profile sum over its rows × the lane's columns) is the integrated density (RawIntDen) of
/// the band's rectangle in the signal image. Values from
/// scripts/reference/analysis-imagej-intden.py (ImageJ 1.53t headless, 32-bit TIFF of the
/// signal written with tifffile). Tolerance 1e-9 relative: both are exact sums of integers
/// below 2⁵³ (Float32 holds the 16-bit samples exactly); only summation order differs.
@Suite struct ImageJReferenceSpec {
  /// (x, y, width, height, RawIntDen) per band, lane by lane, top to bottom.
  static let imageJ: [(Int, Int, Int, Int, Double)] = [
    (35, 68, 51, 25, 2_075_486), (35, 145, 51, 30, 4_030_063),
    (100, 68, 51, 25, 2_873_864), (100, 145, 51, 31, 4_083_090),
    (165, 69, 51, 24, 3_622_286), (165, 145, 51, 31, 4_081_457),
    (230, 68, 51, 25, 4_477_251), (230, 145, 51, 30, 4_028_166),
  ]

  @Test func volumePlusBackgroundIsImageJIntegratedDensity() throws {
    let image = try #require(Blots.ladderOfLoads(count: 4).render().asDecodedMinIsWhite)
    if ProcessInfo.processInfo.environment["DENSITO_DUMP_IJ"] == "1" {
      let data = image.samples.withUnsafeBufferPointer { Data(buffer: $0) }
      try data.write(to: URL(fileURLWithPath: "/tmp/analysis-ij.f32"))
    }
    let result = try analyzeBlot(image, options: AnalysisOptions(signal: .invertedBrightness))
    var rows: [(Int, Int, Int, Int, Double)] = []
    for lane in result.lanes {
      for band in lane.bands {
        rows.append(
          (lane.x0, band.top, lane.x1 - lane.x0, band.bottom - band.top + 1,
           band.volume + band.background))
      }
    }
    #expect(rows.count == Self.imageJ.count)
    for (got, ref) in zip(rows, Self.imageJ) {
      #expect(got.0 == ref.0 && got.1 == ref.1 && got.2 == ref.2 && got.3 == ref.3)
      #expect(abs(got.4 / ref.4 - 1) < 1e-9, "\(got) vs \(ref)")
    }
  }
}
