import DensitoRaster

/// What the analysis of one blot image reports to the experiment pipeline.
public struct BlotFindings: Sendable, Equatable {
  public var polarity: String
  public var signal: String
  /// Lanes left to right, in image coordinates (crop offsets already added).
  public var lanes: [LaneFinding]
  public var warnings: [String]

  public init(polarity: String, signal: String, lanes: [LaneFinding], warnings: [String] = []) {
    self.polarity = polarity
    self.signal = signal
    self.lanes = lanes
    self.warnings = warnings
  }
}

/// One lane as found: its place and its bands, top to bottom.
public struct LaneFinding: Sendable, Equatable {
  public var x: Double
  public var width: Double
  public var bands: [BandRecord]
  /// Whole-lane signal above the baseline (signal units × pixels), for total-protein stains.
  public var totalSignal: Double

  public init(x: Double, width: Double, bands: [BandRecord], totalSignal: Double) {
    self.x = x
    self.width = width
    self.bands = bands
    self.totalSignal = totalSignal
  }
}

/// The analysis as the pipeline sees it: an image and settings in, lanes and bands out.
/// `DensitoAnalysisAdapter` is the real one; tests use fakes with known answers.
public protocol BlotAnalyzing: Sendable {
  /// Finds lanes and bands in `image`, inside `blot.region` when it is set (already checked
  /// to lie inside the image). Coordinates are reported in the full image's pixels.
  /// `layout` is the lane layout the experiment expects (lane finding may use its count).
  /// `image` is consumed: an analyzer may free it before it returns (the caller hands it over
  /// with `consume` and keeps nothing of it, so one scan fewer is in memory).
  func analyze(
    _ image: consuming GrayImage, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings

  /// The same, told where `image` came from (so an analyzer may reuse an earlier identical
  /// analysis, see ``AnalysisMemo``). The default ignores `source`.
  func analyze(
    _ image: consuming GrayImage, source: ImageSource, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings
}

extension BlotAnalyzing {
  public func analyze(
    _ image: consuming GrayImage, source: ImageSource, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings {
    try analyze(consume image, blot: blot, layout: layout, parameters: parameters)
  }
}
