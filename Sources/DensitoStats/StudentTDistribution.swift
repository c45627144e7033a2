import Foundation

/// Student's t distribution with ν degrees of freedom (ν > 0, not necessarily an integer:
/// Welch's test gives fractional ν).
///
/// All probabilities come from the regularized incomplete beta function:
/// ```
/// P(|T| ≥ |t|) = I_x(ν/2, ½),   x = ν / (ν + t²)
/// sf(t) = P(T > t) = ½ I_x(ν/2, ½)   for t ≥ 0,   and 1 − sf(−t) for t < 0
/// ```
/// x and 1 − x = t²/(ν + t²) are both formed directly, so tails as small as 1e−300 keep their
/// relative accuracy.
///
/// Reference: Abramowitz & Stegun (1964), 26.7.1 and 26.5.27.
public struct StudentTDistribution: Sendable, Equatable {
  /// ν.
  public let degreesOfFreedom: Double

  /// - Throws: `StatisticsError.invalidParameter` unless 0 < ν < ∞.
  public init(degreesOfFreedom: Double) throws {
    guard degreesOfFreedom > 0, degreesOfFreedom.isFinite else {
      throw StatisticsError.invalidParameter(
        name: "degrees of freedom", value: "\(degreesOfFreedom)",
        requirement: "must be finite and > 0")
    }
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// P(|T| ≥ |t|) and P(|T| < |t|) from the incomplete beta function.
  private func twoTails(_ t: Double) -> (outside: Double, inside: Double) {
    precondition(!t.isNaN, "t must not be NaN")
    let nu = degreesOfFreedom
    if t.isInfinite { return (0, 1) }
    let tSquared = t * t
    guard tSquared.isFinite else {
      // |t| > 1.3e154: x = ν/t² would underflow. Here I_x(ν/2, ½) = x^(ν/2) / ((ν/2) B(ν/2, ½))
      // · (1 + O(x)), evaluated in logarithms (ln x = ln ν − 2 ln|t|).
      let a = nu / 2
      let logX = log(nu) - 2 * log(abs(t))
      let outside = exp(a * logX - SpecialFunctions.logBeta(a, 0.5)) / a
      return (outside, 1)
    }
    let x = nu / (nu + tSquared)
    let y = tSquared / (nu + tSquared)
    let (lower, upper) = SpecialFunctions.incompleteBeta(a: nu / 2, b: 0.5, x: x, y: y)
    return (lower, upper)
  }

  /// P(|T| ≥ |t|): the two-sided p-value of an observed t.
  /// - Precondition: t is not NaN.
  public func twoSidedP(_ t: Double) -> Double { twoTails(t).outside }

  /// sf(t) = P(T > t), the upper tail.
  /// - Precondition: t is not NaN.
  public func survival(_ t: Double) -> Double {
    let tails = twoTails(t)
    return t >= 0 ? 0.5 * tails.outside : 0.5 + 0.5 * tails.inside
  }

  /// cdf(t) = P(T ≤ t).
  /// - Precondition: t is not NaN.
  public func cdf(_ t: Double) -> Double {
    let tails = twoTails(t)
    return t >= 0 ? 0.5 + 0.5 * tails.inside : 0.5 * tails.outside
  }

  /// The density f(t) = (1 + t²/ν)^(−(ν+1)/2) / (√ν · B(ν/2, ½)).
  public func density(_ t: Double) -> Double {
    let nu = degreesOfFreedom
    let ratio = t * t / nu
    let logKernel = ratio.isFinite ? log1p(ratio) : 2 * log(abs(t)) - log(nu)
    let logDensity = -(nu + 1) / 2 * logKernel - 0.5 * log(nu)
      - SpecialFunctions.logBeta(nu / 2, 0.5)
    return exp(logDensity)
  }

  /// The quantile t_p with P(T ≤ t_p) = p, for 0 < p < 1.
  ///
  /// For p near 1 prefer `upperQuantile(1 − p)` when 1 − p is known exactly.
  /// - Throws: `StatisticsError.invalidParameter` unless 0 < p < 1.
  public func quantile(_ p: Double) throws -> Double {
    guard p > 0, p < 1 else {
      throw StatisticsError.invalidParameter(
        name: "probability", value: "\(p)", requirement: "must lie strictly in (0, 1)")
    }
    if p == 0.5 { return 0 }
    return p < 0.5 ? -upperQuantileOfTail(p) : upperQuantileOfTail(1 - p)
  }

  /// The value t with P(T > t) = q, for 0 < q < 1 (t > 0 when q < ½). Used for critical
  /// values: a two-sided 95 % interval uses `upperQuantile(0.025)`.
  /// - Throws: `StatisticsError.invalidParameter` unless 0 < q < 1.
  public func upperQuantile(_ q: Double) throws -> Double {
    guard q > 0, q < 1 else {
      throw StatisticsError.invalidParameter(
        name: "tail probability", value: "\(q)", requirement: "must lie strictly in (0, 1)")
    }
    if q == 0.5 { return 0 }
    return q < 0.5 ? upperQuantileOfTail(q) : -upperQuantileOfTail(1 - q)
  }

  /// Solves sf(t) = q for t > 0, 0 < q < ½: Newton's method on ln sf(t) (well scaled in
  /// the far tail), kept inside a bisection bracket so it always converges.
  private func upperQuantileOfTail(_ q: Double) -> Double {
    var low = 0.0
    var high = 1.0
    while survival(high) > q {
      low = high
      high *= 2
      if high.isInfinite { return .greatestFiniteMagnitude }
    }
    let target = log(q)
    var t = low > 0 ? low.squareRoot() * high.squareRoot() : 0.5 * high
    for _ in 0..<400 {
      let tail = survival(t)
      if tail > q { low = t } else { high = t }
      let step = (log(tail) - target) * tail / density(t)
      var next = t + step
      if !(next > low && next < high) || !next.isFinite {
        next = low > 0 && high > 4 * low
          ? low.squareRoot() * high.squareRoot() : 0.5 * (low + high)
      }
      if abs(next - t) <= 4 * Double.ulpOfOne * abs(next) || high - low <= Double.ulpOfOne * high {
        return next
      }
      t = next
    }
    return t
  }
}
