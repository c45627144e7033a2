/// Ordinary one-way ANOVA of g independent groups, with follow-up comparisons of each group
/// against a control.
///
/// With N observations, group sizes nᵢ, means x̄ᵢ and grand mean x̄:
/// ```
/// SS_between = Σ nᵢ (x̄ᵢ − x̄)²,  df = g − 1
/// SS_within  = Σᵢ Σⱼ (xᵢⱼ − x̄ᵢ)²,  df = N − g
/// F = MS_between / MS_within,   p = P(F(g − 1, N − g) > F)
/// ```
/// Assumptions: independent observations, normal within each group, equal variances.
/// With two groups F = t² of Student's t-test.
///
/// Reference: Fisher, R. A. Statistical Methods for Research Workers (1925), ch. VII.
public struct OneWayANOVA: Sendable, Equatable {
  /// Per-group summaries, in input order.
  public let groups: [DescriptiveStatistics]
  public let betweenGroups: ANOVAEffect
  /// Within-groups (residual) row.
  public let residual: ANOVAResidual

  /// Runs the ANOVA.
  /// - Parameter groups: At least 2 groups, each with ≥ 1 finite value, and N − g ≥ 1.
  /// - Throws: `StatisticsError.tooFewGroups`, `.tooFewValues`, `.nonFiniteValue`,
  ///   `.zeroResidualDegreesOfFreedom`, `.zeroResidualVariance`.
  public init(_ groups: [[Double]]) throws {
    guard groups.count >= 2 else {
      throw StatisticsError.tooFewGroups(factor: "groups", count: groups.count, minimum: 2)
    }
    let summaries = try groups.enumerated().map { index, values in
      try DescriptiveStatistics(values, sample: "group \(index)")
    }
    let total = summaries.reduce(0) { $0 + $1.count }
    guard total > groups.count else {
      throw StatisticsError.zeroResidualDegreesOfFreedom(observations: total, cells: groups.count)
    }
    let within = summaries.reduce(0) { $0 + $1.sumOfSquaredDeviations }
    guard within > 0 else { throw StatisticsError.zeroResidualVariance(observations: total) }
    let grandMean = DescriptiveStatistics.compensatedSum(groups.flatMap { $0 }) / Double(total)
    let between = summaries.reduce(0.0) {
      let deviation = $1.mean - grandMean
      return $0 + Double($1.count) * deviation * deviation
    }
    let residual = ANOVAResidual(sumOfSquares: within, degreesOfFreedom: total - groups.count)
    self.groups = summaries
    self.residual = residual
    betweenGroups = try ANOVAEffect(
      sumOfSquares: between, degreesOfFreedom: groups.count - 1, residual: residual)
  }

  /// Each group compared with the control group (index `control`, default 0) using the
  /// pooled within-groups MS; one Šídák family of k = g − 1 comparisons, in group order.
  /// See `ControlComparison`.
  /// - Throws: `StatisticsError.controlOutOfRange`, `.invalidParameter` (confidence level).
  public func comparisonsWithControl(
    group control: Int = 0, confidenceLevel: Double = 0.95
  ) throws -> [ControlComparison] {
    try StatisticsError.requireConfidenceLevel(confidenceLevel)
    guard groups.indices.contains(control) else {
      throw StatisticsError.controlOutOfRange(control: control, groups: groups.count)
    }
    return try groups.indices.filter { $0 != control }.map { index in
      try ControlComparison(
        row: nil, group: index, control: control, groupStatistics: groups[index],
        controlStatistics: groups[control], residual: residual, familySize: groups.count - 1,
        confidenceLevel: confidenceLevel)
    }
  }
}
