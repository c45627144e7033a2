import Foundation
import Testing

/// `densito analyze`, `verify` and `--replay` on a copy of the bundled demo.
@Suite(.serialized) struct AnalyzeCommandSpec {
  /// A temporary copy of TestImages/demo (so tests may change files).
  func demoCopy() throws -> URL {
    let dir = try CLI.temporaryDirectory().appendingPathComponent("demo")
    try FileManager.default.copyItem(at: TestPaths.testImages.appendingPathComponent("demo"), to: dir)
    return dir
  }

  @Test func writesEveryOutputAndPrintsTheTable() throws {
    let demo = try demoCopy()
    let out = demo.deletingLastPathComponent().appendingPathComponent("results")
    let r = try CLI.run(["analyze", demo.appendingPathComponent("experiment.yaml").path, "--out", out.path])
    #expect(r.status == 0, "\(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(files.filter { !$0.hasPrefix("overlay-") && !$0.hasPrefix("profiles-") } == [
      "analysis.json", "anova.csv", "bands.csv", "foldchange.csv", "foldchange.png", "foldchange.svg",
      "normalized.csv", "prism.csv", "report.html", "sensitivity.csv",
    ])
    #expect(files.filter { $0.hasPrefix("overlay-") && $0.hasSuffix(".png") }.count == 11)
    #expect(files.filter { $0.hasPrefix("profiles-") && $0.hasSuffix(".svg") }.count == 11)
    let p16 = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("P16 ") })
    #expect(p16.contains("co-culture  3.6") && p16.hasSuffix("****"))
    #expect(r.stdout.contains("ns P > 0.05; * P ≤ 0.05"))
    let fc = try String(contentsOf: out.appendingPathComponent("foldchange.csv"), encoding: .utf8)
    #expect(fc.hasPrefix("target,group,control_group,n_control,n_group,mean_control,mean_group,fold_change,sd,sem,"))
    #expect(fc.split(separator: "\n").count == 11)
  }

  @Test func replayReproducesIdenticalFilesAndRefusesChangedImages() throws {
    let demo = try demoCopy()
    let first = demo.deletingLastPathComponent().appendingPathComponent("first")
    let second = demo.deletingLastPathComponent().appendingPathComponent("second")
    #expect(try CLI.run(["analyze", demo.appendingPathComponent("experiment.yaml").path, "--out", first.path, "--quiet"]).status == 0)
    let replay = try CLI.run(["analyze", "--replay", first.appendingPathComponent("analysis.json").path, "--out", second.path, "--quiet"])
    #expect(replay.status == 0, "\(replay.stderr)")
    for name in ["bands.csv", "normalized.csv", "foldchange.csv", "prism.csv", "foldchange.svg", "analysis.json"] {
      #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)), "\(name)")
    }
    // Change one pixel's worth of bytes in an image: the replay must refuse it.
    let p16 = demo.appendingPathComponent("p16.tif")
    var bytes = try Data(contentsOf: p16)
    bytes[bytes.count - 1] ^= 0xFF
    try bytes.write(to: p16)
    let refused = try CLI.run(["analyze", "--replay", first.appendingPathComponent("analysis.json").path, "--out", second.path])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("p16.tif has changed since the analysis was recorded"))
  }

  @Test func verifyPassesOnTheSameImagesAndReportsRegressions() throws {
    let demo = try demoCopy()
    let out = demo.deletingLastPathComponent().appendingPathComponent("saved")
    #expect(try CLI.run(["analyze", demo.appendingPathComponent("experiment.yaml").path, "--out", out.path, "--quiet"]).status == 0)
    let record = out.appendingPathComponent("analysis.json").path
    let ok = try CLI.run(["verify", record])
    #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
    #expect(ok.stdout.hasPrefix("verify: OK: 11 blots, 77 lanes"))
    // Swap two images: P16's bands are not P21's.
    let images = (["beta-actin", "bclx", "stat6", "p-stat6", "c-ebp", "c-myc", "p21", "p16", "p38", "p-p38", "terc"])
      .map { demo.appendingPathComponent("\($0).tif").path }
    let swapped = try CLI.run(["verify", record] + images)
    #expect(swapped.status == 1)
    #expect(swapped.stdout.contains("blot 7 (P16)"))
  }

  @Test func laneCountMismatchNamesTheBlotAndBothCounts() throws {
    let demo = try demoCopy()
    let yaml = demo.appendingPathComponent("experiment.yaml")
    var text = try String(contentsOf: yaml, encoding: .utf8)
    text = text.replacingOccurrences(of: "  - {sample: E3, group: co-culture}\n", with: "  - {sample: E3, group: co-culture}\n  - {sample: E4, group: co-culture}\n")
    try text.write(to: yaml, atomically: true, encoding: .utf8)
    let out = demo.deletingLastPathComponent().appendingPathComponent("never")
    let r = try CLI.run(["analyze", yaml.path, "--out", out.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("blot beta-actin (beta-actin.tif): the experiment lists 8 lanes but 7 were found"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("foldchange.csv").path))
  }

  @Test func experimentMistakesPointAtTheLine() throws {
    let demo = try demoCopy()
    let yaml = demo.appendingPathComponent("experiment.yaml")
    let text = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "image: p16.tif", with: "image: p16-missing.tif")
    try text.write(to: yaml, atomically: true, encoding: .utf8)
    let r = try CLI.run(["analyze", yaml.path, "--out", demo.appendingPathComponent("o").path])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("densito: \(yaml.path):"))
    #expect(r.stderr.contains("image for P16 not found"))
  }
}

/// `analyze --jobs N`: blots, pictures and sensitivity runs on N threads, same files.
@Suite(.serialized) struct AnalyzeJobsSpec {
  @Test func everyFileIsTheSameWithOneOrThreeJobs() throws {
    let dir = try CLI.temporaryDirectory()
    let experiment = TestPaths.testImages.appendingPathComponent("demo/experiment.yaml").path
    let one = dir.appendingPathComponent("one"), three = dir.appendingPathComponent("three")
    let a = try CLI.run(["analyze", experiment, "--out", one.path, "--quiet", "--jobs", "1"])
    let b = try CLI.run(["analyze", experiment, "--out", three.path, "--quiet", "--jobs", "3"])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: one.path).sorted()
    #expect(try FileManager.default.contentsOfDirectory(atPath: three.path).sorted() == names)
    #expect(names.count == 32)
    for name in names {
      #expect(
        try Data(contentsOf: one.appendingPathComponent(name))
          == Data(contentsOf: three.appendingPathComponent(name)), "\(name)")
    }
  }

  @Test func zeroJobsIsAUsageError() throws {
    let dir = try CLI.temporaryDirectory()
    let experiment = TestPaths.testImages.appendingPathComponent("demo/experiment.yaml").path
    let r = try CLI.run(["analyze", experiment, "--out", dir.appendingPathComponent("x").path, "--jobs", "0"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("--jobs must be at least 1"))
  }
}
