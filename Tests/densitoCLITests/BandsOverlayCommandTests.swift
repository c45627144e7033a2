import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// `densito bands IN --overlay F`: the report's overlay picture for one scan, written
/// atomically; bad paths are refused before any work with one clear line.
@Suite struct BandsOverlayCommandSpec {
  /// Seven light-band lanes (390 × 240 px, so the overlay draws the scan at 2×), one band
  /// row; lane 3's band peaks at twice the 16-bit limit and is clipped at 65535.
  static func writeBlot(in dir: URL) throws -> GrayImage {
    let lanes = (0..<7).map { i in
      let peak = i == 2 ? 2 * 65535.0 : 8000
      return SyntheticLane(
        centerX: 45 + 50 * Double(i), width: 30,
        bands: [SyntheticBand(y: 120, amount: peak * 4 * (2 * Double.pi).squareRoot() * 30, sigma: 4)])
    }
    let blot = SyntheticBlot(
      width: 390, height: 240, lanes: lanes, detector: .linear(LinearDetector(readNoise: 3)), seed: 9)
    let bytes = try TIFFEncoder.encode(blot.render().image, layout: .uint16)
    try Data(bytes).write(to: dir.appendingPathComponent("blot.tif"))
    return try ImageDecoder.decode(bytes)
  }

  static func colours(_ png: [UInt8]) throws -> (width: Int, height: Int, rgb: [(Float, Float, Float)]) {
    let r = try ImageDecoder.decode(png, options: DecodingOptions(grayConversion: .red))
    let g = try ImageDecoder.decode(png, options: DecodingOptions(grayConversion: .green))
    let b = try ImageDecoder.decode(png, options: DecodingOptions(grayConversion: .blue))
    return (r.width, r.height, r.samples.indices.map { (r.samples[$0], g.samples[$0], b.samples[$0]) })
  }

  /// The overlay exists, is a PNG holding the whole scan at 2× (width = 2 × 390 + two 8-px
  /// margins), and the clipped band's pixels, and only they, are painted the warning
  /// magenta at their own place: image pixel (x, y) → canvas (8 + 2x, 44 + 2y), 44 = the
  /// title and number rows above a lone scan. The one other magenta is the 14×10 legend
  /// swatch below the scan.
  @Test func writesTheOverlayWithTheSaturatedBandInMagenta() throws {
    let dir = try CLI.temporaryDirectory()
    let image = try Self.writeBlot(in: dir)
    let r = try CLI.run(["bands", "blot.tif", "--overlay", "overlay.png", "--json"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "stdout stays pure JSON")
    let png = [UInt8](try Data(contentsOf: dir.appendingPathComponent("overlay.png")))
    #expect(Array(png.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10])
    let (width, height, rgb) = try Self.colours(png)
    #expect(width == 2 * 390 + 16)
    #expect(height > 44 + 2 * 240)
    var saturated: [(x: Int, y: Int)] = []
    for y in 0..<image.height {
      for x in 0..<image.width where image[y, x] >= 65535 { saturated.append((x, y)) }
    }
    #expect(saturated.count > 100, "the clipped band")
    let magenta = rgb.indices.filter { rgb[$0] == (255, 0, 255) }.map { (x: $0 % width, y: $0 / width) }
    let inScan = magenta.filter { $0.y < 44 + 2 * 240 }
    #expect(inScan.count == saturated.count * 4)
    #expect(magenta.count - inScan.count == 14 * 10, "legend swatch")
    for p in saturated {
      #expect(rgb[(44 + 2 * p.y) * width + 8 + 2 * p.x] == (255, 0, 255), "pixel \(p)")
      #expect(rgb[(45 + 2 * p.y) * width + 9 + 2 * p.x] == (255, 0, 255), "pixel \(p)")
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(names == ["blot.tif", "overlay.png"], "no temporary file left")
  }

  enum BadPath: String, CaseIterable, CustomTestStringConvertible {
    case missingFolder, notPNG, aFolder, underAFile
    var testDescription: String { rawValue }
  }

  /// Each bad path: one line naming the problem, a non-zero exit, nothing written.
  @Test(arguments: BadPath.allCases)
  func aBadPathIsRefusedBeforeAnyWork(_ c: BadPath) throws {
    let dir = try CLI.temporaryDirectory()
    _ = try Self.writeBlot(in: dir)
    try Data("x".utf8).write(to: dir.appendingPathComponent("file"))
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("pictures.png"), withIntermediateDirectories: false)
    let (path, message): (String, String) =
      switch c {
      case .missingFolder: ("no-such-folder/o.png", "the folder 'no-such-folder' does not exist")
      case .notPNG: ("overlay.tif", "give a file name ending in .png")
      case .aFolder: ("pictures.png", "'pictures.png' is a folder")
      case .underAFile: ("file/o.png", "'file' is a file, not a folder")
      }
    let before = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
    let r = try CLI.run(["bands", "blot.tif", "--overlay", path], in: dir)
    #expect(r.status != 0)
    #expect(r.stdout.isEmpty, "no work done")
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == before)
  }

  /// A scan that cannot be analysed (uniform: no lanes) fails with the analysis's reason and
  /// leaves no overlay and no temporary file.
  @Test func aFailedAnalysisWritesNothing() throws {
    let dir = try CLI.temporaryDirectory()
    let flat = GrayImage(width: 200, height: 100, maxValue: 65535, filledWith: 30000)
    try Data(try TIFFEncoder.encode(flat, layout: .uint16)).write(to: dir.appendingPathComponent("flat.tif"))
    let r = try CLI.run(["bands", "flat.tif", "--overlay", "o.png"], in: dir)
    #expect(r.status != 0)
    #expect(r.stderr.hasPrefix("densito: flat.tif"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["flat.tif"])
  }

  /// The help shows the option and an example.
  @Test func helpShowsTheOverlayOption() throws {
    let r = try CLI.run(["bands", "--help"])
    #expect(r.stdout.contains("--overlay <overlay>"))
    #expect(r.stdout.contains("densito bands blot.tif --overlay blot-overlay.png"))
  }
}
