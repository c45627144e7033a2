import Testing
@testable import DensitoAnalysis

/// Percentiles by selection must be the sorted-array percentiles bit for bit: the polarity
/// decision feeds reported numbers (the tails in warnings and `analysis.json`).
@Suite struct OrderStatisticsSpec {
  static let ps = [0.5, 0.01, 0.99, 0, 1, 0.25, 0.3333]

  /// The definition: type-7 quantiles of the sorted values (`ProfileMath.quantile(sorted:)`).
  static func sortedQuantiles(_ values: [Float], _ ps: [Double]) -> [Double] {
    let sorted = values.map(Double.init).sorted()
    return ps.map { ProfileMath.quantile(sorted: sorted, $0) }
  }

  static func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

  /// Random data with many ties (values rounded to 0, 1/8, ...) and without, at sizes from 1
  /// (every rank the same) to 20 001.
  @Test(arguments: [1, 2, 3, 7, 100, 101, 1000, 20_001])
  func selectionEqualsSorting(_ n: Int) {
    var rng = SplitMix64(seed: UInt64(n) &* 7919)
    for ties in [false, true] {
      var values = (0..<n).map { _ -> Float in
        let v = Float(rng.uniform(-50, 300))
        return ties ? (v / 8).rounded() : v
      }
      let expected = Self.sortedQuantiles(values, Self.ps)
      let got = OrderStatistics.quantiles(&values, Self.ps)
      #expect(Self.bits(got) == Self.bits(expected))
    }
  }

  /// Inputs that defeat naive quickselects: sorted, reversed, constant, two values.
  @Test(arguments: ["sorted", "reversed", "constant", "two values", "organ pipe"])
  func adversarialOrdersGiveTheSortedAnswer(_ kind: String) {
    let n = 5000
    var values: [Float] = (0..<n).map { i in
      switch kind {
      case "sorted": return Float(i)
      case "reversed": return Float(n - i)
      case "constant": return 7
      case "two values": return i % 3 == 0 ? 255 : 0
      default: return Float(min(i, n - i))
      }
    }
    let expected = Self.sortedQuantiles(values, Self.ps)
    #expect(Self.bits(OrderStatistics.quantiles(&values, Self.ps)) == Self.bits(expected))
  }

  /// −0 and +0 are equal to `<` but not as numbers printed; the stable sort keeps their input
  /// order, so the selection falls back to it. NaN has no order at all: same fallback.
  @Test func signedZerosAndNaNFollowTheSort() {
    var zeros: [Float] = [0, -0.0, 0, -0.0, 1, -1, 0]
    let expected = Self.sortedQuantiles(zeros, Self.ps)
    #expect(Self.bits(OrderStatistics.quantiles(&zeros, Self.ps)) == Self.bits(expected))
    var withNaN: [Float] = [3, .nan, 1, 2]
    let sortedNaN = withNaN.sorted()
    _ = OrderStatistics.quantiles(&withNaN, [0.5])
    #expect(withNaN.map(\.bitPattern) == sortedNaN.map(\.bitPattern))
  }

  @Test func noValuesGiveZero() {
    var none: [Float] = []
    #expect(OrderStatistics.quantiles(&none, [0.5, 0.99]) == [0, 0])
  }

  /// The analysis's polarity decision (selection) equals `SignalConversion.decidePolarity`
  /// (sorting), every field, for planes below and above the 100 000-pixel subsampling.
  @Test(arguments: [(40, 30), (500, 360), (613, 419)])
  func polarityDecisionEqualsTheSortingVersion(width: Int, height: Int) {
    var rng = SplitMix64(seed: UInt64(width * height))
    let values = (0..<(width * height)).map { i -> Float in
      let band = (i % width) % 50 < 20 && (i / width) % 40 < 8
      return Float((band ? 60 : 200) + rng.uniform(-10, 10)).rounded()
    }
    let plane = Plane(width: width, height: height, values: values)
    for given in [nil, Polarity.lightBands] {
      let sorted = SignalConversion.decidePolarity(plane, given: given)
      let selected = PolarityDecision.decide(plane, given: given)
      #expect(selected == sorted)
      #expect(selected.median.bitPattern == sorted.median.bitPattern)
      #expect(selected.lowPercentile.bitPattern == sorted.lowPercentile.bitPattern)
      #expect(selected.highPercentile.bitPattern == sorted.highPercentile.bitPattern)
    }
  }
}
