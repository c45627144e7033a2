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

  public init(analyzer: any BlotAnalyzing, progress: (@Sendable (Int, Int, String) -> Void)? = nil) {
    self.analyzer = analyzer
    self.progress = progress
  }

  /// What a blot yields before normalization.
  struct Measured {
    var result: BlotResult
    var measurements: [LaneMeasurement]
  }

  public func run(_ experiment: Experiment) throws -> ExperimentResult {
    var blots: [BlotResult] = []
    var measurements: [LaneMeasurement] = []
    var warnings: [String] = []
    for (index, spec) in experiment.blots.enumerated() {
      progress?(index, experiment.blots.count, "\(spec.target): decoding \(spec.image)")
      let measured = try measure(spec, index: index, in: experiment)
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
    let comparison = FoldChanges.compute(normalized, experiment: experiment)
    return ExperimentResult(
      experiment: experiment, blots: blots, normalized: normalized,
      foldChanges: comparison.rows, anova: comparison.anova, warnings: warnings + comparison.warnings)
  }

  /// Decodes, crops and analyses one blot, and turns its lanes into measurements.
  func measure(_ spec: BlotSpec, index: Int, in experiment: Experiment) throws -> Measured {
    let parameters = spec.analysis.merged(over: experiment.analysis)
    let (image, sha) = try load(spec.image, page: spec.page, parameters: parameters, experiment: experiment)
    try checkRegion(of: spec, in: image, file: experiment.sourcePath)
    let layout = experiment.layout(of: spec)
    progress?(index, experiment.blots.count, "\(spec.target): finding lanes and bands")
    let findings: BlotFindings
    do {
      findings = try analyzer.analyze(image, blot: spec, layout: layout, parameters: parameters)
    } catch {
      throw ExperimentError(
        file: experiment.sourcePath, line: spec.line,
        problem: .analysisFailed(target: spec.target, image: spec.image, message: String(describing: error)))
    }
    if findings.lanes.count != layout.count {
      throw ExperimentError(
        file: experiment.sourcePath, line: spec.line,
        problem: .laneCountMismatch(
          target: spec.target, image: spec.image, expected: layout.count, found: findings.lanes.count))
    }
    var totals: [Double]?
    if let stain = spec.totalProteinImage {
      let (stainImage, _) = try load(stain, page: spec.page, parameters: parameters, experiment: experiment)
      try checkRegion(of: spec, in: stainImage, file: experiment.sourcePath)
      let stainFindings: BlotFindings
      do {
        stainFindings = try analyzer.analyze(stainImage, blot: spec, layout: layout, parameters: parameters)
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
    if image.metadata.lossy {
      warnings.append("lossy input (\(image.metadata.compression)): volumes carry compression error")
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
          warnings.append("lane \(i + 1) (\(sample.name)): band saturated (\(NumberFormatting.short(band.saturatedFraction * 100)) % of its pixels at the detector limit)")
        }
        measurements.append(LaneMeasurement(
          blot: index, target: spec.target, lane: i, sample: sample, volume: band?.volume,
          saturated: band?.saturated ?? false, totalProtein: totals?[i],
          gel: spec.gel ?? "blot \(index + 1)", excludedByUser: spec.exclude.contains(sample.name)))
      }
    }
    let result = BlotResult(
      index: index, target: spec.target, image: spec.image, sha256: sha, width: image.width,
      height: image.height, lossy: image.metadata.lossy, polarity: findings.polarity,
      signal: findings.signal, lanes: lanes, warnings: warnings)
    return Measured(result: result, measurements: measurements)
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
