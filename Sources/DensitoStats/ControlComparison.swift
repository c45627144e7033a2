/// Which comparisons share one Šídák correction after a two-way ANOVA.
public enum ComparisonFamily: String, Sendable, Equatable, CaseIterable {
  /// All comparisons with the control across all rows form one family: k = rows × (columns − 1).
  /// Prism's default ("all comparisons in the analysis").
  case allRows
  /// Each row is its own family: k = columns − 1.
  case eachRow
}

/// One follow-up comparison of a group (cell) mean with its control mean, using the pooled
/// residual variance of the ANOVA (Fisher's LSD statistic, then Šídák's correction):
/// ```
/// d  = x̄_group − x̄_control
/// SE = √(MS_residual · (1/n_group + 1/n_control)),   ν = df_residual
/// t  = d / SE,   p = P(|T_ν| ≥ |t|)
/// p_Šídák = 1 − (1 − p)^k          (k = comparisons in the family)
/// CI = d ± t_{ν, α/2} SE;   simultaneous CI uses α₁ = 1 − (1 − α)^(1/k)
/// ```
/// This is the method GraphPad Prism documents for "compare each cell mean with the control
/// cell mean in that row" with the Šídák correction. (Prism suggests Dunnett's test for
/// comparisons with a control; Šídák's is slightly more conservative and is one of the
/// choices Prism offers.)
public struct ControlComparison: Sendable, Equatable {
  /// The row (level of factor A) of a two-way ANOVA; nil after a one-way ANOVA.
  public let row: Int?
  /// The group (column) compared with the control.
  public let group: Int
  /// The control group (column).
  public let control: Int
  /// d = x̄_group − x̄_control.
  public let difference: Double
  public let standardError: Double
  public let t: Double
  public let degreesOfFreedom: Int
  /// Unadjusted two-sided p-value.
  public let p: Double
  /// k: how many comparisons share the correction.
  public let familySize: Int
  /// Šídák-adjusted p-value 1 − (1 − p)^k.
  public let adjustedP: Double
  /// Unadjusted CI of d.
  public let confidenceInterval: ConfidenceInterval
  /// Šídák-simultaneous CI of d: all k intervals cover together with probability `level`.
  public let simultaneousConfidenceInterval: ConfidenceInterval

  /// Prism's star summary of the Šídák-adjusted p (what Prism shows for multiple
  /// comparisons).
  public var significance: Significance { Significance(validP: adjustedP) }

  init(
    row: Int?, group: Int, control: Int, groupStatistics: DescriptiveStatistics,
    controlStatistics: DescriptiveStatistics, residual: ANOVAResidual, familySize: Int,
    confidenceLevel: Double
  ) throws {
    let difference = groupStatistics.mean - controlStatistics.mean
    let inverseCounts = 1 / Double(groupStatistics.count) + 1 / Double(controlStatistics.count)
    let standardError = (residual.meanSquare * inverseCounts).squareRoot()
    let df = Double(residual.degreesOfFreedom)
    let t = difference / standardError
    let p = try StudentTDistribution(degreesOfFreedom: df).twoSidedP(t)
    self.row = row
    self.group = group
    self.control = control
    self.difference = difference
    self.standardError = standardError
    self.t = t
    degreesOfFreedom = residual.degreesOfFreedom
    self.p = p
    self.familySize = familySize
    adjustedP = PValueAdjustment.sidak(p, familySize: familySize)
    confidenceInterval = try .around(
      difference, standardError: standardError, degreesOfFreedom: df, level: confidenceLevel)
    simultaneousConfidenceInterval = try .around(
      difference, standardError: standardError, degreesOfFreedom: df, level: confidenceLevel,
      alpha: PValueAdjustment.sidakPerComparisonAlpha(1 - confidenceLevel, familySize: familySize))
  }
}
