import ArgumentParser
import DensitoExperiment
import DensitoRaster
import DensitoReport
import Foundation

struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Analyse an experiment: scans in, band volumes, ratios, fold changes and p-values out.",
    discussion: """
      Reads the experiment file (YAML or JSON, see Docs/experiment-file.md), finds lanes and
      bands on every blot, divides each target by the loading control, compares every group
      with the control, and writes bands.csv, normalized.csv, foldchange.csv, prism.csv,
      foldchange.svg/.png, sensitivity.csv, an overlay PNG and a lane-profile SVG per blot,
      report.html (everything in one page, see Docs/report.md) and analysis.json into the
      output folder. Nothing is written unless the whole analysis succeeds.

      Example:
        densito analyze TestImages/demo/experiment.yaml --out results
        densito analyze --replay results/analysis.json --out results-again
      """)

  @Argument(help: "The experiment file (YAML or JSON).")
  var experiment: String?

  @Option(help: "Folder for the output files (created when missing).")
  var out: String

  @Option(help: "Re-run a recorded analysis.json; refuses if an image changed.")
  var replay: String?

  @Option(help: "Override the experiment's test: student, welch or two-way-anova.")
  var test: StatisticsSpec.Test?

  @Flag(help: "Keep saturated bands in the ratios (excluded by default).")
  var includeSaturated = false

  @Flag(help: "No progress display and no table at the end.")
  var quiet = false

  @Option(help: ArgumentHelp(
    "At most this many blots analysed at once (default: the number of cores).",
    discussion: """
      The output files are the same whatever the number; memory grows with it (at most about \
      3 times the largest image as 32-bit floats per job), and the default is lowered to what \
      the available memory holds.
      """))
  var jobs: Int?

  func validate() throws {
    if (experiment == nil) == (replay == nil) {
      throw ValidationError("give either an EXPERIMENT file or --replay ANALYSIS.json")
    }
  }

  func run() throws {
    try reportingErrors {
      // Usage mistakes exit with status 2, as in `batch`.
      if let jobs, jobs < 1 { throw CommandError("--jobs must be at least 1") }
      // An unwritable OUT is found before the analysis, not after it.
      try OutputDirectory.checkWritable(out)
      let progress = ProgressLine(quiet: quiet)
      defer { progress.finish() }
      var (spec, text) = try loadExperiment()
      if let test { spec.statistics.test = test }
      if includeSaturated { spec.statistics.includeSaturated = true }
      // By default as many jobs as cores, fewer when the memory would not hold them.
      let jobs = jobs ?? JobBudget.defaultJobs(for: spec)
      // One memo for the run, the pictures and the sensitivity runs: each distinct analysis
      // is made once (see AnalysisMemo).
      let memo = AnalysisMemo()
      let analyzer = DensitoAnalysisAdapter(memo: memo)
      let runner = ExperimentRunner(analyzer: analyzer, jobs: jobs) { index, count, step in
        progress.update("[\(index + 1)/\(count)] \(step)")
      }
      let result = try runner.run(spec)
      MemoryTrace.mark("run: statistics")
      let record = AnalysisRecord(result: result, experimentText: text, version: DensitoVersion.string)
      let files = try ReportFiles.filesWithPictures(
        for: result, record: record, version: DensitoVersion.string, jobs: jobs,
        memo: memo, progress: { progress.update($0) })
      progress.finish()
      try OutputDirectory(path: out).write(files)
      MemoryTrace.mark("files written")
      if !quiet {
        print(TextTable.foldChanges(result.foldChanges, errorBars: spec.statistics.errorBars.rawValue).text)
        print(FoldChangeChart.starLegend)
        for w in result.warnings { printError("warning: \(w)") }
        print("wrote \(files.map(\.name).joined(separator: ", ")) to \(out)")
      }
    }
  }

  func loadExperiment() throws -> (Experiment, String) {
    if let replay {
      let record = try AnalysisRecord.read(atPath: replay)
      let e = try record.experiment()
      try record.checkImagesUnchanged(in: e)
      return (e, record.experimentText)
    }
    let loaded = try ExperimentFile.loadWithText(atPath: experiment ?? "")
    return (loaded.experiment, loaded.text)
  }
}

