import Foundation
import Testing
@testable import DensitoStats

/// Two-sided p of Student's t with ν = 4, in closed form (see TTestTests).
private func twoSidedPWithFourDegreesOfFreedom(_ t: Double) -> Double {
  let sine = t / (t * t + 4).squareRoot()
  return 1 - sine * (1 + 0.5 * 4 / (t * t + 4))
}

@Suite struct TwoWayANOVATests {
  /// A Prism-style grouped table built by hand: rows = targets A1, A2; columns = groups
  /// B1 (control), B2; two replicates per cell:
  ///
  /// |    | B1     | B2     |
  /// |----|--------|--------|
  /// | A1 | 1, 3   | 5, 7   |
  /// | A2 | 2, 4   | 3, 5   |
  ///
  /// Cell means 2, 6 / 3, 4; grand mean 3.75; each cell SS = 2.
  /// SS_A = 2·2·(0.25² + 0.25²) = 0.5, SS_B = 2·2·(1.25² + 1.25²) = 12.5,
  /// SS_AB = 2·(4 · 0.75²) = 4.5, SS_res = 8 on 4 df (MS 2); total 25.5.
  /// F = 0.25, 6.25, 2.25; each F(1, 4) p equals the ν = 4 two-sided t p at √F.
  /// Follow-up (control B1) in A1: d = 4, SE = √(2·(½ + ½)) = √2, t = 2√2; in A2: d = 1,
  /// t = 1/√2; Šídák over k = 2 comparisons.
  static let example: [[[Double]]] = [[[1, 3], [5, 7]], [[2, 4], [3, 5]]]

  @Test func handWorkedExample() throws {
    let anova = try TwoWayANOVA(Self.example)
    #expect(abs(anova.rows.sumOfSquares - 0.5) <= 1e-14)
    #expect(abs(anova.columns.sumOfSquares - 12.5) <= 1e-13)
    #expect(abs(anova.interaction.sumOfSquares - 4.5) <= 1e-13)
    #expect(anova.residual.sumOfSquares == 8 && anova.residual.degreesOfFreedom == 4)
    #expect(anova.residual.meanSquare == 2)
    for (effect, f) in [(anova.rows, 0.25), (anova.columns, 6.25), (anova.interaction, 2.25)] {
      #expect(effect.degreesOfFreedom == 1)
      #expect(relativeError(effect.f, f) <= 1e-13)
      #expect(relativeError(effect.p, twoSidedPWithFourDegreesOfFreedom(f.squareRoot())) <= 1e-12)
    }
    let comparisons = try anova.comparisonsWithControl()
    #expect(comparisons.map(\.row) == [0, 1])
    #expect(comparisons.map(\.group) == [1, 1])
    #expect(comparisons.map(\.difference) == [4, 1])
    #expect(comparisons.allSatisfy { $0.familySize == 2 && $0.degreesOfFreedom == 4 })
    for (comparison, t) in zip(comparisons, [2 * 2.0.squareRoot(), 1 / 2.0.squareRoot()]) {
      #expect(relativeError(comparison.standardError, 2.0.squareRoot()) <= 1e-15)
      #expect(relativeError(comparison.t, t) <= 1e-15)
      let p = twoSidedPWithFourDegreesOfFreedom(t)
      #expect(relativeError(comparison.p, p) <= 1e-12)
      #expect(relativeError(comparison.adjustedP, 1 - (1 - p) * (1 - p)) <= 1e-12)
    }
    let perRow = try anova.comparisonsWithControl(family: .eachRow)
    #expect(perRow.allSatisfy { $0.familySize == 1 && $0.adjustedP == $0.p })
  }

  /// A published unbalanced example: growth by sex (rows) × development level (columns),
  /// Neter, Wasserman & Kutner, Applied Linear Statistical Models (3rd ed., 1990), Table 20.4,
  /// whose adjusted (Type III) SS are 0.1200 (sex, 1 df), 4.1897 (development, 2 df), 0.0754
  /// (interaction, 2 df) and error 1.3000 on 8 df; F = 0.74, 12.89, 0.23. One cell has a
  /// single value. Tolerance: half a unit of the published last digit.
  @Test func publishedUnbalancedExample() throws {
    let anova = try TwoWayANOVA([
      [[1.4, 2.4, 2.2], [2.1, 1.7], [0.7, 1.1]],
      [[2.4], [2.5, 1.8, 2.0], [0.5, 0.9, 1.3]],
    ])
    #expect(abs(anova.rows.sumOfSquares - 0.1200) <= 5e-5)
    #expect(abs(anova.columns.sumOfSquares - 4.1897) <= 5e-5)
    #expect(abs(anova.interaction.sumOfSquares - 0.0754) <= 5e-5)
    #expect(abs(anova.residual.sumOfSquares - 1.3000) <= 5e-5)
    #expect(anova.residual.degreesOfFreedom == 8)
    #expect(
      [anova.rows, anova.columns, anova.interaction].map(\.degreesOfFreedom) == [1, 2, 2])
    #expect(abs(anova.rows.f - 0.74) <= 5e-3)
    #expect(abs(anova.columns.f - 12.89) <= 5e-3)
    #expect(abs(anova.interaction.f - 0.23) <= 5e-3)
  }

  @Test func controlColumnCanBeAnyColumn() throws {
    let anova = try TwoWayANOVA(Self.example)
    let comparisons = try anova.comparisonsWithControl(column: 1)
    #expect(comparisons.map(\.difference) == [-4, -1])
    #expect(throws: StatisticsError.controlOutOfRange(control: 2, groups: 2)) {
      try anova.comparisonsWithControl(column: 2)
    }
  }

  @Test func invalidLayoutsAreRejectedWithTheirLocation() {
    #expect(throws: StatisticsError.tooFewGroups(factor: "rows", count: 1, minimum: 2)) {
      try TwoWayANOVA([[[1, 2], [3, 4]]])
    }
    #expect(throws: StatisticsError.tooFewGroups(factor: "columns", count: 1, minimum: 2)) {
      try TwoWayANOVA([[[1, 2]], [[3, 4]]])
    }
    #expect(throws: StatisticsError.raggedDesign(row: 1, columns: 1, expected: 2)) {
      try TwoWayANOVA([[[1, 2], [3, 4]], [[3, 4]]])
    }
    #expect(throws: StatisticsError.emptyCell(row: 1, column: 0)) {
      try TwoWayANOVA([[[1, 2], [3, 4]], [[], [3, 4]]])
    }
    #expect(throws: StatisticsError.nonFiniteValue(
      sample: "cell (row 0, column 1)", index: 1, value: "nan")) {
      try TwoWayANOVA([[[1, 2], [3, .nan]], [[1], [3, 4]]])
    }
    #expect(throws: StatisticsError.zeroResidualDegreesOfFreedom(observations: 4, cells: 4)) {
      try TwoWayANOVA([[[1], [3]], [[2], [5]]])
    }
    #expect(throws: StatisticsError.zeroResidualVariance(observations: 8)) {
      try TwoWayANOVA([[[1, 1], [3, 3]], [[2, 2], [5, 5]]])
    }
  }

  /// statsmodels `anova_lm(ols("y ~ C(a, Sum) * C(b, Sum)"), typ=3)` on 50 seeded designs
  /// (2–11 rows, 2–3 columns, balanced and unbalanced), and the Šídák follow-up computed in
  /// the generator from statsmodels' residual MS and scipy.stats.t. SS/F to 1e−9 relative
  /// (absolute 1e−9 × total SS for an SS that is pure cancellation), p to 1e−6 relative.
  @Test func matchesStatsmodels() throws {
    let fixture = try ReferenceFixture.load()
    var worstP = 0.0
    var worstStatistic = 0.0
    var comparisonCount = 0
    for (index, design) in fixture.twoWayANOVA.enumerated() {
      let anova = try TwoWayANOVA(design.cells)
      let total = design.rows.ss + design.columns.ss + design.interaction.ss + design.residual.ss
      let pairs = [
        ("rows", anova.rows, design.rows), ("columns", anova.columns, design.columns),
        ("interaction", anova.interaction, design.interaction),
      ]
      for (name, effect, reference) in pairs {
        let label = "design \(index) \(name)"
        #expect(Double(effect.degreesOfFreedom) == reference.df, "\(label) df")
        #expect(statisticAgrees(effect.sumOfSquares, reference.ss, scale: total), "\(label) SS")
        let f = try #require(reference.f)
        let p = try #require(reference.p)
        #expect(statisticAgrees(effect.f, f, scale: 1e-3), "\(label) F \(effect.f) vs \(f)")
        #expect(pValueAgrees(effect.p, p), "\(label) p \(effect.p) vs \(p)")
        worstP = max(worstP, relativeError(effect.p, p))
        worstStatistic = max(worstStatistic, relativeError(effect.f, f))
      }
      #expect(statisticAgrees(anova.residual.sumOfSquares, design.residual.ss))
      #expect(Double(anova.residual.degreesOfFreedom) == design.residual.df)

      let all = try anova.comparisonsWithControl(family: .allRows)
      let perRow = try anova.comparisonsWithControl(family: .eachRow)
      let references = fixture.comparisons(of: design)
      #expect(all.count == references.count)
      for (ours, (reference, ourRow)) in zip(all, zip(references, perRow)) {
        comparisonCount += 1
        let label = "design \(index) row \(reference.row ?? -1) column \(reference.column ?? -1)"
        let scale = reference.ciHigh - reference.ciLow
        #expect(ours.row == reference.row && ours.group == reference.column, "\(label)")
        #expect(statisticAgrees(ours.difference, reference.difference, scale: scale), "\(label)")
        #expect(statisticAgrees(ours.standardError, reference.standardError), "\(label) SE")
        #expect(statisticAgrees(ours.t, reference.t, scale: 1e-3), "\(label) t")
        #expect(pValueAgrees(ours.p, reference.p), "\(label) p")
        #expect(pValueAgrees(ours.adjustedP, reference.sidakP), "\(label) Šídák p")
        #expect(pValueAgrees(ourRow.adjustedP, reference.sidakPPerRow ?? -1), "\(label) per row")
        let ci = ours.confidenceInterval
        let simultaneous = ours.simultaneousConfidenceInterval
        #expect(statisticAgrees(ci.lower, reference.ciLow, scale: scale), "\(label) CI")
        #expect(statisticAgrees(ci.upper, reference.ciHigh, scale: scale), "\(label) CI")
        #expect(statisticAgrees(simultaneous.lower, reference.simultaneousCILow, scale: scale))
        #expect(statisticAgrees(simultaneous.upper, reference.simultaneousCIHigh, scale: scale))
        worstP = max(worstP, relativeError(ours.adjustedP, reference.sidakP))
      }
    }
    print(
      "two-way ANOVA: \(fixture.twoWayANOVA.count) designs, \(comparisonCount) comparisons, "
        + "worst relative error p \(worstP), F \(worstStatistic)")
  }
}

@Suite struct OneWayANOVATests {
  /// Two groups: F = t² and the same p as Student's t-test.
  @Test func twoGroupsReduceToStudentsTTest() throws {
    let control = [0.9, 1.2, 1.0, 1.1]
    let group = [1.4, 1.6, 1.3]
    let anova = try OneWayANOVA([control, group])
    let test = try TwoSampleTTest(control: control, group: group)
    #expect(relativeError(anova.betweenGroups.f, test.t * test.t) <= 1e-13)
    #expect(relativeError(anova.betweenGroups.p, test.p) <= 1e-12)
    let comparison = try #require(try anova.comparisonsWithControl().first)
    #expect(relativeError(comparison.t, test.t) <= 1e-14)
    #expect(comparison.familySize == 1 && comparison.adjustedP == comparison.p)
  }

  @Test func invalidInputsAreRejected() {
    #expect(throws: StatisticsError.tooFewGroups(factor: "groups", count: 1, minimum: 2)) {
      try OneWayANOVA([[1, 2, 3]])
    }
    #expect(throws: StatisticsError.tooFewValues(sample: "group 1", count: 0, minimum: 1)) {
      try OneWayANOVA([[1, 2, 3], []])
    }
    #expect(throws: StatisticsError.zeroResidualDegreesOfFreedom(observations: 3, cells: 3)) {
      try OneWayANOVA([[1], [2], [3]])
    }
    #expect(throws: StatisticsError.zeroResidualVariance(observations: 4)) {
      try OneWayANOVA([[1, 1], [2, 2]])
    }
  }

  /// scipy.stats.f_oneway on 30 seeded designs (3–6 groups, n 2–8), follow-up as for the
  /// two-way ANOVA with k = g − 1.
  @Test func matchesScipy() throws {
    let fixture = try ReferenceFixture.load()
    var worstP = 0.0
    var worstF = 0.0
    for (index, design) in fixture.oneWayANOVA.enumerated() {
      let anova = try OneWayANOVA(design.groups)
      worstP = max(worstP, relativeError(anova.betweenGroups.p, design.p))
      worstF = max(worstF, relativeError(anova.betweenGroups.f, design.f))
      let label = "design \(index)"
      #expect(statisticAgrees(anova.betweenGroups.f, design.f), "\(label) F")
      #expect(pValueAgrees(anova.betweenGroups.p, design.p), "\(label) p")
      #expect(statisticAgrees(anova.betweenGroups.sumOfSquares, design.ssBetween), "\(label)")
      #expect(statisticAgrees(anova.residual.sumOfSquares, design.ssWithin), "\(label)")
      #expect(anova.betweenGroups.degreesOfFreedom == design.dfBetween)
      #expect(anova.residual.degreesOfFreedom == design.dfWithin)
      let comparisons = try anova.comparisonsWithControl()
      let references = fixture.comparisons(of: design)
      #expect(comparisons.count == references.count)
      for (ours, reference) in zip(comparisons, references) {
        let scale = reference.ciHigh - reference.ciLow
        #expect(ours.group == reference.group && ours.row == nil)
        #expect(statisticAgrees(ours.t, reference.t, scale: 1e-3), "\(label) t")
        #expect(pValueAgrees(ours.p, reference.p), "\(label) p")
        #expect(pValueAgrees(ours.adjustedP, reference.sidakP), "\(label) Šídák p")
        #expect(statisticAgrees(
          ours.simultaneousConfidenceInterval.lower, reference.simultaneousCILow, scale: scale))
        worstP = max(worstP, relativeError(ours.adjustedP, reference.sidakP))
      }
    }
    print(
      "one-way ANOVA: \(fixture.oneWayANOVA.count) designs, worst relative error p \(worstP), "
        + "F \(worstF)")
  }
}
