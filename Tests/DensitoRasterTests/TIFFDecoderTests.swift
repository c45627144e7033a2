import Foundation
import Testing

@testable import DensitoRaster

/// Behaviour of `TIFFDecoder` beyond the reference values: metadata, options, limits,
/// refusals, IFD loops.
@Suite struct TIFFDecoderSpec {
  // MARK: - Metadata

  @Test func metadataDescribesTheSource() throws {
    let image = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("u16-tiles-deflate.tif"), options: DecodingOptions())
    let m = image.metadata
    #expect(m.format == .tiff)
    #expect(m.bitDepth == 16)
    #expect(m.sampleFormat == .unsignedInteger)
    #expect(m.channels == 1)
    #expect(m.colorModel == .gray)
    #expect(m.photometric == "MinIsBlack")
    #expect(m.compression == "Deflate")
    #expect(!m.lossy && !m.hadAlpha && !m.invertedFromMinIsWhite)
    #expect(m.page == 0 && m.pageCount == 1)
    #expect(m.grayConversion == nil)
    #expect(image.maxValue == 65535)
  }

  @Test(arguments: [
    ("i8.tif", SampleFormat.signedInteger, 8), ("i32.tif", .signedInteger, 32),
    ("f16.tif", .floatingPoint, 16), ("f64-bigendian.tif", .floatingPoint, 64),
    ("u2.tif", .unsignedInteger, 2), ("u1.tif", .unsignedInteger, 1),
  ])
  func sampleFormatAndDepthAreReported(file: String, format: SampleFormat, bits: Int) throws {
    let image = try TIFFDecoder.decode(try TIFFFixtures.synthetic(file), options: DecodingOptions())
    #expect(image.metadata.sampleFormat == format)
    #expect(image.metadata.bitDepth == bits)
  }

  @Test func alphaIsIgnoredAndReported() throws {
    let image = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("rgba8-alpha.tif"), options: DecodingOptions())
    #expect(image.metadata.hadAlpha)
    #expect(image.metadata.colorModel == .rgba)
    #expect(image.metadata.channels == 4)
  }

  @Test func floatMaximumComesFromSMaxSampleValue() throws {
    let declared = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("f32-smax.tif"), options: DecodingOptions())
    #expect(declared.maxValue == 4095)
    let undeclared = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("f32-deflate-predictor3.tif"), options: DecodingOptions())
    #expect(undeclared.maxValue == 1)
  }

  @Test func floatMinIsWhiteIsInvertedAgainstOne() throws {
    let image = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("f32-miniswhite.tif"), options: DecodingOptions())
    #expect(image.metadata.invertedFromMinIsWhite)
    #expect(image.maxValue == 1)
  }

  @Test func eightBitColorMapIsDetected() throws {
    let image = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("palette8-8bit-colormap.tif"), options: DecodingOptions())
    #expect(image.maxValue == 255)
    #expect(image.metadata.colorModel == .palette)
    #expect(image.metadata.warnings.contains { $0.contains("8-bit ColorMap") })
  }

  @Test(arguments: GrayConversion.allCases)
  func colourBecomesGrayAsAsked(conversion: GrayConversion) throws {
    let bytes = try TIFFFixtures.synthetic("rgb16-tiles.tif")
    let image = try TIFFDecoder.decode(bytes, options: DecodingOptions(grayConversion: conversion))
    #expect(image.metadata.grayConversion == conversion)
    #expect(image.metadata.colorModel == .rgb)
    // Red alone, read as the "gray" of a single channel, bounds every conversion.
    let red = try TIFFDecoder.decode(bytes, options: DecodingOptions(grayConversion: .red))
    if conversion == .red { #expect(image.samples == red.samples) }
    #expect(image.samples.allSatisfy { $0 >= 0 && $0 <= 65535 })
  }

  @Test func jpegInTIFFIsLossyEightBit() throws {
    let image = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("rgb8-jpeg.tif"), options: DecodingOptions())
    #expect(image.metadata.lossy)
    #expect(image.metadata.compression == "JPEG")
    #expect(image.metadata.bitDepth == 8)
    #expect(image.maxValue == 255)
    #expect(image.metadata.grayConversion == .mean)
  }

  // MARK: - Pages

  @Test func pagesAreSelectedAndCounted() throws {
    let bytes = try TIFFFixtures.synthetic("multipage-u16.tif")
    for page in 0..<3 {
      let image = try TIFFDecoder.decode(bytes, options: DecodingOptions(page: page))
      #expect(image.metadata.page == page)
      #expect(image.metadata.pageCount == 3)
      // Page p holds 1000·(p+1) + (noise mod 100).
      #expect(image.statistics.min >= Float(1000 * (page + 1)))
      #expect(image.statistics.max < Float(1000 * (page + 1) + 100))
    }
  }

  @Test(arguments: [3, 7, -1])
  func missingPageIsRefused(page: Int) throws {
    let bytes = try TIFFFixtures.synthetic("multipage-u16.tif")
    #expect(throws: DecodingError.pageOutOfRange(requested: page, pageCount: 3)) {
      try TIFFDecoder.decode(bytes, options: DecodingOptions(page: page))
    }
  }

  /// IFD loops: the first page decodes, counting stops, libtiff's loop message is kept as
  /// a warning, and nothing hangs (5 s guard; each file takes milliseconds).
  @Test(arguments: [
    "test_ifd_loop_to_self.tif", "test_ifd_loop_to_first.tif", "test_ifd_loop_subifd.tif",
  ])
  func ifdLoopsDoNotHang(file: String) throws {
    guard let bytes = try TIFFFixtures.shared("conformance/tiff/" + file) else { return }
    let outcome = LockedBox()
    let finished = finishes(within: 5) {
      let image = try? TIFFDecoder.decode(bytes, options: DecodingOptions())
      outcome.set(image)
      // Every page the count reports opens too.
      if let count = image?.metadata.pageCount {
        for page in 0..<count {
          _ = try? TIFFDecoder.decode(bytes, options: DecodingOptions(page: page))
        }
      }
    }
    #expect(finished, "decoding \(file) took more than 5 s")
    let image = try #require(outcome.get())
    #expect(image.metadata.warnings.contains { $0.lowercased().contains("loop") })
  }

  // MARK: - Limits and refusals

  @Test func declaredSizeOverTheBudgetIsRefusedFirst() throws {
    let bytes = try TIFFFixtures.synthetic("u8-strips.tif")
    let limits = DecodingLimits(maxPixels: 37 * 23 - 1)
    #expect(throws: DecodingError.tooLarge(width: 37, height: 23, limit: 37 * 23 - 1)) {
      try TIFFDecoder.decode(bytes, options: DecodingOptions(limits: limits))
    }
  }

  @Test(arguments: [
    ("u8-strips.tif", UInt16(262), UInt16(5), "photometric: Separated (CMYK)"),
    ("u8-strips.tif", 262, 8, "photometric: CIELab"),
    ("u8-strips.tif", 262, 32844, "photometric: LogL"),
    ("u8-strips.tif", 259, 3, "compression: CCITT fax 3"),
    ("u8-strips.tif", 259, 34661, "compression: JBIG"),
    ("u8-strips.tif", 259, 6, "compression: old-style JPEG"),
    ("u8-strips.tif", 258, 12, "sample layout: 12-bit unsigned integer"),
    ("i8.tif", 339, 6, "sample layout: 8-bit complex IEEE float"),
  ])
  func unsupportedFeaturesAreNamed(file: String, tag: UInt16, value: UInt16, feature: String)
    throws
  {
    var bytes = try TIFFFixtures.synthetic(file)
    try setShortTag(tag, to: value, in: &bytes)
    #expect(throws: DecodingError.unsupported(format: .tiff, feature: feature)) {
      try TIFFDecoder.decode(bytes, options: DecodingOptions())
    }
  }

  @Test func zeroWidthIsRefused() throws {
    var bytes = try TIFFFixtures.synthetic("u8-strips.tif")
    try setShortTag(256, to: 0, in: &bytes)
    #expect(throws: DecodingError.self) {
      try TIFFDecoder.decode(bytes, options: DecodingOptions())
    }
  }

  @Test(arguments: [
    [0x49, 0x49, 0x2A, 0x00], [0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0x7F],
    [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8, 0, 0], [0x49, 0x49, 0x2B, 0x00, 8, 0, 0, 0],
  ] as [[UInt8]])
  func brokenHeadersFailWithLibtiffsMessage(bytes: [UInt8]) {
    do {
      _ = try TIFFDecoder.decode(bytes, options: DecodingOptions())
      Issue.record("decoded a broken header")
    } catch {
      guard case .library(let name, let message) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(name == "libtiff")
      #expect(!message.isEmpty)
    }
  }

  @Test func emptyInputIsRefused() {
    #expect(throws: DecodingError.empty) { try TIFFDecoder.decode([], options: DecodingOptions()) }
  }

  @Test func decodingThroughImageDecoderDispatchesToTIFF() throws {
    let bytes = try TIFFFixtures.synthetic("u16-bigendian.tif")
    #expect(try ImageDecoder.decode(bytes) == TIFFDecoder.decode(bytes, options: DecodingOptions()))
  }
}

/// Rewrites the value of a SHORT tag in the first IFD of a classic little-endian TIFF
/// (test helper for making files with unsupported features out of a valid one).
func setShortTag(_ tag: UInt16, to value: UInt16, in bytes: inout [UInt8]) throws {
  func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
  func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
  try #require(bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]))
  let ifd = u32(4)
  for entry in 0..<u16(ifd) {
    let at = ifd + 2 + 12 * entry
    if u16(at) == Int(tag) {
      bytes[at + 2] = 3  // type SHORT
      bytes[at + 3] = 0
      bytes[at + 8] = UInt8(value & 0xFF)
      bytes[at + 9] = UInt8(value >> 8)
      return
    }
  }
  Issue.record("tag \(tag) not found")
}

/// A value handed from the guarded thread back to the test.
final class LockedBox: @unchecked Sendable {
  private let lock = NSLock()
  private var image: GrayImage?
  func set(_ value: GrayImage?) { lock.withLock { image = value } }
  func get() -> GrayImage? { lock.withLock { image } }
}
