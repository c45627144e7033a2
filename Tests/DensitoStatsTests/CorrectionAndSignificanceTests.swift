import Foundation
import Testing
@testable import DensitoStats

@Suite struct PValueAdjustmentTests {
  /// Holm (1979) style example: m = 4, p = 0.01, 0.04, 0.03, 0.005.
  /// Sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06,
  /// 1·0.04 = 0.04 → running max 0.06.
  @Test func holmStepDown() throws {
    let adjusted = try PValueAdjustment.holm.adjusting([0.01, 0.04, 0.03, 0.005])
    let expected = [0.03, 0.06, 0.06, 0.02]
    for (a, e) in zip(adjusted, expected) { #expect(abs(a - e) <= 1e-15) }
  }

  /// Benjamini & Hochberg (1995), section 4.2: the 15 p-values of the thrombolysis study;
  /// at q = 0.05 the procedure rejects the four smallest (k = 4: p₍₄₎ = 0.0095 ≤ 4·0.05/15).
  @Test func benjaminiHochbergPaperExample() throws {
    let p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
      0.5719, 0.6528, 0.7590, 1.0000,
    ]
    let adjusted = try PValueAdjustment.benjaminiHochberg.adjusting(p)
    #expect(adjusted.filter { $0 <= 0.05 }.count == 4)
    // Hand: p̃₍₄₎ = min over j ≥ 4 of 15 p₍ⱼ₎/j = 15·0.0095/4 = 0.035625.
    #expect(abs(adjusted[3] - 0.035625) <= 1e-15)
    #expect(adjusted.last == 1)
    #expect(zip(adjusted, adjusted.dropFirst()).allSatisfy { $0 <= $1 })
  }

  @Test func sidakKeepsTinyPValuesAccurate() {
    // 1 − (1 − p)^k ≈ k p for p ≪ 1/k; the naive formula would give 0 here.
    let adjusted = PValueAdjustment.sidak(1e-20, familySize: 6)
    #expect(relativeError(adjusted, 6e-20) <= 1e-15)
    #expect(PValueAdjustment.sidak(1, familySize: 3) == 1)
    #expect(PValueAdjustment.sidak(0, familySize: 3) == 0)
  }

  @Test func emptyAndInvalidInputs() throws {
    #expect(try PValueAdjustment.holm.adjusting([]) == [])
    #expect(throws: StatisticsError.invalidProbability(index: 1, value: "1.5")) {
      try PValueAdjustment.bonferroni.adjusting([0.2, 1.5])
    }
    #expect(throws: StatisticsError.invalidProbability(index: 0, value: "nan")) {
      try PValueAdjustment.sidak.adjusting([.nan])
    }
  }

  /// statsmodels.stats.multitest.multipletests on 40 seeded families (1–20 p-values:
  /// uniform, log-uniform down to 1e−12, ties, and p down to 1e−300).
  @Test(arguments: PValueAdjustment.allCases)
  func matchesStatsmodels(_ method: PValueAdjustment) throws {
    let fixture = try ReferenceFixture.load()
    var worst = 0.0
    for (index, family) in fixture.corrections.enumerated() {
      let reference: [Double]
      switch method {
      case .bonferroni: reference = family.bonferroni
      case .sidak: reference = family.sidak
      case .holm: reference = family.holm
      case .benjaminiHochberg: reference = family.benjaminiHochberg
      }
      let adjusted = try method.adjusting(family.p)
      #expect(adjusted.count == reference.count)
      for (ours, theirs) in zip(adjusted, reference) {
        #expect(relativeError(ours, theirs) <= 1e-14, "family \(index): \(ours) vs \(theirs)")
        worst = max(worst, relativeError(ours, theirs))
      }
    }
    print("\(method): \(fixture.corrections.count) families, worst relative error \(worst)")
  }
}

@Suite struct SignificanceTests {
  @Test(arguments: [
    (1.0, Significance.notSignificant), (0.050_000_1, .notSignificant), (0.05, .oneStar),
    (0.010_000_1, .oneStar), (0.01, .twoStars), (0.001_000_1, .twoStars), (0.001, .threeStars),
    (0.000_100_1, .threeStars), (0.0001, .fourStars), (1e-300, .fourStars), (0, .fourStars),
  ])
  func thresholdsIncludeTheirBoundary(_ p: Double, _ expected: Significance) throws {
    #expect(try Significance(p: p) == expected)
  }

  @Test func summariesAndLegend() {
    #expect(Significance.allCases.map(\.summary) == ["ns", "*", "**", "***", "****"])
    #expect(
      Significance.legend
        == "ns P > 0.05; * P ≤ 0.05; ** P ≤ 0.01; *** P ≤ 0.001; **** P ≤ 0.0001")
    #expect(Significance.oneStar < .fourStars)
  }

  @Test(arguments: [-0.1, 1.01, Double.nan])
  func invalidPIsRejected(_ p: Double) {
    #expect(throws: StatisticsError.invalidProbability(index: 0, value: "\(p)")) {
      try Significance(p: p)
    }
  }
}

@Suite struct DescriptiveStatisticsTests {
  @Test func meanSDAndSEM() throws {
    let summary = try DescriptiveStatistics([2, 4, 4, 4, 5, 5, 7, 9])
    #expect(summary.count == 8)
    #expect(summary.mean == 5)
    #expect(summary.sumOfSquaredDeviations == 32)
    #expect(summary.variance == 32.0 / 7)
    #expect(summary.standardDeviation == (32.0 / 7).squareRoot())
    #expect(summary.standardErrorOfMean == (32.0 / 7).squareRoot() / 8.0.squareRoot())
  }

  /// Values with a large common offset: a one-pass Σx² − (Σx)²/n formula loses every digit
  /// here; the two-pass algorithm keeps the variance of 1, 2, 3 (= 1) exactly.
  @Test func stableForLargeOffsets() throws {
    let summary = try DescriptiveStatistics([1e9 + 1, 1e9 + 2, 1e9 + 3])
    #expect(summary.variance == 1)
  }

  @Test func constantSampleHasExactlyZeroSpread() throws {
    let summary = try DescriptiveStatistics([0.1, 0.1, 0.1])
    #expect(summary.mean == 0.1 && summary.sumOfSquaredDeviations == 0)
  }

  @Test func singleValueHasNoSpread() throws {
    let summary = try DescriptiveStatistics([3.5])
    #expect(summary.mean == 3.5 && summary.variance == nil && summary.standardErrorOfMean == nil)
  }

  @Test func emptyAndNonFiniteSamplesAreRejected() {
    #expect(throws: StatisticsError.tooFewValues(sample: "lane", count: 0, minimum: 1)) {
      try DescriptiveStatistics([], sample: "lane")
    }
    #expect(throws: StatisticsError.nonFiniteValue(sample: "sample", index: 0, value: "-inf")) {
      try DescriptiveStatistics([-.infinity, 1])
    }
  }
}
