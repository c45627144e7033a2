import ArgumentParser
import DensitoExperiment
import DensitoRaster
import DensitoReport
import Foundation

struct Stats: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Fold changes and tests on a table of values from any tool.",
    discussion: """
      VALUES.csv is a long table with a header and the columns target, sample, group, value
      (in any order; other columns are ignored; an empty value is a missing lane). The
      values are treated as normalized ratios: fold changes, SD/SEM and tests are computed
      exactly as `densito analyze` does (see Docs/statistics.md).

      Example:
        densito stats volumes.csv --control control --test two-way-anova
        densito stats volumes.csv --csv > foldchange.csv
      """)

  @Argument(help: "CSV with columns target, sample, group, value.")
  var values: String

  @Option(help: "The control group (default: the group named 'control').")
  var control: String?

  @Option(help: "student (default), welch or two-way-anova.")
  var test: StatisticsSpec.Test = .student

  @Option(help: "Correction across targets for t-tests: none, holm or bh.")
  var correction: StatisticsSpec.Correction = .none

  @Flag(help: "Print foldchange.csv to standard output instead of a table.")
  var csv = false

  @Option(help: "Also write foldchange.csv to this path (atomically).")
  var out: String?

  func run() throws {
    try reportingErrors {
      let bytes = try FileIO.readBytes(atPath: values)
      guard let text = String(bytes: bytes, encoding: .utf8) else {
        throw CommandError("\(values): not UTF-8 text")
      }
      let table = try ValueTable.parse(text, file: values)
      let groups = table.rows.map(\.sample.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
      let controlGroup = control ?? (groups.contains("control") ? "control" : "")
      guard groups.contains(controlGroup) else {
        throw CommandError(
          "\(values): " + (control == nil
            ? "no group is named 'control'; name the control with --control (groups: \(groups.joined(separator: ", ")))"
            : "control group '\(controlGroup)' is not in the table (groups: \(groups.joined(separator: ", ")))"))
      }
      let result = StatsRun.compute(table, control: controlGroup, test: test, correction: correction)
      let csvText = ResultTables.foldChange(result).text
      if let out { try OutputDirectory.writeFile(Array(csvText.utf8), toPath: out) }
      if csv {
        print(csvText, terminator: "")
      } else {
        print(TextTable.foldChanges(result.foldChanges, errorBars: "sd").text)
        print(FoldChangeChart.starLegend)
      }
      for w in result.warnings { printError("warning: \(w)") }
    }
  }
}

extension StatisticsSpec.Correction: ExpressibleByArgument {}
extension StatisticsSpec.Test: ExpressibleByArgument {}

/// Runs the experiment statistics on a value table.
enum StatsRun {
  static func compute(
    _ table: ValueTable, control: String, test: StatisticsSpec.Test,
    correction: StatisticsSpec.Correction
  ) -> ExperimentResult {
    var samples: [Sample] = []
    for row in table.rows where !samples.contains(row.sample) { samples.append(row.sample) }
    let targets = table.rows.map(\.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    let experiment = Experiment(
      title: "", loadingControl: "", controlGroup: control, lanes: samples.map { .sample($0) },
      blots: targets.map { BlotSpec(target: $0, image: "") },
      statistics: StatisticsSpec(test: test, correction: correction))
    let normalized = table.rows.map { row in
      NormalizedValue(
        target: row.target, sample: row.sample, lane: 0, blot: 0, targetVolume: row.value,
        denominator: nil, ratio: row.value, excluded: row.value == nil ? .noTargetBand : nil)
    }
    let comparison = FoldChanges.compute(normalized, experiment: experiment)
    return ExperimentResult(
      experiment: experiment, blots: [], normalized: normalized, foldChanges: comparison.rows,
      anova: comparison.anova, warnings: comparison.warnings)
  }
}
