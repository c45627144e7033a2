import ArgumentParser
import DensitoExperiment
import DensitoRaster
import DensitoReport
import Foundation

struct Batch: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Analyse every experiment found under the given paths, in parallel.",
    discussion: """
      Folders are searched recursively for *.yaml, *.yml and *.json files with a \
      top-level loading_control key (a file given by name is always taken). Each \
      experiment's files go to OUT/<path relative to the PATH given, without extension>/; \
      OUT/summary.csv holds every fold change and OUT/failures.csv every failure. \
      Experiments whose file and images are unchanged since their analysis.json are \
      skipped unless --force.

      Exit status: 0 all succeeded (or were skipped), 1 some experiments failed, 2 usage \
      or input/output error. See Docs/batch.md (sharding, Slurm, GNU parallel).

      Example:
        densito batch experiments/ --out results --jobs 2
        densito batch experiments/ --out results-3 --shard 3/8
        densito batch --merge results-1 results-2 --out results
      """)

  @Argument(help: "Experiment files or folders (with --merge: shard output folders).")
  var paths: [String] = []

  @Option(help: "Folder for the results (created when missing).")
  var out: String

  @Option(help: "At most this many experiments analysed at once (default: the number of cores).")
  var jobs: Int?

  @Flag(help: "Re-analyse experiments even when nothing changed.")
  var force = false

  @Option(help: "Analyse only the I-th of N shards (every N-th experiment in sorted order).")
  var shard: String?

  @Flag(help: "Join the summary.csv and failures.csv of the folders given into OUT.")
  var merge = false

  @Flag(help: "No progress display and no closing line.")
  var quiet = false

  /// Usage mistakes exit with status 2 like every other input problem (not
  /// ArgumentParser's 64), so a scheduler sees one code for "could not start".
  func checkUsage() throws {
    if paths.isEmpty { throw CommandError("give at least one experiment file or folder") }
    if let jobs, jobs < 1 { throw CommandError("--jobs must be at least 1") }
    if merge && (shard != nil || force || jobs != nil) {
      throw CommandError("--merge takes only folders and --out")
    }
  }

  func run() throws {
    var status: Int32 = 0
    try reportingErrors {
      try checkUsage()
      status = merge ? try mergeShards() : try runBatch()
    }
    if status != 0 { throw ExitCode(status) }
  }

  // MARK: Running

  func runBatch() throws -> Int32 {
    let selectedShard = try shard.map { text throws(BatchError) in try BatchShard(parsing: text) }
    // Fail before any work when OUT cannot be written (this creates it when missing).
    try OutputDirectory.write([], into: out)
    let found = try BatchDiscovery.find(paths, excluding: out)
    let items = selectedShard?.select(found.items) ?? found.items
    // Names Foundation cannot list are failures, not silently missing experiments (every
    // shard reports them: they belong to no shard's selection).
    let unreadableNames = paths.flatMap { NonUTF8Names.find(under: $0) }
    let progress = BatchProgress(total: items.count, line: ProgressLine(quiet: quiet))
    let outcomes = Outcomes(count: items.count)
    let forced = force
    let outRoot = out
    BatchScheduler.run(count: items.count, jobs: jobs ?? BatchScheduler.defaultJobs) { i in
      let item = items[i]
      progress.started(item.key)
      let outcome = Self.analyse(item, into: outRoot + "/" + item.outputFolder, force: forced) { step in
        progress.step(item.key, step)
      }
      outcomes.set(i, outcome)
      progress.finished(item.key)
    }
    progress.line.finish()
    var summary: [[String]] = []
    var failures: [[String]] = []
    for (item, outcome) in zip(items, outcomes.all) {
      summary += BatchSummary.rows(
        experiment: item.key, status: outcome.status, foldChanges: outcome.foldChanges,
        warnings: outcome.warnings)
      if case .failed(let reason) = outcome.status { failures.append([item.key, reason]) }
    }
    for name in unreadableNames {
      let reason = "the name is not UTF-8; densito cannot open it: rename it (e.g. convmv -f latin1 -t utf8)"
      summary += BatchSummary.rows(experiment: name, status: .failed(reason: reason), foldChanges: [], warnings: [])
      failures.append([name, reason])
    }
    try OutputDirectory.write([
      ("summary.csv", Array(BatchSummary.csv(header: BatchSummary.header, rows: summary).utf8)),
      ("failures.csv", Array(BatchSummary.csv(header: BatchSummary.failureHeader, rows: failures).utf8)),
    ], into: out)
    let skipped = outcomes.all.filter { $0.status == .skippedUnchanged }.count
    if !quiet {
      for f in failures { printError("\(f[0]): \(f[1])") }
      let shardNote = selectedShard.map { " (shard \($0.index)/\($0.count))" } ?? ""
      print(
        "batch\(shardNote): \(items.count + unreadableNames.count) experiments,"
          + " \(items.count + unreadableNames.count - failures.count - skipped) analysed, "
          + "\(skipped) skipped (unchanged), \(failures.count) failed; \(found.ignored.count) files ignored; "
          + "wrote summary.csv and failures.csv to \(out)")
    }
    return failures.isEmpty ? 0 : ExitStatus.negativeResult
  }

  /// Analyses one experiment and writes its files; never throws (a failure is an outcome).
  static func analyse(
    _ item: BatchItem, into folder: String, force: Bool, progress: @escaping @Sendable (String) -> Void
  ) -> Outcome {
    if !force,
      let record = BatchFreshness.unchangedRecord(
        experimentPath: item.path, outputFolder: folder, version: DensitoVersion.string)
    {
      return Outcome(status: .skippedUnchanged, foldChanges: record.foldChanges, warnings: record.warnings)
    }
    do {
      let experiment = try ExperimentFile.load(atPath: item.path)
      let text = try readText(item.path)
      let runner = ExperimentRunner(analyzer: DensitoAnalysisAdapter()) { index, count, _ in
        progress("blot \(index + 1)/\(count)")
      }
      let result = try runner.run(experiment)
      let record = AnalysisRecord(result: result, experimentText: text, version: DensitoVersion.string)
      let files = try ReportFiles.files(for: result, record: record)
      try OutputDirectory.write(files, into: folder)
      return Outcome(status: .ok, foldChanges: result.foldChanges, warnings: result.warnings)
    } catch {
      let reason = String(describing: error).replacingOccurrences(of: "\n", with: " ")
      return Outcome(status: .failed(reason: reason), foldChanges: [], warnings: [])
    }
  }

  static func readText(_ path: String) throws -> String {
    let bytes = try FileIO.readBytes(atPath: path)
    guard let text = String(bytes: bytes, encoding: .utf8) else { throw CommandError("\(path): not UTF-8 text") }
    return text
  }

  struct Outcome: Sendable {
    var status: BatchStatus
    var foldChanges: [FoldChangeRow]
    var warnings: [String]
  }

  /// The outcomes, filled in from the worker threads.
  final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Outcome?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ outcome: Outcome) {
      lock.lock()
      values[i] = outcome
      lock.unlock()
    }
    var all: [Outcome] {
      lock.lock()
      defer { lock.unlock() }
      return values.map { $0 ?? Outcome(status: .failed(reason: "not run"), foldChanges: [], warnings: []) }
    }
  }

  // MARK: Merging

  func mergeShards() throws -> Int32 {
    var summaries: [(name: String, text: String)] = []
    var failures: [(name: String, text: String)] = []
    for dir in paths {
      summaries.append((dir + "/summary.csv", try Self.readText(dir + "/summary.csv")))
      failures.append((dir + "/failures.csv", try Self.readText(dir + "/failures.csv")))
    }
    let summary = try BatchSummary.merge(summaries, header: BatchSummary.header)
    let failed = try BatchSummary.merge(failures, header: BatchSummary.failureHeader)
    try OutputDirectory.write([
      ("summary.csv", Array(summary.utf8)), ("failures.csv", Array(failed.utf8)),
    ], into: out)
    let failedCount = failed.split(separator: "\n").count - 1
    if !quiet {
      print("merge: \(paths.count) folders, \(failedCount) failed experiments; wrote summary.csv and failures.csv to \(out)")
    }
    return failedCount == 0 ? 0 : ExitStatus.negativeResult
  }
}

/// Progress of a batch on a terminal: done/total, the experiments in flight, elapsed time
/// and an estimate of the time left (elapsed / done x remaining).
final class BatchProgress: @unchecked Sendable {
  let line: ProgressLine
  private let total: Int
  private let start = Date()
  private let lock = NSLock()
  private var done = 0
  private var current: [(key: String, step: String)] = []

  init(total: Int, line: ProgressLine) {
    self.total = total
    self.line = line
  }

  func started(_ key: String) {
    lock.lock()
    current.append((key, "starting"))
    let text = describe()
    lock.unlock()
    line.update(text)
  }

  func finished(_ key: String) {
    lock.lock()
    done += 1
    current.removeAll { $0.key == key }
    let text = describe()
    lock.unlock()
    line.update(text)
  }

  /// An experiment in flight reached a new step (redraws the line, so the elapsed time
  /// moves on during long experiments too).
  func step(_ key: String, _ step: String) {
    lock.lock()
    if let i = current.firstIndex(where: { $0.key == key }) { current[i].step = step }
    let text = describe()
    lock.unlock()
    line.update(text)
  }

  private func describe() -> String {
    let elapsed = Date().timeIntervalSince(start)
    var text = "[\(done)/\(total)] \(Int(elapsed.rounded()))s elapsed"
    if done > 0 && done < total {
      text += ", ~\(Int((elapsed / Double(done) * Double(total - done)).rounded()))s left"
    }
    if !current.isEmpty { text += "; " + current.map { "\($0.key) (\($0.step))" }.joined(separator: ", ") }
    return text
  }
}
