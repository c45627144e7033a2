import DensitoRaster
import Foundation

/// Runs an experiment: decodes every blot, finds lanes and bands, chooses each lane's
/// target band, normalizes, and compares groups.
///
/// Images are only read. Every blot is fingerprinted (SHA-256 of the file's bytes) so that a
/// replay can tell whether an input changed.
public struct ExperimentRunner: Sendable {
  public var analyzer: any BlotAnalyzing
  /// Called before each blot with (blot index, blot count, step), for progress displays.
  public var progress: (@Sendable (Int, Int, String) -> Void)?
  /// When true (the default), `run` refuses a target or group left with too few usable
  /// ratios (see `UsableRatios`) instead of returning NaN fold changes. `densito verify`,
  /// which compares lanes and bands only, turns it off.
  public var requiresUsableRatios = true
  /// At most this many blots decoded and analysed at once (default 1: one after the other).
  /// The results do not depend on it: blots are independent, their results are collected in
  /// the experiment's order, and a failure reports the first failing blot, as a sequential
  /// run would (see ``OrderedParallelMap``). Memory grows with it: each job holds its blot's
  /// image and analysis. `progress` is then called from several threads.
  public var jobs = 1

  public init(
    analyzer: any BlotAnalyzing, jobs: Int = 1, progress: (@Sendable (Int, Int, String) -> Void)? = nil
  ) {
    self.analyzer = analyzer
    self.jobs = jobs
    self.progress = progress
  }

  /// What a blot yields before normalization.
  struct Measured: Sendable {
    var result: BlotResult
    var measurements: [LaneMeasurement]
  }

  public func run(_ experiment: Experiment) throws -> ExperimentResult {
    var blots: [BlotResult] = []
    var measurements: [LaneMeasurement] = []
    var warnings: [String] = []
    let all = try OrderedParallelMap.map(count: experiment.blots.count, jobs: jobs) { index in
      let spec = experiment.blots[index]
      progress?(index, experiment.blots.count, "\(spec.target): decoding \(spec.image)")
      return try measure(spec, index: index, in: experiment)
    }
    for (spec, measured) in zip(experiment.blots, all) {
      blots.append(measured.result)
      measurements += measured.measurements
      warnings += measured.result.warnings.map { "\(spec.target) (\(spec.image)): \($0)" }
    }
    let normalized = Normalizer.normalize(
      measurements, loadingControl: experiment.loadingControl, method: experiment.normalization,
      includeSaturated: experiment.statistics.includeSaturated)
    for v in normalized {
      if let reason = v.excluded {
        warnings.append("\(v.target): sample \(v.sample.name) (lane \(v.lane + 1)) excluded: \(reason.rawValue)")
      }
    }
    if requiresUsableRatios {
      try UsableRatios.require(normalized, measurements: measurements, in: experiment)
    }
    let comparison = FoldChanges.compute(normalized, experiment: experiment)
    if requiresUsableRatios {
      try UsableRatios.requireFinite(comparison.rows, in: experiment)
    }
    warnings += comparison.warnings
    return ExperimentResult(
      experiment: experiment, blots: blots, normalized: normalized,
      foldChanges: comparison.rows, anova: comparison.anova, warnings: warnings)
  }

  /// Decodes, crops and analyses one blot, and turns its lanes into measurements.
  ///
  /// Memory: the scan is handed to the analyzer (`consume`), which may let it go as soon as
  /// it has what it needs (the adapter drops it once a 2-D background has been subtracted,
  /// so the scan, its flattened copy and the signal plane are never alive together). What
  /// the runner still needs of the scan afterwards is kept small: its size and metadata,
  /// and the detector-limit counts per column (``ClippedColumns``).
  func measure(_ given: BlotSpec, index: Int, in experiment: Experiment) throws -> Measured {
    let parameters = given.analysis.merged(over: experiment.analysis)
    let (decoded, sha) = try load(given.image, page: given.page, parameters: parameters, experiment: experiment)
    MemoryTrace.mark("run: decoded \(given.image)")
    try checkRegion(of: given, in: decoded, file: experiment.sourcePath)
    // Horizontal lanes: from here on, the transposed scan (see BlotOrientation); the decoded
    // one goes as soon as it is turned.
    let (image, spec, decision) = BlotOrientation.oriented(
      consume decoded, spec: given, parameters: parameters)
    let transposed = decision != nil
    let (width, height, metadata) = (image.width, image.height, image.metadata)
    let clipped = ClippedColumns(image, region: spec.region)
    let layout = experiment.layout(of: spec)
    progress?(index, experiment.blots.count, "\(spec.target): finding lanes and bands")
    let findings: BlotFindings
    do {
      findings = try analyzer.analyze(
        consume image,
        source: source(sha, page: spec.page, parameters: parameters, transposed: transposed),
        blot: spec, layout: layout, parameters: parameters)
    } catch {
      throw ExperimentError(
        file: experiment.sourcePath, line: spec.line,
        problem: .analysisFailed(target: spec.target, image: spec.image, message: String(describing: error)))
    }
    MemoryTrace.mark("run: analysed \(spec.image)")
    if findings.lanes.count != layout.count {
      throw ExperimentError(
        file: experiment.sourcePath, line: spec.line,
        problem: .laneCountMismatch(
          target: spec.target, image: spec.image, expected: layout.count, found: findings.lanes.count))
    }
    var totals: [Double]?
    if let stain = spec.totalProteinImage {
      let (stainDecoded, stainSHA) = try load(
        stain, page: spec.page, parameters: parameters, experiment: experiment)
      try checkRegion(of: given, in: stainDecoded, file: experiment.sourcePath)
      // The stain is turned with its blot, whatever `auto` would say of it alone.
      let stainImage = transposed ? stainDecoded.transposed() : stainDecoded
      _ = consume stainDecoded
      let stainFindings: BlotFindings
      do {
        stainFindings = try analyzer.analyze(
          consume stainImage,
          source: source(stainSHA, page: spec.page, parameters: parameters, transposed: transposed),
          blot: spec,
          layout: layout, parameters: parameters)
      } catch {
        throw ExperimentError(
          file: experiment.sourcePath, line: spec.line,
          problem: .analysisFailed(target: spec.target + " total protein", image: stain, message: String(describing: error)))
      }
      if stainFindings.lanes.count != layout.count {
        throw ExperimentError(
          file: experiment.sourcePath, line: spec.line,
          problem: .laneCountMismatch(
            target: spec.target + " total protein", image: stain, expected: layout.count,
            found: stainFindings.lanes.count))
      }
      totals = stainFindings.lanes.map(\.totalSignal)
    }

    let sampleLanes = Set(layout.indices.filter { layout[$0].sample != nil })
    let chosen = BandChooser.choose(lanes: findings.lanes, sampleLanes: sampleLanes, blot: spec)
    var lanes: [LaneRecord] = []
    var measurements: [LaneMeasurement] = []
    var warnings = findings.warnings
    if let turn = decision { warnings.insert(turn.horizontalNote, at: 0) }
    if metadata.lossy {
      warnings.append("lossy input (\(metadata.compression)): volumes carry compression error")
    }
    for (i, lane) in findings.lanes.enumerated() {
      let assignment = layout[i]
      let kind: String
      switch assignment {
      case .sample: kind = "sample"
      case .ladder: kind = "ladder"
      case .empty: kind = "empty"
      }
      let pick = assignment.sample == nil ? nil : chosen[i]
      lanes.append(LaneRecord(
        index: i, x: lane.x, width: lane.width, kind: kind, sample: assignment.sample?.name,
        group: assignment.sample?.group, bands: lane.bands, chosen: pick))
      if let sample = assignment.sample {
        let band = pick.map { lane.bands[$0] }
        if let band, band.saturated {
          let place = band.saturationReason == "responsePlateau"
            ? "on the response plateau (film at its maximum density, or the camera's range)"
            : "at the detector limit"
          warnings.append(
            "lane \(i + 1) (\(sample.name)): band saturated "
              + "(\(NumberFormatting.short(band.saturatedFraction * 100)) % of its pixels \(place))")
        }
        let clippedWithoutBand = band == nil
          && clipped.count(in: lane, polarity: findings.polarity)
            >= 2 * max(1, Int(lane.width.rounded()))
        measurements.append(LaneMeasurement(
          blot: index, target: spec.target, lane: i, sample: sample, volume: band?.volume,
          saturated: band?.saturated ?? false, totalProtein: totals?[i],
          gel: spec.gel ?? "blot \(index + 1)", excludedByUser: spec.exclude.contains(sample.name),
          clippedWithoutBand: clippedWithoutBand))
      }
    }
    let result = BlotResult(
      index: index, target: spec.target, image: spec.image, sha256: sha, width: width,
      height: height, lossy: metadata.lossy, polarity: findings.polarity,
      signal: findings.signal, lanes: lanes, warnings: warnings)
    return Measured(result: result, measurements: measurements)
  }

  /// The decoding inputs of an image read by ``load(_:page:parameters:experiment:)``.
  func source(_ sha: String, page: Int, parameters: AnalysisParameters, transposed: Bool)
    -> ImageSource
  {
    ImageSource(
      sha256: sha, page: page,
      grayConversion: parameters.gray.flatMap(GrayConversion.init(rawValue:)) ?? .mean,
      transposed: transposed)
  }

  /// Reads and decodes an image of the experiment, with its SHA-256.
  func load(_ path: String, page: Int, parameters: AnalysisParameters, experiment: Experiment)
    throws -> (GrayImage, String)
  {
    let full = experiment.resolve(path)
    let bytes = try FileIO.readBytes(atPath: full)
    let gray = parameters.gray.flatMap(GrayConversion.init(rawValue:)) ?? .mean
    do {
      let image = try ImageDecoder.decode(bytes, options: DecodingOptions(page: page, grayConversion: gray))
      return (image, SHA256.hex(of: bytes))
    } catch {
      throw ImageFileError(path: full, reason: .decoding(error))
    }
  }

  func checkRegion(of spec: BlotSpec, in image: GrayImage, file: String) throws(ExperimentError) {
    guard let r = spec.region else { return }
    if r.x + r.width > image.width || r.y + r.height > image.height {
      throw ExperimentError(
        file: file, line: spec.line,
        problem: .regionOutsideImage(target: spec.target, region: r, width: image.width, height: image.height))
    }
  }
}

/// The checks between normalization and statistics that turn "nothing left to compare"
/// into one clear error instead of NaN means (which `analysis.json` cannot hold).
///
/// At parse time `ExperimentFile` already demands 2 replicates per group and target after
/// the file's own exclusions; these checks apply the same rule after the exclusions that
/// only the images reveal (saturated or missing bands, a zero denominator):
/// 1. the loading control (unless total-protein normalization) has at least one usable
///    band: otherwise every ratio of every target is gone and the error names its blot;
/// 2. every target has at least one usable ratio (error names the target's blot and the
///    reasons; "every sample band is saturated" when that is the reason);
/// 3. every group of every target has at least 2 usable ratios (a mean for the fold change,
///    an SD and a test), naming the excluded samples and why;
/// 4. after the statistics, no value of a fold-change row is NaN or infinite (a last guard:
///    with 1-3 passed it does not happen).
/// Where saturation is among the reasons the message says how to proceed:
/// `--include-saturated` (keep clipped bands, knowing they underestimate) or a rescan at a
/// shorter exposure.
enum UsableRatios {
  static let saturationAdvice =
    "rerun with --include-saturated or rescan at a shorter exposure"

  static func require(
    _ normalized: [NormalizedValue], measurements: [LaneMeasurement], in e: Experiment
  ) throws(ExperimentError) {
    let includeSaturated = e.statistics.includeSaturated
    if e.normalization != .totalProtein {
      let control = measurements.filter { $0.target == e.loadingControl && !$0.excludedByUser }
      let usable = control.contains { m in
        (m.volume ?? 0) > 0 && (includeSaturated || !m.saturated)
      }
      if !control.isEmpty && !usable {
        let reasons = control.map { m -> ExclusionReason in
          if m.volume == nil { return m.clippedWithoutBand ? .loadingControlSaturatedNoBand : .noLoadingControlBand }
          return m.saturated && !includeSaturated ? .loadingControlSaturated : .nonPositiveDenominator
        }
        throw error(target: e.loadingControl, in: e, noBandMessage(reasons, loadingControl: true))
      }
    }
    for target in orderedTargets(e) {
      let values = normalized.filter { $0.target == target && $0.excluded != .excludedInExperimentFile }
      if !values.isEmpty && !values.contains(where: { $0.ratio != nil }) {
        throw error(target: target, in: e, noBandMessage(values.compactMap(\.excluded), loadingControl: false))
      }
    }
    for target in orderedTargets(e) {
      let ofTarget = normalized.filter { $0.target == target }
      for group in e.groups {
        let values = ofTarget.filter { $0.sample.group == group }
        let n = values.filter { $0.ratio != nil }.count
        if n >= 2 { continue }
        let excluded = values.compactMap { v in v.excluded.map { (v.sample.name, $0) } }
        var message = "group '\(group)' has \(n) usable ratio\(n == 1 ? "" : "s") after exclusions"
        if !excluded.isEmpty {
          message += " (" + excluded.map { "\($0.0): \($0.1.rawValue)" }.joined(separator: ", ") + ")"
        }
        message += "; its mean, SD and test need at least 2"
        if let advice = advice(for: excluded.map(\.1)) { message += "; " + advice }
        throw error(target: target, in: e, message)
      }
    }
  }

  /// Fails when any value of any row is NaN or infinite, naming the row and the fields.
  static func requireFinite(_ rows: [FoldChangeRow], in e: Experiment) throws(ExperimentError) {
    for row in rows {
      let bad = FoldChanges.nonFiniteValues(in: row)
      if !bad.isEmpty {
        throw error(
          target: row.target, in: e,
          "\(row.group) vs \(row.controlGroup): \(bad.joined(separator: ", ")) not a finite number"
            + " (n = \(row.nGroup) and \(row.nControl)); refusing to write results with NaN")
      }
    }
  }

  /// "every sample band is saturated (4 of 4 lanes)..." or a tally of the reasons.
  static func noBandMessage(_ reasons: [ExclusionReason], loadingControl: Bool) -> String {
    let advice = advice(for: reasons).map { "; " + $0 } ?? ""
    if !reasons.isEmpty && reasons.allSatisfy(isSaturation) {
      let lost = reasons.filter { $0 == .targetSaturatedNoBand || $0 == .loadingControlSaturatedNoBand }.count
      let note = lost == 0 ? "" : lost == reasons.count
        ? ", clipped so flat that no band is found"
        : ", \(lost) of them clipped so flat that no band is found"
      return "every sample band is saturated (\(reasons.count) of \(reasons.count) lanes\(note)), so"
        + " no ratio can be computed" + advice
    }
    var counts: [(ExclusionReason, Int)] = []
    for r in reasons {
      if let i = counts.firstIndex(where: { $0.0 == r }) { counts[i].1 += 1 } else { counts.append((r, 1)) }
    }
    let tally = counts.map { "\($0.1) × \($0.0.rawValue)" }.joined(separator: ", ")
    return "no sample lane gives a usable ratio (\(tally))" + advice
  }

  static func isSaturation(_ r: ExclusionReason) -> Bool {
    [.targetSaturated, .loadingControlSaturated, .targetSaturatedNoBand, .loadingControlSaturatedNoBand]
      .contains(r)
  }

  /// What to do when saturation is among the reasons: `--include-saturated` helps only
  /// bands that were found (a band lost to clipping has no volume to keep).
  static func advice(for reasons: [ExclusionReason]) -> String? {
    let found = reasons.contains { $0 == .targetSaturated || $0 == .loadingControlSaturated }
    let lost = reasons.contains { $0 == .targetSaturatedNoBand || $0 == .loadingControlSaturatedNoBand }
    if found { return saturationAdvice }
    if lost { return "rescan at a shorter exposure" }
    return nil
  }

  /// An error placed at the target's first blot, naming every image of the target.
  static func error(target: String, in e: Experiment, _ message: String) -> ExperimentError {
    let blots = e.blots.filter { $0.target == target }
    var images: [String] = []
    for b in blots where !images.contains(b.image) { images.append(b.image) }
    return ExperimentError(
      file: e.sourcePath, line: blots.first?.line,
      problem: .analysisFailed(target: target, image: images.joined(separator: ", "), message: message))
  }

  /// The targets other than the loading control, in the order of their first blot.
  static func orderedTargets(_ e: Experiment) -> [String] {
    var seen = Set<String>()
    return e.blots.map(\.target).filter { $0 != e.loadingControl && seen.insert($0).inserted }
  }
}
