import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// The bad-input matrix: every hostile or broken input gives one clear line on standard
/// error (`densito: ...`, naming the file and the problem), a non-zero exit status, and no
/// output folder or file left behind.
@Suite(.serialized) struct BadInputSpec {
  /// The experiment layout every case uses (four samples, two groups).
  static let layout = """
    loading_control: actin
    control_group: c
    lanes: [{sample: A, group: c}, {sample: B, group: c}, {sample: C, group: t}, {sample: D, group: t}]

    """

  enum Case: String, CaseIterable, CustomTestStringConvertible {
    case emptyExperimentFile, zeroByteImage, onePixelImage, oneRowImage, nanAndInfinityFloats
    case allSaturatedBlot, nonUTF8ExperimentText, nonUTF8Path, nonUTF8ImagePath, veryLongFileName, veryLongPath
    case yamlAliasBomb, outputUnderAFile, outputIsADevice, analyzeOutputIsAFile
    var testDescription: String { rawValue }
  }

  /// Writes the case's files into `dir`; returns the arguments (run in `dir`) and the
  /// phrase the one-line error must contain.
  static func prepare(_ c: Case, in dir: URL) throws -> (arguments: [String], message: String) {
    func write(_ text: String, _ name: String) throws {
      try Data(text.utf8).write(to: dir.appendingPathComponent(name))
    }
    func experiment(image: String) throws {
      try write(layout + "blots: [{target: actin, image: \(image)}]\n", "e.yaml")
    }
    func tiff(_ image: GrayImage, _ name: String, _ layout: TIFFSampleLayout = .uint16) throws {
      try Data(TIFFEncoder.encode(image, layout: layout)).write(to: dir.appendingPathComponent(name))
    }
    let analyze = ["analyze", "e.yaml", "--out", "out", "--quiet"]
    switch c {
    case .emptyExperimentFile:
      try write("", "e.yaml")
      return (analyze, "e.yaml: not valid YAML/JSON: the file is empty")
    case .zeroByteImage:
      try write("", "blot.tif")
      try experiment(image: "blot.tif")
      return (analyze, "blot.tif: empty file (0 bytes)")
    case .onePixelImage:
      try tiff(GrayImage(width: 1, height: 1, maxValue: 65535, filledWith: 1234), "blot.tif")
      try experiment(image: "blot.tif")
      return (analyze, "e.yaml:4: blot actin (blot.tif): ")
    case .oneRowImage:
      var rng = SplitMix64(seed: 6)
      let samples = (0..<100_000).map { _ in Float(rng.integer(in: 0...65535)) }
      try tiff(GrayImage(width: 100_000, height: 1, maxValue: 65535, samples: samples), "blot.tif")
      try experiment(image: "blot.tif")
      return (analyze, "e.yaml:4: blot actin (blot.tif): ")
    case .nanAndInfinityFloats:
      var image = GrayImage(width: 300, height: 200, maxValue: 1, filledWith: 0.2)
      for x in 40..<80 { image.samples[55 * 300 + x] = .nan }
      for x in 140..<180 { image.samples[105 * 300 + x] = .infinity }
      image.samples[0] = -.infinity
      try tiff(image, "blot.tif", .float32)
      try experiment(image: "blot.tif")
      return (analyze, "blot.tif): image has 81 NaN or infinite samples")
    case .allSaturatedBlot:
      // Four lanes whose bands are all clipped at the detector's 65535 (peaks 14 x full
      // well: flat plateaus 28 rows long). Each is found from its rows at the detector limit
      // and flagged saturated, so no unsaturated band is left: no ratio and no comparison
      // exists. More saturated blots are in SaturationSpec.
      let lanes = (0..<4).map { i in
        SyntheticLane(centerX: 50 + 70 * Double(i), width: 40, bands: [SyntheticBand(y: 100, amount: 5e8, sigma: 6)])
      }
      let blot = SyntheticBlot(width: 310, height: 200, lanes: lanes, detector: .linear(LinearDetector(readNoise: 3)))
      try tiff(blot.render().image, "blot.tif")
      try write(layout + "blots: [{target: actin, image: blot.tif}, {target: X, image: blot.tif}]\n", "e.yaml")
      return (analyze, "e.yaml:4: blot actin (blot.tif): every sample band is saturated (4 of 4 lanes),"
        + " so no ratio can be computed; rerun with --include-saturated or rescan at a shorter exposure")
    case .nonUTF8ExperimentText:
      try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: dir.appendingPathComponent("e.yaml"))
      return (analyze, "e.yaml: the experiment file is not UTF-8 text")
    case .nonUTF8Path:
      // The shell creates and names a file whose name is not UTF-8 (byte 0xFF). Swift's
      // command line would repair it to U+FFFD (another, missing file), and Foundation cannot
      // open such a name: densito refuses it up front, showing the byte.
      try experiment(image: "blot.tif")
      return (["/bin/sh", "-c", #"cp e.yaml "$(printf 'x\377.yaml')" && exec "$0" analyze "$(printf 'x\377.yaml')" --out out"#],
              #"densito: x\xFF.yaml: not UTF-8; densito can only open files whose names are UTF-8, rename it"#)
    case .nonUTF8ImagePath:
      // The same for `inspect`, with Latin-1 "é" (0xE9) inside an otherwise UTF-8 name.
      try tiff(GrayImage(width: 4, height: 4, maxValue: 65535, filledWith: 7), "blot.tif")
      return (["/bin/sh", "-c", #"cp blot.tif "$(printf 'caf\351-\303\251.tif')" && exec "$0" inspect "$(printf 'caf\351-\303\251.tif')""#],
              #"densito: caf\xE9-é.tif: not UTF-8"#)
    case .veryLongFileName:
      let name = String(repeating: "n", count: 300) + ".yaml"
      return (["analyze", name, "--out", "out"],
              String(repeating: "n", count: 60) + "…" + String(repeating: "n", count: 35)
                + ".yaml: file name too long (a component of 305 bytes; the limit is 255)")
    case .veryLongPath:
      let path = Array(repeating: String(repeating: "d", count: 200), count: 25).joined(separator: "/") + "/e.yaml"
      return (["analyze", path, "--out", "out"], "/e.yaml: path too long (5031 bytes; the limit is 4095)")
    case .yamlAliasBomb:
      var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
      for i in 1...8 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
      try write(text + layout, "e.yaml")
      return (analyze, "the file expands to more than 100000 values (YAML aliases?); refusing to read it")
    case .outputUnderAFile:
      try write("not a folder", "file")
      return (["batch", ".", "--out", "file/out"], "file/out: cannot write: file is a file, not a folder")
    case .analyzeOutputIsAFile:
      // Found before the analysis (the experiment is never read).
      try write("not a folder", "file")
      try experiment(image: "blot.tif")
      return (["analyze", "e.yaml", "--out", "file"], "densito: file: cannot write: exists and is not a folder\n")
    case .outputIsADevice:
      return (["batch", ".", "--out", "/dev/full"], "/dev/full: cannot write: exists and is not a folder")
    }
  }

  @Test(arguments: Case.allCases)
  func badInputGivesOneClearLineAndNoOutput(_ c: Case) throws {
    let dir = try CLI.temporaryDirectory()
    let before = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
    var (arguments, message) = try Self.prepare(c, in: dir)
    let r: CLIResult
    if arguments.first == "/bin/sh" {
      arguments.insert(CLI.executable.path, at: 3)
      r = try Shell.run(arguments, in: dir)
    } else {
      r = try CLI.run(arguments, in: dir)
    }
    #expect(r.status == 2, "\(c): exit \(r.status); \(r.stderr)")
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(c): \(r.stderr)")
    #expect(r.stderr.hasPrefix("densito: "), "\(c): \(r.stderr)")
    #expect(r.stderr.contains(message), "\(c): \(r.stderr)")
    let after = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    let left = Set(after).subtracting(before).filter { !$0.hasSuffix(".yaml") && !$0.hasSuffix(".tif") && $0 != "file" }
    #expect(left.isEmpty, "\(c): left behind \(left)")
  }

  /// In a batch folder, a file or folder whose name is not UTF-8 cannot be listed by
  /// Foundation: it is reported as a failed experiment (named with its bytes escaped), not
  /// silently left out; other files with such names are not experiments and are ignored.
  @Test func aBatchReportsNamesThatAreNotUTF8AsFailures() throws {
    let dir = try CLI.temporaryDirectory()
    try Data((Self.layout + "blots: [{target: actin, image: blot.tif}]\n").utf8).write(to: dir.appendingPathComponent("e.yaml"))
    let made = try Shell.run(["/bin/sh", "-c", #"mkdir -p lab/ok "lab/$(printf 'g\351')" && cp e.yaml "lab/$(printf 'e\377.yaml')" && cp e.yaml "lab/$(printf 'g\351')/x.yaml" && touch "lab/ok/$(printf 'n\377.txt')""#], in: dir)
    #expect(made.status == 0, "\(made.stderr)")
    let r = try CLI.run(["batch", "lab", "--out", "results"], in: dir)
    #expect(r.status == 1)
    let reason = "the name is not UTF-8; densito cannot open it: rename it (e.g. convmv -f latin1 -t utf8)"
    #expect(try String(contentsOf: dir.appendingPathComponent("results/failures.csv"), encoding: .utf8)
      == "experiment,reason\nlab/e\\xFF.yaml,\(reason)\nlab/g\\xE9,\(reason)\n")
    #expect(r.stdout.hasPrefix("batch: 2 experiments, 0 analysed, 0 skipped (unchanged), 2 failed;"), "\(r.stdout)")
  }

  /// Permission checks do not apply to root: as root these tests run densito as `nobody`
  /// (`runuser`), and are skipped only when that is impossible.
  @Test(.enabled(if: Unprivileged.available, "runs as root and cannot run densito as nobody"))
  func anUnreadableExperimentIsRefused() throws {
    let dir = try CLI.temporaryDirectory()
    chmod(dir.path, 0o777)
    let file = dir.appendingPathComponent("e.yaml")
    try Data(Self.layout.utf8).write(to: file)
    chmod(file.path, 0)
    let r = try Unprivileged.run(["analyze", "e.yaml", "--out", "out"], in: dir)
    #expect(r.status == 2)
    #expect(r.stderr == "densito: e.yaml: cannot read the experiment file: permission denied\n")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
  }

  /// An output folder without write permission: refused before any work (analyze checks
  /// OUT first), the files in it untouched.
  @Test(.enabled(if: Unprivileged.available, "runs as root and cannot run densito as nobody"))
  func anUnwritableOutputFolderIsRefusedAndKeepsItsFiles() throws {
    let dir = try CLI.temporaryDirectory()
    let demo = TestPaths.testImages.appendingPathComponent("demo")
    let out = dir.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
    try Data("previous\n".utf8).write(to: out.appendingPathComponent("bands.csv"))
    chmod(out.path, 0o555)
    defer { chmod(out.path, 0o755) }
    let r = try Unprivileged.run(["convert", demo.appendingPathComponent("p16.tif").path, "out/p16.png"], in: dir)
    #expect(r.status == 2)
    #expect(r.stderr == "densito: out/p16.png: cannot write: Permission denied\n", "\(r.stderr)")
    for command in [["analyze", demo.appendingPathComponent("experiment.yaml").path], ["batch", demo.path]] {
      let a = try Unprivileged.run(command + ["--out", "out", "--quiet"], in: dir)
      #expect(a.status == 2)
      #expect(a.stderr == "densito: out: cannot write: Permission denied\n", "\(a.stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["bands.csv"])
    #expect(try Data(contentsOf: out.appendingPathComponent("bands.csv")) == Data("previous\n".utf8))
  }

  @Test(.enabled(if: TinyDisk.canMount, "cannot mount a tmpfs here (needs root): no full disk to test"))
  func aFullDiskFailsCleanly() throws {
    let dir = try CLI.temporaryDirectory()
    let lab = dir.appendingPathComponent("lab")
    try FileManager.default.createDirectory(at: lab, withIntermediateDirectories: true)
    // The bundled demo cut down to two blots (as in BatchCommandSpec).
    let demo = TestPaths.testImages.appendingPathComponent("demo")
    for name in ["beta-actin.tif", "p16.tif"] {
      try FileManager.default.copyItem(at: demo.appendingPathComponent(name), to: lab.appendingPathComponent(name))
    }
    let full = try String(contentsOf: demo.appendingPathComponent("experiment.yaml"), encoding: .utf8)
    let kept = full.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
      !line.contains("target:") || line.contains("beta-actin.tif") || line.contains("p16.tif")
    }.map { $0.replacingOccurrences(of: "two-way-anova", with: "welch") }
    try Data(kept.joined(separator: "\n").utf8).write(to: lab.appendingPathComponent("e.yaml"))
    // 16 KiB: room for the summary and some files of an analysis, not for all of them.
    let disk = dir.appendingPathComponent("disk")
    try TinyDisk.mount(at: disk, kilobytes: 16)
    defer { TinyDisk.unmount(disk) }

    let batch = try CLI.run(["batch", lab.path, "--out", disk.appendingPathComponent("results").path, "--quiet"])
    #expect(batch.status == 1, "\(batch.stderr)")
    let failures = try String(contentsOf: disk.appendingPathComponent("results/failures.csv"), encoding: .utf8)
    #expect(failures.contains("No space left on device"), "\(failures)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: disk.appendingPathComponent("results").path).sorted()
      == ["failures.csv", "summary.csv"], "the failed experiment's folder is not left behind")

    let analyze = try CLI.run(["analyze", lab.appendingPathComponent("e.yaml").path, "--out", disk.appendingPathComponent("single").path, "--quiet"])
    #expect(analyze.status == 2)
    #expect(analyze.stderr.hasPrefix("densito: ") && analyze.stderr.contains("No space left on device"), "\(analyze.stderr)")
    // analyze writes through BatchOutputFolder (staging, then renames): nothing is left.
    let left = (try? FileManager.default.contentsOfDirectory(atPath: disk.appendingPathComponent("single").path)) ?? []
    #expect(left.isEmpty, "left behind: \(left)")
  }
}

/// Runs a shell command line, capturing what it prints.
enum Shell {
  static func run(_ arguments: [String], in directory: URL) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
  }
}

/// A small tmpfs, to fill up for real (Linux, root only).
enum TinyDisk {
  static let canMount: Bool = {
    guard let dir = try? CLI.temporaryDirectory() else { return false }
    guard (try? mount(at: dir, kilobytes: 4)) != nil else { return false }
    unmount(dir)
    return true
  }()

  static func mount(at dir: URL, kilobytes: Int) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let r = try Shell.run(["/bin/mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", dir.path], in: dir)
    if r.status != 0 { throw CommandFailure(message: r.stderr) }
  }

  static func unmount(_ dir: URL) {
    _ = try? Shell.run(["/bin/umount", dir.path], in: URL(fileURLWithPath: "/"))
  }

  struct CommandFailure: Error { var message: String }
}

/// Runs densito without root's privileges: directly when the tests are not root, as
/// `nobody` through `runuser` when they are.
enum Unprivileged {
  static let runuser = "/usr/sbin/runuser"

  static let available: Bool = {
    if getuid() != 0 { return true }
    guard FileManager.default.isExecutableFile(atPath: runuser),
      let r = try? Shell.run([runuser, "-u", "nobody", "--", CLI.executable.path, "--version"], in: URL(fileURLWithPath: "/"))
    else { return false }
    return r.status == 0
  }()

  static func run(_ arguments: [String], in directory: URL) throws -> CLIResult {
    if getuid() != 0 { return try CLI.run(arguments, in: directory) }
    return try Shell.run([runuser, "-u", "nobody", "--", CLI.executable.path] + arguments, in: directory)
  }
}
