import DensitoAnalysis
import Testing
@testable import DensitoReport

/// `RadixSelect` finds the sample a sort would put at each rank, without copying the samples.
@Suite struct RadixSelectSpec {
  @Test func keysSortAsTheValues() {
    let values: [Float] = [
      -.infinity, -.greatestFiniteMagnitude, -1, -.leastNonzeroMagnitude, -0.0, 0,
      .leastNonzeroMagnitude, 1, 65535, .greatestFiniteMagnitude, .infinity,
    ]
    let keys = values.map(RadixSelect.key)
    #expect(keys == keys.sorted())
    #expect(Set(keys).count == keys.count)
    for v in values { #expect(RadixSelect.value(ofKey: RadixSelect.key(v)).bitPattern == v.bitPattern) }
  }

  @Test(arguments: [1, 2, 3, 200, 4_097, 20_000])
  func everyRankIsTheSortedSample(_ n: Int) {
    var rng = SplitMix64(seed: UInt64(n) &+ 7)
    let samples = (0..<n).map { i -> Float in
      switch i % 11 {
      case 3: return .nan
      case 4: return -Float(rng.uniform(0, 1e6))
      case 5: return (Float(rng.uniform(0, 8)).rounded())  // ties
      case 6: return .infinity
      default: return Float(rng.uniform(0, 65535))
      }
    }
    // -0 sorts before +0 for the keys; sorting by key gives the reference order.
    let sorted = samples.filter { !$0.isNaN }.sorted { RadixSelect.key($0) < RadixSelect.key($1) }
    #expect(RadixSelect.count(samples) == sorted.count)
    guard !sorted.isEmpty else { return }
    let ranks = Array(Set([0, sorted.count / 100, sorted.count / 2, sorted.count - 1])).sorted()
    let got = RadixSelect.values(samples, atRanks: ranks)
    #expect(got.map(\.bitPattern) == ranks.map { sorted[$0].bitPattern })
    // The same values as the plain sort by `<` (which may order -0 and +0 either way).
    #expect(got == ranks.map { samples.filter { !$0.isNaN }.sorted()[$0] })
  }

  @Test func bothRanksInOneUpperBin() {
    // Values 1...3 share the keys' upper 16 bits: the two ranks come from one table.
    let samples: [Float] = [3, 1, 2, 1, 3, 2, .nan]
    #expect(RadixSelect.values(samples, atRanks: [0, 5]) == [1, 3])
    #expect(RadixSelect.values(samples, atRanks: [2, 3]) == [2, 2])
  }
}
