/// One tested source of variation in an ANOVA table.
///
/// ```
/// MS = SS / df,   F = MS / MS_residual,   p = P(F(df, df_residual) > F)
/// ```
public struct ANOVAEffect: Sendable, Equatable {
  public let sumOfSquares: Double
  public let degreesOfFreedom: Int
  public let meanSquare: Double
  public let f: Double
  public let p: Double

  /// Prism's star summary of `p`.
  public var significance: Significance { Significance(validP: p) }

  /// Builds the row from SS and df against the residual.
  init(sumOfSquares: Double, degreesOfFreedom: Int, residual: ANOVAResidual) throws {
    self.sumOfSquares = sumOfSquares
    self.degreesOfFreedom = degreesOfFreedom
    meanSquare = sumOfSquares / Double(degreesOfFreedom)
    f = meanSquare / residual.meanSquare
    let distribution = try FDistribution(
      numeratorDegreesOfFreedom: Double(degreesOfFreedom),
      denominatorDegreesOfFreedom: Double(residual.degreesOfFreedom))
    p = distribution.survival(f)
  }
}

/// The residual (within-cells, "error") row of an ANOVA table: SS, df and MS = SS/df, the
/// pooled variance estimate that every F and follow-up comparison uses.
public struct ANOVAResidual: Sendable, Equatable {
  public let sumOfSquares: Double
  public let degreesOfFreedom: Int
  public var meanSquare: Double { sumOfSquares / Double(degreesOfFreedom) }
}
