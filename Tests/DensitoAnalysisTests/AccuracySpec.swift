import Foundation
import Testing
@testable import DensitoAnalysis

/// The accuracy targets on random synthetic blots (Docs/analysis.md has the larger runs).
///
/// `DENSITO_ACCURACY_BLOTS=n` runs n blots per level instead of 6 and prints the summaries
/// (used for the figures in the docs, in release mode).
@Suite struct AccuracySpec {
  static let blots = Int(ProcessInfo.processInfo.environment["DENSITO_ACCURACY_BLOTS"] ?? "") ?? 6

  /// Targets: recall and precision ≥ 0.98 for lanes and bands; median normalised relative
  /// volume error ≤ 2 % (clean, typical) or ≤ 8 % (hard); every detected saturated band
  /// flagged, no false flags.
  @Test(arguments: Difficulty.allCases)
  func meetsTargets(difficulty: Difficulty) {
    let r = AccuracyHarness.run(difficulty, count: Self.blots)
    print(r.summary)
    #expect(r.laneRecall >= 0.98, "\(r.summary) misses \(r.seedsWithMisses)")
    #expect(r.lanePrecision >= 0.98, "\(r.summary) misses \(r.seedsWithMisses)")
    #expect(r.bandRecall >= 0.98, "\(r.summary) misses \(r.seedsWithMisses)")
    #expect(r.bandPrecision >= 0.98, "\(r.summary) misses \(r.seedsWithMisses)")
    #expect(r.medianRelativeVolumeError <= (difficulty == .hard ? 0.08 : 0.02), "\(r.summary)")
    #expect(r.saturatedFlagged == r.saturatedDetected)
    #expect(r.falseSaturationFlags == 0)
  }

  /// The raw counts (light bands) give the same accuracy as the MinIsWhite view.
  @Test func countsInputMeetsTargetsToo() {
    let r = AccuracyHarness.run(.typical, count: 4, input: .counts)
    #expect(r.bandRecall >= 0.98 && r.bandPrecision >= 0.98)
    #expect(r.medianRelativeVolumeError <= 0.02)
  }

  /// Film (8-bit scan, E½ = 200 000 so the strongest bands reach the curve's middle): with the
  /// film linearised by its step tablet, volumes are proportional to exposure again.
  @Test func linearisedFilmMeetsTargets() throws {
    let film = FilmDetector(halfExposure: 200_000, bitDepth: 8)
    let tablet = try #require(film.calibrationTablet())
    let r = AccuracyHarness.run(
      .typical, count: 3, options: AnalysisOptions(signal: .calibratedOD(tablet)),
      detector: .film(film))
    print("film, calibrated:", r.summary)
    let od = AccuracyHarness.run(.typical, count: 3, detector: .film(film))
    print("film, optical density:", od.summary)
    #expect(r.bandRecall >= 0.98 && r.bandPrecision >= 0.98)
    #expect(r.medianRelativeVolumeError <= 0.03)
  }
}

extension AccuracySpec {
  static let large = ProcessInfo.processInfo.environment["DENSITO_ACCURACY_BLOTS"] != nil

  /// Which baseline is most accurate on the ground truth (printed; figures in the docs).
  @Test(.enabled(if: AccuracySpec.large), arguments: [Difficulty.typical, .hard])
  func baselineComparison(difficulty: Difficulty) {
    for baseline in [LaneBaseline.valleyToValley, .laneBorderMedian, .none] {
      let r = AccuracyHarness.run(
        difficulty, count: Self.blots, options: AnalysisOptions(baseline: baseline))
      print("baseline \(baseline.name): \(r.summary)")
    }
  }
}
