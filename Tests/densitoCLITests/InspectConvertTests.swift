import DensitoRaster
import Foundation
import Testing

/// Writes a 64x32 16-bit gray PNG whose samples are `row * 1000 + column` into `dir`.
func writeGradientPNG(in dir: URL, name: String = "gradient.png") throws -> URL {
  let w = 64, h = 32
  let samples = (0..<(w * h)).map { Float(($0 / w) * 1000 + $0 % w) }
  let image = GrayImage(width: w, height: h, maxValue: 65535, samples: samples)
  let url = dir.appendingPathComponent(name)
  try Data(PNGEncoder.encode(image, bitDepth: 16)).write(to: url)
  return url
}

@Suite struct InspectCommandSpec {
  @Test func textReportNamesSizeDepthAndRange() throws {
    let dir = try CLI.temporaryDirectory()
    let png = try writeGradientPNG(in: dir)
    let r = try CLI.run(["inspect", png.path])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.stdout.contains("format:        PNG"))
    #expect(r.stdout.contains("size:          64 x 32"))
    #expect(r.stdout.contains("bit depth:     16 (uint), 1 channel (gray)"))
    #expect(r.stdout.contains("min 0, max 31063"))
  }

  @Test func jsonHasTheDocumentedKeys() throws {
    let dir = try CLI.temporaryDirectory()
    let png = try writeGradientPNG(in: dir)
    let r = try CLI.run(["inspect", png.path, "--json"])
    #expect(r.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    for key in ["format", "width", "height", "bitDepth", "channels", "pages", "photometric", "lossy", "min", "max", "mean"] {
      #expect(object[key] != nil, "missing key \(key)")
    }
    #expect(object["width"] as? Int == 64)
    #expect(object["bitDepth"] as? Int == 16)
    #expect(object["max"] as? Double == 31063)
    #expect(object["lossy"] as? Bool == false)
    // mean of row*1000 + column over 32 rows and 64 columns: 15.5*1000 + 31.5
    #expect(object["mean"] as? Double == 15531.5)
  }

  @Test func missingFileIsOneLineNamingItWithStatus2() throws {
    let r = try CLI.run(["inspect", "/nonexistent/scan.tif"])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr == "densito: /nonexistent/scan.tif: cannot read: no such file\n")
  }

  @Test func bytesThatAreNoImageAreNamed() throws {
    let dir = try CLI.temporaryDirectory()
    let file = dir.appendingPathComponent("notes.png")
    try Data("GIF89a not really".utf8).write(to: file)
    let r = try CLI.run(["inspect", file.path])
    #expect(r.status == 2)
    #expect(r.stderr == "densito: \(file.path): not a PNG, TIFF or JPEG file (first bytes: 47 49 46 38 39 61 20 6e)\n")
  }

  @Test func negativePageIsAUsageError() throws {
    let r = try CLI.run(["inspect", "x.tif", "--page", "-1"])
    #expect(r.status == 64)
  }

  @Test func minIsWhiteScanIsReportedAsInverted() throws {
    guard let shared = TestPaths.shared else { return }
    let scan = shared.appendingPathComponent("realscans/csitron_antiActin_20240710_131425_Ch_Chemi.tif")
    let r = try CLI.run(["inspect", scan.path])
    #expect(r.status == 0)
    #expect(r.stdout.contains("MinIsWhite (inverted to brightness on read)"))
    #expect(r.stdout.contains("size:          1200 x 1648"))
  }
}

@Suite struct ConvertCommandSpec {
  @Test func floatTIFFHoldsExactlyTheRasterValues() throws {
    let dir = try CLI.temporaryDirectory()
    let png = try writeGradientPNG(in: dir)
    let tif = dir.appendingPathComponent("out.tif")
    let r = try CLI.run(["convert", png.path, tif.path])
    #expect(r.status == 0, "\(r.stderr)")
    let original = try ImageDecoder.decodeFile(atPath: png.path)
    let converted = try ImageDecoder.decodeFile(atPath: tif.path)
    #expect(converted.samples == original.samples)
    #expect(converted.metadata.sampleFormat == .floatingPoint)
    #expect(converted.metadata.bitDepth == 32)
  }

  @Test func pngKeepsSixteenBits() throws {
    let dir = try CLI.temporaryDirectory()
    let png = try writeGradientPNG(in: dir)
    let out = dir.appendingPathComponent("out.png")
    #expect(try CLI.run(["convert", png.path, out.path]).status == 0)
    let back = try ImageDecoder.decodeFile(atPath: out.path)
    #expect(back.metadata.bitDepth == 16)
    #expect(back.samples == (try ImageDecoder.decodeFile(atPath: png.path)).samples)
  }

  @Test func unknownOutputTypeIsRefusedBeforeAnyWork() throws {
    let r = try CLI.run(["convert", "in.png", "out.bmp"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("OUT must end in .tif, .tiff or .png"))
  }

  @Test func failedConversionLeavesNoOutput() throws {
    let dir = try CLI.temporaryDirectory()
    let bad = dir.appendingPathComponent("bad.tif")
    try Data([0x49, 0x49, 0x2A, 0x00, 0xFF]).write(to: bad)
    let out = dir.appendingPathComponent("out.tif")
    let r = try CLI.run(["convert", bad.path, out.path])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("densito: \(bad.path): "))
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.tif"])
  }
}

@Suite struct BackgroundCommandSpec {
  @Test func constantImageLeavesZeroResidual() throws {
    let dir = try CLI.temporaryDirectory()
    let image = GrayImage(width: 40, height: 30, maxValue: 255, filledWith: 120)
    let input = dir.appendingPathComponent("flat.png")
    try Data(PNGEncoder.encode(image, bitDepth: 8)).write(to: input)
    let out = dir.appendingPathComponent("flat-bg.tif")
    let r = try CLI.run(["background", input.path, out.path, "--radius", "10"])
    #expect(r.status == 0, "\(r.stderr)")
    let result = try ImageDecoder.decodeFile(atPath: out.path)
    #expect(result.samples.allSatisfy { $0 == 0 })
    let bg = dir.appendingPathComponent("bg.tif")
    #expect(try CLI.run(["background", input.path, bg.path, "--radius", "10", "--create-background"]).status == 0)
    #expect(try ImageDecoder.decodeFile(atPath: bg.path).samples.allSatisfy { $0 == 120 })
  }

  /// A 100/140 checkerboard: unsmoothed, a ball of radius 5 rests on the 100s (its top is
  /// within 0.11 of them one pixel away); the 3x3 mean turns the board into 117.8 and 122.2,
  /// so the smoothed background is above 117. (`--no-smoothing` was once ignored.)
  @Test func noSmoothingIsHonoured() throws {
    let dir = try CLI.temporaryDirectory()
    let board = GrayImage(
      width: 40, height: 30, maxValue: 255,
      samples: (0..<1200).map { (($0 % 40) + ($0 / 40)) % 2 == 0 ? 100 : 140 })
    let input = dir.appendingPathComponent("board.png")
    try Data(PNGEncoder.encode(board, bitDepth: 8)).write(to: input)
    var backgrounds: [[Float]] = []
    for extra in [["--no-smoothing"], []] {
      let out = dir.appendingPathComponent("bg\(backgrounds.count).tif")
      let r = try CLI.run(
        ["background", input.path, out.path, "--radius", "5", "--create-background"] + extra)
      #expect(r.status == 0, "\(r.stderr)")
      backgrounds.append(try ImageDecoder.decodeFile(atPath: out.path).samples)
    }
    // Inside the outer frame: ImageJ's ball leaves two corner pixels of 140 as they are.
    let inner = { (samples: [Float]) in
      (1..<29).flatMap { y in (1..<39).map { x in samples[y * 40 + x] } }
    }
    #expect(inner(backgrounds[0]).max()! < 101, "unsmoothed: \(inner(backgrounds[0]).max()!)")
    #expect(backgrounds[1].min()! > 117, "smoothed: \(backgrounds[1].min()!)")
  }

  @Test(arguments: [["--radius", "0"], ["--radius", "-3"], ["--radius", "nan"]])
  func nonPositiveRadiusIsAUsageError(arguments: [String]) throws {
    let r = try CLI.run(["background", "in.png", "out.tif"] + arguments)
    #expect(r.status == 64)
  }
}
