import DensitoExperiment

/// A methods paragraph that states what the analysis did, generated from the experiment's
/// settings (never from defaults it did not use), ready to paste into a manuscript.
public struct MethodsText: Sendable {
  public var result: ExperimentResult
  public var version: String

  public init(result: ExperimentResult, version: String) {
    self.result = result
    self.version = version
  }

  /// How the images were read: the polarity and signal model, as given or as detected
  /// (with the number of images of each kind when they differ).
  var imagesSentence: String {
    let a = result.experiment.analysis
    func describe(_ values: [String], _ name: (String) -> String) -> String {
      var counts: [(String, Int)] = []
      for v in values {
        if let i = counts.firstIndex(where: { $0.0 == v }) { counts[i].1 += 1 } else { counts.append((v, 1)) }
      }
      if counts.count == 1 { return name(counts[0].0) }
      return counts.map { "\(name($0.0)) (\($0.1) images)" }.joined(separator: " or ")
    }
    let polarity = describe(result.blots.map(\.polarity)) {
      $0 == "dark-bands" ? "dark bands on a light background" : ($0 == "light-bands" ? "light bands on a dark background" : $0)
    }
    let signal = describe(result.blots.map(\.signal)) { $0.replacingOccurrences(of: "-", with: " ") }
    let polarityHow = a.polarity == nil ? "detected automatically as" : "set to"
    let signalHow = a.signal == nil ? "chosen automatically as" : "set to"
    return "Band polarity was \(polarityHow) \(polarity), and the signal model was \(signalHow) \(signal)."
  }

  /// How the band of each lane was chosen, by the rules that applied to these blots.
  var bandChoiceSentence: String {
    let e = result.experiment
    let hasLadder = e.lanes.contains { if case .ladder = $0 { return true } else { return false } }
    var rules: [String] = []
    if e.blots.contains(where: { $0.bandWindow != nil }) {
      rules.append("the largest band within the rows given for the blot")
    }
    if hasLadder && e.blots.contains(where: { $0.kDa != nil }) {
      rules.append(
        "the band nearest the expected molecular weight on the ladder's calibration "
          + "(within a factor of \(NumberFormat.value(BandChooser.kDaFactor)))")
    }
    rules.append("the band row shared by most lanes")
    return "In each lane the target band was " + rules.joined(separator: "; otherwise ") + "."
  }

  public var paragraph: String {
    let e = result.experiment
    let a = e.analysis
    var s: [String] = []
    let blotCount = e.blots.count
    let targets = e.targets.filter { $0 != e.loadingControl }
    s.append(
      "Densitometry of \(blotCount) western blot image\(blotCount == 1 ? "" : "s") "
        + "(\(targets.joined(separator: ", ")); loading control \(e.loadingControl)) was performed "
        + "with Densito \(version).")
    s.append(imagesSentence)
    if let method = a.background, method != "none" {
      let radius = a.backgroundRadius ?? DensitoAnalysisAdapter.defaultBackgroundRadius
      let name = method == "paraboloid" ? "sliding paraboloid" : "rolling ball"
      s.append(
        "A two-dimensional background was first subtracted with the \(name) algorithm "
          + "(radius \(NumberFormat.value(radius)) pixels, identical to ImageJ's Subtract Background).")
    }
    s.append(
      "Lanes were located from the column intensity profile (with automatic skew correction), "
        + "and each lane's profile was taken as the mean signal across its integration columns, row by row.")
    switch a.baseline ?? "valley-to-valley" {
    case "none":
      s.append("No baseline was subtracted from the lane profiles.")
    case "lane-border-median":
      s.append("The background under each band was the per-row median of the gaps between lanes, smoothed along the lane.")
    case "rolling-ball":
      let radius = a.baselineRadius ?? DensitoAnalysisAdapter.defaultBaselineRadius
      s.append(
        "The background under each band was a rolling-ball baseline of each lane profile "
          + "(radius \(NumberFormat.value(radius)) pixels: the profile's grayscale opening by a ball).")
    default:
      s.append("The background under each band was a straight baseline joining the profile's level just above and just below the band (valley to valley, as drawn in ImageJ's gel analysis).")
    }
    s.append(
      "Band volume was the sum of signal minus baseline over the band's rows times the lane width "
        + "(integrated density). " + bandChoiceSentence)
    let threshold = a.saturationThreshold ?? 0.01
    s.append(
      "Bands with more than \(NumberFormat.value(threshold * 100))% of their pixels at the detector limit were flagged as saturated"
        + (e.statistics.includeSaturated ? " but kept in the ratios." : " and excluded from the ratios."))
    switch e.normalization {
    case .loadingControl:
      s.append("Each target volume was divided by the \(e.loadingControl) volume of the same lane.")
    case .totalProtein:
      s.append("Each target volume was divided by the whole-lane signal of a total-protein stain of the same blot.")
    case .sumOfReplicates:
      s.append("Each target volume was divided by the \(e.loadingControl) volume of the same lane, and the ratios were then divided by their sum over each blot (Degasperi et al. 2014).")
    }
    s.append("Fold changes are the group mean divided by the mean of the \(e.controlGroup) group; error bars show \(e.statistics.errorBars == .sem ? "the standard error of the mean" : "the standard deviation").")
    switch e.statistics.test {
    case .student:
      s.append("Each group was compared with \(e.controlGroup) by Student's two-sided t-test on the relative values.")
    case .welch:
      s.append("Each group was compared with \(e.controlGroup) by Welch's two-sided t-test on the relative values.")
    case .twoWayANOVA:
      s.append("Relative values were analysed by two-way ANOVA (target × group with interaction, Type III sums of squares), followed by comparisons of each group with \(e.controlGroup) within each target using the pooled residual mean square, with Šídák's correction for multiple comparisons.")
    }
    switch e.statistics.correction {
    case .none: break
    case .holm: s.append("P-values were adjusted across targets with Holm's method.")
    case .benjaminiHochberg: s.append("P-values were adjusted across targets with the Benjamini–Hochberg procedure.")
    }
    s.append("Significance: \(FoldChangeChart.starLegend).")
    return s.joined(separator: " ")
  }
}
