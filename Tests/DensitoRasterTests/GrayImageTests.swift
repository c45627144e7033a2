import Testing
@testable import DensitoRaster

@Suite struct GrayImageSpec {
  @Test func statisticsSkipNaN() {
    let image = GrayImage(width: 2, height: 2, maxValue: 255, samples: [1, .nan, 3, 8])
    let s = image.statistics
    #expect(s.min == 1)
    #expect(s.max == 8)
    #expect(s.mean == 4)
  }

  @Test func subscriptIsRowMajor() {
    let image = GrayImage(width: 3, height: 2, maxValue: 255, samples: [0, 1, 2, 3, 4, 5])
    #expect(image[1, 0] == 3)
    #expect(image[0, 2] == 2)
  }

  @Test(arguments: [
    ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], ImageFormat.png),
    ([0x49, 0x49, 0x2A, 0x00, 8], .tiff),
    ([0x4D, 0x4D, 0x00, 0x2A, 0], .tiff),
    ([0x49, 0x49, 0x2B, 0x00, 8], .tiff),
    ([0xFF, 0xD8, 0xFF, 0xE0], .jpeg),
  ] as [([UInt8], ImageFormat)])
  func formatIsRecognisedFromBytes(bytes: [UInt8], format: ImageFormat) {
    #expect(ImageDecoder.sniffFormat(bytes) == format)
  }

  @Test func unknownBytesAreRefusedWithEvidence() {
    #expect(throws: DecodingError.unrecognizedFormat(firstBytes: Array("GIF89a".utf8))) {
      try ImageDecoder.decode(Array("GIF89a".utf8))
    }
    #expect(throws: DecodingError.empty) { try ImageDecoder.decode([]) }
  }
}

@Suite struct CroppingSpec {
  let image = GrayImage(width: 4, height: 3, maxValue: 255, samples: (0..<12).map(Float.init))

  @Test func cropKeepsTheRectangle() throws {
    let c = try #require(image.cropped(x: 1, y: 1, width: 2, height: 2))
    #expect(c.samples == [5, 6, 9, 10])
    #expect(c.maxValue == 255)
  }

  @Test(arguments: [(3, 0, 2, 1), (0, 0, 0, 1), (-1, 0, 2, 2), (0, 2, 4, 2)])
  func rectanglesOutsideAreRefused(x: Int, y: Int, w: Int, h: Int) {
    #expect(image.cropped(x: x, y: y, width: w, height: h) == nil)
  }
}

@Suite struct DecodingErrorSpec {
  @Test func hugeDeclaredSizesAreDescribedWithoutOverflow() {
    let e = DecodingError.tooLarge(width: Int.max / 2, height: 4, limit: 400_000_000)
    #expect(e.description.contains("more than \(Int.max) pixels"))
  }
}
