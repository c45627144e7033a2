import Foundation
import Testing

@testable import DensitoRaster

/// Every file of TestImages/tiff/tiff-reference.json decodes to the raster tifffile gives
/// under the same rules (scripts/reference/tiff-reference.py; tifffile 2026.3.3, imagecodecs
/// 2026.3.6, numpy float32 arithmetic), page by page: size, bit depth, maxValue, min, max,
/// mean and the SHA-256 of the Float32 raster — bit-exact, no tolerance, because every rule
/// is a single IEEE operation on integers or a copy. JPEG-in-TIFF is lossy: only the size
/// and the mean (within 1.0 gray level of 255: libtiff and tifffile both use libjpeg, and
/// differ only in colour-conversion rounding).
@Suite struct TIFFReferenceSpec {
  static let files = TIFFFixtures.reference.files

  @Test(arguments: files)
  func decodesLikeTifffile(_ entry: TIFFReference.File) throws {
    guard let bytes = try TIFFFixtures.bytes(of: entry.file) else { return }  // no ../shared
    if let feature = entry.unsupported {
      #expect(throws: DecodingError.unsupported(format: .tiff, feature: feature)) {
        try TIFFDecoder.decode(bytes, options: DecodingOptions())
      }
      return
    }
    let pages = try #require(entry.pages)
    for expected in pages {
      let image = try TIFFDecoder.decode(bytes, options: DecodingOptions(page: expected.page))
      #expect(image.width == expected.width)
      #expect(image.height == expected.height)
      #expect(image.metadata.bitDepth == (expected.lossy ? 8 : expected.bitDepth))
      #expect(Double(image.maxValue) == Double(Float(expected.maxValue)))
      #expect(image.metadata.page == expected.page)
      #expect(image.metadata.lossy == expected.lossy)
      let stats = image.statistics
      if expected.lossy {
        let tolerance = TIFFFixtures.reference.jpegMeanTolerance
        #expect(abs(stats.mean - expected.mean) <= tolerance, "mean \(stats.mean)")
        continue
      }
      #expect(Double(stats.min) == expected.min)
      #expect(Double(stats.max) == expected.max)
      #expect(abs(stats.mean - expected.mean) <= 1e-9 * max(1, abs(expected.mean)))
      #expect(SHA256.hex(ofFloat32: image.samples) == expected.sha256, "page \(expected.page)")
    }
  }

  /// The page count is the number of distinct IFDs in the main chain, up to the first
  /// repeated offset (the script walks the chain itself: tifffile reports 4 pages for
  /// test_ifd_loop_subifd.tif, whose chain 12 → 170 → 868 → 1026 → 1184 → 868 holds 5).
  @Test(arguments: files.filter { $0.unsupported == nil })
  func pageCountMatches(_ entry: TIFFReference.File) throws {
    guard let bytes = try TIFFFixtures.bytes(of: entry.file) else { return }
    let image = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    #expect(image.metadata.pageCount == entry.pageCount)
  }

  @Test func referenceRecordsItsTools() {
    let tools = TIFFFixtures.reference.tools
    #expect(tools["tifffile"] == "2026.3.3")
    #expect(tools["imagecodecs"] == "2026.3.6")
  }

}
