import Foundation
import Testing

/// SIGINT and SIGTERM in the middle of `densito analyze` and `densito batch`: the process
/// exits with 128 + the signal (130, 143), every output folder still holds its previous
/// files byte for byte (or, for a batch experiment finished before the signal, its complete
/// new set: never a mix), and no temporary is left anywhere. A hard kill (SIGKILL) cannot be
/// caught: its leftovers are hidden and the next run into the folder removes them.
///
/// "Previous" and "new" results differ on purpose (another test, another title), so the
/// byte comparison tells them apart. The signal is sent after 40 % of the time an
/// uninterrupted run of the same job took just before (measured, so the test follows the
/// machine's speed); the outputs are only written at the end of a run.
@Suite(.serialized) struct InterruptionSpec {
  struct Scenario: CustomTestStringConvertible, Sendable {
    var command: String
    var signal: Int32
    var testDescription: String { "\(command), \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "SIGKILL")" }
  }

  static let scenarios = [
    Scenario(command: "analyze", signal: SIGINT), Scenario(command: "analyze", signal: SIGTERM),
    Scenario(command: "batch", signal: SIGINT), Scenario(command: "batch", signal: SIGTERM),
  ]

  @Test(arguments: scenarios)
  func anInterruptedRunKeepsThePreviousResultsAndLeavesNoTemporary(_ s: Scenario) throws {
    let dir = try CLI.temporaryDirectory()
    let job = try Job(command: s.command, in: dir)
    try job.runOld()
    let old = try Snapshot(of: job.out)
    let seconds = try job.runNew(into: job.reference)
    let new = try Snapshot(of: job.reference)
    #expect(old != new, "the two runs must differ for the comparison to mean anything")

    let r = try Interrupted.run(job.arguments(out: job.out), in: dir, signal: s.signal, after: seconds * 0.4)
    #expect(r.status == 128 + s.signal, "\(r.stderr)")
    #expect(r.stderr.hasSuffix(
      "densito: interrupted by \(s.signal == SIGINT ? "SIGINT" : "SIGTERM"); no partial output was left"
        + " (each output is written whole or not at all)\n"), "\(r.stderr)")
    let after = try Snapshot(of: job.out)
    #expect(after.temporaries.isEmpty, "left behind: \(after.temporaries)")
    if s.command == "analyze" {
      #expect(after == old, "\(after.differences(from: old))")
    } else {
      // The summary is written last; each experiment folder is all old or all new.
      #expect(after.files["summary.csv"] == old.files["summary.csv"])
      #expect(after.files["failures.csv"] == old.files["failures.csv"])
      for folder in Job.experiments {
        let now = after.subtree(folder)
        #expect(now == old.subtree(folder) || now == new.subtree(folder), "\(folder): a mix of old and new files")
      }
    }
  }

  /// SIGKILL cannot be handled: the previous results are still intact (the new ones were
  /// not written yet), and whatever a kill during a write could leave is hidden and removed
  /// by the next run, which must end with a complete, clean folder.
  @Test func aHardKillLeavesOnlyHiddenTemporariesThatTheNextRunRemoves() throws {
    let dir = try CLI.temporaryDirectory()
    let job = try Job(command: "analyze", in: dir)
    try job.runOld()
    let old = try Snapshot(of: job.out)
    let seconds = try job.runNew(into: job.reference)
    let r = try Interrupted.run(job.arguments(out: job.out), in: dir, signal: SIGKILL, after: seconds * 0.4)
    #expect(r.status == 128 + SIGKILL)
    #expect(try Snapshot(of: job.out).withoutTemporaries == old)

    // What a kill in the middle of a write leaves: a staging folder (with a temporary file
    // in it) of a process that no longer exists; and one of a live process (this test), kept.
    let dead = try Interrupted.deadPID()
    let stale = ".densito-staging-\(dead)-17"
    try FileManager.default.createDirectory(at: job.out.appendingPathComponent(stale), withIntermediateDirectories: false)
    try Data("partial".utf8).write(to: job.out.appendingPathComponent(stale + "/.bands.csv.tmp-\(dead)-4"))
    let live = ".densito-staging-\(getpid())-3"
    try FileManager.default.createDirectory(at: job.out.appendingPathComponent(live), withIntermediateDirectories: false)

    let again = try CLI.run(job.arguments(out: job.out), in: dir)
    #expect(again.status == 0, "\(again.stderr)")
    let after = try Snapshot(of: job.out)
    #expect(after.temporaries == [live], "a live process's staging is kept, stale ones are gone")
    #expect(after.withoutTemporaries == (try Snapshot(of: job.reference)))
  }

  /// A single-file output (`convert`): the next write of the same file removes the stale
  /// temporary of that file only; look-alikes of other files are not densito's to remove.
  @Test func aSingleFileWriteRemovesOnlyItsOwnStaleTemporary() throws {
    let dir = try CLI.temporaryDirectory()
    let dead = try Interrupted.deadPID()
    let own = ".p16.png.tmp-\(dead)-4"
    let other = ".notes.txt.tmp-\(dead)-5"
    for name in [own, other] { try Data("partial".utf8).write(to: dir.appendingPathComponent(name)) }
    let input = TestPaths.testImages.appendingPathComponent("demo/p16.tif").path
    let r = try CLI.run(["convert", input, "p16.png"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [other, "p16.png"])
  }

  // MARK: - Jobs

  /// The demo experiment cut to two blots, as one experiment for `analyze` or as three
  /// experiments (images linked, not copied) for `batch --jobs 1`.
  struct Job {
    static let experiments = ["lab/a", "lab/b", "lab/c"]
    let command: String
    let dir: URL
    var out: URL { dir.appendingPathComponent("out") }
    var reference: URL { dir.appendingPathComponent("reference") }

    init(command: String, in dir: URL) throws {
      self.command = command
      self.dir = dir
      let demo = TestPaths.testImages.appendingPathComponent("demo")
      let fm = FileManager.default
      for folder in Self.experiments {
        let target = dir.appendingPathComponent(folder)
        try fm.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: demo.path) where name.hasSuffix(".tif") {
          try fm.createSymbolicLink(at: target.appendingPathComponent(name), withDestinationURL: demo.appendingPathComponent(name))
        }
        if command == "analyze" { break }
      }
      try setTitle("previous")
    }

    /// Writes each experiment file with the given title (the old and new runs differ).
    func setTitle(_ title: String) throws {
      let text = try String(contentsOf: TestPaths.testImages.appendingPathComponent("demo/experiment.yaml"), encoding: .utf8)
      // Two of the eleven blots keep the test's run time down (a debug build takes about
      // 1 s per blot and picture on a free core); Welch's test instead of the two-way ANOVA,
      // which needs two targets.
      let retitled = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
        !line.contains("target:") || line.contains("beta-actin.tif") || line.contains("p16.tif")
      }.map {
        $0.hasPrefix("title:") ? "title: \(title)" : $0.replacingOccurrences(of: "two-way-anova", with: "welch")
      }.joined(separator: "\n")
      for folder in command == "analyze" ? [Self.experiments[0]] : Self.experiments {
        try Data(retitled.utf8).write(to: dir.appendingPathComponent(folder + "/experiment.yaml"))
      }
    }

    func arguments(out: URL) -> [String] {
      command == "analyze"
        ? ["analyze", "lab/a/experiment.yaml", "--out", out.path, "--quiet"]
        : ["batch", "lab", "--out", out.path, "--jobs", "1", "--quiet"]
    }

    func runOld() throws {
      var arguments = arguments(out: out)
      if command == "analyze" { arguments += ["--test", "student"] }
      let r = try CLI.run(arguments, in: dir)
      if r.status != 0 { throw Failure(message: "previous run: \(r.stderr)") }
      try setTitle("new")
    }

    /// Runs the new job uninterrupted into `folder`; returns how long it took.
    func runNew(into folder: URL) throws -> Double {
      let start = Date()
      let r = try CLI.run(arguments(out: folder), in: dir)
      if r.status != 0 { throw Failure(message: "reference run: \(r.stderr)") }
      return Date().timeIntervalSince(start)
    }
  }

  struct Failure: Error { var message: String }

  // MARK: - Folder snapshots

  /// Every file below a folder (relative path → bytes), and the hidden temporaries found.
  struct Snapshot: Equatable, CustomStringConvertible {
    var files: [String: Data] = [:]
    var temporaries: [String] = []

    init(of folder: URL) throws {
      let fm = FileManager.default
      guard let paths = fm.subpaths(atPath: folder.path) else { return }
      for path in paths.sorted() {
        let name = (path as NSString).lastPathComponent
        if name.hasPrefix(".densito-staging-") || (name.hasPrefix(".") && name.contains(".tmp-")) {
          if !path.contains("/") { temporaries.append(path) } else if !temporaries.contains(where: { path.hasPrefix($0 + "/") }) {
            temporaries.append(path)
          }
          continue
        }
        if temporaries.contains(where: { path.hasPrefix($0 + "/") }) { continue }
        var isDirectory: ObjCBool = false
        _ = fm.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
        if !isDirectory.boolValue { files[path] = try Data(contentsOf: folder.appendingPathComponent(path)) }
      }
    }

    var withoutTemporaries: Snapshot {
      var s = self
      s.temporaries = []
      return s
    }

    /// The files below `prefix`, with the prefix kept.
    func subtree(_ prefix: String) -> [String: Data] {
      files.filter { $0.key.hasPrefix(prefix + "/") }
    }

    func differences(from other: Snapshot) -> [String] {
      Set(files.keys).union(other.files.keys).sorted().filter { files[$0] != other.files[$0] }
    }

    var description: String { "\(files.count) files, temporaries \(temporaries)" }
  }
}

/// Starts the `densito` executable, sends it a signal after a delay, and waits.
enum Interrupted {
  static func run(_ arguments: [String], in directory: URL, signal: Int32, after seconds: Double) throws -> CLIResult {
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let errURL = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    Thread.sleep(forTimeInterval: seconds)
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    try err.close()
    let text = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: errURL)
    // A process ended by a signal it did not handle reports the signal, like a shell would.
    let status = process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
    return CLIResult(status: status, stdout: "", stderr: text)
  }

  /// The pid of a process that has just ended (so no process has it, barring reuse).
  static func deadPID() throws -> pid_t {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }
}
