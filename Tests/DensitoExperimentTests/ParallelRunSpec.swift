import DensitoRaster
import Foundation
import Testing
@testable import DensitoExperiment

/// Analysing blots on several threads must not change anything a reader sees: the same
/// results in the same order, and on failure the error of the first failing blot, as a
/// sequential run reports.
@Suite struct ParallelRunSpec {
  struct Failure: Error, Equatable { var index: Int }

  @Test(arguments: [1, 2, 4, 16])
  func resultsComeBackInIndexOrder(jobs: Int) throws {
    let squares = try OrderedParallelMap.map(count: 100, jobs: jobs) { i in
      if i % 7 == 0 { usleep(200) }  // finish out of order
      return i * i
    }
    #expect(squares == (0..<100).map { $0 * $0 })
  }

  @Test(arguments: [1, 2, 4])
  func theLowestFailingIndexIsReported(jobs: Int) {
    #expect(throws: Failure(index: 13)) {
      try OrderedParallelMap.map(count: 60, jobs: jobs) { i -> Int in
        if i == 57 { throw Failure(index: 57) }  // started early by some worker
        if i == 13 {
          usleep(2000)
          throw Failure(index: 13)
        }
        return i
      }
    }
  }

  @Test func nothingToDoGivesNothing() throws {
    #expect(try OrderedParallelMap.map(count: 0, jobs: 4) { $0 }.isEmpty)
  }

  /// An analyzer that fails on chosen blots (by target) and otherwise finds 8 empty lanes.
  struct FailingAnalyzer: BlotAnalyzing {
    var failing: Set<String>
    func analyze(
      _ image: GrayImage, blot: BlotSpec, layout: [LaneAssignment], parameters: AnalysisParameters
    ) throws -> BlotFindings {
      if failing.contains(blot.target) { throw Failure(index: 0) }
      return BlotFindings(
        polarity: "dark-bands", signal: "inverted",
        lanes: layout.indices.map { LaneFinding(x: Double($0 * 10), width: 8, bands: [], totalSignal: 0) })
    }
  }

  static func demo() throws -> Experiment {
    try ExperimentFile.load(
      atPath: DemoExperimentSpec.folder.appendingPathComponent("experiment.yaml").path)
  }

  @Test(arguments: [2, 3])
  func aFailingBlotGivesTheSequentialError(jobs: Int) throws {
    let e = try Self.demo()
    let failing: Set<String> = [e.blots[4].target, e.blots[9].target]
    func error(_ jobs: Int) -> String {
      do {
        _ = try ExperimentRunner(analyzer: FailingAnalyzer(failing: failing), jobs: jobs).run(e)
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    let sequential = error(1)
    #expect(sequential.contains(e.blots[4].target))
    #expect(error(jobs) == sequential)
  }

  /// The demo analysed with 3 jobs equals the sequential analysis, field by field.
  @Test func theDemoIsTheSameWithSeveralJobs() throws {
    let sequential = try DemoExperimentSpec.shared.get()
    let parallel = try ExperimentRunner(analyzer: DensitoAnalysisAdapter(), jobs: 3).run(Self.demo())
    #expect(parallel == sequential)
  }
}
