import Foundation
import Testing

/// `densito batch`: parallel runs over folders, skip-unchanged re-runs, failures that do not
/// stop the others, shards and their merge (Docs/batch.md).
@Suite(.serialized) struct BatchCommandSpec {
  /// A folder `lab/` with a small two-blot experiment (`small/experiment.yaml`, copies of two
  /// demo scans) and a broken one (`broken.yaml`), plus a non-experiment `notes.json`.
  func lab() throws -> URL {
    let lab = try CLI.temporaryDirectory().appendingPathComponent("lab")
    let small = lab.appendingPathComponent("small")
    try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
    let demo = TestPaths.testImages.appendingPathComponent("demo")
    for name in ["beta-actin.tif", "p16.tif"] {
      try FileManager.default.copyItem(at: demo.appendingPathComponent(name), to: small.appendingPathComponent(name))
    }
    let full = try String(contentsOf: demo.appendingPathComponent("experiment.yaml"), encoding: .utf8)
    let kept = full.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
      !line.contains("target:") || line.contains("beta-actin.tif") || line.contains("p16.tif")
    }.map { $0.replacingOccurrences(of: "two-way-anova", with: "welch") }
    try kept.joined(separator: "\n").write(to: small.appendingPathComponent("experiment.yaml"), atomically: true, encoding: .utf8)
    try "loading_control: actin\nblots: []\n".write(to: lab.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
    try #"{"note": "not an experiment"}"#.write(to: lab.appendingPathComponent("notes.json"), atomically: true, encoding: .utf8)
    return lab
  }

  func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

  @Test func analysesEveryExperimentReportsFailuresAndSkipsUnchangedOnesOnReRun() throws {
    let lab = try lab()
    let out = lab.deletingLastPathComponent().appendingPathComponent("results")
    let first = try CLI.run(["batch", lab.path, "--out", out.path, "--jobs", "2"])
    #expect(first.status == 1, "one experiment fails: exit 1 (\(first.stderr))")
    #expect(first.stdout.contains("2 experiments, 1 analysed, 0 skipped (unchanged), 1 failed; 1 files ignored"))
    #expect(first.stderr.contains("lab/broken.yaml: ") && first.stderr.contains("control_group"))
    let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("lab/small/experiment").path)
    #expect(files.contains("analysis.json") && files.contains("foldchange.csv"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("lab/broken").path), "no partial output")

    let summary = try read(out.appendingPathComponent("summary.csv")).split(separator: "\n")
    #expect(summary.first == "experiment,target,group,fold_change,p_value,p_adjusted,significance,warnings,status")
    #expect(summary.dropFirst().first == "lab/broken.yaml,,,,,,,,failed")
    let p16 = try #require(summary.first { $0.hasPrefix("lab/small/experiment.yaml,P16,co-culture,") })
    #expect(p16.hasSuffix(",ok"))
    let failures = try read(out.appendingPathComponent("failures.csv"))
    #expect(failures.hasPrefix("experiment,reason\nlab/broken.yaml,"))

    // Nothing changed: skipped, and the summary carries the recorded numbers.
    let second = try CLI.run(["batch", lab.path, "--out", out.path, "--quiet"])
    #expect(second.status == 1)
    #expect(second.stdout.isEmpty)
    let again = try read(out.appendingPathComponent("summary.csv")).split(separator: "\n")
    #expect(again.contains(Substring(String(p16.dropLast(3)) + ",skipped (unchanged)")))

    // --force re-analyses; a changed image re-analyses too.
    let forced = try CLI.run(["batch", lab.appendingPathComponent("small").path, "--out", out.path, "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stdout.contains("1 experiments, 1 analysed, 0 skipped"))
    let image = lab.appendingPathComponent("small/p16.tif")
    var bytes = try Data(contentsOf: image)
    bytes[bytes.count - 1] ^= 0x01
    try bytes.write(to: image)
    let changed = try CLI.run(["batch", lab.appendingPathComponent("small").path, "--out", out.path])
    #expect(changed.stdout.contains("1 experiments, 1 analysed, 0 skipped"), "\(changed.stdout)")
    let unchanged = try CLI.run(["batch", lab.appendingPathComponent("small").path, "--out", out.path])
    #expect(unchanged.stdout.contains("1 experiments, 0 analysed, 1 skipped"), "\(unchanged.stdout)")
  }

  @Test func shardsSplitTheBatchAndMergeBackToTheUnshardedSummary() throws {
    // Failing experiments are cheap: five broken files, three shards.
    let lab = try CLI.temporaryDirectory().appendingPathComponent("many")
    try FileManager.default.createDirectory(at: lab, withIntermediateDirectories: true)
    for i in 1...5 {
      try "loading_control: x\ntitle: e\(i)\n".write(to: lab.appendingPathComponent("e\(i).yaml"), atomically: true, encoding: .utf8)
    }
    let base = lab.deletingLastPathComponent()
    var dirs: [String] = []
    for i in 1...3 {
      let dir = base.appendingPathComponent("shard\(i)").path
      dirs.append(dir)
      let r = try CLI.run(["batch", lab.path, "--out", dir, "--shard", "\(i)/3", "--quiet"])
      #expect(r.status == 1)
    }
    let shard2 = try read(URL(fileURLWithPath: dirs[1] + "/failures.csv"))
    #expect(shard2.split(separator: "\n").map { $0.split(separator: ",").first ?? "" } == ["experiment", "many/e2.yaml", "many/e5.yaml"])
    let merged = base.appendingPathComponent("merged")
    let m = try CLI.run(["batch", "--merge"] + dirs + ["--out", merged.path])
    #expect(m.status == 1, "\(m.stderr)")
    let whole = base.appendingPathComponent("whole")
    _ = try CLI.run(["batch", lab.path, "--out", whole.path, "--quiet"])
    #expect(try read(merged.appendingPathComponent("summary.csv")) == read(whole.appendingPathComponent("summary.csv")))
    #expect(try read(merged.appendingPathComponent("failures.csv")) == read(whole.appendingPathComponent("failures.csv")))
  }

  /// Regression: a one-component relative --out (`results`) once crashed in Foundation.
  @Test func relativeOutputFoldersWork() throws {
    let dir = try CLI.temporaryDirectory()
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
    try "loading_control: x\n".write(to: dir.appendingPathComponent("in/e.yaml"), atomically: true, encoding: .utf8)
    let r = try CLI.run(["batch", "in", "--out", "results", "--quiet"], in: dir)
    #expect(r.status == 1, "\(r.stderr)")
    let failures = try read(dir.appendingPathComponent("results/failures.csv"))
    #expect(failures.hasPrefix("experiment,reason\nin/e.yaml,in/e.yaml:1:1: "))
  }

  @Test(arguments: [
    (["batch", "--out", "x"], "give at least one experiment file or folder"),
    (["batch", "/nonexistent/densito", "--out", "x"], "/nonexistent/densito: no such file or folder"),
    (["batch", ".", "--out", "x", "--shard", "4/3"], "--shard 4/3: expected I/N with 1 <= I <= N"),
    (["batch", ".", "--out", "x", "--jobs", "0"], "--jobs must be at least 1"),
  ])
  func usageErrorsExitWithStatus2(_ arguments: [String], _ message: String) throws {
    let dir = try CLI.temporaryDirectory()
    let r = try CLI.run(arguments, in: dir)
    #expect(r.status == 2)
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }
}
