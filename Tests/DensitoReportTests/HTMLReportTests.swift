import Foundation
import Testing
@testable import DensitoExperiment
@testable import DensitoReport

@Suite struct HTMLReportSpec {
  /// One file that opens anywhere: no scripts, no external resources, every picture inline.
  @Test func demoReportIsSelfContained() throws {
    let html = try DemoReport.text("report.html")
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("src=\"http"))
    #expect(!html.contains("url("))
    let images = html.components(separatedBy: "<img ").count - 1
    #expect(images == 1 + 2 * 11, "the chart, and an overlay and a profile plot per blot")
    #expect(html.components(separatedBy: "src=\"data:image/").count - 1 == images)
  }

  /// Every fold change appears in the table with 3 decimals and its stars, on a row that
  /// names its target and group (what the browser test reads back).
  @Test func tableHoldsEveryFoldChangeWithItsStars() throws {
    let output = try DemoReport.shared.get()
    let html = try DemoReport.text("report.html")
    #expect(output.result.foldChanges.count == 10)
    for row in output.result.foldChanges {
      let start = "<tr data-target=\"\(row.target)\" data-group=\"\(row.group)\">"
      let range = try #require(html.range(of: start), "\(row.target)")
      let line = html[range.lowerBound...].prefix { $0 != "\n" }
      #expect(line.contains("<td class=\"num fc\">\(String(format: "%.3f", row.foldChange))</td>"))
      #expect(line.contains("<td class=\"stars\">\(row.significance)</td>"))
    }
  }

  @Test func demoReportNamesVersionChecksumsAndParameters() throws {
    let output = try DemoReport.shared.get()
    let html = try DemoReport.text("report.html")
    #expect(html.contains("Densito \(DemoReport.version)"))
    for blot in output.result.blots { #expect(html.contains(blot.sha256), "\(blot.target)") }
    #expect(html.contains("<th>2-D background</th><td>none</td>"))
    #expect(html.contains("id=\"no-warnings\""), "the demo has no saturated or excluded bands")
  }

  /// The methods paragraph states what was done for the demo: detected polarity and
  /// signal, baseline, band volume, normalization, test, correction, stars and version.
  @Test func demoMethodsParagraphStatesWhatWasDone() throws {
    let output = try DemoReport.shared.get()
    let text = MethodsText(result: output.result, version: "9.9.9").paragraph
    for phrase in [
      "Densito 9.9.9", "11 western blot images", "loading control beta-actin",
      "detected automatically as dark bands on a light background", "inverted brightness",
      "valley to valley", "integrated density", "divided by the beta-actin volume",
      "nearest the expected molecular weight on the ladder",
      "two-way ANOVA", "Šídák", "more than 1% of their pixels", "**** P ≤ 0.0001",
    ] {
      #expect(text.contains(phrase), "missing: \(phrase)")
    }
    #expect(!text.contains("rolling ball"))
  }

  @Test(arguments: [
    (StatisticsSpec.Test.student, StatisticsSpec.Correction.holm, "Student's two-sided t-test", "Holm"),
    (.welch, .benjaminiHochberg, "Welch's two-sided t-test", "Benjamini–Hochberg"),
  ])
  func methodsNameTheTestAndCorrection(
    _ test: StatisticsSpec.Test, _ correction: StatisticsSpec.Correction, _ name: String,
    _ correctionName: String
  ) {
    var result = handmadeResult()
    result.experiment.statistics = StatisticsSpec(test: test, correction: correction, errorBars: .sem)
    result.experiment.analysis = AnalysisParameters(
      background: "rolling-ball", backgroundRadius: 25, saturationThreshold: 0.05)
    let text = MethodsText(result: result, version: "1").paragraph
    #expect(text.contains(name))
    #expect(text.contains(correctionName))
    #expect(text.contains("rolling ball algorithm (radius 25 pixels"))
    #expect(text.contains("more than 5% of their pixels"))
    #expect(text.contains("standard error of the mean"))
    #expect(text.contains("the band row shared by most lanes."), "no ladder: the row rule only")
    #expect(!text.contains("molecular weight"))
  }

  @Test func methodsNameTheRollingBallLaneBaselineAndItsRadius() {
    var result = handmadeResult()
    result.experiment.analysis = AnalysisParameters(baseline: "rolling-ball", baselineRadius: 30)
    let text = MethodsText(result: result, version: "1").paragraph
    #expect(text.contains("rolling-ball baseline of each lane profile (radius 30 pixels"))
    #expect(!text.contains("valley to valley"))
    let html = HTMLReport(result: result, version: "1", blots: [], chartPNG: []).html
    #expect(html.contains("<th>lane baseline radius (px)</th><td>30</td>"))
  }

  /// Warnings collect the run's, each blot's, lossy inputs and excluded lanes, once each
  /// (a blot warning the run already gave with the target's name is not repeated).
  @Test func warningsListExclusionsAndLossyInputsOnce() {
    var result = handmadeResult()
    result.warnings = ["P16: 1 band saturated"]
    result.normalized[0].excluded = .targetSaturated
    result.normalized[0].ratio = nil
    result.blots = [
      BlotResult(index: 0, target: "P16", image: "p16.jpg", sha256: "00", width: 1, height: 1,
                 lossy: true, polarity: "dark-bands", signal: "inverted-brightness", lanes: [],
                 warnings: ["1 band saturated"]),
    ]
    let report = HTMLReport(result: result, version: "1", blots: [], chartPNG: [])
    #expect(report.warnings == [
      "P16: 1 band saturated",
      "P16: p16.jpg is lossy (JPEG): volumes carry compression error",
      "P16, C1 (lane 1): excluded, target band saturated",
    ])
    #expect(report.html.contains("<ul id=\"warning-list\">"))
    #expect(report.html.contains("Handmade &lt;test&gt; &amp; check"))
  }

  /// The sensitivity section: every comparison under none / rolling ball / paraboloid, the
  /// method used marked, and the demo's strong effects do not depend on the choice.
  @Test func sensitivitySectionComparesTheBackgroundMethods() throws {
    let output = try DemoReport.shared.get()
    let html = try DemoReport.text("report.html")
    #expect(html.contains("<th>none (used)</th><th>rolling-ball</th><th>paraboloid</th>"))
    let csv = try DemoReport.text("sensitivity.csv")
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 1 + 10 * 3)
    #expect(!csv.contains(",failed"))
    for target in ["P16", "P21", "C-Myc", "TERC"] {
      let rows = lines.filter { $0.hasPrefix(target + ",") }
      #expect(rows.count == 3)
      #expect(rows.allSatisfy { $0.hasSuffix(",false") }, "\(target): \(rows)")
    }
    _ = output
  }
}
