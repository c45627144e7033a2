/// A two-sided confidence interval [lower, upper] at `level` (e.g. 0.95).
public struct ConfidenceInterval: Sendable, Equatable {
  public let level: Double
  public let lower: Double
  public let upper: Double

  public init(level: Double, lower: Double, upper: Double) {
    self.level = level
    self.lower = lower
    self.upper = upper
  }

  /// estimate ± t_crit · SE, where t_crit is the upper α/2 point of Student's t with
  /// `degreesOfFreedom`. `alpha` defaults to 1 − level; a Šídák-simultaneous interval passes
  /// the per-comparison α while `level` records the family-wise level.
  static func around(
    _ estimate: Double, standardError: Double, degreesOfFreedom: Double, level: Double,
    alpha: Double? = nil
  ) throws -> ConfidenceInterval {
    let distribution = try StudentTDistribution(degreesOfFreedom: degreesOfFreedom)
    let critical = try distribution.upperQuantile((alpha ?? (1 - level)) / 2)
    let halfWidth = standardError == 0 ? 0 : critical * standardError
    return ConfidenceInterval(
      level: level, lower: estimate - halfWidth, upper: estimate + halfWidth)
  }
}
