import Testing
@testable import DensitoStats

@Suite struct StatisticsErrorTests {
  /// Every message names its evidence, so a CLI can print it as one clear line.
  @Test(arguments: [
    (StatisticsError.tooFewValues(sample: "control", count: 1, minimum: 2), ["control", "1", "2"]),
    (.nonFiniteValue(sample: "group", index: 3, value: "nan"), ["group", "3", "nan"]),
    (.constantSamplesWithEqualMeans(mean: 1), ["constant", "1.0"]),
    (.zeroResidualDegreesOfFreedom(observations: 4, cells: 4), ["4 observations", "4 cells"]),
    (.zeroResidualVariance(observations: 8), ["8"]),
    (.tooFewGroups(factor: "rows", count: 1, minimum: 2), ["rows", "1", "2"]),
    (.raggedDesign(row: 2, columns: 1, expected: 3), ["row 2", "1", "3"]),
    (.emptyCell(row: 1, column: 0), ["row 1", "column 0"]),
    (.controlOutOfRange(control: 5, groups: 3), ["5", "3"]),
    (.invalidParameter(name: "df", value: "-1.0", requirement: "must be > 0"), ["df", "-1.0"]),
    (.invalidProbability(index: 2, value: "1.5"), ["2", "1.5"]),
  ])
  func descriptionsCarryTheirEvidence(_ error: StatisticsError, _ fragments: [String]) {
    for fragment in fragments {
      #expect(error.description.contains(fragment), "\(error.description)")
    }
    #expect(!error.description.contains("\n"))
  }

  /// Follow-ups report the Šídák-adjusted p's stars; ANOVA rows and t-tests their own p's.
  @Test func resultsCarryTheirSignificance() throws {
    let test = try TwoSampleTTest(control: [1, 2, 3], group: [4, 5, 6])
    #expect(test.significance == .oneStar)  // p ≈ 0.021
    let anova = try OneWayANOVA([[1, 2, 3], [4, 5, 6], [1.5, 2.5, 2]])
    let comparisons = try anova.comparisonsWithControl(group: 0)
    for comparison in comparisons {
      #expect(comparison.significance == (try Significance(p: comparison.adjustedP)))
    }
    #expect(anova.betweenGroups.significance == (try Significance(p: anova.betweenGroups.p)))
  }
}
