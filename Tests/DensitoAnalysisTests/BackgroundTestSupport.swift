import DensitoRaster
@testable import DensitoAnalysis

/// A small deterministic generator (SplitMix64) for property tests; the seed is reported.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

enum BackgroundSamples {
  /// A `width × height` image from a function of (x, y).
  static func image(
    _ width: Int, _ height: Int, maxValue: Float = 255, _ f: (Int, Int) -> Float
  ) -> GrayImage {
    var samples = [Float]()
    samples.reserveCapacity(width * height)
    for y in 0..<height { for x in 0..<width { samples.append(f(x, y)) } }
    return GrayImage(width: width, height: height, maxValue: maxValue, samples: samples)
  }

  /// Uniform noise in 0 ..< amplitude plus a sloped background and a few bands.
  static func noisyBlot(_ width: Int, _ height: Int, seed: UInt64) -> GrayImage {
    var rng = SeededGenerator(seed: seed)
    return image(width, height) { x, y in
      let band = Float(y % 20 < 4 && x % 30 < 20 ? 80 : 0)
      return 20 + 0.2 * Float(x) + band + Float.random(in: 0..<10, using: &rng)
    }
  }

  /// Every method × algorithm with the given radius.
  static func allOptions(radius: Double) -> [BackgroundOptions] {
    [BackgroundOptions.Algorithm.imagej, .exact].flatMap { algorithm in
      [BackgroundOptions.Method.rollingBall(radius: radius), .slidingParaboloid(radius: radius)]
        .map { BackgroundOptions(method: $0, algorithm: algorithm, output: .background) }
    }
  }

  static func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }
}
