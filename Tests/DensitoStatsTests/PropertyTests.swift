import Foundation
import Testing
@testable import DensitoStats

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator, so every property case
/// can be replayed from the seed printed in its failure message.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// A standard normal deviate (Box–Muller).
  mutating func normal() -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
    let v = Double.random(in: 0..<1, using: &self)
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }
  mutating func sample(count: Int, mean: Double, sd: Double) -> [Double] {
    (0..<count).map { _ in mean + sd * normal() }
  }
}

@Suite struct PropertyTests {
  static let seeds: [UInt64] = Array(1...25)

  /// Balanced designs: Type III = Type I, so the four SS add up to the total SS about the
  /// grand mean.
  @Test(arguments: seeds)
  func balancedTwoWaySumsOfSquaresAddUp(_ seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let rows = Int.random(in: 2...8, using: &rng)
    let columns = Int.random(in: 2...4, using: &rng)
    let n = Int.random(in: 2...5, using: &rng)
    let data = (0..<rows).map { i in
      (0..<columns).map { j in rng.sample(count: n, mean: Double(i + 2 * j), sd: 0.5) }
    }
    let anova = try TwoWayANOVA(data)
    let all = data.flatMap { $0.flatMap { $0 } }
    let total = try DescriptiveStatistics(all).sumOfSquaredDeviations
    let sum = anova.rows.sumOfSquares + anova.columns.sumOfSquares
      + anova.interaction.sumOfSquares + anova.residual.sumOfSquares
    #expect(relativeError(sum, total) <= 1e-12, "seed \(seed)")
  }

  /// Shifting all data by a constant changes nothing; scaling by c scales SS by c² and
  /// leaves F and p unchanged (unbalanced designs).
  @Test(arguments: seeds)
  func twoWayIsInvariantToShiftAndScale(_ seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let rows = Int.random(in: 2...6, using: &rng)
    let columns = Int.random(in: 2...3, using: &rng)
    let data = (0..<rows).map { i in
      (0..<columns).map { j in
        rng.sample(count: Int.random(in: 1...6, using: &rng) + (i == 0 ? 1 : 0),
                   mean: Double(i) + Double(j) * 0.7, sd: 0.4)
      }
    }
    let base = try TwoWayANOVA(data)
    let transformed = try TwoWayANOVA(data.map { $0.map { $0.map { 3 * $0 + 100 } } })
    for (a, b) in [
      (base.rows, transformed.rows), (base.columns, transformed.columns),
      (base.interaction, transformed.interaction),
    ] {
      #expect(relativeError(9 * a.sumOfSquares, b.sumOfSquares) <= 1e-9, "seed \(seed)")
      #expect(relativeError(a.f, b.f) <= 1e-9, "seed \(seed)")
      #expect(pValueAgrees(a.p, b.p), "seed \(seed)")
    }
  }

  /// Swapping control and group negates t, d and the CI, and keeps p; with equal n, Welch's
  /// t equals Student's t.
  @Test(arguments: seeds)
  func tTestSymmetries(_ seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let n = Int.random(in: 2...10, using: &rng)
    let a = rng.sample(count: n, mean: 1, sd: 0.3)
    let b = rng.sample(count: n, mean: 1.4, sd: 0.6)
    let forward = try TwoSampleTTest(control: a, group: b)
    let backward = try TwoSampleTTest(control: b, group: a)
    #expect(forward.t == -backward.t && forward.difference == -backward.difference)
    #expect(forward.p == backward.p, "seed \(seed)")
    #expect(abs(forward.confidenceInterval.lower + backward.confidenceInterval.upper) <= 1e-14)
    let welch = try TwoSampleTTest(control: a, group: b, variance: .unequal)
    #expect(relativeError(welch.t, forward.t) <= 1e-13, "seed \(seed)")
    #expect(welch.degreesOfFreedom <= forward.degreesOfFreedom + 1e-12)
  }

  /// Orderings that hold for every family: raw ≤ BH ≤ Holm ≤ Bonferroni, Šídák ≤ Bonferroni,
  /// all ≤ 1; Holm and BH are monotone in the raw p.
  @Test(arguments: seeds)
  func correctionsAreOrderedAndMonotone(_ seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let m = Int.random(in: 1...30, using: &rng)
    let p = (0..<m).map { _ in pow(Double.random(in: 0...1, using: &rng), 3) }
    let holm = try PValueAdjustment.holm.adjusting(p)
    let bh = try PValueAdjustment.benjaminiHochberg.adjusting(p)
    let bonferroni = try PValueAdjustment.bonferroni.adjusting(p)
    let sidak = try PValueAdjustment.sidak.adjusting(p)
    for i in 0..<m {
      #expect(p[i] <= bh[i] * (1 + 1e-15) && bh[i] <= holm[i] * (1 + 1e-15), "seed \(seed)")
      #expect(holm[i] <= bonferroni[i] && sidak[i] <= bonferroni[i] * (1 + 1e-15))
      #expect([holm[i], bh[i], bonferroni[i], sidak[i]].allSatisfy { $0 <= 1 })
      for j in 0..<m where p[i] < p[j] {
        #expect(holm[i] <= holm[j] && bh[i] <= bh[j], "seed \(seed)")
      }
    }
  }
}
