import DensitoRaster
import Foundation
import Testing

/// A blot scanned sideways (lanes running across the image) and analysed with
/// `orientation: horizontal` gives exactly the results of the upright scan: the scan is
/// transposed before analysis, so the analysis sees the same samples. The experiment is the
/// demo with every image transposed.
@Suite(.serialized) struct HorizontalExperimentSpec {
  static let demo = TestPaths.testImages.appendingPathComponent("demo")

  /// The demo's folder with transposed scans and `extra` appended to experiment.yaml.
  static func sidewaysDemo(_ extra: String) throws -> URL {
    let dir = try CLI.temporaryDirectory()
    let names = try FileManager.default.contentsOfDirectory(atPath: demo.path).filter { $0.hasSuffix(".tif") }
    #expect(names.count == 11)
    for name in names {
      let image = try ImageDecoder.decodeFile(atPath: demo.appendingPathComponent(name).path)
      let sideways = GrayImage(
        width: image.height, height: image.width, maxValue: image.maxValue,
        samples: (0..<(image.width * image.height)).map { i in
          // Row r of the sideways scan is column r of the upright one.
          let r = i / image.height, c = i % image.height
          return image.samples[c * image.width + r]
        })
      try Data(TIFFEncoder.encode(sideways, layout: .uint16)).write(to: dir.appendingPathComponent(name))
    }
    let text = try String(contentsOf: demo.appendingPathComponent("experiment.yaml"), encoding: .utf8)
    try Data((text + extra).utf8).write(to: dir.appendingPathComponent("experiment.yaml"))
    return dir
  }

  @Test func aSidewaysScanWithOrientationHorizontalGivesTheUprightResults() throws {
    let upright = try CLI.temporaryDirectory()
    let a = try CLI.run(
      ["analyze", Self.demo.appendingPathComponent("experiment.yaml").path, "--out", upright.appendingPathComponent("out").path, "--quiet"])
    #expect(a.status == 0, "\(a.stderr)")
    let sideways = try Self.sidewaysDemo("analysis: {orientation: horizontal}\n")
    let b = try CLI.run(["analyze", "experiment.yaml", "--out", "out", "--quiet"], in: sideways)
    #expect(b.status == 0, "\(b.stderr)")
    for file in ["bands.csv", "normalized.csv", "foldchange.csv", "prism.csv"] {
      let x = try String(contentsOf: upright.appendingPathComponent("out/\(file)"), encoding: .utf8)
      let y = try String(contentsOf: sideways.appendingPathComponent("out/\(file)"), encoding: .utf8)
      #expect(x == y, "\(file) differs")
    }
    let record = try String(contentsOf: sideways.appendingPathComponent("out/analysis.json"), encoding: .utf8)
    #expect(record.contains("lanes run horizontally (horizontal (given)): the image was analysed transposed"))
    #expect(record.contains("\"orientation\" : \"horizontal\""))
    // The overlay shows the transposed (upright) scan: as wide as the sideways scan is high.
    let overlay = try ImageDecoder.decodeFile(atPath: sideways.appendingPathComponent("out/overlay-P16.png").path)
    let uprightOverlay = try ImageDecoder.decodeFile(atPath: upright.appendingPathComponent("out/overlay-P16.png").path)
    #expect(overlay.width == uprightOverlay.width && overlay.height == uprightOverlay.height)
  }

  /// `orientation: auto` turns the sideways demo (every blot decided horizontal) and leaves
  /// the upright one alone; both give the upright fold changes.
  @Test func automaticOrientationTurnsTheSidewaysDemoOnly() throws {
    let upright = try CLI.temporaryDirectory()
    for name in try FileManager.default.contentsOfDirectory(atPath: Self.demo.path) {
      try FileManager.default.copyItem(
        at: Self.demo.appendingPathComponent(name), to: upright.appendingPathComponent(name))
    }
    let yaml = upright.appendingPathComponent("experiment.yaml")
    try Data((try String(contentsOf: yaml, encoding: .utf8) + "analysis: {orientation: auto}\n").utf8)
      .write(to: yaml, options: .atomic)
    let sideways = try Self.sidewaysDemo("analysis: {orientation: auto}\n")
    var foldChanges: [String] = []
    for (dir, turned) in [(upright, false), (sideways, true)] {
      let run = try CLI.run(["analyze", "experiment.yaml", "--out", "out", "--quiet"], in: dir)
      #expect(run.status == 0, "\(run.stderr)")
      let record = try String(contentsOf: dir.appendingPathComponent("out/analysis.json"), encoding: .utf8)
      #expect(record.contains("lanes run horizontally (horizontal (automatic)") == turned)
      foldChanges.append(try String(contentsOf: dir.appendingPathComponent("out/foldchange.csv"), encoding: .utf8))
    }
    #expect(foldChanges[0] == foldChanges[1])
  }

  @Test func anUnknownOrientationIsRefusedWithTheChoices() throws {
    let dir = try Self.sidewaysDemo("analysis: {orientation: sideways}\n")
    let run = try CLI.run(["analyze", "experiment.yaml", "--out", "out", "--quiet"], in: dir)
    #expect(run.status == 2)
    #expect(run.stderr.contains("orientation") && run.stderr.contains("vertical, horizontal, auto"), "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
  }
}
