@testable import DensitoAnalysis

/// Seeded pixel noise for the lane specs' synthetic planes: the sum of four uniforms from a
/// 64-bit linear congruential generator (Irwin–Hall), centred and scaled to standard
/// deviation `sigma`. A fixed sequence for a fixed seed, so the planes are the same on every
/// run.
struct IrwinHallNoise {
  private var state: UInt64
  let sigma: Double

  init(seed: UInt64, sigma: Double) {
    state = seed
    self.sigma = sigma
  }

  mutating func next() -> Double {
    var s = 0.0
    for _ in 0..<4 {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      s += Double(state >> 11) / Double(1 << 53)
    }
    return (s - 2) / (4.0 / 12).squareRoot() * sigma
  }
}

extension IrwinHallNoise {
  /// A `width` × `height` plane whose pixel (x, y) is `value(x, y)` plus this noise, drawn
  /// row by row, left to right (the order every lane spec's plane was drawn in).
  static func plane(
    width w: Int, height h: Int, seed: UInt64, sigma: Double, _ value: (Int, Int) -> Double
  ) -> Plane {
    var noise = IrwinHallNoise(seed: seed, sigma: sigma)
    var values = [Float](repeating: 0, count: w * h)
    for y in 0..<h {
      for x in 0..<w { values[y * w + x] = Float(value(x, y) + noise.next()) }
    }
    return Plane(width: w, height: h, values: values)
  }
}
