import Foundation

/// Special functions behind the t and F distributions: log-gamma, log-beta and the
/// regularized incomplete beta function (see `SpecialFunctions+IncompleteBeta.swift`).
///
/// All functions are pure and thread-safe. Arguments outside the documented domain are
/// programmer errors and trap (`precondition`): the public tests and distributions validate
/// user data before they get here.
///
/// Accuracy (checked against mpmath at 60 digits, see `Tests/DensitoStatsTests`): log-gamma
/// to a few units in the last place, including near its zeros at 1 and 2.
public enum SpecialFunctions {
  /// Euler–Mascheroni constant γ.
  static let eulerGamma = 0.577_215_664_901_532_860_61
  /// ½·ln(2π).
  static let halfLogTwoPi = 0.918_938_533_204_672_741_78

  // MARK: - Log-gamma

  /// The natural logarithm of the gamma function, ln Γ(x), for x > 0.
  ///
  /// ```
  /// Γ(x) = ∫₀^∞ t^(x−1) e^(−t) dt
  /// ```
  /// Evaluated without Lanczos coefficients, in three regimes chosen so no step cancels:
  /// - 0 < x < 3.5: the Taylor series of ln Γ(1+z) about z = 0 (|z| ≤ ½), with the
  ///   recurrence Γ(x+1) = x·Γ(x) to move x into that range. The series is
  ///   ```
  ///   ln Γ(1+z) = −γz + Σ_{k≥2} (−1)^k ζ(k) z^k / k
  ///             = −γz − (ln(1+z) − z) + Σ_{k≥2} (−1)^k (ζ(k) − 1) z^k / k
  ///   ```
  ///   (the second form sums the slowly converging part in closed form; ζ(k) − 1 ≈ 2^−k).
  ///   It keeps full relative accuracy next to the zeros of ln Γ at x = 1 and x = 2.
  /// - 3.5 ≤ x < 10: the recurrence up to x + n ≥ 10, then Stirling.
  /// - x ≥ 10: Stirling's series
  ///   `ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + δ(x)` (see `stirlingCorrection`).
  ///
  /// - Precondition: x > 0 (x = +∞ returns +∞).
  ///
  /// References: Abramowitz & Stegun, Handbook of Mathematical Functions (1964),
  /// 6.1.33 (series of ln Γ(1+z)) and 6.1.41 (Stirling's series).
  public static func logGamma(_ x: Double) -> Double {
    precondition(x > 0, "logGamma needs x > 0, got \(x)")
    if x.isInfinite { return x }
    if x < 0.5 { return logGammaOnePlus(x) - log(x) }
    if x <= 1.5 { return logGammaOnePlus(x - 1) }  // x − 1 is exact here (Sterbenz)
    if x <= 2.5 {
      let z = x - 2
      return log1p(z) + logGammaOnePlus(z)
    }
    if x <= 3.5 {
      let z = x - 3
      return log1p(z) + log(2 + z) + logGammaOnePlus(z)
    }
    if x < 10 {
      var shifted = x
      var product = 1.0
      while shifted < 10 {
        product *= shifted
        shifted += 1
      }
      return stirling(shifted) - log(product)
    }
    return stirling(x)
  }

  /// ln Γ(1 + z) for |z| ≤ ½ from its Taylor series (see `logGamma`).
  static func logGammaOnePlus(_ z: Double) -> Double {
    var sum = 0.0
    var power = z * z
    var sign = 1.0
    for k in 0..<zetaMinusOne.count {
      let term = sign * zetaMinusOne[k] * power / Double(k + 2)
      sum += term
      if abs(term) <= 1e-18 * abs(sum) { break }
      power *= z
      sign = -sign
    }
    return -eulerGamma * z - logOnePlusMinusX(z) + sum
  }

  /// ζ(k) − 1 for k = 2, 3, …, 41, from mpmath 1.3.0 at 40 digits
  /// (`mpmath.zeta(k) - 1`); mathematical constants.
  static let zetaMinusOne: [Double] = [
    6.4493406684822643647e-1, 2.020569031595942854e-1, 8.2323233711138191516e-2,
    3.6927755143369926331e-2, 1.7343061984449139715e-2, 8.3492773819228268398e-3,
    4.0773561979443393787e-3, 2.0083928260822144179e-3, 9.9457512781808533715e-4,
    4.941886041194645587e-4, 2.4608655330804829864e-4, 1.2271334757848914675e-4,
    6.1248135058704829259e-5, 3.0588236307020493552e-5, 1.5282259408651871733e-5,
    7.6371976378997622736e-6, 3.8172932649998398565e-6, 1.9082127165539389257e-6,
    9.5396203387279611315e-7, 4.7693298678780646312e-7, 2.3845050272773299e-7,
    1.1921992596531107307e-7, 5.9608189051259479612e-8, 2.9803503514652280186e-8,
    1.4901554828365041235e-8, 7.450711789835429492e-9, 3.7253340247884570548e-9,
    1.8626597235130490064e-9, 9.3132743241966818287e-10, 4.656629065033784073e-10,
    2.328311833676505492e-10, 1.1641550172700519776e-10, 5.8207720879027008892e-11,
    2.9103850444970996869e-11, 1.4551921891041984236e-11, 7.2759598350574810145e-12,
    3.6379795473786511902e-12, 1.8189896503070659476e-12, 9.0949478402638892825e-13,
    4.5474737830421540268e-13,
  ]

  /// Stirling's approximation with its correction: ln Γ(x) for x ≥ 10.
  static func stirling(_ x: Double) -> Double {
    (x - 0.5) * log(x) - x + halfLogTwoPi + stirlingCorrection(x)
  }

  /// δ(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], for x ≥ 10, from the asymptotic series
  /// ```
  /// δ(x) = Σ_{k≥1} B_{2k} / (2k (2k − 1) x^(2k−1))
  ///      = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + …
  /// ```
  /// (B_n: Bernoulli numbers). Eight terms: the error is below the ninth term, < 1e−22 at
  /// x = 10.
  static func stirlingCorrection(_ x: Double) -> Double {
    precondition(x >= 10, "stirlingCorrection needs x ≥ 10, got \(x)")
    let inverse = 1 / x
    let inverseSquared = inverse * inverse
    let coefficients: [Double] = [
      1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360,
      1.0 / 156, -3617.0 / 122_400,
    ]
    var sum = 0.0
    for coefficient in coefficients.reversed() {
      sum = sum * inverseSquared + coefficient
    }
    return sum * inverse
  }

  // MARK: - Log-beta

  /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
  ///
  /// When an argument is ≥ 10 the large gamma functions are combined analytically through
  /// Stirling's series, so ln Γ(b) − ln Γ(a + b) does not cancel for b ≫ a:
  /// ```
  /// ln Γ(b) − ln Γ(a+b) = −(b − ½) ln(1 + a/b) − a ln(a + b) + a + δ(b) − δ(a+b)
  /// ```
  /// - Precondition: a > 0 and b > 0, both finite.
  public static func logBeta(_ a: Double, _ b: Double) -> Double {
    precondition(a > 0 && b > 0 && a.isFinite && b.isFinite, "logBeta needs a, b > 0")
    let small = min(a, b)
    let large = max(a, b)
    let sum = a + b
    if large < 10 {
      return logGamma(a) + logGamma(b) - logGamma(sum)
    }
    if small >= 10 {
      let corrections = stirlingCorrection(small) + stirlingCorrection(large)
        - stirlingCorrection(sum)
      return -0.5 * log(large) + halfLogTwoPi + corrections
        - (small - 0.5) * log1p(large / small) - large * log1p(small / large)
    }
    let corrections = stirlingCorrection(large) - stirlingCorrection(sum)
    return logGamma(small) + corrections - (large - 0.5) * log1p(small / large)
      - small * log(sum) + small
  }

  // MARK: - Helpers

  /// ln(1 + x) − x, accurate also for small |x| (where it is ≈ −x²/2), for x ≥ −1.
  ///
  /// Uses the series −x²/2 + x³/3 − x⁴/4 + … for |x| < ¼, the direct formula elsewhere.
  static func logOnePlusMinusX(_ x: Double) -> Double {
    if abs(x) >= 0.25 { return log1p(x) - x }
    var sum = 0.0
    var power = x * x
    var k = 2.0
    var sign = -1.0
    while true {
      let term = sign * power / k
      sum += term
      if abs(term) <= 1e-18 * abs(sum) { break }
      power *= x
      k += 1
      sign = -sign
    }
    return sum
  }
}
