import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing
@testable import DensitoExperiment

/// `DensitoAnalysisAdapter.flattened` (the 2-D background step of `analyze`) negates a
/// light-background scan in place for the sliding paraboloid, to hold one image-sized plane
/// fewer, and negates the result back. Its samples must be those of the library's own light
/// background, `subtractingBackground(lightBackground: true)` plus the white level, bit for
/// bit (the argument is in the doc comment of `flattened`), and a caller's copy of the scan
/// must stay untouched.
@Suite struct FlatteningSpec {
  /// What `flattened` computed before: the library's light or dark background, then + base.
  static func reference(_ image: GrayImage, method: String, radius: Double, light: Bool) throws
    -> [UInt32]
  {
    let options = BackgroundOptions(
      method: method == "paraboloid" ? .slidingParaboloid(radius: radius) : .rollingBall(radius: radius),
      algorithm: .imagej, lightBackground: light)
    let base = light ? image.maxValue : 0
    return try subtractingBackground(from: image, options: options).samples.map { ($0 + base).bitPattern }
  }

  /// A 16-bit-like scan with fractional samples over five decades (so sums round), dark
  /// bands on a light background, and some samples equal to their neighbours (flat runs,
  /// where `v + b` can be exactly 0).
  static func scan(seed: UInt64) -> GrayImage {
    var rng = SplitMix64(seed: seed)
    let w = 97, h = 61
    var samples = [Float](repeating: 0, count: w * h)
    for y in 0..<h {
      for x in 0..<w {
        let band = (x / 12) % 2 == 1 && (25..<35).contains(y)
        let noise = Float(rng.nextUnit())
        let v: Float = band ? 1000 * noise + 0.001 : 60000 - 5 * Float(y) + noise * 3.7
        samples[y * w + x] = (x % 17 == 3) ? 42 : v
      }
    }
    return GrayImage(width: w, height: h, maxValue: 65535, samples: samples)
  }

  static func demo() throws -> GrayImage {
    try ImageDecoder.decodeFile(
      atPath: DemoExperimentSpec.folder.appendingPathComponent("p16.tif").path)
  }

  @Test(arguments: [
    ("paraboloid", 50.0, true), ("paraboloid", 7.5, true), ("paraboloid", 20.0, false),
    ("rolling-ball", 50.0, true), ("rolling-ball", 12.0, false),
  ])
  func samplesAreTheLibrarysLightOrDarkBackgroundBitForBit(_ c: (String, Double, Bool)) throws {
    for image in [Self.scan(seed: 7), Self.scan(seed: 8), try Self.demo()] {
      let expected = try Self.reference(image, method: c.0, radius: c.1, light: c.2)
      let before = image.samples.map(\.bitPattern)
      let flat = try DensitoAnalysisAdapter.flattened(
        image, method: c.0, radius: c.1, lightBackground: c.2)
      #expect(flat.samples.map(\.bitPattern) == expected, "\(c)")
      #expect(image.samples.map(\.bitPattern) == before, "the caller's scan is untouched")
      #expect(flat.maxValue == image.maxValue && flat.width == image.width)
    }
  }
}
