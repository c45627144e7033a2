import Foundation
import Testing

@testable import DensitoRaster

/// Writing gray PNGs and reading them back.
@Suite struct PNGEncoderSpec {
  @Test(arguments: [8, 16])
  func integerValuesRoundTripExactly(bitDepth: Int) throws {
    let top: Float = bitDepth == 8 ? 255 : 65535
    let samples = (0..<(13 * 11)).map { Float(($0 * 7919) % Int(top + 1)) } + [top, 0]
    let image = GrayImage(width: 15, height: 9, maxValue: top, samples: Array(samples.prefix(135)))
    let file = try PNGEncoder.encode(image, bitDepth: bitDepth)
    let back = try ImageDecoder.decode(file)
    #expect(back.samples == image.samples)
    #expect(back.metadata.bitDepth == bitDepth)
    #expect(back.maxValue == top)
    #expect(back.metadata.format == .png)
    #expect(back.metadata.colorModel == .gray)
  }

  /// Rounded to nearest (halves away from zero), clamped, NaN → 0.
  @Test(arguments: [
    (Float(2.4), 8, Float(2)), (2.5, 8, 3), (254.5, 8, 255), (-3, 8, 0), (300, 8, 255),
    (.nan, 8, 0), (.infinity, 8, 255), (65534.5, 16, 65535), (70_000, 16, 65535),
    (-0.4, 16, 0), (1000.49, 16, 1000),
  ] as [(Float, Int, Float)])
  func valuesAreRoundedAndClamped(value: Float, bitDepth: Int, expected: Float) throws {
    let image = GrayImage(width: 1, height: 1, maxValue: 255, samples: [value])
    let back = try ImageDecoder.decode(PNGEncoder.encode(image, bitDepth: bitDepth))
    #expect(back.samples == [expected])
  }

  @Test func resolutionIsWrittenAsPhysInPixelsPerMetre() throws {
    var image = GrayImage(width: 2, height: 2, maxValue: 255, filledWith: 9)
    image.metadata.resolution = Resolution(x: 300, y: 600)
    let file = try PNGEncoder.encode(image, bitDepth: 8)
    // round(300 / 0.0254) = 11811 px/m, round(600 / 0.0254) = 23622 px/m
    let phys = PNGTestFiles.chunk(
      "pHYs", PNGTestFiles.bigEndian(11_811) + PNGTestFiles.bigEndian(23_622) + [1])
    #expect(file.indices.contains { file[$0...].starts(with: phys) })
    let back = try ImageDecoder.decode(file)
    let resolution = try #require(back.metadata.resolution)
    // pHYs holds whole pixels per metre: at most half of one, 0.0127 ppi, is lost.
    #expect(abs(resolution.x - 300) <= 0.0127 && abs(resolution.y - 600) <= 0.0127)
  }

  @Test func noResolutionMeansNoPhys() throws {
    let image = GrayImage(width: 3, height: 1, maxValue: 255, samples: [1, 2, 3])
    let file = try PNGEncoder.encode(image, bitDepth: 8)
    #expect(!file.indices.contains { file[$0...].starts(with: Array("pHYs".utf8)) })
    #expect(try ImageDecoder.decode(file).metadata.resolution == nil)
  }

  @Test(arguments: [1, 4, 12, 32])
  func otherBitDepthsAreRefused(bitDepth: Int) {
    let image = GrayImage(width: 1, height: 1, maxValue: 255, samples: [1])
    #expect(
      throws: DecodingError.unsupported(
        format: .png, feature: "bit depth \(bitDepth) for writing (8 or 16)")
    ) {
      try PNGEncoder.encode(image, bitDepth: bitDepth)
    }
  }

  @Test func emptyImageIsRefused() {
    let image = GrayImage(width: 0, height: 4, maxValue: 255, samples: [])
    #expect(throws: DecodingError.zeroSize(width: 0, height: 4)) {
      try PNGEncoder.encode(image, bitDepth: 8)
    }
  }

  /// An independent reader agrees: pypng reads the encoder's output (skipped when
  /// python3 with pypng is not installed).
  @Test func pypngReadsTheEncodedFile() throws {
    let samples: [Float] = [0, 1, 256, 65535, 40_000, 12_345]
    let image = GrayImage(width: 3, height: 2, maxValue: 65535, samples: samples)
    let file = try PNGEncoder.encode(image, bitDepth: 16)
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("densito-encoder-\(UUID().uuidString).png").path
    try Data(file).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let script = "import png,sys; w,h,r,i=png.Reader(filename=sys.argv[1]).read(); "
      + "print(w,h,i['bitdepth'],i['greyscale'],*[v for row in r for v in row])"
    guard let output = runPython(script, argument: path) else { return }
    #expect(output == "3 2 16 True 0 1 256 65535 40000 12345")
  }

  private func runPython(_ script: String, argument: String) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, argument]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
