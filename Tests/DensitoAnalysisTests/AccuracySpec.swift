import Testing
@testable import DensitoAnalysis

@Suite struct AccuracySpec {
  @Test func explore() {
    for d in Difficulty.allCases {
      let r = AccuracyHarness.run(d, count: 6)
      print(r.summary)
      print("misses:", r.seedsWithMisses)
    }
  }
}
