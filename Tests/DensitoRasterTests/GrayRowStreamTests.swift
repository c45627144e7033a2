import Foundation
import Testing

@testable import DensitoRaster

/// `GrayRowStream` hands over, row by row, exactly the raster `ImageDecoder.decode` builds:
/// every page of every TIFF of TestImages/tiff/tiff-reference.json (synthetic, conformance
/// and real scans: 8/16/32-bit integers, floats, MinIsWhite, strips, tiles, LZW, Deflate,
/// PackBits, BigTIFF, both byte orders), compared bit for bit; it declines (nil, no row)
/// what it does not stream, and fails as decoding fails.
@Suite struct GrayRowStreamSpec {
  /// What the stream delivered: the header, and the rows concatenated.
  struct Streamed {
    var header: GrayRowHeader?
    var begun = 0
    var samples: [Float] = []
    var rowsInOrder = true
  }

  static func stream(_ bytes: [UInt8], page: Int = 0, go: Bool = true) throws(DecodingError)
    -> Streamed
  {
    var out = Streamed()
    out.header = try GrayRowStream.read(
      bytes, options: DecodingOptions(page: page),
      begin: { _ in
        out.begun += 1
        return go
      },
      row: { y, row in
        if y * row.count != out.samples.count { out.rowsInOrder = false }
        out.samples += row
      })
    return out
  }

  @Test(arguments: TIFFReferenceSpec.files)
  func streamsTheDecodedRaster(_ entry: TIFFReference.File) throws {
    guard let bytes = try TIFFFixtures.bytes(of: entry.file) else { return }  // no ../shared
    for page in entry.pages?.map(\.page) ?? [0] {
      let decoded: Result<GrayImage, DecodingError> = Result {
        () throws(DecodingError) -> GrayImage in
        try ImageDecoder.decode(bytes, options: DecodingOptions(page: page))
      }
      let streamed: Result<Streamed, DecodingError> = Result {
        () throws(DecodingError) -> Streamed in try Self.stream(bytes, page: page)
      }
      switch (decoded, streamed) {
      case (.success(let image), .success(let s)):
        guard let header = s.header else {
          // Declined: only colour, palette and JPEG pages, before any row.
          let gray = [ColorModel.gray, .grayAlpha].contains(image.metadata.colorModel)
          #expect(!gray || image.metadata.lossy, "\(entry.file) page \(page) declined")
          #expect(s.begun == 0 && s.samples.isEmpty)
          continue
        }
        #expect(s.begun == 1 && s.rowsInOrder)
        #expect(header.width == image.width && header.height == image.height)
        #expect(header.maxValue == image.maxValue)
        #expect(header.metadata == image.metadata, "\(entry.file) page \(page)")
        #expect(
          s.samples.map(\.bitPattern) == image.samples.map(\.bitPattern),
          "\(entry.file) page \(page)")
      case (.failure(let error), .failure(let streamError)):
        #expect(streamError == error, "\(entry.file) page \(page)")
      case (.failure(let error), .success(let s)):
        // A page the stream declines before reading: decoding it fails later.
        #expect(s.header == nil && s.samples.isEmpty, "\(entry.file): \(error)")
      case (.success, .failure(let streamError)):
        Issue.record("\(entry.file) page \(page): decodes, but the stream fails: \(streamError)")
      }
    }
  }

  @Test func stopsBeforeTheFirstRowWhenBeginSaysSo() throws {
    let bytes = try TIFFFixtures.synthetic("u16-lzw-predictor.tif")
    let s = try Self.stream(bytes, go: false)
    let header = try #require(s.header)
    #expect(s.begun == 1 && s.samples.isEmpty)
    #expect(header.width > 0 && header.height > 0 && header.maxValue == 65535)
  }

  @Test func declinesOtherFormatsWithoutReadingThem() throws {
    let png = try PNGEncoder.encode(
      GrayImage(width: 3, height: 2, maxValue: 255, samples: [0, 1, 2, 3, 4, 5]), bitDepth: 8)
    let s = try Self.stream(png)
    #expect(s.header == nil && s.begun == 0 && s.samples.isEmpty)
  }

  @Test func emptyBytesFailAsDecodingDoes() {
    #expect(throws: DecodingError.empty) { try Self.stream([]) }
  }
}
