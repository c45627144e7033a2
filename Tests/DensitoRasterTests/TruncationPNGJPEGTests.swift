import Foundation
import Testing

@testable import DensitoRaster

/// Cut-off PNG and JPEG files: each cut either fails with a truncation or corruption
/// error, or (only when the cut removed nothing the image needs) decodes to exactly the
/// same image. Never a crash, never a partial image.
@Suite struct TruncationPNGJPEGSpec {
  /// 40 evenly spaced cut lengths in 0..<count, plus `extra`, sorted and unique.
  static func cuts(count: Int, extra: [Int] = []) -> [Int] {
    let even = (0..<40).map { $0 * count / 40 }
    return Array(Set(even + extra.filter { $0 >= 0 && $0 < count })).sorted()
  }

  static let pngFiles = [
    "conformance/png/pngsuite/basn0g16.png", "conformance/png/pngsuite/basn2c08.png",
    "conformance/png/pngsuite/basn3p04.png", "conformance/png/pngsuite/ibasn6a16.png",
    "conformance/png/pngsuite/interlaced/ibasn0g01.png",
    "realscans/wbquantifier_test_image.png", "realscans/wbmage_test1.png",
    "realscans/gelblotanalyzer_TEST_GEL_AK_original.png",
  ]

  static let jpegFiles = [
    "realscans/wbmage_test2.jpg", "realscans/facuperezt_wide_pic_bands.jpeg",
    "realscans/wbtool_loading_control.jpg",
  ]

  @Test(
    .enabled(if: PNGJPEGTestData.hasShared, "needs ../shared"), .timeLimit(.minutes(2)),
    arguments: pngFiles)
  func cutPNGFailsOrIsIdentical(file: String) throws {
    let bytes = try PNGJPEGTestData.sharedBytes(file)
    let whole = try PNGDecoder.decode(bytes, options: .init())
    // Every chunk boundary, one byte either side, and the middle of each chunk header.
    let boundaries = PNGTestFiles.chunkBoundaries(bytes)
    let extra = boundaries.flatMap { [$0 - 1, $0, $0 + 1, $0 + 6] }
    for length in Self.cuts(count: bytes.count, extra: extra) {
      expectTruncatedOrIdentical(Array(bytes.prefix(length)), whole: whole, cut: length)
    }
  }

  /// A cut inside the image data followed by a well-formed IEND: the chunk structure is
  /// intact, so the check falls to libpng, which must report the missing data.
  @Test(
    .enabled(if: PNGJPEGTestData.hasShared, "needs ../shared"), .timeLimit(.minutes(2)),
    arguments: pngFiles)
  func shortImageDataWithIENDIsAnError(file: String) throws {
    let bytes = try PNGJPEGTestData.sharedBytes(file)
    let boundaries = PNGTestFiles.chunkBoundaries(bytes)
    let idatStarts = boundaries.filter {
      $0 + 8 <= bytes.count && bytes[($0 + 4)..<($0 + 8)].elementsEqual("IDAT".utf8)
    }
    let first = try #require(idatStarts.first)
    let dataLength = Int(bytes[first + 2]) << 8 | Int(bytes[first + 3])
      | Int(bytes[first]) << 24 | Int(bytes[first + 1]) << 16
    for keep in stride(from: 1, to: dataLength, by: max(1, dataLength / 8)) {
      let data = Array(bytes[(first + 8)..<(first + 8 + keep)])
      let file = Array(bytes[..<first]) + PNGTestFiles.chunk("IDAT", data)
        + PNGTestFiles.chunk("IEND", [])
      #expect(throws: DecodingError.self, "IDAT cut to \(keep) of \(dataLength) bytes") {
        try PNGDecoder.decode(file, options: .init())
      }
    }
  }

  @Test(
    .enabled(if: PNGJPEGTestData.hasShared, "needs ../shared"), .timeLimit(.minutes(2)),
    arguments: jpegFiles)
  func cutJPEGFailsOrIsIdentical(file: String) throws {
    let bytes = try PNGJPEGTestData.sharedBytes(file)
    let whole = try JPEGDecoder.decode(bytes, options: .init())
    // Marker starts (FF xx, xx not 00 or FF) up to the first 64: header boundaries.
    let markers = (0..<(bytes.count - 1)).filter {
      bytes[$0] == 0xFF && bytes[$0 + 1] != 0 && bytes[$0 + 1] != 0xFF
    }.prefix(64)
    let extra = markers.flatMap { [$0, $0 + 1, $0 + 2] } + [bytes.count - 2, bytes.count - 1]
    for length in Self.cuts(count: bytes.count, extra: extra) {
      expectTruncatedOrIdentical(Array(bytes.prefix(length)), whole: whole, cut: length)
    }
  }

  @Test(arguments: ["gray-gradient.jpg", "ycbcr-progressive.jpg"])
  func everyCutOfASmallJPEGFails(name: String) throws {
    let bytes = try PNGJPEGTestData.fixtureBytes(name)
    let whole = try JPEGDecoder.decode(bytes, options: .init())
    for length in 0..<bytes.count {
      expectTruncatedOrIdentical(Array(bytes.prefix(length)), whole: whole, cut: length)
    }
  }

  private func expectTruncatedOrIdentical(_ cut: [UInt8], whole: GrayImage, cut length: Int) {
    do {
      let image = try ImageDecoder.decode(cut)
      #expect(image.samples == whole.samples, "cut at \(length) decoded to other values")
    } catch {
      switch error {
      case .truncated, .corrupt, .empty: break
      case .unrecognizedFormat: #expect(length < 8, "cut at \(length): \(error)")
      default: Issue.record("cut at \(length): \(error)")
      }
    }
  }
}
