import Foundation
import Testing
@testable import DensitoExperiment
@testable import DensitoReport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A two-target experiment result built by hand: P16 up 3-fold (**), GAPDH unchanged (ns).
func handmadeResult() -> ExperimentResult {
  let samples = [Sample(name: "C1", group: "control"), Sample(name: "C2", group: "control"),
                 Sample(name: "E1", group: "treated"), Sample(name: "E2", group: "treated")]
  let experiment = Experiment(
    title: "Handmade <test> & check", loadingControl: "actin", controlGroup: "control",
    lanes: samples.map { .sample($0) }, blots: [])
  let ratios: [String: [Double]] = ["P16": [0.9, 1.1, 2.8, 3.2], "GAPDH": [1.0, 1.2, 1.05, 1.15]]
  var normalized: [NormalizedValue] = []
  for target in ["P16", "GAPDH"] {
    for (i, s) in samples.enumerated() {
      normalized.append(NormalizedValue(target: target, sample: s, lane: i, blot: 1, targetVolume: 1,
                                        denominator: 1, ratio: ratios[target]![i], excluded: nil))
    }
  }
  let rows = [
    FoldChangeRow(target: "P16", group: "treated", controlGroup: "control", nControl: 2, nGroup: 2,
                  meanControl: 1, meanGroup: 3, foldChange: 3, sd: 0.28, sem: 0.2, sdControl: 0.14,
                  semControl: 0.1, test: "Student's t-test", statistic: 9.5, df: 2, pValue: 0.005,
                  pAdjusted: 0.005, significance: "**"),
    FoldChangeRow(target: "GAPDH", group: "treated", controlGroup: "control", nControl: 2, nGroup: 2,
                  meanControl: 1.1, meanGroup: 1.1, foldChange: 1, sd: 0.06, sem: 0.04, sdControl: 0.13,
                  semControl: 0.09, test: "Student's t-test", statistic: 0, df: 2, pValue: 1,
                  pAdjusted: 1, significance: "ns"),
  ]
  return ExperimentResult(experiment: experiment, blots: [], normalized: normalized, foldChanges: rows)
}

@Suite struct FoldChangeChartSpec {
  @Test func barsPointsStarsAndTheLineAtOneAreDrawn() throws {
    let chart = FoldChangeChart(result: handmadeResult())
    #expect(chart.categories.map(\.target) == ["P16", "GAPDH"])
    let p16 = chart.categories[0]
    #expect(p16.bars.map(\.group) == ["control", "treated"])
    #expect(p16.bars[0].mean == 1)
    #expect(p16.bars[1].mean == 3)
    #expect(p16.bars[1].stars == "**")
    #expect(p16.bars[1].values.count == 2)
    let svg = chart.svg
    #expect(svg.contains("stroke-dasharray"))
    #expect(svg.contains(">**</text>"))
    #expect(svg.contains(">ns</text>"))
    #expect(svg.contains("ns P &gt; 0.05; * P ≤ 0.05; ** P ≤ 0.01; *** P ≤ 0.001; **** P ≤ 0.0001"))
    #expect(svg.contains("Handmade &lt;test&gt; &amp; check"))
    #expect(svg.components(separatedBy: "<circle").count - 1 == 8)
  }

  @Test func svgIsWellFormedXML() {
    let parser = XMLParser(data: Data(FoldChangeChart(result: handmadeResult()).svg.utf8))
    #expect(parser.parse())
  }

  @Test(arguments: [(1.2, [0, 0.5, 1, 1.5]), (4.3, [0, 1, 2, 3, 4, 5])])
  func ticksFollowOneTwoFiveSteps(maximum: Double, expected: [Double]) {
    let ticks = FoldChangeChart.niceTicks(upTo: maximum)
    #expect(ticks.count == expected.count)
    for (a, b) in zip(ticks, expected) { #expect(abs(a - b) < 1e-9) }
  }
}
