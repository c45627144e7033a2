import Foundation
import Testing

/// `DENSITO_MEMORY_TRACE`: `analyze` reports its resident memory at every stage boundary on
/// stderr, in the order the stages run, and writes the same files as without it.
@Suite struct AnalyzeMemoryTraceSpec {
  #if os(Linux)
  @Test func stagesAreTracedInOrderAndTheFilesDoNotChange() throws {
    let root = try CLI.temporaryDirectory()
    let experiment = TestPaths.testImages.appendingPathComponent("demo/experiment.yaml").path
    let plain = root.appendingPathComponent("plain"), traced = root.appendingPathComponent("traced")
    let a = try CLI.run(["analyze", experiment, "--out", plain.path, "--quiet", "--jobs", "1"])
    let b = try CLI.run(
      ["analyze", experiment, "--out", traced.path, "--quiet", "--jobs", "1"],
      environment: ["DENSITO_MEMORY_TRACE": "1"])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
    #expect(!a.stderr.contains("memory:"))
    let stages = b.stderr.split(separator: "\n").filter { $0.hasPrefix("memory: rss ") }
      .compactMap { line in line.split(separator: "[").last.map { String($0.dropLast()) } }
    #expect(stages.first == "run: decoded beta-actin.tif")
    #expect(stages.last == "files written")
    // The sensitivity runs (2-D background flattening) come before any picture.
    let sensitivity = try #require(stages.firstIndex(of: "sensitivity runs"))
    let firstPicture = try #require(stages.firstIndex { $0.hasPrefix("pictures:") })
    #expect(stages[..<sensitivity].contains { $0.hasPrefix("flattened (") })
    #expect(sensitivity < firstPicture)
    #expect(stages.filter { $0.hasPrefix("pictures: overlay PNG ") }.count == 11)
    let names = try FileManager.default.contentsOfDirectory(atPath: plain.path).sorted()
    #expect(try FileManager.default.contentsOfDirectory(atPath: traced.path).sorted() == names)
    for name in names {
      let x = try Data(contentsOf: plain.appendingPathComponent(name))
      let y = try Data(contentsOf: traced.appendingPathComponent(name))
      #expect(x == y, "\(name) differs with the trace on")
    }
  }
  #endif
}
