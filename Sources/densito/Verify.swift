import ArgumentParser
import DensitoExperiment
import DensitoRaster
import Foundation

struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check that lanes, bands and volumes detected now match a saved result.",
    discussion: """
      EXPECTED is an analysis.json written by `densito analyze`. The recorded experiment is
      analysed again (with IMAGE... in place of the recorded images, in blot order, when
      given) and compared: lane counts, lane and band positions (within --position pixels),
      band counts, the chosen band, saturation flags, and volumes within --tolerance.
      Exit status: 0 everything matches, 1 a regression (the differences are listed),
      2 an error.

      Example:
        densito verify TestImages/demo/expected/analysis.json
        densito verify saved/analysis.json new-scan.tif --tolerance 5%
      """)

  @Argument(help: "A saved analysis.json.")
  var expected: String

  @Argument(help: "Images to check instead of the recorded ones, in blot order.")
  var images: [String] = []

  @Option(help: "Allowed relative volume difference, e.g. 2% or 0.02.")
  var tolerance: String = "2%"

  @Option(help: "Allowed movement of lane and band centres, pixels.")
  var position: Double = 2

  func validate() throws {
    guard let t = Self.fraction(tolerance), t >= 0 else {
      throw ValidationError("--tolerance must be a percentage like 2% or a fraction like 0.02 (got '\(tolerance)')")
    }
    _ = t
    guard position.isFinite, position >= 0 else { throw ValidationError("--position must be 0 or more pixels") }
  }

  static func fraction(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if t.hasSuffix("%") { return Double(t.dropLast()).map { $0 / 100 } }
    return Double(t)
  }

  func run() throws {
    var differences: [RegressionCheck.Difference] = []
    var summary = ""
    try reportingErrors {
      let record = try AnalysisRecord.read(atPath: expected)
      var experiment = try record.experiment()
      if !images.isEmpty {
        guard images.count == experiment.blots.count else {
          throw CommandError("\(expected): records \(experiment.blots.count) blots but \(images.count) images were given")
        }
        let cwd = FileManager.default.currentDirectoryPath
        for i in experiment.blots.indices {
          experiment.blots[i].image = images[i].hasPrefix("/") ? images[i] : cwd + "/" + images[i]
        }
      }
      // Lanes and bands are compared, not statistics: a blot that no longer gives a ratio
      // is a difference to report, not a reason to stop.
      var runner = ExperimentRunner(analyzer: DensitoAnalysisAdapter())
      runner.requiresUsableRatios = false
      let result = try runner.run(experiment)
      var saved = record.blots
      if !images.isEmpty {
        for i in saved.indices where i < result.blots.count { saved[i].image = result.blots[i].image }
      }
      let check = RegressionCheck(volumeTolerance: Self.fraction(tolerance) ?? 0.02, positionTolerance: position)
      differences = check.compare(expected: saved, actual: result.blots)
      let lanes = result.blots.map(\.lanes.count).reduce(0, +)
      let bands = result.blots.flatMap(\.lanes).map(\.bands.count).reduce(0, +)
      summary = "\(result.blots.count) blots, \(lanes) lanes, \(bands) bands"
    }
    if differences.isEmpty {
      print("verify: OK: \(summary) match \(expected) (volumes within \(tolerance), positions within \(position) px)")
    } else {
      print("verify: \(differences.count) difference\(differences.count == 1 ? "" : "s") from \(expected):")
      for d in differences { print("  \(d)") }
      throw ExitCode(ExitStatus.negativeResult)
    }
  }
}
