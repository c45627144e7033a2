import DensitoExperiment
import Foundation
import Testing

/// Batch planning: which files are experiments, their keys and output folders, shards,
/// summary rows and the merge of shards (Docs/batch.md).
@Suite struct BatchPlanSpec {
  /// A temporary folder holding `files` (relative path -> text).
  func tree(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("densito-batch-\(UUID().uuidString)").appendingPathComponent("lab")
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
  }

  static let experiment = "loading_control: actin\ncontrol_group: c\nblots: []\n"

  @Test func foldersAreSearchedRecursivelyForFilesWithALoadingControlKey() throws {
    let root = try tree([
      "b.yaml": Self.experiment,
      "sub/a.YML": Self.experiment,
      "sub/c.json": #"{"title": "t", "loading_control": "actin"}"#,
      "sub/flow.yaml": "{loading_control: actin, blots: []}",
      "truth.json": #"{"blots": []}"#,  // not an experiment: ignored
      "notes.txt": Self.experiment,  // wrong extension: not even a candidate
      "out/analysis.json": #"{"loading_control": "x"}"#,  // Densito's output: ignored
      ".hidden/x.yaml": Self.experiment,  // hidden folder: skipped
    ])
    let found = try BatchDiscovery.find([root.path])
    #expect(found.items.map(\.key) == ["lab/b.yaml", "lab/sub/a.YML", "lab/sub/c.json", "lab/sub/flow.yaml"])
    #expect(found.items.map(\.outputFolder) == ["lab/b", "lab/sub/a", "lab/sub/c", "lab/sub/flow"])
    #expect(found.items[0].path == root.path + "/b.yaml")
    #expect(found.ignored.count == 2)
  }

  @Test func aFileGivenByNameIsAlwaysTakenAndKeyedByItsName() throws {
    let root = try tree(["x/odd-name.txt": "anything"])
    let found = try BatchDiscovery.find([root.appendingPathComponent("x/odd-name.txt").path])
    #expect(found.items.map(\.key) == ["odd-name.txt"])
    #expect(found.items.map(\.outputFolder) == ["odd-name"])
  }

  @Test func theOutputFolderIsNotSearched() throws {
    let root = try tree(["a.yaml": Self.experiment, "results/lab/a.yaml": Self.experiment])
    let found = try BatchDiscovery.find([root.path], excluding: root.appendingPathComponent("results").path)
    #expect(found.items.map(\.key) == ["lab/a.yaml"])
  }

  @Test func twoExperimentsSharingAnOutputFolderAreRefused() throws {
    let root = try tree(["a.yaml": Self.experiment, "a.json": #"{"loading_control": "x"}"#])
    #expect(throws: BatchError.self) { try BatchDiscovery.find([root.path]) }
  }

  @Test func aMissingPathIsAUsageError() {
    #expect(throws: BatchError("/nonexistent/densito: no such file or folder")) {
      try BatchDiscovery.find(["/nonexistent/densito"])
    }
  }

  @Test(arguments: ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", ""])
  func badShardsAreRefused(_ text: String) {
    #expect(throws: BatchError.self) { try BatchShard(parsing: text) }
  }

  @Test(arguments: [1, 2, 3, 7, 20])
  func shardsPartitionTheBatchTakingEveryNthItem(_ n: Int) throws {
    let items = Array(0..<17)
    var union: [Int] = []
    for i in 1...n {
      let part = try BatchShard(parsing: "\(i)/\(n)").select(items)
      #expect(part == items.filter { $0 % n == i - 1 })
      union += part
    }
    #expect(union.sorted() == items)
  }

  static let row = FoldChangeRow(
    target: "P16", group: "treated", controlGroup: "control", nControl: 3, nGroup: 3,
    meanControl: 1, meanGroup: 3.6, foldChange: 3.6, sd: 0.1, sem: 0.05, sdControl: 0.1,
    semControl: 0.05, test: "welch", statistic: 10, df: 4, pValue: 0.00001234, pAdjusted: 0.0123456,
    significance: "*")

  @Test func summaryRowsCarryTheTargetsWarningsAndQuoteCommas() {
    let rows = BatchSummary.rows(
      experiment: "lab/a,b.yaml", status: .ok, foldChanges: [Self.row],
      warnings: ["P16 (p16.tif): lane 2 (C1): band saturated", "P21: other", "P16: sample E1 excluded"])
    #expect(rows == [[
      "lab/a,b.yaml", "P16", "treated", "3.6", "1.234e-05", "0.01235", "*",
      "P16 (p16.tif): lane 2 (C1): band saturated; P16: sample E1 excluded", "ok",
    ]])
    let csv = BatchSummary.csv(header: BatchSummary.header, rows: rows)
    #expect(csv.hasPrefix("experiment,target,group,fold_change,p_value,p_adjusted,significance,warnings,status\n\"lab/a,b.yaml\",P16,"))
  }

  @Test func aFailedExperimentHasOneRowWithItsStatus() {
    let rows = BatchSummary.rows(experiment: "x.yaml", status: .failed(reason: "bad"), foldChanges: [Self.row], warnings: [])
    #expect(rows == [["x.yaml", "", "", "", "", "", "", "", "failed"]])
    #expect(BatchStatus.skippedUnchanged.label == "skipped (unchanged)")
  }

  @Test func mergingShardsSortsByExperimentAndKeepsRowOrderWithin() throws {
    let header = "experiment,target,group,fold_change,p_value,p_adjusted,significance,warnings,status\n"
    let one = header + "b.yaml,T2,g,1,,,,,ok\nb.yaml,T1,g,2,,,,,ok\n"
    let two = header + "a.yaml,T,g,3,,,,\"w, x\",ok\nc.yaml,,,,,,,,failed\n"
    let merged = try BatchSummary.merge([("1", one), ("2", two)], header: BatchSummary.header)
    #expect(merged == header + "a.yaml,T,g,3,,,,\"w, x\",ok\nb.yaml,T2,g,1,,,,,ok\nb.yaml,T1,g,2,,,,,ok\nc.yaml,,,,,,,,failed\n")
  }

  @Test func mergingRefusesOverlappingShardsAndForeignFiles() {
    let header = "experiment,reason\n"
    #expect(throws: BatchError.self) {
      try BatchSummary.merge([("1", header + "a,x\n"), ("2", header + "a,y\n")], header: BatchSummary.failureHeader)
    }
    #expect(throws: BatchError.self) {
      try BatchSummary.merge([("1", "name,value\n")], header: BatchSummary.failureHeader)
    }
  }

  @Test(arguments: [1, 2, 5])
  func theSchedulerRunsEachJobOnceWithABoundedNumberInFlight(_ jobs: Int) {
    let counter = Counter()
    BatchScheduler.run(count: 23, jobs: jobs) { i in
      counter.enter(i)
      usleep(2_000)
      counter.leave()
    }
    #expect(counter.seen.sorted() == Array(0..<23))
    #expect(counter.maxInFlight <= jobs)
    #expect(counter.maxInFlight >= 1)
  }
}

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var seen: [Int] = []
  private var inFlight = 0
  private(set) var maxInFlight = 0
  func enter(_ i: Int) {
    lock.lock()
    seen.append(i)
    inFlight += 1
    maxInFlight = max(maxInFlight, inFlight)
    lock.unlock()
  }
  func leave() {
    lock.lock()
    inFlight -= 1
    lock.unlock()
  }
}

/// `BatchOutputFolder`: all or nothing.
@Suite struct BatchOutputFolderSpec {
  func temporary() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("densito-bof-\(UUID().uuidString)").path
  }

  @Test func writesEveryFileAndCreatesMissingParents() throws {
    let folder = temporary() + "/a/b"
    try BatchOutputFolder.write([("x.csv", Array("1\n".utf8)), ("y.json", Array("{}\n".utf8))], into: folder)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["x.csv", "y.json"])
    #expect(FileManager.default.contents(atPath: folder + "/x.csv") == Data("1\n".utf8))
  }

  @Test func aFailedWriteLeavesNothingNewAndKeepsOldFiles() throws {
    let folder = temporary()
    try BatchOutputFolder.write([("keep.csv", Array("old\n".utf8))], into: folder)
    // A name inside a folder that does not exist makes the second write fail.
    #expect(throws: BatchError.self) {
      try BatchOutputFolder.write([("keep.csv", Array("new\n".utf8)), ("missing/z.csv", [])], into: folder)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["keep.csv"])
    #expect(FileManager.default.contents(atPath: folder + "/keep.csv") == Data("old\n".utf8))
  }

  @Test func aFolderCreatedForAFailedWriteIsRemovedAgain() throws {
    let base = temporary()
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    #expect(throws: BatchError.self) {
      try BatchOutputFolder.write([("missing/z.csv", [])], into: base + "/new/deeper")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: base).isEmpty)
  }

  @Test func aParentThatIsAFileIsNamed() throws {
    let base = temporary()
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: base + "/file", contents: Data())
    #expect(throws: BatchError("\(base)/file/out: cannot write: \(base)/file is a file, not a folder")) {
      try BatchOutputFolder.write([], into: base + "/file/out")
    }
  }
}
