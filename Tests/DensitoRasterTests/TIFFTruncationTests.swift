import Foundation
import Testing

@testable import DensitoRaster

/// Truncated copies of valid TIFFs, cut at many points: each either fails with a
/// `DecodingError` or, when the cut removed nothing the page needs (trailing tags, other
/// pages), decodes to exactly the same raster. Never a crash or a silently different image.
@Suite struct TIFFTruncationSpec {
  static let synthetic = [
    "u16-lzw-predictor.tif", "u16-tiles-deflate.tif", "rgb8-separate-lzw.tif",
    "f32-deflate-predictor3.tif", "multipage-u16.tif", "u16-bigtiff.tif", "rgb8-jpeg.tif",
    "u8-packbits.tif", "f64-bigendian.tif",
  ]
  static let shared = [
    "conformance/tiff/minisblack-1c-16b.tiff", "conformance/tiff/quad-lzw-compat.tiff",
    "conformance/tiff/palette-1c-4b.tiff", "conformance/tiff/quad-tile.jpg.tiff",
    "conformance/tiff/deflate-last-strip-extra-data.tiff",
    "realscans/goedhart_Dotblot_Example-data.tif", "realscans/gelgenie_ladder_reference_gel.tif",
  ]

  /// Cut points: every byte of the first 64 (header, first IFD entries), then 48 points
  /// spread over the rest, and the last 8 bytes.
  static func cuts(_ count: Int) -> [Int] {
    var points = Set(0..<min(64, count))
    for i in 1...48 { points.insert(count * i / 49) }
    for back in 1...8 where count - back > 0 { points.insert(count - back) }
    return points.filter { $0 < count }.sorted()
  }

  @Test(arguments: synthetic.map { "synthetic/" + $0 } + shared)
  func truncatedCopiesFailCleanlyOrDecodeTheSame(file: String) throws {
    guard let bytes = try TIFFFixtures.bytes(of: file) else { return }
    let full = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    var failures = 0
    for cut in Self.cuts(bytes.count) {
      let prefix = Array(bytes.prefix(cut))
      do {
        let image = try TIFFDecoder.decode(prefix, options: DecodingOptions())
        #expect(image.samples == full.samples, "\(file) cut at \(cut) decoded differently")
      } catch {
        failures += 1
        #expect(!error.description.isEmpty)
      }
    }
    #expect(failures > 0)
  }

  /// A strip that lies past the end of the data is named, with the byte counts.
  @Test func missingStripDataIsReportedAsTruncation() throws {
    let bytes = try TIFFFixtures.synthetic("u16-bigendian.tif")
    // tifffile writes the IFD first and the strips after it: cut into the last strip.
    let cut = Array(bytes.prefix(bytes.count - 100))
    #expect {
      try TIFFDecoder.decode(cut, options: DecodingOptions())
    } throws: { error in
      guard case .truncated(format: .tiff, let detail) = error as? DecodingError else {
        return false
      }
      return detail.contains("strip") && detail.contains("\(cut.count) bytes")
    }
  }
}
