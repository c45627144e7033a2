import Foundation
import Testing

@testable import DensitoRaster

/// JPEG decoding, checked against Pillow (scripts/reference/jpeg-reference.py; values in
/// TestImages/codecs/jpeg-reference.json).
///
/// Tolerance: none. Pillow 13.0.0 bundles libjpeg-turbo 3.2.0, Densito links the system
/// libjpeg-turbo 2.1.5; both use the default integer ("islow") IDCT and fancy upsampling,
/// which libjpeg-turbo keeps bit-exact across versions and SIMD paths, so the decoded RGB
/// is identical and so are the Float32 gray rasters (compared through their SHA-256).
@Suite struct JPEGDecoderSpec {
  static let reference = PNGJPEGTestData.referenceEntries(
    "jpeg-reference.json", as: JPEGReferenceEntry.self)

  static let realScans: [String] = reference.keys.filter { $0.hasPrefix("realscans/") }.sorted()

  @Test(
    .enabled(if: PNGJPEGTestData.hasShared, "needs ../shared (real scans)"),
    arguments: realScans)
  func realScanDecodesLikePillow(file: String) throws {
    let expected = try #require(Self.reference[file])
    let image = try JPEGDecoder.decode(PNGJPEGTestData.sharedBytes(file), options: .init())
    #expect(image.width == expected.width)
    #expect(image.height == expected.height)
    #expect(PNGJPEGTestData.rasterDigest(image.samples) == expected.sha256)
    let stats = image.statistics
    #expect(Double(stats.min) == expected.min)
    #expect(Double(stats.max) == expected.max)
    #expect(abs(stats.mean - expected.mean) <= 1e-9 * expected.mean)
    #expect(image.metadata.lossy)
    #expect(image.metadata.compression == "JPEG")
    #expect(image.metadata.bitDepth == 8)
    #expect(image.maxValue == 255)
    #expect(image.metadata.grayConversion == .mean)
    #expect(image.metadata.format == .jpeg)
    #expect(image.metadata.colorModel == .ycbcr)
    #expect(image.metadata.photometric == "YCbCr")
    #expect(image.metadata.channels == 3)
  }

  @Test(arguments: ["codecs/gray-gradient.jpg", "codecs/ycbcr-progressive.jpg"])
  func fixtureDecodesLikePillow(key: String) throws {
    let expected = try #require(Self.reference[key])
    let name = String(key.dropFirst("codecs/".count))
    let image = try JPEGDecoder.decode(PNGJPEGTestData.fixtureBytes(name), options: .init())
    #expect(image.width == expected.width)
    #expect(image.height == expected.height)
    #expect(PNGJPEGTestData.rasterDigest(image.samples) == expected.sha256)
  }

  @Test func grayJPEGStaysGrayWithDensityInDotsPerCentimetre() throws {
    let image = try JPEGDecoder.decode(
      PNGJPEGTestData.fixtureBytes("gray-gradient.jpg"), options: .init())
    #expect(image.metadata.colorModel == .gray)
    #expect(image.metadata.photometric == "MinIsBlack")
    #expect(image.metadata.channels == 1)
    #expect(image.metadata.grayConversion == nil)
    // 40 dots per centimetre = 101.6 dots per inch.
    let resolution = try #require(image.metadata.resolution)
    #expect(abs(resolution.x - 101.6) < 1e-9 && abs(resolution.y - 101.6) < 1e-9)
  }

  @Test func aspectRatioOnlyDensityGivesNoResolution() throws {
    let image = try JPEGDecoder.decode(
      PNGJPEGTestData.fixtureBytes("ycbcr-progressive.jpg"), options: .init())
    #expect(image.metadata.resolution == nil)
    #expect(image.metadata.colorModel == .ycbcr)
  }

  @Test(.enabled(if: PNGJPEGTestData.hasShared, "needs ../shared (real scans)"))
  func densityInDotsPerInchIsTheResolution() throws {
    let image = try JPEGDecoder.decode(
      PNGJPEGTestData.sharedBytes("realscans/wbtool_loading_control.jpg"), options: .init())
    #expect(image.metadata.resolution == Resolution(x: 300, y: 300))
  }

  @Test func cmykIsRefusedByName() throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("cmyk.jpg")
    let refusal = DecodingError.unsupported(
      format: .jpeg, feature: "colour space CMYK (4 components)")
    #expect(throws: refusal) {
      try JPEGDecoder.decode(bytes, options: .init())
    }
  }

  @Test func grayConversionOptionIsApplied() throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("ycbcr-progressive.jpg")
    let red = try JPEGDecoder.decode(bytes, options: .init(grayConversion: .red))
    let mean = try JPEGDecoder.decode(bytes, options: .init(grayConversion: .mean))
    #expect(red.metadata.grayConversion == .red)
    #expect(red.samples != mean.samples)
  }

  @Test func declaredSizeOverTheBudgetIsRefused() throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("ycbcr-progressive.jpg")
    let options = DecodingOptions(limits: DecodingLimits(maxPixels: 959))
    #expect(throws: DecodingError.tooLarge(width: 40, height: 24, limit: 959)) {
      try JPEGDecoder.decode(bytes, options: options)
    }
    #expect(throws: Never.self) {
      try JPEGDecoder.decode(bytes, options: .init(limits: DecodingLimits(maxPixels: 960)))
    }
  }

  @Test func onlyPageZeroExists() throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("gray-gradient.jpg")
    #expect(throws: DecodingError.pageOutOfRange(requested: 1, pageCount: 1)) {
      try JPEGDecoder.decode(bytes, options: .init(page: 1))
    }
  }

  @Test func cutFileIsTruncatedWithEvidence() throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("ycbcr-progressive.jpg")
    let cut = Array(bytes.prefix(bytes.count - 40))
    do {
      _ = try JPEGDecoder.decode(cut, options: .init())
      Issue.record("a cut JPEG decoded")
    } catch {
      guard case .truncated(.jpeg, let detail) = error else {
        Issue.record("expected .truncated, got \(error)")
        return
      }
      #expect(detail.contains("file ends after \(cut.count) bytes"))
    }
  }

  /// Stray bytes between header segments only make libjpeg warn; pixels are unaffected,
  /// and the warning is kept in the metadata.
  @Test func extraneousBytesBeforeAMarkerAreAWarning() throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("gray-gradient.jpg")
    let clean = try JPEGDecoder.decode(bytes, options: .init())
    // Insert 3 bytes before the first DQT marker (FF DB).
    let dqt = try #require(
      (2..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDB })
    let dirty = Array(bytes[..<dqt]) + [0x01, 0x02, 0x03] + Array(bytes[dqt...])
    let image = try JPEGDecoder.decode(dirty, options: .init())
    #expect(image.samples == clean.samples)
    #expect(image.metadata.warnings.count == 1)
    #expect(image.metadata.warnings.first?.contains("extraneous bytes") == true)
  }

  /// Damaged entropy-coded data is an error, not a picture with made-up blocks.
  @Test func damagedScanDataIsCorrupt() throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("gray-gradient.jpg")
    let sos = try #require(
      (2..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA })
    let length = Int(bytes[sos + 2]) << 8 | Int(bytes[sos + 3])
    let dataStart = sos + 2 + length
    var failures: [DecodingError] = []
    // Several single-byte hits inside the scan; each must fail or decode (some hits only
    // change a coefficient, which no decoder can detect), never crash.
    for offset in stride(from: dataStart + 5, to: bytes.count - 4, by: 37) {
      var damaged = bytes
      damaged[offset] = 0xFF  // a marker prefix in the middle of entropy-coded data
      damaged[offset + 1] = 0xD0 + UInt8(offset % 8)  // an unexpected RST marker
      do {
        _ = try JPEGDecoder.decode(damaged, options: .init())
      } catch {
        failures.append(error)
      }
    }
    #expect(!failures.isEmpty)
    for failure in failures {
      guard case .corrupt(.jpeg, _) = failure else {
        Issue.record("expected .corrupt, got \(failure)")
        continue
      }
    }
  }

  /// No shared state: concurrent decodes give the same image.
  @Test func concurrentDecodesAgree() async throws {
    let bytes = try PNGJPEGTestData.fixtureBytes("ycbcr-progressive.jpg")
    let expected = try JPEGDecoder.decode(bytes, options: .init())
    let results = await withTaskGroup(of: GrayImage?.self) { group in
      for _ in 0..<16 {
        group.addTask { try? JPEGDecoder.decode(bytes, options: .init()) }
      }
      var images: [GrayImage?] = []
      for await image in group { images.append(image) }
      return images
    }
    #expect(results.count == 16)
    #expect(results.allSatisfy { $0 == expected })
  }

  @Test func notAJPEGIsALibraryError() {
    #expect(throws: DecodingError.self) {
      try JPEGDecoder.decode([0xFF, 0xD8, 0xFF, 0x00, 0x01], options: .init())
    }
  }

  /// Scans saved with a `.png` name are still JPEG: the format comes from the bytes.
  @Test(.enabled(if: PNGJPEGTestData.hasShared, "needs ../shared (real scans)"))
  func jpegUnderAPNGNameIsDecodedAsJPEG() throws {
    let bytes = try PNGJPEGTestData.sharedBytes("realscans/wbmage_test2.jpg")
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("densito-jpeg-named-\(UUID().uuidString).png").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let image = try ImageDecoder.decodeFile(atPath: path)
    #expect(image.metadata.format == .jpeg)
    #expect(image.metadata.lossy)
    #expect(try image == ImageDecoder.decode(bytes))
  }
}
