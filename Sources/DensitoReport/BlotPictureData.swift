import DensitoAnalysis
import DensitoExperiment
import DensitoRaster

/// What the pictures of one blot need beyond ``BlotResult``: the decoded scan and the full
/// analysis with every lane's profile and baseline.
///
/// ``ExperimentResult`` keeps plain numbers only, so the report step decodes each image
/// again (`experiment.resolve(blot.image)`, same page and gray conversion as the run) and
/// repeats the analysis with the same options as ``DensitoAnalysisAdapter`` (2-D background
/// first when asked, ladder dropped when it cannot be fitted). The analysis is
/// deterministic, so the lanes and bands are those of the run; ``consistent`` checks it.
public struct BlotPictureData: Sendable {
  public var blot: BlotResult
  public var spec: BlotSpec
  public var layout: [LaneAssignment]
  /// The scan as decoded (before any background subtraction): what the overlay shows.
  public var image: GrayImage
  /// The image the lane profiles were measured on (after 2-D background subtraction when
  /// one was asked for).
  public var analysis: BlotAnalysis

  /// Decodes and re-analyses `blot` of `experiment`. With a `memo`, an analysis the run
  /// already made of the same file bytes with the same options is reused (same result).
  public init(blot: BlotResult, experiment: Experiment, memo: AnalysisMemo? = nil) throws {
    guard experiment.blots.indices.contains(blot.index) else {
      throw ReportError.blotMissing(index: blot.index, target: blot.target)
    }
    let given = experiment.blots[blot.index]
    let parameters = given.analysis.merged(over: experiment.analysis)
    let gray = parameters.gray.flatMap(GrayConversion.init(rawValue:)) ?? .mean
    let path = experiment.resolve(given.image)
    let bytes = try FileIO.readBytes(atPath: path)
    let decoded: GrayImage
    do {
      decoded = try ImageDecoder.decode(bytes, options: DecodingOptions(page: given.page, grayConversion: gray))
    } catch {
      throw ImageFileError(path: path, reason: .decoding(error))
    }
    MemoryTrace.mark("pictures: decoded \(given.image)")
    // The run checked the region against this scan; horizontal lanes are drawn transposed.
    let oriented = BlotOrientation.oriented(decoded, spec: given, parameters: parameters)
    let image = oriented.image
    let spec = oriented.spec
    let source = memo == nil
      ? nil
      : ImageSource(
        sha256: SHA256.hex(of: bytes), page: spec.page, grayConversion: gray,
        transposed: oriented.decision != nil)
    let layout = experiment.layout(of: spec)
    self.blot = blot
    self.spec = spec
    self.layout = layout
    self.image = image
    self.analysis = try Self.analyse(
      image, spec: spec, layout: layout, parameters: parameters, source: source, memo: memo)
  }

  /// A scan analysed on its own (`densito bands --overlay`): no experiment, so no sample
  /// names and no band chosen for a ratio. `spec` and `parameters` are those the command
  /// line analysed the scan with (crop, lanes, polarity, signal, baseline, background);
  /// `path` is the file the scan came from (its last component is the picture's title).
  public init(image: GrayImage, path: String, spec: BlotSpec, parameters: AnalysisParameters)
    throws
  {
    let analysis = try Self.analyse(image, spec: spec, layout: [], parameters: parameters)
    let name = path.split(separator: "/").last.map(String.init) ?? path
    self.blot = BlotResult(
      index: 0, target: spec.target, image: name, sha256: "", width: image.width,
      height: image.height, lossy: image.metadata.lossy,
      polarity: analysis.polarity.polarity.rawValue, signal: analysis.signal.name, lanes: [],
      warnings: analysis.warnings)
    self.spec = spec
    self.layout = []
    self.image = image
    self.analysis = analysis
  }

  /// The adapter's steps (``DensitoAnalysisAdapter/analysis(of:options:parameters:source:memo:)``),
  /// keeping the whole ``BlotAnalysis``.
  static func analyse(
    _ image: GrayImage, spec: BlotSpec, layout: [LaneAssignment], parameters: AnalysisParameters,
    source: ImageSource? = nil, memo: AnalysisMemo? = nil
  ) throws -> BlotAnalysis {
    let options = try DensitoAnalysisAdapter.options(for: spec, layout: layout, parameters: parameters)
    return try DensitoAnalysisAdapter.analysis(
      of: image, options: options, parameters: parameters, source: source, memo: memo
    ).analysis
  }

  /// True when the re-analysis found the lanes and band volumes that the run recorded.
  public var consistent: Bool {
    guard analysis.lanes.count == blot.lanes.count else { return false }
    for (lane, record) in zip(analysis.lanes, blot.lanes) {
      guard lane.bands.count == record.bands.count else { return false }
      for (band, r) in zip(lane.bands, record.bands) where band.volume != r.volume { return false }
    }
    return true
  }

  /// The detector limit in the band direction: 0 for dark bands, `maxValue` for light bands.
  public var saturationValue: Float {
    analysis.polarity.polarity == .darkBands ? 0 : image.maxValue
  }

  /// True when a raw sample is at (or beyond) the detector limit in the band direction.
  public func isSaturated(_ v: Float) -> Bool {
    analysis.polarity.polarity == .darkBands ? v <= 0 : v >= image.maxValue
  }
}

/// Why a report picture could not be made.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
  case blotMissing(index: Int, target: String)

  public var description: String {
    switch self {
    case .blotMissing(let index, let target):
      return "blot \(index + 1) (\(target)) is not in the experiment: cannot draw its pictures"
    }
  }
}
