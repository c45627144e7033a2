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
