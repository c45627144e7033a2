import Foundation
import Testing
@testable import DensitoStats

@Suite struct TTestTests {
  // MARK: Specification

  @Test(arguments: VarianceAssumption.allCases)
  func identicalGroupsGiveTZeroAndPOne(_ variance: VarianceAssumption) throws {
    let values = [0.8, 1.1, 0.95, 1.3]
    let test = try TwoSampleTTest(control: values, group: values, variance: variance)
    #expect(test.t == 0)
    #expect(test.p == 1)
    #expect(test.difference == 0)
    #expect(test.confidenceInterval.lower == -test.confidenceInterval.upper)
  }

  /// Hand-computed: control [1, 2, 3], group [4, 5, 6]. Means 2 and 5, SS 2 each,
  /// s_p² = 4/4 = 1, SE = √(2/3), t = 3/√(2/3) = 3.674 234 614 174 767, ν = 4.
  /// For ν = 4, P(|T| ≥ t) = 1 − sin θ (1 + ½ cos² θ), sin θ = t/√(t² + 4), cos² θ = 4/(t² + 4).
  @Test func studentWorkedExample() throws {
    let test = try TwoSampleTTest(control: [1, 2, 3], group: [4, 5, 6])
    let t = 3 / (2.0 / 3).squareRoot()
    let sine = t / (t * t + 4).squareRoot()
    let p = 1 - sine * (1 + 0.5 * 4 / (t * t + 4))
    #expect(test.difference == 3)
    #expect(relativeError(test.t, t) <= 1e-15)
    #expect(test.degreesOfFreedom == 4)
    #expect(relativeError(test.p, p) <= 1e-13)
    // Equal variances and equal n: Welch has the same t, and ν = 4 too.
    let welch = try TwoSampleTTest(control: [1, 2, 3], group: [4, 5, 6], variance: .unequal)
    #expect(relativeError(welch.t, t) <= 1e-15)
    #expect(relativeError(welch.degreesOfFreedom, 4) <= 1e-15)
  }

  @Test(arguments: VarianceAssumption.allCases)
  func constantGroupsWithDifferentMeansAreInfinitelySignificant(
    _ variance: VarianceAssumption
  ) throws {
    let test = try TwoSampleTTest(control: [1, 1, 1], group: [2, 2], variance: variance)
    #expect(test.t == .infinity)
    #expect(test.p == 0)
    #expect(test.degreesOfFreedom == 3)
    #expect(test.confidenceInterval.lower == 1 && test.confidenceInterval.upper == 1)
  }

  @Test(arguments: VarianceAssumption.allCases)
  func constantGroupsWithEqualMeansHaveNoTestStatistic(_ variance: VarianceAssumption) {
    #expect(throws: StatisticsError.constantSamplesWithEqualMeans(mean: 1)) {
      try TwoSampleTTest(control: [1, 1, 1], group: [1, 1], variance: variance)
    }
  }

  @Test func aGroupOfOneIsRejected() {
    #expect(throws: StatisticsError.tooFewValues(sample: "group", count: 1, minimum: 2)) {
      try TwoSampleTTest(control: [1, 2, 3], group: [4])
    }
    #expect(throws: StatisticsError.tooFewValues(sample: "control", count: 0, minimum: 2)) {
      try TwoSampleTTest(control: [], group: [4, 5])
    }
  }

  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteValuesAreRejected(_ bad: Double) {
    #expect(throws: StatisticsError.nonFiniteValue(sample: "group", index: 2, value: "\(bad)")) {
      try TwoSampleTTest(control: [1, 2, 3], group: [4, 5, bad])
    }
  }

  /// The interval is d ± t_{ν, (1 + level)/2} · SE at any level.
  @Test(arguments: [0.5, 0.9, 0.99, 0.999])
  func confidenceIntervalAtOtherLevels(_ level: Double) throws {
    let test = try TwoSampleTTest(
      control: [1.0, 1.3, 0.8, 1.1], group: [1.6, 1.2, 1.9], variance: .unequal,
      confidenceLevel: level)
    let critical = try StudentTDistribution(degreesOfFreedom: test.degreesOfFreedom)
      .quantile((1 + level) / 2)
    #expect(test.confidenceInterval.level == level)
    #expect(
      relativeError(test.confidenceInterval.upper, test.difference + critical * test.standardError)
        <= 1e-12)
    #expect(
      relativeError(test.confidenceInterval.lower, test.difference - critical * test.standardError)
        <= 1e-12)
  }

  @Test func confidenceLevelMustBeAProbability() {
    #expect(throws: StatisticsError.self) {
      try TwoSampleTTest(control: [1, 2, 3], group: [4, 5, 6], confidenceLevel: 95)
    }
  }

  // MARK: Against scipy

  /// scipy.stats.ttest_ind(group1, group2, equal_var=True/False) and its
  /// confidence_interval(0.95), on 200 seeded designs (n 2–12, n = 2, zero variance in one
  /// group, p < 1e−10, p ≈ 1). Tolerances: see `pValueAgrees`, `statisticAgrees`.
  @Test(arguments: VarianceAssumption.allCases)
  func matchesScipy(_ variance: VarianceAssumption) throws {
    let fixture = try ReferenceFixture.load()
    var worstP = 0.0
    var worstT = 0.0
    for (index, design) in fixture.tTests.enumerated() {
      let reference = variance == .equal ? design.student : design.welch
      let test = try TwoSampleTTest(
        control: design.group2, group: design.group1, variance: variance)
      let label = "design \(index) (\(design.kind))"
      let scale = abs(reference.ciHigh - reference.ciLow)
      #expect(statisticAgrees(test.t, reference.t, scale: 1e-6), "\(label): t \(test.t)")
      #expect(statisticAgrees(test.degreesOfFreedom, reference.df), "\(label): df")
      #expect(pValueAgrees(test.p, reference.p), "\(label): p \(test.p) vs \(reference.p)")
      #expect(relativeError(test.p, reference.exactP) <= 1e-12, "\(label): p vs mpmath")
      #expect(statisticAgrees(test.difference, reference.difference, scale: scale))
      #expect(statisticAgrees(test.confidenceInterval.lower, reference.ciLow, scale: scale))
      #expect(statisticAgrees(test.confidenceInterval.upper, reference.ciHigh, scale: scale))
      worstP = max(worstP, relativeError(test.p, reference.p))
      worstT = max(worstT, relativeError(test.t, reference.t))
    }
    print(
      "t-test \(variance): \(fixture.tTests.count) designs, worst relative error "
        + "p \(worstP), t \(worstT)")
  }
}
