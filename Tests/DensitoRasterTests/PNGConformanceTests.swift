import Foundation
import Testing

@testable import DensitoRaster

/// PngSuite and libpng's testpngs, checked against pypng (see
/// scripts/reference/png-reference.py and the header of TestImages/codecs/png-reference.json).
///
/// Tolerance: none. Both readers return the stored integers, and the gray rule
/// (mean of R, G, B in Float32) is computed the same way, so the Float32 rasters must be
/// bit-identical (compared through their SHA-256).
@Suite(.enabled(if: PNGJPEGTestData.hasShared, "needs ../shared (conformance images)"))
struct PNGConformanceSpec {
  static let reference = PNGJPEGTestData.referenceEntries(
    "png-reference.json", as: PNGReferenceEntry.self)

  static let conformanceFiles: [String] = reference.keys.filter {
    $0.hasPrefix("conformance/")
  }.sorted()

  @Test func referenceCoversEveryConformanceFile() {
    let onDisk = PNGJPEGTestData.sharedFiles(in: "conformance/png", ext: "png").filter {
      !$0.contains("/badpal/") && !$0.contains("/crashers/")
    }
    #expect(!onDisk.isEmpty)
    #expect(Set(onDisk) == Set(Self.conformanceFiles))
  }

  @Test(arguments: conformanceFiles)
  func decodesLikePypng(file: String) throws {
    let expected = try #require(Self.reference[file])
    let image = try PNGDecoder.decode(PNGJPEGTestData.sharedBytes(file), options: .init())
    #expect(image.width == expected.width)
    #expect(image.height == expected.height)
    #expect(image.metadata.bitDepth == expected.bitDepth)
    #expect(image.maxValue == (expected.bitDepth == 16 ? 65535 : 255))
    #expect(image.metadata.format == .png)
    #expect(image.metadata.compression == "Deflate")
    #expect(image.metadata.lossy == false)
    #expect(PNGJPEGTestData.rasterDigest(image.samples) == expected.sha256)
    let stats = image.statistics
    #expect(Double(stats.min) == expected.min)
    #expect(Double(stats.max) == expected.max)
    // Means are sums in a different order (numpy pairwise vs sequential): 1e-9 relative.
    #expect(abs(stats.mean - expected.mean) <= 1e-9 * max(1, abs(expected.mean)))
    for pixel in expected.pixels {
      #expect(Double(image[Int(pixel[0]), Int(pixel[1])]) == pixel[2])
    }
  }

  @Test(arguments: conformanceFiles)
  func colourAndAlphaAreReported(file: String) throws {
    let expected = try #require(Self.reference[file])
    let colorType = expected.colorType
    let image = try PNGDecoder.decode(
      PNGJPEGTestData.sharedBytes(file), options: .init(grayConversion: .luma))
    let isColour = colorType == 2 || colorType == 3 || colorType == 6
    #expect(image.metadata.grayConversion == (isColour ? .luma : nil))
    #expect(image.metadata.hadAlpha == (colorType >= 4 || expected.hasTRNS))
    switch colorType {
    case 0, 4: #expect(image.metadata.photometric == "MinIsBlack")
    case 3: #expect(image.metadata.photometric == "Palette")
    default: #expect(image.metadata.photometric == "RGB")
    }
  }

  static let hostileFiles: [String] =
    PNGJPEGTestData.sharedFiles(in: "conformance/png/testpngs/crashers", ext: "png")
    + PNGJPEGTestData.sharedFiles(in: "conformance/png/testpngs/badpal", ext: "png")

  /// Files that once crashed libpng, and bad palettes: decoded, or refused with a
  /// `DecodingError` (typed throws make any other error impossible); never a crash or
  /// a hang.
  @Test(.timeLimit(.minutes(1)), arguments: hostileFiles)
  func hostileFileDecodesOrThrows(file: String) throws {
    let bytes = try PNGJPEGTestData.sharedBytes(file)
    let limits = DecodingLimits(maxPixels: 1 << 24, maxChunkBytes: 1 << 20)
    do {
      let image = try PNGDecoder.decode(bytes, options: .init(limits: limits))
      #expect(image.samples.count == image.width * image.height)
    } catch {
      #expect(!error.description.isEmpty)
    }
  }
}

/// libpng's bad-palette files use an index past the end of PLTE. libpng itself would
/// map it to black with at most a warning; Densito refuses the file and says where.
@Suite(.enabled(if: PNGJPEGTestData.hasShared, "needs ../shared (conformance images)"))
struct PNGBadPaletteSpec {
  @Test(arguments: PNGJPEGTestData.sharedFiles(in: "conformance/png/testpngs/badpal", ext: "png"))
  func outOfRangeIndexIsCorrupt(file: String) throws {
    let bytes = try PNGJPEGTestData.sharedBytes(file)
    do {
      _ = try PNGDecoder.decode(bytes, options: .init())
      Issue.record("\(file) decoded, but it uses an index past the end of its palette")
    } catch {
      guard case .corrupt(.png, let detail) = error else {
        Issue.record("expected .corrupt, got \(error)")
        return
      }
      #expect(detail.contains("palette index"))
      #expect(detail.contains("PLTE has"))
    }
  }
}
