import Foundation
@testable import DensitoExperiment
@testable import DensitoReport

/// The bundled demo (TestImages/demo) analysed once and turned into every report file,
/// shared by the report specs (the analysis and the pictures take seconds in a debug build).
enum DemoReport {
  static let folder = TestPaths.testImages.appendingPathComponent("demo")
  static let version = "0.0.0-test"

  struct Output: Sendable {
    var result: ExperimentResult
    var record: AnalysisRecord
    var files: [String: [UInt8]]
    var names: [String]
  }

  static func make() throws -> Output {
    let experiment = try ExperimentFile.load(atPath: folder.appendingPathComponent("experiment.yaml").path)
    let result = try ExperimentRunner(analyzer: DensitoAnalysisAdapter()).run(experiment)
    let record = AnalysisRecord(result: result, experimentText: "", version: version)
    let list = try ReportFiles.filesWithPictures(for: result, record: record, version: version)
    var files: [String: [UInt8]] = [:]
    for f in list { files[f.name] = f.bytes }
    return Output(result: result, record: record, files: files, names: list.map(\.name))
  }

  static let shared = Result { try make() }

  static func text(_ name: String) throws -> String {
    let output = try shared.get()
    guard let bytes = output.files[name] else { throw MissingFile(name: name) }
    return String(decoding: bytes, as: UTF8.self)
  }

  struct MissingFile: Error, CustomStringConvertible {
    var name: String
    var description: String { "the report did not write \(name)" }
  }
}
