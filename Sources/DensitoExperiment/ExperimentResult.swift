/// Everything `densito analyze` computed for one experiment: what each blot showed, the
/// normalized ratios, and the fold changes with their tests. Plain values: the report
/// module writes them as CSV, JSON, SVG and HTML.
public struct ExperimentResult: Sendable, Equatable {
  public var experiment: Experiment
  public var blots: [BlotResult]
  public var normalized: [NormalizedValue]
  public var foldChanges: [FoldChangeRow]
  /// The two-way ANOVA table, when that test was chosen.
  public var anova: [ANOVARow]
  /// Problems a reader must know of: saturated bands, excluded lanes, lossy inputs.
  public var warnings: [String]

  public init(
    experiment: Experiment, blots: [BlotResult], normalized: [NormalizedValue],
    foldChanges: [FoldChangeRow], anova: [ANOVARow] = [], warnings: [String] = []
  ) {
    self.experiment = experiment
    self.blots = blots
    self.normalized = normalized
    self.foldChanges = foldChanges
    self.anova = anova
    self.warnings = warnings
  }
}

/// One blot as analysed.
public struct BlotResult: Sendable, Equatable, Codable {
  public var index: Int
  public var target: String
  /// The image path as written in the experiment file.
  public var image: String
  public var sha256: String
  public var width: Int
  public var height: Int
  public var lossy: Bool
  public var polarity: String
  public var signal: String
  public var lanes: [LaneRecord]
  public var warnings: [String]

  public init(
    index: Int, target: String, image: String, sha256: String, width: Int, height: Int,
    lossy: Bool, polarity: String, signal: String, lanes: [LaneRecord], warnings: [String]
  ) {
    self.index = index
    self.target = target
    self.image = image
    self.sha256 = sha256
    self.width = width
    self.height = height
    self.lossy = lossy
    self.polarity = polarity
    self.signal = signal
    self.lanes = lanes
    self.warnings = warnings
  }
}

/// One lane of a blot, with every band found and the one used.
public struct LaneRecord: Sendable, Equatable, Codable {
  public var index: Int
  /// Lane centre and width, pixels, image coordinates.
  public var x: Double
  public var width: Double
  /// "sample", "ladder" or "empty".
  public var kind: String
  public var sample: String?
  public var group: String?
  public var bands: [BandRecord]
  /// Index into `bands` of the band used for the ratio.
  public var chosen: Int?

  public init(
    index: Int, x: Double, width: Double, kind: String, sample: String?, group: String?,
    bands: [BandRecord], chosen: Int?
  ) {
    self.index = index
    self.x = x
    self.width = width
    self.kind = kind
    self.sample = sample
    self.group = group
    self.bands = bands
    self.chosen = chosen
  }
}

/// One band: where it is and how much signal it holds.
public struct BandRecord: Sendable, Equatable, Codable {
  /// Centre, top and bottom rows (pixels, image coordinates).
  public var y: Double
  public var top: Double
  public var bottom: Double
  /// Sum of signal minus background over the band (signal units × pixels).
  public var volume: Double
  /// Mean background level under the band (signal units).
  public var background: Double
  public var peakHeight: Double
  public var saturated: Bool
  public var saturatedFraction: Double
  public var kDa: Double?
  /// Why a saturated band is flagged: `detectorLimit` (pixels at 0 or the bit depth's maximum)
  /// or `responsePlateau` (a flat top at the image's extreme level: film at its maximum
  /// density); nil when not saturated. Absent from `analysis.json` when nil.
  public var saturationReason: String?

  public init(
    y: Double, top: Double, bottom: Double, volume: Double, background: Double,
    peakHeight: Double, saturated: Bool, saturatedFraction: Double, kDa: Double?,
    saturationReason: String? = nil
  ) {
    self.y = y
    self.top = top
    self.bottom = bottom
    self.volume = volume
    self.background = background
    self.peakHeight = peakHeight
    self.saturated = saturated
    self.saturatedFraction = saturatedFraction
    self.kDa = kDa
    self.saturationReason = saturationReason
  }
}

/// A target's fold change for one group against control, with its test.
public struct FoldChangeRow: Sendable, Equatable, Codable {
  public var target: String
  public var group: String
  public var controlGroup: String
  public var nControl: Int
  public var nGroup: Int
  /// Mean normalized ratio of each group.
  public var meanControl: Double
  public var meanGroup: Double
  /// meanGroup / meanControl.
  public var foldChange: Double
  /// SD and SEM of the group's ratios divided by the control mean (the bar's error).
  public var sd: Double
  public var sem: Double
  /// SD of the control's ratios divided by the control mean.
  public var sdControl: Double
  public var semControl: Double
  public var test: String
  public var statistic: Double?
  public var df: Double?
  public var pValue: Double?
  /// After the chosen correction (Holm / BH across targets, or Šídák for the ANOVA).
  public var pAdjusted: Double?
  /// GraphPad-style stars for the p-value that is reported as significant.
  public var significance: String

  public init(
    target: String, group: String, controlGroup: String, nControl: Int, nGroup: Int,
    meanControl: Double, meanGroup: Double, foldChange: Double, sd: Double, sem: Double,
    sdControl: Double, semControl: Double, test: String, statistic: Double?, df: Double?,
    pValue: Double?, pAdjusted: Double?, significance: String
  ) {
    self.target = target
    self.group = group
    self.controlGroup = controlGroup
    self.nControl = nControl
    self.nGroup = nGroup
    self.meanControl = meanControl
    self.meanGroup = meanGroup
    self.foldChange = foldChange
    self.sd = sd
    self.sem = sem
    self.sdControl = sdControl
    self.semControl = semControl
    self.test = test
    self.statistic = statistic
    self.df = df
    self.pValue = pValue
    self.pAdjusted = pAdjusted
    self.significance = significance
  }
}

/// One line of an ANOVA table.
public struct ANOVARow: Sendable, Equatable, Codable {
  public var source: String
  public var sumOfSquares: Double
  public var df: Double
  public var meanSquare: Double?
  public var f: Double?
  public var p: Double?

  public init(source: String, sumOfSquares: Double, df: Double, meanSquare: Double?, f: Double?, p: Double?) {
    self.source = source
    self.sumOfSquares = sumOfSquares
    self.df = df
    self.meanSquare = meanSquare
    self.f = f
    self.p = p
  }
}
