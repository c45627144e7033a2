import Foundation

/// Which variance model an unpaired t-test uses.
public enum VarianceAssumption: String, Sendable, Equatable, CaseIterable {
  /// Student's test: both groups share one variance, estimated by pooling. Prism's default
  /// for an unpaired t-test.
  case equal
  /// Welch's test: each group has its own variance; Welch–Satterthwaite degrees of freedom.
  case unequal
}

/// An unpaired, two-tailed two-sample t-test of a group against a control.
///
/// With n, x̄, s² of the control (c) and the group (g), d = x̄_g − x̄_c:
/// ```
/// Student (.equal):   s_p² = (SS_c + SS_g)/(n_c + n_g − 2)
///                     SE = √(s_p² (1/n_c + 1/n_g)),   ν = n_c + n_g − 2
/// Welch (.unequal):   v_c = s_c²/n_c,  v_g = s_g²/n_g,  SE = √(v_c + v_g)
///                     ν = (v_c + v_g)² / (v_c²/(n_c − 1) + v_g²/(n_g − 1))
/// t = d / SE,   p = P(|T_ν| ≥ |t|),   CI = d ± t_{ν, 1−α/2} · SE
/// ```
/// Sign convention: the difference is group − control (Prism's "B − A" with the control in
/// column A; scipy's `ttest_ind(group, control)` gives the same t).
///
/// Assumptions: independent observations, normal distributions in each group, and (for
/// Student) equal variances.
///
/// Constant data: when both groups have zero variance the standard error is 0. If the means
/// differ, t = ±∞ and p = 0 (the evidence is unbounded; scipy returns the same), the CI has
/// zero width, and for Welch ν (0/0) is reported as n_c + n_g − 2. If the means are equal the
/// initializer throws `StatisticsError.constantSamplesWithEqualMeans`: no NaN is ever returned.
///
/// References: Student. "The probable error of a mean." Biometrika 6(1), 1–25 (1908).
/// Welch, B. L. "The generalization of 'Student's' problem when several different population
/// variances are involved." Biometrika 34(1–2), 28–35 (1947).
public struct TwoSampleTTest: Sendable, Equatable {
  public let variance: VarianceAssumption
  public let control: DescriptiveStatistics
  public let group: DescriptiveStatistics
  /// d = x̄_group − x̄_control.
  public let difference: Double
  /// SE of d.
  public let standardError: Double
  /// t = d / SE (±∞ for constant groups with different means).
  public let t: Double
  /// ν (fractional for Welch).
  public let degreesOfFreedom: Double
  /// Two-sided p-value.
  public let p: Double
  /// CI of d at `confidenceLevel`.
  public let confidenceInterval: ConfidenceInterval

  /// Prism's star summary of `p`.
  public var significance: Significance { Significance(validP: p) }

  /// Runs the test.
  /// - Parameters:
  ///   - control: Control values, n ≥ 2, finite.
  ///   - group: Values of the group compared with the control, n ≥ 2, finite.
  ///   - variance: `.equal` (Student, default) or `.unequal` (Welch).
  ///   - confidenceLevel: Level of the CI of the difference, in (0, 1).
  /// - Throws: `StatisticsError.tooFewValues`, `.nonFiniteValue`,
  ///   `.constantSamplesWithEqualMeans`, `.invalidParameter`.
  public init(
    control: [Double], group: [Double], variance: VarianceAssumption = .equal,
    confidenceLevel: Double = 0.95
  ) throws {
    try StatisticsError.requireConfidenceLevel(confidenceLevel)
    for (name, values) in [("control", control), ("group", group)] where values.count < 2 {
      throw StatisticsError.tooFewValues(sample: name, count: values.count, minimum: 2)
    }
    let c = try DescriptiveStatistics(control, sample: "control")
    let g = try DescriptiveStatistics(group, sample: "group")
    let nC = Double(c.count)
    let nG = Double(g.count)
    let pooledDF = nC + nG - 2
    let standardError: Double
    var degreesOfFreedom: Double
    switch variance {
    case .equal:
      let pooled = (c.sumOfSquaredDeviations + g.sumOfSquaredDeviations) / pooledDF
      standardError = (pooled * (1 / nC + 1 / nG)).squareRoot()
      degreesOfFreedom = pooledDF
    case .unequal:
      let vC = c.sumOfSquaredDeviations / (nC - 1) / nC
      let vG = g.sumOfSquaredDeviations / (nG - 1) / nG
      standardError = (vC + vG).squareRoot()
      degreesOfFreedom = (vC + vG) * (vC + vG) / (vC * vC / (nC - 1) + vG * vG / (nG - 1))
      if standardError == 0 { degreesOfFreedom = pooledDF }
    }
    let difference = g.mean - c.mean
    if standardError == 0 && difference == 0 {
      throw StatisticsError.constantSamplesWithEqualMeans(mean: c.mean)
    }
    let t = difference / standardError
    let distribution = try StudentTDistribution(degreesOfFreedom: degreesOfFreedom)
    self.variance = variance
    self.control = c
    self.group = g
    self.difference = difference
    self.standardError = standardError
    self.t = t
    self.degreesOfFreedom = degreesOfFreedom
    p = distribution.twoSidedP(t)
    confidenceInterval = try .around(
      difference, standardError: standardError, degreesOfFreedom: degreesOfFreedom,
      level: confidenceLevel)
  }
}
