import DensitoAnalysis
import Testing
@testable import DensitoReport

/// The overlay's display stretch is found by selection; it must be the documented sorted
/// percentiles (`BlotOverlay.percentile` of the sorted non-NaN samples), bit for bit.
@Suite struct OverlayStretchSpec {
  static func sortedStretch(_ samples: [Float]) -> (Float, Float) {
    let sorted = samples.filter { !$0.isNaN }.sorted()
    return (
      BlotOverlay.percentile(sorted, BlotOverlay.lowPercentile),
      BlotOverlay.percentile(sorted, BlotOverlay.highPercentile)
    )
  }

  @Test(arguments: [1, 2, 199, 200, 201, 12_345])
  func selectionEqualsTheSortedPercentiles(_ n: Int) {
    var rng = SplitMix64(seed: UInt64(n))
    for ties in [false, true] {
      let samples = (0..<n).map { i -> Float in
        if i % 97 == 5 { return .nan }
        let v = Float(rng.uniform(0, 65535))
        return ties ? (v / 4096).rounded() : v
      }
      let expected = Self.sortedStretch(samples)
      let got = BlotOverlay.stretch(samples)
      #expect(got.lo.bitPattern == expected.0.bitPattern || (got.lo.isNaN && expected.0.isNaN))
      #expect(got.hi.bitPattern == expected.1.bitPattern || (got.hi.isNaN && expected.1.isNaN))
    }
  }

  @Test func noSamplesOrOnlyNaNGiveNaN() {
    #expect(BlotOverlay.stretch([]).lo.isNaN)
    #expect(BlotOverlay.stretch([.nan, .nan]).hi.isNaN)
  }

  @Test func signedZerosKeepTheSortedAnswer() {
    let samples: [Float] = [0, -0.0, 3, -0.0, 0, 1, -2]
    let expected = Self.sortedStretch(samples)
    let got = BlotOverlay.stretch(samples)
    #expect(got.lo.bitPattern == expected.0.bitPattern && got.hi.bitPattern == expected.1.bitPattern)
  }
}
