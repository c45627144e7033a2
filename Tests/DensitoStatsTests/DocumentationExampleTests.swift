import Testing
import DensitoStats

/// The "Usage" example of Docs/statistics.md, compiled and run (keep the two in step).
@Suite struct DocumentationExampleTests {
  @Test func usageExampleRuns() throws {
    let ratios: [[[Double]]] = [
      [[1.00, 0.92, 1.08], [1.61, 1.75, 1.52], [0.71, 0.80, 0.66]],  // target 1
      [[1.00, 1.10, 0.95], [1.05, 0.98, 1.12], [1.40, 1.31, 1.55]],  // target 2
    ]
    let anova = try TwoWayANOVA(ratios)
    #expect(anova.interaction.p < 0.0001)
    let comparisons = try anova.comparisonsWithControl(column: 0, family: .allRows)
    #expect(comparisons.count == 4 && comparisons.allSatisfy { $0.familySize == 4 })
    #expect(comparisons.map(\.significance.summary) == ["****", "*", "ns", "***"])

    let test = try TwoSampleTTest(control: [1.00, 0.92, 1.08], group: [1.61, 1.75, 1.52])
    #expect(test.degreesOfFreedom == 4 && test.significance == .twoStars)  // scipy: p = 0.00153
    #expect(Significance.legend.hasPrefix("ns P > 0.05"))
  }
}
