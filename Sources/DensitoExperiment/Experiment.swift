/// One experiment: the lanes loaded on the gels, the blots imaged, and how to compare groups.
///
/// Read from a YAML (or JSON) file by `ExperimentFile.load(atPath:)`; see
/// Docs/user-guide.md for the file's keys.
public struct Experiment: Sendable, Equatable {
  public var title: String
  /// The target every lane is divided by (e.g. "beta-actin").
  public var loadingControl: String
  /// The group the others are compared with.
  public var controlGroup: String
  /// Every lane of the images, left to right (the default layout of every blot).
  public var lanes: [LaneAssignment]
  public var blots: [BlotSpec]
  public var statistics: StatisticsSpec
  public var normalization: Normalization
  /// Analysis parameters for every blot (each blot may override them).
  public var analysis: AnalysisParameters
  /// The directory image paths are relative to (the experiment file's folder).
  public var baseDirectory: String
  /// The experiment file itself, for messages.
  public var sourcePath: String

  public init(
    title: String, loadingControl: String, controlGroup: String, lanes: [LaneAssignment],
    blots: [BlotSpec], statistics: StatisticsSpec = StatisticsSpec(),
    normalization: Normalization = .loadingControl, analysis: AnalysisParameters = .init(),
    baseDirectory: String = ".", sourcePath: String = "experiment"
  ) {
    self.title = title
    self.loadingControl = loadingControl
    self.controlGroup = controlGroup
    self.lanes = lanes
    self.blots = blots
    self.statistics = statistics
    self.normalization = normalization
    self.analysis = analysis
    self.baseDirectory = baseDirectory
    self.sourcePath = sourcePath
  }

  /// The sample lanes of the default layout.
  public var samples: [Sample] {
    lanes.compactMap { if case .sample(let s) = $0 { return s } else { return nil } }
  }

  /// Group names in order of first appearance, the control group first.
  public var groups: [String] {
    var seen: [String] = [controlGroup]
    for lane in lanes + blots.flatMap({ $0.lanes ?? [] }) {
      if case .sample(let s) = lane, !seen.contains(s.group) { seen.append(s.group) }
    }
    return seen
  }

  /// Targets in file order, the loading control first.
  public var targets: [String] {
    var seen: [String] = [loadingControl]
    for blot in blots where !seen.contains(blot.target) { seen.append(blot.target) }
    return seen
  }

  /// The lane layout of `blot`: its own when given, else the experiment's.
  public func layout(of blot: BlotSpec) -> [LaneAssignment] { blot.lanes ?? lanes }
}

/// A biological sample loaded in one lane.
public struct Sample: Sendable, Equatable, Hashable {
  public var name: String
  public var group: String
  public init(name: String, group: String) {
    self.name = name
    self.group = group
  }
}

/// What a lane holds.
public enum LaneAssignment: Sendable, Equatable {
  case sample(Sample)
  /// A molecular-weight marker with its kDa values, top to bottom.
  case ladder([Double])
  /// A lane with nothing loaded (kept so lane positions stay right).
  case empty

  public var sample: Sample? {
    if case .sample(let s) = self { return s }
    return nil
  }
}

/// One image (or one region of an image) probed for one target.
public struct BlotSpec: Sendable, Equatable {
  public var target: String
  /// The image path as written in the file (relative to the experiment's folder).
  public var image: String
  /// Expected molecular weight of the target band, used to choose among bands.
  public var kDa: Double?
  /// Crop in pixels: x, y, width, height.
  public var region: PixelRegion?
  /// This blot's own lane layout (for blots whose lanes differ from the experiment's).
  public var lanes: [LaneAssignment]?
  /// Lane geometry given by the user instead of automatic lane finding.
  public var laneGeometry: LaneGeometry?
  /// Samples left out of this blot's ratios.
  public var exclude: [String]
  /// Choose the band whose centre lies in this y window (pixels, image coordinates).
  public var bandWindow: ClosedRange<Double>?
  /// The total-protein stain image of this blot (for total-protein normalization).
  public var totalProteinImage: String?
  /// Replicate gel this blot belongs to (for sum-of-replicates normalization).
  public var gel: String?
  /// Page of a multi-page TIFF.
  public var page: Int
  /// Parameters that override the experiment's for this blot.
  public var analysis: AnalysisParameters
  /// Where the blot is written in the experiment file (one-based line), for messages.
  public var line: Int?

  public init(
    target: String, image: String, kDa: Double? = nil, region: PixelRegion? = nil,
    lanes: [LaneAssignment]? = nil, laneGeometry: LaneGeometry? = nil, exclude: [String] = [],
    bandWindow: ClosedRange<Double>? = nil, totalProteinImage: String? = nil, gel: String? = nil,
    page: Int = 0, analysis: AnalysisParameters = .init(), line: Int? = nil
  ) {
    self.target = target
    self.image = image
    self.kDa = kDa
    self.region = region
    self.lanes = lanes
    self.laneGeometry = laneGeometry
    self.exclude = exclude
    self.bandWindow = bandWindow
    self.totalProteinImage = totalProteinImage
    self.gel = gel
    self.page = page
    self.analysis = analysis
    self.line = line
  }
}

/// A rectangle in pixel coordinates (origin top-left).
public struct PixelRegion: Sendable, Equatable, Codable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int
  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }
}

/// Lanes placed by the user.
public enum LaneGeometry: Sendable, Equatable {
  /// Find exactly this many lanes automatically.
  case count(Int)
  /// Lane centres (x, pixels) with one width for all.
  case centers([Double], width: Double?)
  /// Lane extents: left and right edge (x, pixels) of each lane.
  case extents([ClosedRange<Double>])
}

/// How volumes are made comparable across lanes.
public enum Normalization: String, Sendable, Equatable, CaseIterable {
  /// Target volume / loading-control volume in the same lane.
  case loadingControl = "loading-control"
  /// Target volume / whole-lane signal of a total-protein stain of the same blot.
  case totalProtein = "total-protein"
  /// Loading-control ratios, then divided by their sum over each gel (Degasperi et al. 2014).
  case sumOfReplicates = "sum-of-replicates"
}

/// Which test compares groups, and how p-values are corrected.
public struct StatisticsSpec: Sendable, Equatable {
  public enum Test: String, Sendable, Equatable, CaseIterable {
    case student
    case welch
    case twoWayANOVA = "two-way-anova"
  }
  public enum Correction: String, Sendable, Equatable, CaseIterable {
    case none
    case holm
    case benjaminiHochberg = "bh"
  }
  public enum ErrorBars: String, Sendable, Equatable, CaseIterable {
    case sd, sem
  }

  public var test: Test
  /// Correction across targets for the t-tests (the ANOVA uses Šídák within its family).
  public var correction: Correction
  public var errorBars: ErrorBars
  /// Keep saturated bands in the ratios (they are excluded by default).
  public var includeSaturated: Bool

  public init(
    test: Test = .student, correction: Correction = .none, errorBars: ErrorBars = .sd,
    includeSaturated: Bool = false
  ) {
    self.test = test
    self.correction = correction
    self.errorBars = errorBars
    self.includeSaturated = includeSaturated
  }
}

/// Analysis settings that an experiment (or one blot) may set. `nil` means "the default"
/// (automatic where the analysis decides automatically). Values are checked when the file
/// is read, so a misspelt choice points at its line.
public struct AnalysisParameters: Sendable, Equatable {
  /// "dark-bands" or "light-bands"; nil = automatic.
  public var polarity: String?
  /// "inverted", "brightness", "od"; nil = automatic.
  public var signal: String?
  /// Lane baseline: "valley-to-valley", "lane-border-median", "rolling-ball", "none";
  /// nil = the default (valley-to-valley).
  public var baseline: String?
  /// Radius in pixels of the rolling-ball lane baseline (default 50).
  public var baselineRadius: Double?
  /// 2-D background before profiles: "none", "rolling-ball", "paraboloid".
  public var background: String?
  public var backgroundRadius: Double?
  /// Fraction of a band's pixels at the detector limit above which it is flagged saturated.
  public var saturationThreshold: Double?
  /// Colour to gray: "mean", "luma", "red", "green", "blue".
  public var gray: String?
  /// Which way the lanes run: "vertical" (nil, the default), "horizontal" (the scan is
  /// analysed, and drawn, transposed; see ``BlotOrientation``) or "auto".
  public var orientation: String?

  public init(
    polarity: String? = nil, signal: String? = nil, baseline: String? = nil,
    baselineRadius: Double? = nil, background: String? = nil, backgroundRadius: Double? = nil,
    saturationThreshold: Double? = nil, gray: String? = nil, orientation: String? = nil
  ) {
    self.polarity = polarity
    self.signal = signal
    self.baseline = baseline
    self.baselineRadius = baselineRadius
    self.background = background
    self.backgroundRadius = backgroundRadius
    self.saturationThreshold = saturationThreshold
    self.gray = gray
    self.orientation = orientation
  }

  /// `self` with every unset value taken from `defaults`.
  public func merged(over defaults: AnalysisParameters) -> AnalysisParameters {
    AnalysisParameters(
      polarity: polarity ?? defaults.polarity, signal: signal ?? defaults.signal,
      baseline: baseline ?? defaults.baseline,
      baselineRadius: baselineRadius ?? defaults.baselineRadius,
      background: background ?? defaults.background,
      backgroundRadius: backgroundRadius ?? defaults.backgroundRadius,
      saturationThreshold: saturationThreshold ?? defaults.saturationThreshold,
      gray: gray ?? defaults.gray, orientation: orientation ?? defaults.orientation)
  }

  /// The allowed values of each choice-valued key.
  static let choices: [String: [String]] = [
    "polarity": ["auto", "dark-bands", "light-bands"],
    "signal": ["auto", "inverted", "brightness", "od"],
    "baseline": ["valley-to-valley", "lane-border-median", "rolling-ball", "none"],
    "background": ["none", "rolling-ball", "paraboloid"],
    "gray": ["mean", "luma", "red", "green", "blue"],
    "orientation": ["vertical", "horizontal", "auto"],
  ]
}
