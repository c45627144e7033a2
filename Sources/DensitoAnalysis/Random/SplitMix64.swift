import Foundation

/// A seeded pseudo-random generator: SplitMix64.
///
/// Every synthetic blot is drawn from this generator so that one seed gives the same image on
/// every machine (the system generators differ between platforms and releases).
///
/// ```
/// state += 0x9E3779B97F4A7C15
/// z = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB
/// output = z ^ (z >> 31)          (all arithmetic modulo 2^64)
/// ```
///
/// References: Steele, G. L., Lea, D. & Flood, C. H. "Fast splittable pseudorandom number
/// generators." OOPSLA 2014, 453–472. doi:10.1145/2660193.2660195; the constants are those of
/// Vigna's public-domain `splitmix64.c` (prng.di.unimi.it).
public struct SplitMix64: Sendable, Equatable {
  /// The generator's whole state.
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
  public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform double in [`low`, `high`).
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * nextUnit()
  }

  /// A uniform integer in `range` (modulo reduction; the bias is below 2⁻⁵⁰ for small ranges).
  public mutating func integer(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound + 1)
    return range.lowerBound + Int(next() % span)
  }

  /// A standard normal deviate (Box–Muller, cosine branch only, so each call uses exactly two
  /// uniforms and the stream never depends on cached state).
  public mutating func gaussian() -> Double {
    let u1 = 1 - nextUnit()  // (0, 1]: the logarithm is finite
    let u2 = nextUnit()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}
