/// One lane's measurement on one blot, as the analysis found it.
public struct LaneMeasurement: Sendable, Equatable {
  /// Index of the blot in `Experiment.blots`.
  public var blot: Int
  public var target: String
  /// Zero-based lane index on the image, left to right.
  public var lane: Int
  public var sample: Sample
  /// Volume of the chosen band (signal units × pixels), nil when no band was found.
  public var volume: Double?
  public var saturated: Bool
  /// Whole-lane signal of the blot's total-protein stain, for total-protein normalization.
  public var totalProtein: Double?
  /// The replicate gel this blot belongs to (sum-of-replicates normalization).
  public var gel: String
  /// True when the experiment file excludes this sample on this blot.
  public var excludedByUser: Bool
  /// True when no band was found but the lane holds a clipped area (at least two of its
  /// rows' worth of pixels at the detector limit): most likely a band so far saturated
  /// that its flat top is not detected as a peak. Only changes the exclusion's reason.
  public var clippedWithoutBand: Bool

  public init(
    blot: Int, target: String, lane: Int, sample: Sample, volume: Double?, saturated: Bool,
    totalProtein: Double? = nil, gel: String, excludedByUser: Bool = false,
    clippedWithoutBand: Bool = false
  ) {
    self.blot = blot
    self.target = target
    self.lane = lane
    self.sample = sample
    self.volume = volume
    self.saturated = saturated
    self.totalProtein = totalProtein
    self.gel = gel
    self.excludedByUser = excludedByUser
    self.clippedWithoutBand = clippedWithoutBand
  }
}

/// Why a lane's ratio is left out of the statistics.
public enum ExclusionReason: String, Sendable, Equatable, Codable {
  case excludedInExperimentFile = "excluded in the experiment file"
  case noTargetBand = "no target band found"
  case noLoadingControlBand = "no loading-control band found"
  case targetSaturated = "target band saturated"
  case loadingControlSaturated = "loading-control band saturated"
  /// No band found in a lane with a clipped area (`LaneMeasurement.clippedWithoutBand`).
  case targetSaturatedNoBand = "no target band found; the lane is clipped at the detector limit"
  case loadingControlSaturatedNoBand =
    "no loading-control band found; the lane is clipped at the detector limit"
  case nonPositiveDenominator = "denominator is zero or negative"
  case noTotalProtein = "no total-protein signal"
  case nonPositiveVolume = "target volume is zero or negative"
  /// Volume / denominator overflowed or underflowed (e.g. a denominator near 1e-300): a
  /// ratio must be a finite positive number to enter a mean.
  case ratioNotFinite = "ratio is not a finite positive number"
}

/// A target's normalized value for one sample.
public struct NormalizedValue: Sendable, Equatable {
  public var target: String
  public var sample: Sample
  public var lane: Int
  public var blot: Int
  public var targetVolume: Double?
  /// The denominator: loading-control volume, or total-protein signal.
  public var denominator: Double?
  /// target / denominator (then / its gel's sum, for sum-of-replicates); nil when excluded.
  public var ratio: Double?
  public var excluded: ExclusionReason?

  public init(
    target: String, sample: Sample, lane: Int, blot: Int, targetVolume: Double?,
    denominator: Double?, ratio: Double?, excluded: ExclusionReason?
  ) {
    self.target = target
    self.sample = sample
    self.lane = lane
    self.blot = blot
    self.targetVolume = targetVolume
    self.denominator = denominator
    self.ratio = ratio
    self.excluded = excluded
  }
}

/// Turns band volumes into ratios that can be compared across lanes.
///
/// - Loading control: `ratio = V_target / V_control`, both from the same lane (the same
///   sample) of their blots.
/// - Total protein: `ratio = V_target / S_lane`, with `S_lane` the whole-lane signal of a
///   total-protein stain of the same membrane.
/// - Sum of replicates (Degasperi et al., PLoS ONE 9(1), e87293, 2014,
///   doi:10.1371/journal.pone.0087293): the loading-control ratios of each gel are divided by
///   their sum over that gel, so blots run on different gels become comparable without a
///   reference lane.
///
/// A lane is excluded, with its reason, when it was excluded by the user, a band is
/// missing, a band is saturated (unless `includeSaturated`), or the denominator is not
/// positive. Exclusion of a loading-control lane excludes that sample on every target.
/// Every ratio returned is finite and positive (anything else is excluded as
/// `.ratioNotFinite`), so no NaN or infinity can reach a mean, a CSV or `analysis.json`.
public enum Normalizer {
  public static func normalize(
    _ measurements: [LaneMeasurement], loadingControl: String, method: Normalization,
    includeSaturated: Bool
  ) -> [NormalizedValue] {
    // Loading-control volume per sample (first blot that has it).
    var controlBySample: [String: LaneMeasurement] = [:]
    for m in measurements where m.target == loadingControl && controlBySample[m.sample.name] == nil {
      controlBySample[m.sample.name] = m
    }
    var values: [NormalizedValue] = []
    for m in measurements where m.target != loadingControl {
      var value = NormalizedValue(
        target: m.target, sample: m.sample, lane: m.lane, blot: m.blot, targetVolume: m.volume,
        denominator: nil, ratio: nil, excluded: nil)
      let control = controlBySample[m.sample.name]
      switch method {
      case .loadingControl, .sumOfReplicates:
        value.denominator = control?.volume
      case .totalProtein:
        value.denominator = m.totalProtein
      }
      value.excluded = exclusion(
        m, control: method == .totalProtein ? nil : control, method: method,
        denominator: value.denominator, includeSaturated: includeSaturated)
      if value.excluded == nil, let v = m.volume, let d = value.denominator {
        let ratio = v / d
        if ratio.isFinite && ratio > 0 {
          value.ratio = ratio
        } else {
          value.excluded = .ratioNotFinite
        }
      }
      values.append(value)
    }
    if method == .sumOfReplicates {
      values = dividedByGelSums(values, gels: measurements)
    }
    return values
  }

  static func exclusion(
    _ m: LaneMeasurement, control: LaneMeasurement?, method: Normalization, denominator: Double?,
    includeSaturated: Bool
  ) -> ExclusionReason? {
    if m.excludedByUser || (control?.excludedByUser ?? false) { return .excludedInExperimentFile }
    guard let volume = m.volume else { return m.clippedWithoutBand ? .targetSaturatedNoBand : .noTargetBand }
    if method == .totalProtein {
      guard let d = denominator else { return .noTotalProtein }
      if !includeSaturated && m.saturated { return .targetSaturated }
      if !(d > 0) { return .nonPositiveDenominator }
    } else {
      guard let control, control.volume != nil else {
        return (control?.clippedWithoutBand ?? false) ? .loadingControlSaturatedNoBand : .noLoadingControlBand
      }
      if !includeSaturated && m.saturated { return .targetSaturated }
      if !includeSaturated && control.saturated { return .loadingControlSaturated }
      if !((denominator ?? 0) > 0) { return .nonPositiveDenominator }
    }
    if !(volume > 0) { return .nonPositiveVolume }
    return nil
  }

  /// Divides each ratio by the sum of the included ratios of the same target on the same gel.
  static func dividedByGelSums(_ values: [NormalizedValue], gels measurements: [LaneMeasurement])
    -> [NormalizedValue]
  {
    var gelOfBlot: [Int: String] = [:]
    for m in measurements { gelOfBlot[m.blot] = m.gel }
    struct Key: Hashable {
      var target: String
      var gel: String
    }
    var sums: [Key: Double] = [:]
    for v in values {
      if let r = v.ratio { sums[Key(target: v.target, gel: gelOfBlot[v.blot] ?? ""), default: 0] += r }
    }
    return values.map { v in
      var v = v
      if let r = v.ratio, let s = sums[Key(target: v.target, gel: gelOfBlot[v.blot] ?? "")], s > 0 {
        // s ≥ r > 0, so r / s is in (0, 1] unless s overflowed to +∞ (then 0: excluded).
        let scaled = r / s
        if scaled.isFinite && scaled > 0 {
          v.ratio = scaled
        } else {
          v.ratio = nil
          v.excluded = .ratioNotFinite
        }
      }
      return v
    }
  }
}
