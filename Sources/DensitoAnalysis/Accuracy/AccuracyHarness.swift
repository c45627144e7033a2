import DensitoRaster
import Foundation

/// How well the analysis recovers the ground truth of random synthetic blots.
///
/// Matching: a detected lane matches the nearest unmatched true lane whose centre is within
/// half the true width (one-to-one); within matched lanes a detected band matches the nearest
/// unmatched true band within max(3, 2σ) rows.
///
/// Relative volume error: for matched bands that are not saturated in the truth, the ratio
/// rᵢ = measured/true is divided by the median ratio of its blot (volumes are arbitrary units:
/// proportional scaling is not an error, since fold changes are ratios), and the error is
/// |rᵢ / median − 1|. The report gives the median and 90th percentile over all bands.
public struct AccuracyReport: Sendable, Equatable {
  public var difficulty: Difficulty
  public var blots: Int
  public var trueLanes: Int
  public var detectedLanes: Int
  public var matchedLanes: Int
  public var trueBands: Int
  public var detectedBands: Int
  public var matchedBands: Int
  /// Per-band normalised relative volume errors (non-saturated matched bands).
  public var volumeErrors: [Double]
  public var saturatedTrueBands: Int
  /// Truly saturated bands that were detected (matched).
  public var saturatedDetected: Int
  /// Truly saturated bands that were matched and flagged.
  public var saturatedFlagged: Int
  /// Bands flagged for their own clipped pixels whose true band is not saturated.
  public var falseSaturationFlags: Int
  /// Unsaturated bands flagged because they were fitted together with a saturated band.
  public var inheritedSaturationFlags: Int
  /// Seeds of blots where anything failed to match (for reruns).
  public var seedsWithMisses: [UInt64]

  public var laneRecall: Double { ratio(matchedLanes, trueLanes) }
  public var lanePrecision: Double { ratio(matchedLanes, detectedLanes) }
  public var bandRecall: Double { ratio(matchedBands, trueBands) }
  public var bandPrecision: Double { ratio(matchedBands, detectedBands) }
  public var medianRelativeVolumeError: Double { percentile(0.5) }
  public var p90RelativeVolumeError: Double { percentile(0.9) }

  func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
  func percentile(_ p: Double) -> Double {
    ProfileMath.quantile(sorted: volumeErrors.sorted(), p)
  }

  /// One line per figure, for logs and `Docs/analysis.md`.
  public var summary: String {
    func pct(_ v: Double) -> String { String(format: "%.2f %%", 100 * v) }
    return """
      \(difficulty.rawValue): \(blots) blots; lanes recall \(pct(laneRecall)) precision \
      \(pct(lanePrecision)) (\(matchedLanes)/\(trueLanes) true, \(detectedLanes) found); \
      bands recall \(pct(bandRecall)) precision \(pct(bandPrecision)) \
      (\(matchedBands)/\(trueBands) true, \(detectedBands) found); volume error median \
      \(pct(medianRelativeVolumeError)), p90 \(pct(p90RelativeVolumeError)) over \
      \(volumeErrors.count) bands; saturated: \(saturatedTrueBands) true, \(saturatedDetected) detected, \
      \(saturatedFlagged) flagged, \(falseSaturationFlags) false flags, \
      \(inheritedSaturationFlags) flagged with a saturated neighbour
      """
  }
}

/// Runs the analysis on random synthetic blots and compares with their ground truth.
public enum AccuracyHarness {
  /// What the analysis is given.
  public enum Input: String, Sendable, CaseIterable {
    /// The counts as a decoder shows a MinIsWhite TIFF: dark bands, `invertedFromMinIsWhite`.
    case minIsWhite
    /// The raw counts: light bands.
    case counts
  }

  /// Analyses `count` blots with seeds `firstSeed`, `firstSeed + 1`, ... `detector` replaces
  /// the presets' linear detector (e.g. to test film); `input` applies to linear detectors.
  public static func run(
    _ difficulty: Difficulty, count: Int, firstSeed: UInt64 = 1,
    options: AnalysisOptions = AnalysisOptions(), input: Input = .minIsWhite,
    detector: DetectorModel? = nil
  ) -> AccuracyReport {
    var report = AccuracyReport(
      difficulty: difficulty, blots: 0, trueLanes: 0, detectedLanes: 0, matchedLanes: 0,
      trueBands: 0, detectedBands: 0, matchedBands: 0, volumeErrors: [], saturatedTrueBands: 0,
      saturatedDetected: 0, saturatedFlagged: 0, falseSaturationFlags: 0,
      inheritedSaturationFlags: 0, seedsWithMisses: [])
    for k in 0..<count {
      let seed = firstSeed &+ UInt64(k)
      var spec = SyntheticBlot.random(difficulty, seed: seed)
      if let detector { spec.detector = detector }
      let blot = spec.render()
      let image = input == .minIsWhite ? (blot.asDecodedMinIsWhite ?? blot.image) : blot.image
      report.blots += 1
      let truth = blot.truth
      report.trueLanes += truth.lanes.count
      report.trueBands += truth.bands.count
      report.saturatedTrueBands += truth.bands.filter(\.isSaturated).count
      guard let result = try? analyzeBlot(image, options: options) else {
        report.seedsWithMisses.append(seed)
        continue
      }
      let score = compare(result, truth)
      report.detectedLanes += result.lanes.count
      report.detectedBands += result.bands.count
      report.matchedLanes += score.matchedLanes
      report.matchedBands += score.pairs.count
      let clean = score.pairs.filter { !$0.truth.isSaturated && !$0.found.saturated }
      let ratios = clean.map { $0.found.volume / $0.truth.volume }
      let scale = ProfileMath.median(ratios)
      if scale > 0 { report.volumeErrors += ratios.map { abs($0 / scale - 1) } }
      for pair in score.pairs {
        if pair.truth.isSaturated { report.saturatedDetected += 1 }
        if pair.truth.isSaturated && pair.found.saturated { report.saturatedFlagged += 1 }
        if !pair.truth.isSaturated && pair.found.saturated {
          if pair.found.saturationInherited {
            report.inheritedSaturationFlags += 1
          } else {
            report.falseSaturationFlags += 1
          }
        }
      }
      if score.matchedLanes != truth.lanes.count || score.matchedLanes != result.lanes.count
        || score.pairs.count != truth.bands.count || score.pairs.count != result.bands.count
      {
        report.seedsWithMisses.append(seed)
      }
    }
    return report
  }

  struct Pair {
    var found: Band
    var truth: TrueBand
  }

  static func compare(_ result: BlotAnalysis, _ truth: SyntheticGroundTruth)
    -> (matchedLanes: Int, pairs: [Pair])
  {
    var usedTrue = Set<Int>()
    var pairs: [Pair] = []
    var matchedLanes = 0
    for lane in result.lanes {
      var best: Int? = nil
      for t in truth.lanes where !usedTrue.contains(t.index) {
        let d = abs(lane.centerX - t.centerX)
        if d < t.width / 2, best.map({ d < abs(lane.centerX - truth.lanes[$0].centerX) }) ?? true {
          best = t.index
        }
      }
      guard let ti = best else { continue }
      usedTrue.insert(ti)
      matchedLanes += 1
      var usedBands = Set<Int>()
      let trueBands = truth.lanes[ti].bands
      for band in lane.bands {
        var bestBand: Int? = nil
        var bestD = Double.infinity
        for (bi, tb) in trueBands.enumerated() where !usedBands.contains(bi) {
          let d = abs(band.y - tb.y)
          if d <= max(3, 2 * tb.sigma) && d < bestD {
            bestD = d
            bestBand = bi
          }
        }
        if let bi = bestBand {
          usedBands.insert(bi)
          pairs.append(Pair(found: band, truth: trueBands[bi]))
        }
      }
    }
    return (matchedLanes, pairs)
  }
}
