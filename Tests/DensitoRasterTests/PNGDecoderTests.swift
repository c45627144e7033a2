import Foundation
import Testing

@testable import DensitoRaster

/// The PNG decoder's contract on synthetic files (values known by construction).
@Suite struct PNGDecoderSpec {
  /// A 7×5 16-bit ramp covering 0 and 65535.
  static let ramp16: GrayImage = {
    let samples = (0..<35).map { Float($0 == 34 ? 65535 : $0 * 1_900) }
    return GrayImage(width: 7, height: 5, maxValue: 65535, samples: samples)
  }()

  static func encoded16() throws -> [UInt8] { try PNGEncoder.encode(ramp16, bitDepth: 16) }

  @Test func sixteenBitSamplesAreExact() throws {
    let image = try PNGDecoder.decode(Self.encoded16(), options: .init())
    #expect(image.samples == Self.ramp16.samples)
    #expect(image.maxValue == 65535)
    #expect(image.metadata.bitDepth == 16)
    #expect(image.metadata.colorModel == .gray)
    #expect(image.metadata.photometric == "MinIsBlack")
    #expect(image.metadata.hadAlpha == false)
    #expect(image.metadata.grayConversion == nil)
    #expect(image.metadata.resolution == nil)
    #expect(image.metadata.warnings.isEmpty)
  }

  /// gAMA and sRGB describe how to display the values; they must not change them.
  @Test(arguments: [
    PNGTestFiles.chunk("gAMA", PNGTestFiles.bigEndian(45_455)),
    PNGTestFiles.chunk("gAMA", PNGTestFiles.bigEndian(100_000)),
    PNGTestFiles.chunk("sRGB", [0]),
    PNGTestFiles.chunk("sBIT", [12]),
  ])
  func colourManagementChunksDoNotChangeValues(chunk: [UInt8]) throws {
    let file = PNGTestFiles.inserting(chunk, into: try Self.encoded16())
    let image = try PNGDecoder.decode(file, options: .init())
    #expect(image.samples == Self.ramp16.samples)
  }

  @Test func physInPixelsPerMetreIsConvertedToPixelsPerInch() throws {
    // 11811 px/m × 0.0254 m/in = 299.9994 px/in; 3937 px/m = 99.9998 px/in.
    let phys = PNGTestFiles.chunk(
      "pHYs", PNGTestFiles.bigEndian(11_811) + PNGTestFiles.bigEndian(3_937) + [1])
    let image = try PNGDecoder.decode(
      PNGTestFiles.inserting(phys, into: try Self.encoded16()), options: .init())
    let resolution = try #require(image.metadata.resolution)
    #expect(abs(resolution.x - 299.9994) < 1e-9)
    #expect(abs(resolution.y - 99.9998) < 1e-9)
  }

  @Test func physWithUnknownUnitGivesNoResolution() throws {
    let phys = PNGTestFiles.chunk(
      "pHYs", PNGTestFiles.bigEndian(2) + PNGTestFiles.bigEndian(1) + [0])
    let image = try PNGDecoder.decode(
      PNGTestFiles.inserting(phys, into: try Self.encoded16()), options: .init())
    #expect(image.metadata.resolution == nil)
  }

  @Test func onlyPageZeroExists() throws {
    #expect(throws: DecodingError.pageOutOfRange(requested: 2, pageCount: 1)) {
      try PNGDecoder.decode(try Self.encoded16(), options: .init(page: 2))
    }
  }

  @Test func declaredSizeOverTheBudgetIsRefusedBeforeDecoding() throws {
    // IHDR claims 100000 × 100000; the file holds 35 pixels. Refused from the header.
    let file = PNGTestFiles.patchingSize(try Self.encoded16(), width: 100_000, height: 100_000)
    #expect(throws: DecodingError.tooLarge(width: 100_000, height: 100_000, limit: 400_000_000)) {
      try PNGDecoder.decode(file, options: .init())
    }
    // Dimensions over 2^31-1 break the PNG rules (found by the fuzzer: their product
    // overflowed Int).
    let huge = PNGTestFiles.patchingSize(
      try Self.encoded16(), width: 0xFFFF_FFFF, height: 0xF7FF_FFDF)
    #expect(
      throws: DecodingError.corrupt(
        format: .png, detail: "IHDR declares 4294967295x4160749535; each must be at most 2^31-1")
    ) {
      try PNGDecoder.decode(huge, options: .init())
    }
    #expect(
      throws: DecodingError.tooLarge(width: 0x7FFF_FFFF, height: 0x7FFF_FFFF, limit: 400_000_000)
    ) {
      try PNGDecoder.decode(
        PNGTestFiles.patchingSize(try Self.encoded16(), width: 0x7FFF_FFFF, height: 0x7FFF_FFFF),
        options: .init())
    }
    let small = DecodingOptions(limits: DecodingLimits(maxPixels: 34))
    #expect(throws: DecodingError.tooLarge(width: 7, height: 5, limit: 34)) {
      try PNGDecoder.decode(try Self.encoded16(), options: small)
    }
  }

  @Test func zeroWidthIsRefused() throws {
    let file = PNGTestFiles.patchingSize(try Self.encoded16(), width: 0, height: 5)
    #expect(throws: DecodingError.zeroSize(width: 0, height: 5)) {
      try PNGDecoder.decode(file, options: .init())
    }
  }

  @Test func cutInsideIDATSaysWhereTheFileEnds() throws {
    let file = try Self.encoded16()
    let boundaries = PNGTestFiles.chunkBoundaries(file)
    let idat = try #require(
      boundaries.first { file[($0 + 4)..<($0 + 8)].elementsEqual("IDAT".utf8) })
    let cut = Array(file.prefix(idat + 10))
    let length = Int(file[idat + 3]) | Int(file[idat + 2]) << 8
    #expect(
      throws: DecodingError.truncated(
        format: .png,
        detail: "chunk IDAT at byte \(idat) declares \(length) data bytes: file ends after "
          + "\(cut.count) of \(idat + 12 + length) bytes")
    ) {
      try PNGDecoder.decode(cut, options: .init())
    }
  }

  @Test func missingIENDIsTruncation() throws {
    let file = try Self.encoded16()
    let cut = Array(file.dropLast(12))
    #expect(throws: DecodingError.self) { try PNGDecoder.decode(cut, options: .init()) }
    do {
      _ = try PNGDecoder.decode(cut, options: .init())
    } catch {
      #expect(error.description.hasPrefix("truncated PNG: file ends after \(cut.count) bytes"))
    }
  }

  @Test func badIDATChecksumIsLibpngsError() throws {
    var file = try Self.encoded16()
    let idat = try #require(
      PNGTestFiles.chunkBoundaries(file).first {
        file[($0 + 4)..<($0 + 8)].elementsEqual("IDAT".utf8)
      })
    let length = Int(file[idat + 2]) << 8 | Int(file[idat + 3])
    file[idat + 8 + length] ^= 0x55  // first byte of the CRC
    #expect(throws: DecodingError.library(name: "libpng", message: "IDAT: CRC error")) {
      try PNGDecoder.decode(file, options: .init())
    }
  }

  /// libpng drops an ancillary chunk with a bad CRC and warns; the warning is kept.
  @Test func damagedAncillaryChunkIsAWarning() throws {
    var text = PNGTestFiles.chunk("tEXt", Array("Comment\u{0}hello".utf8))
    text[text.count - 1] ^= 0xFF
    let image = try PNGDecoder.decode(
      PNGTestFiles.inserting(text, into: try Self.encoded16()), options: .init())
    #expect(image.samples == Self.ramp16.samples)
    #expect(image.metadata.warnings == ["tEXt: CRC error"])
  }

  /// No shared state: concurrent decodes give the same image.
  @Test func concurrentDecodesAgree() async throws {
    let file = try Self.encoded16()
    let expected = try PNGDecoder.decode(file, options: .init())
    let results = await withTaskGroup(of: GrayImage?.self) { group in
      for _ in 0..<16 {
        group.addTask { try? PNGDecoder.decode(file, options: .init()) }
      }
      var images: [GrayImage?] = []
      for await image in group { images.append(image) }
      return images
    }
    #expect(results.count == 16)
    #expect(results.allSatisfy { $0 == expected })
  }

  @Test func bytesAfterIENDAreIgnoredWithAWarning() throws {
    let file = try Self.encoded16() + [1, 2, 3]
    let image = try PNGDecoder.decode(file, options: .init())
    #expect(image.samples == Self.ramp16.samples)
    #expect(image.metadata.warnings == ["3 bytes after IEND ignored"])
  }

  @Test func signatureAloneIsTruncated() {
    #expect(
      throws: DecodingError.truncated(
        format: .png, detail: "file ends after 8 bytes with no IEND chunk")
    ) {
      try PNGDecoder.decode(PNGChunkLayout.signature, options: .init())
    }
    #expect(
      throws: DecodingError.truncated(
        format: .png, detail: "file ends after 4 of the 8 signature bytes")
    ) {
      try PNGDecoder.decode(Array(PNGChunkLayout.signature.prefix(4)), options: .init())
    }
  }

  @Test func hugeChunkLengthIsCorrupt() throws {
    var file = try Self.encoded16()
    file.replaceSubrange(33..<37, with: [0x80, 0, 0, 0])
    do {
      _ = try PNGDecoder.decode(file, options: .init())
      Issue.record("decoded a chunk of length 2^31")
    } catch {
      guard case .corrupt(.png, let detail) = error else {
        Issue.record("expected .corrupt, got \(error)")
        return
      }
      #expect(detail.contains("2147483648 data bytes"))
    }
  }
}

/// The real 16-bit RGBA gel scan, against pypng's raw samples.
@Suite(.enabled(if: PNGJPEGTestData.hasShared, "needs ../shared (real scans)"))
struct PNGRealScanSpec {
  static let file = "realscans/gelblotanalyzer_TEST_GEL_AK_original.png"

  @Test func gelScanKeepsExactSixteenBitValues() throws {
    let reference = PNGJPEGTestData.referenceEntries("png-reference.json", as: PNGReferenceEntry.self)
    let expected = try #require(reference[Self.file])
    let rgba = try #require(expected.rgba)
    let image = try ImageDecoder.decode(PNGJPEGTestData.sharedBytes(Self.file))
    #expect(image.maxValue == 65535)
    #expect(image.metadata.bitDepth == 16)
    #expect(image.metadata.colorModel == .rgba)
    #expect(image.metadata.channels == 4)
    #expect(image.metadata.hadAlpha)
    #expect(image.metadata.grayConversion == .mean)
    // pypng: R = G = B at every pixel, so the mean of the three is R exactly.
    #expect(rgba.rgbEqualEverywhere)
    for p in rgba.pixels {
      #expect(image[p[0], p[1]] == Float(p[2]), "pixel (\(p[0]), \(p[1]))")
    }
    let stats = image.statistics
    #expect(stats.min == 0)
    // The background is about 60 000 (median of R from pypng: 60127).
    #expect(rgba.medianRed > 59_000 && rgba.medianRed < 61_500)
    #expect(PNGJPEGTestData.rasterDigest(image.samples) == expected.sha256)
    // pHYs 2835 px/m = 72.009 ppi.
    let resolution = try #require(image.metadata.resolution)
    #expect(abs(resolution.x - 72.009) < 1e-9)
  }

  @Test(arguments: [GrayConversion.red, .green, .blue, .luma])
  func everyConversionGivesRWhenRGBAreEqual(conversion: GrayConversion) throws {
    let image = try ImageDecoder.decode(
      PNGJPEGTestData.sharedBytes(Self.file), options: .init(grayConversion: conversion))
    let mean = try ImageDecoder.decode(PNGJPEGTestData.sharedBytes(Self.file))
    if conversion == .luma {
      // 0.299 + 0.587 + 0.114 = 1 only up to Float rounding: within 2 ulp-ish of 65535.
      let worst = zip(image.samples, mean.samples).map { abs($0 - $1) }.max() ?? 0
      #expect(worst <= 0.02)
    } else {
      #expect(image.samples == mean.samples)
    }
  }
}
