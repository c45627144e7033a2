import Foundation

/// Fisher's F distribution with d₁ (numerator) and d₂ (denominator) degrees of freedom.
///
/// ```
/// cdf(F) = I_x(d₁/2, d₂/2),   x = d₁F / (d₁F + d₂)
/// sf(F)  = 1 − cdf(F) = I_{1−x}(d₂/2, d₁/2),   1 − x = d₂ / (d₁F + d₂)
/// ```
/// Both x and 1 − x are formed directly; the upper tail is computed without subtraction.
///
/// Reference: Abramowitz & Stegun (1964), 26.6.2.
public struct FDistribution: Sendable, Equatable {
  public let numeratorDegreesOfFreedom: Double
  public let denominatorDegreesOfFreedom: Double

  /// - Throws: `StatisticsError.invalidParameter` unless both are finite and > 0.
  public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) throws {
    for (name, value) in [
      ("numerator degrees of freedom", numeratorDegreesOfFreedom),
      ("denominator degrees of freedom", denominatorDegreesOfFreedom),
    ] where !(value > 0 && value.isFinite) {
      throw StatisticsError.invalidParameter(
        name: name, value: "\(value)", requirement: "must be finite and > 0")
    }
    self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
    self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
  }

  private func tails(_ f: Double) -> (lower: Double, upper: Double) {
    precondition(f >= 0, "F must be ≥ 0, got \(f)")
    if f.isInfinite { return (1, 0) }
    let d1 = numeratorDegreesOfFreedom
    let d2 = denominatorDegreesOfFreedom
    let scaled = d1 * f
    let x: Double
    let y: Double
    if scaled.isFinite {
      x = scaled / (scaled + d2)
      y = d2 / (scaled + d2)
    } else {
      x = 1
      y = d2 / d1 / f
    }
    return SpecialFunctions.incompleteBeta(a: d1 / 2, b: d2 / 2, x: x, y: y)
  }

  /// P(F' ≤ f).
  /// - Precondition: f ≥ 0 (not NaN).
  public func cdf(_ f: Double) -> Double { tails(f).lower }

  /// P(F' > f): the p-value of an observed F.
  /// - Precondition: f ≥ 0 (not NaN).
  public func survival(_ f: Double) -> Double { tails(f).upper }
}
