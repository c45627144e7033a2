/// How the background under each band is estimated from the lane (see `Docs/analysis.md`).
///
/// A plain enum (no raw values) so that a 1-D rolling-ball case with a radius can join it.
public enum LaneBaseline: Sendable, Equatable {
  /// No subtraction: volumes include the background under the band.
  case none
  /// A straight line under each band (or group of overlapping bands) joining the profile's
  /// mean level just above its top and just below its bottom (ImageJ's drawn baseline).
  case valleyToValley
  /// Per row, the median of the columns just outside the lane on both sides (the gaps
  /// between lanes), smoothed along the lane.
  case laneBorderMedian
  /// The 1-D rolling ball of `radius` rows under the lane profile (the grayscale opening of
  /// the profile by a disc, see `rollingBallBaseline(of:radius:)`): follows a curved
  /// background, and must be larger than the bands' half height.
  case rollingBall(radius: Double)

  /// The name used in reports and on the command line.
  public var name: String {
    switch self {
    case .none: return "none"
    case .valleyToValley: return "valley-to-valley"
    case .laneBorderMedian: return "lane-border-median"
    case .rollingBall: return "rolling-ball"
    }
  }
}

/// Which lanes to measure.
public enum LaneSpec: Sendable, Equatable {
  /// Found from the column profile; empty lanes between regularly spaced lanes are kept.
  case automatic
  /// Exactly this many lanes: the strongest ones if more are found, regular spacing to fill
  /// gaps and ends if fewer.
  case count(Int)
  /// Lanes given by the caller, in original image coordinates.
  case explicit([LaneRegion])
}

/// A lane given by the caller: columns x0..<x1 and optionally rows y0..<y1 (nil: the whole
/// analysed height), in original image coordinates.
public struct LaneRegion: Sendable, Equatable, Codable {
  public var x0: Int
  public var x1: Int
  public var y0: Int?
  public var y1: Int?

  public init(x0: Int, x1: Int, y0: Int? = nil, y1: Int? = nil) {
    self.x0 = x0
    self.x1 = x1
    self.y0 = y0
    self.y1 = y1
  }
}

/// The stored value at which the detector saturates.
public enum DetectorLimit: Sendable, Equatable {
  /// 0 for dark bands (what a full detector becomes after MinIsWhite inversion, or black
  /// film), `maxValue` for light bands.
  case automatic
  /// A given stored value (e.g. a camera's full well below the file's range, or a film's
  /// measured plateau); pixels at or beyond it, in the band direction, count as saturated.
  case value(Double)

  /// Whether the automatic limit (the ends of the file's scale, 0 and `maxValue`) applies to
  /// samples spanning `samples`: always for integer data (an ADC's or a scanner's range);
  /// for floating-point data only when every sample lies on [0, maxValue] — values beyond it
  /// (a background-subtracted or calibrated image) are not detector readings, and no value
  /// of theirs is a limit.
  public static func automaticApplies(
    floatingPoint: Bool, samples: ClosedRange<Float>, maxValue: Float
  ) -> Bool {
    !floatingPoint || (samples.lowerBound >= 0 && samples.upperBound <= maxValue)
  }
}

/// Whether lanes are followed at an angle.
public enum SkewCorrection: Sendable, Equatable {
  /// Estimated from the image in −6°...6° (the angle that makes the lanes sharpest).
  case automatic
  /// Lanes are vertical.
  case none
  /// A given angle in degrees, same sign convention as ``BlotAnalysis/skewDegrees``.
  case degrees(Double)
}

/// Whether constant borders (transparent padding stored as 0, white margins) are removed.
public enum BorderTrim: String, Sendable, Equatable, Codable {
  /// Edge rows and columns whose every sample equals 0 or `maxValue` are dropped.
  case automatic
  case none
}

/// A molecular-weight ladder: its lane and its band sizes from top to bottom.
public struct LadderSpec: Sendable, Equatable {
  /// Zero-based lane index.
  public var laneIndex: Int
  /// kDa of the ladder bands, top (largest) to bottom.
  public var kDa: [Double]

  public init(laneIndex: Int, kDa: [Double]) {
    self.laneIndex = laneIndex
    self.kDa = kDa
  }
}

/// Everything ``analyzeBlot(_:options:)`` can be told. The defaults analyse a whole image
/// automatically.
public struct AnalysisOptions: Sendable, Equatable {
  /// nil: decided from the histogram (``PolarityDecision``).
  public var polarity: Polarity?
  /// nil: chosen from the file (see ``SignalChoice``).
  public var signal: SignalModel?
  public var lanes: LaneSpec
  /// Which way the lanes run. Default `.vertical`; nil asks for the automatic decision
  /// (``OrientationDecision``), a heuristic that can misjudge strips with few, strong bands.
  /// Horizontal lanes are analysed on the transposed image, so lane and band coordinates
  /// are then in that frame (x across the lanes = image rows; see
  /// ``BlotAnalysis/imageRect(of:)``), and so are ``LaneSpec/explicit(_:)`` regions.
  public var orientation: LaneOrientation?
  /// Analyse only this rectangle (original image coordinates).
  public var crop: PixelRect?
  public var borderTrim: BorderTrim
  public var skew: SkewCorrection
  public var baseline: LaneBaseline
  /// A band is flagged saturated when more than this fraction of its pixels is at the
  /// detector limit. Default 0.01 (1 %).
  public var saturationThreshold: Double
  public var detectorLimit: DetectorLimit
  /// Half-width of a band's integration window in units of its own Gaussian σ (estimated
  /// from its half width at half maximum). 3 captures 99.73 % of a Gaussian band.
  public var bandWindowSigmas: Double
  /// Peaks must rise above their surroundings by this many noise standard deviations.
  public var minimumProminence: Double
  /// Peaks lower than this fraction of the blot's highest band are not bands. Real profiles
  /// carry texture (membrane, smears, compression artefacts) that is not white noise; on a
  /// real chemiluminescence scan, hundreds of 6σ "peaks" below 0.05 % of the main band
  /// appeared. Default 0.01: two decades below the strongest band, about the linear range
  /// of film and beyond what most blots can quantify. 0 disables the floor.
  public var minimumRelativeHeight: Double
  public var ladder: LadderSpec?

  public init(
    polarity: Polarity? = nil, signal: SignalModel? = nil, lanes: LaneSpec = .automatic,
    orientation: LaneOrientation? = .vertical, crop: PixelRect? = nil, borderTrim: BorderTrim = .automatic,
    skew: SkewCorrection = .automatic, baseline: LaneBaseline = .valleyToValley,
    saturationThreshold: Double = 0.01, detectorLimit: DetectorLimit = .automatic,
    bandWindowSigmas: Double = 3, minimumProminence: Double = 6,
    minimumRelativeHeight: Double = 0.01, ladder: LadderSpec? = nil
  ) {
    self.polarity = polarity
    self.signal = signal
    self.lanes = lanes
    self.orientation = orientation
    self.crop = crop
    self.borderTrim = borderTrim
    self.skew = skew
    self.baseline = baseline
    self.saturationThreshold = saturationThreshold
    self.detectorLimit = detectorLimit
    self.bandWindowSigmas = bandWindowSigmas
    self.minimumProminence = minimumProminence
    self.minimumRelativeHeight = minimumRelativeHeight
    self.ladder = ladder
  }
}
