import Foundation
import Testing

@testable import DensitoRaster

/// `TIFFEncoder` writes what `TIFFDecoder` reads back exactly (float32) or rounded and
/// clamped as documented (uint16).
@Suite struct TIFFEncoderSpec {
  /// A seeded generator (SplitMix64) so failures are reproducible; the seed is in the name.
  struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let seed: UInt64 = 20_261_126

  /// Random bit patterns (every float: negative, subnormal, infinite, NaN payloads).
  static func randomFloats(width: Int, height: Int) -> GrayImage {
    var rng = SplitMix64(state: seed)
    let samples = (0..<(width * height)).map { _ in
      Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
    }
    return GrayImage(width: width, height: height, maxValue: 4095, samples: samples)
  }

  @Test(arguments: TIFFWriteCompression.allCases)
  func float32RoundTripIsBitExact(compression: TIFFWriteCompression) throws {
    let image = Self.randomFloats(width: 53, height: 41)
    let bytes = try TIFFEncoder.encode(image, layout: .float32, compression: compression)
    let back = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    #expect(back.width == 53 && back.height == 41)
    #expect(back.samples.map(\.bitPattern) == image.samples.map(\.bitPattern), "seed \(Self.seed)")
    #expect(back.maxValue == 4095, "maxValue travels as SMaxSampleValue")
    #expect(back.metadata.sampleFormat == .floatingPoint && back.metadata.bitDepth == 32)
    #expect(back.metadata.compression == (compression == .none ? "none" : "Deflate"))
  }

  @Test func floatMaximumOfOneIsNotWritten() throws {
    let image = GrayImage(width: 3, height: 2, maxValue: 1, samples: [0, 0.25, 0.5, 0.75, 1, 2])
    let back = try TIFFDecoder.decode(
      try TIFFEncoder.encode(image, layout: .float32), options: DecodingOptions())
    #expect(back.maxValue == 1)
    #expect(back.samples == image.samples)
  }

  @Test(arguments: TIFFWriteCompression.allCases)
  func uint16IsRoundedAndClamped(compression: TIFFWriteCompression) throws {
    let values: [Float] = [
      -3, 0, 0.4, 0.5, 1.5, 2.49, 1000, 65534.4, 65534.5, 65535, 70000, .infinity,
      -.infinity, .nan,
    ]
    let expected: [Float] = [0, 0, 0, 1, 2, 2, 1000, 65534, 65535, 65535, 65535, 65535, 0, 0]
    let image = GrayImage(width: 7, height: 2, maxValue: 65535, samples: values)
    let bytes = try TIFFEncoder.encode(image, layout: .uint16, compression: compression)
    let back = try TIFFDecoder.decode(bytes, options: DecodingOptions())
    #expect(back.samples == expected)
    #expect(back.maxValue == 65535)
    #expect(back.metadata.bitDepth == 16 && back.metadata.sampleFormat == .unsignedInteger)
    #expect(back.metadata.photometric == "MinIsBlack")
  }

  /// Many strips (about 64 KiB each) and a last, shorter one.
  @Test func largeImagesSpanSeveralStrips() throws {
    let width = 300
    let height = 257
    let samples = (0..<(width * height)).map { Float($0 % 65536) }
    let image = GrayImage(width: width, height: height, maxValue: 65535, samples: samples)
    for compression in TIFFWriteCompression.allCases {
      let bytes = try TIFFEncoder.encode(image, layout: .uint16, compression: compression)
      #expect(try TIFFDecoder.decode(bytes, options: DecodingOptions()).samples == samples)
    }
  }

  @Test func resolutionIsWrittenInDotsPerInch() throws {
    var metadata = ImageMetadata()
    metadata.resolution = Resolution(x: 600, y: 300)
    let image = GrayImage(
      width: 2, height: 2, maxValue: 65535, samples: [1, 2, 3, 4], metadata: metadata)
    let back = try TIFFDecoder.decode(
      try TIFFEncoder.encode(image, layout: .uint16), options: DecodingOptions())
    #expect(back.metadata.resolution == Resolution(x: 600, y: 300))
  }

  @Test func noResolutionIsWrittenWhenUnknown() throws {
    let image = GrayImage(width: 2, height: 1, maxValue: 255, samples: [1, 2])
    let back = try TIFFDecoder.decode(
      try TIFFEncoder.encode(image, layout: .uint16), options: DecodingOptions())
    #expect(back.metadata.resolution == nil)
  }

  @Test func deflateShrinksSmoothImages() throws {
    let samples = (0..<(128 * 128)).map { Float($0 % 128 * 4) }
    let image = GrayImage(width: 128, height: 128, maxValue: 65535, samples: samples)
    let plain = try TIFFEncoder.encode(image, layout: .uint16)
    let deflated = try TIFFEncoder.encode(image, layout: .uint16, compression: .deflate)
    #expect(deflated.count * 4 < plain.count)
  }

  /// Classic TIFF, little-endian ("II*\0"); BigTIFF only past 4 GiB of pixel data.
  @Test func outputIsLittleEndianClassicTIFF() throws {
    let image = GrayImage(width: 2, height: 1, maxValue: 65535, samples: [258, 65535])
    let bytes = try TIFFEncoder.encode(image, layout: .uint16)
    #expect(Array(bytes.prefix(4)) == [0x49, 0x49, 0x2A, 0x00])
    #expect(ImageDecoder.sniffFormat(bytes) == .tiff)
  }

  @Test func emptyImagesAreRefused() {
    let image = GrayImage(width: 0, height: 5, maxValue: 255, samples: [])
    #expect(throws: DecodingError.zeroSize(width: 0, height: 5)) {
      try TIFFEncoder.encode(image, layout: .float32)
    }
  }

  /// Decoding what was encoded keeps the decoder's metadata conventions.
  @Test func roundTripOfADecodedScanKeepsValues() throws {
    let source = try TIFFDecoder.decode(
      try TIFFFixtures.synthetic("u16-miniswhite.tif"), options: DecodingOptions())
    let back = try TIFFDecoder.decode(
      try TIFFEncoder.encode(source, layout: .uint16, compression: .deflate),
      options: DecodingOptions())
    #expect(back.samples == source.samples)
    #expect(!back.metadata.invertedFromMinIsWhite, "written as MinIsBlack brightness")
  }
}

/// Files written by `TIFFEncoder`, kept in TestImages/tiff/encoder/ and read by tifffile in
/// scripts/reference/tiff-reference.py (which records what tifffile sees in
/// tiff-reference.json, `encoderGolden`): an independent reader confirms the writer.
/// `DENSITO_RECORD_TIFF_GOLDEN=1` rewrites the files (the spec then fails, for review;
/// rerun the script afterwards).
@Suite struct TIFFEncoderGoldenSpec {
  /// 7x5, value(i) = i · 2049.75 − 1000.5 for i = 0..<35 (row-major), in Float: it
  /// crosses 0 and 65535, so the uint16 files show the clamping and rounding.
  static let image: GrayImage = {
    var metadata = ImageMetadata()
    metadata.resolution = Resolution(x: 300, y: 300)
    let samples = (0..<35).map { Float($0) * 2049.75 - 1000.5 }
    return GrayImage(width: 7, height: 5, maxValue: 65535, samples: samples, metadata: metadata)
  }()

  static let cases: [(String, TIFFSampleLayout, TIFFWriteCompression)] = [
    ("uint16-none.tif", .uint16, .none), ("uint16-deflate.tif", .uint16, .deflate),
    ("float32-none.tif", .float32, .none), ("float32-deflate.tif", .float32, .deflate),
  ]

  @Test(arguments: 0..<4)
  func goldenFilesReadBackAsWritten(index: Int) throws {
    let (name, layout, compression) = Self.cases[index]
    let url = TIFFFixtures.folder.appendingPathComponent("encoder/" + name)
    let encoded = try TIFFEncoder.encode(Self.image, layout: layout, compression: compression)
    if ProcessInfo.processInfo.environment["DENSITO_RECORD_TIFF_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(encoded).write(to: url)
      Issue.record("re-recorded \(name): review, then rerun scripts/reference/tiff-reference.py")
      return
    }
    let golden = try TIFFDecoder.decode(
      [UInt8](try Data(contentsOf: url)), options: DecodingOptions())
    let fresh = try TIFFDecoder.decode(encoded, options: DecodingOptions())
    #expect(fresh.samples == golden.samples)
    #expect(golden.metadata.resolution == Resolution(x: 300, y: 300))
    let tifffile = try #require(
      TIFFFixtures.reference.encoderGolden?.first { $0.file == "encoder/" + name })
    #expect(SHA256.hex(ofFloat32: golden.samples) == tifffile.sha256, "tifffile reads the same values")
    #expect(tifffile.matchesFormula)
  }
}
