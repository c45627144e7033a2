import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing
@testable import DensitoExperiment
@testable import DensitoReport

/// `densito analyze` shares one ``AnalysisMemo`` between the run, the pictures and the
/// sensitivity runs, with two jobs: every file must be what the plain sequential path
/// (``DemoReport``: no memo, one job) writes, while the repeated analyses are reused.
@Suite struct AnalysisMemoSpec {
  @Test func theMemoChangesNoFileAndReusesTheRepeatedAnalyses() throws {
    let plain = try DemoReport.shared.get()
    let experiment = try ExperimentFile.load(
      atPath: DemoReport.folder.appendingPathComponent("experiment.yaml").path)
    let memo = AnalysisMemo()
    let result = try ExperimentRunner(analyzer: DensitoAnalysisAdapter(memo: memo), jobs: 2).run(experiment)
    #expect(result == plain.result)
    #expect(memo.hits == 0)
    let record = AnalysisRecord(result: result, experimentText: "", version: DemoReport.version)
    let list = try ReportFiles.filesWithPictures(
      for: result, record: record, version: DemoReport.version, jobs: 2, memo: memo)
    #expect(list.map(\.name) == plain.names)
    for file in list {
      #expect(file.bytes == plain.files[file.name], "\(file.name)")
    }
    // 11 blots, no 2-D background in the run: the pictures reuse 11 analyses and each of the
    // two other background methods reuses 11 polarity passes.
    #expect(memo.hits == 33)
  }

  /// Different options, a different flattening or a different source are different entries.
  @Test func entriesAreKeyedByEverythingThatChangesTheImageOrTheOptions() throws {
    let image = try ImageDecoder.decodeFile(
      atPath: DemoReport.folder.appendingPathComponent("beta-actin.tif").path)
    let memo = AnalysisMemo()
    let a = ImageSource(sha256: "aa", page: 0, grayConversion: .mean)
    let b = ImageSource(sha256: "bb", page: 0, grayConversion: .mean)
    var options = AnalysisOptions()
    options.lanes = .automatic
    let first = try AnalysisMemo.analyze(image, options: options, source: a, memo: memo)
    #expect(try AnalysisMemo.analyze(image, options: options, source: a, memo: memo) == first)
    #expect(memo.hits == 1)
    _ = try AnalysisMemo.analyze(image, options: options, source: b, memo: memo)
    _ = try AnalysisMemo.analyze(image, options: options, source: a, flattening: "x", memo: memo)
    var other = options
    other.lanes = .count(2)
    _ = try? AnalysisMemo.analyze(image, options: other, source: a, memo: memo)
    #expect(memo.hits == 1)
  }
}
