import Foundation

/// Corrections of a family of m p-values for multiple comparisons.
///
/// With p₍₁₎ ≤ … ≤ p₍ₘ₎ the sorted p-values (ties keep their order), the adjusted values are
/// ```
/// Bonferroni          p̃ᵢ = min(1, m pᵢ)
/// Šídák               p̃ᵢ = 1 − (1 − pᵢ)^m
/// Holm (step-down)    p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) p₍ⱼ₎)
/// Benjamini–Hochberg  p̃₍ᵢ₎ = min_{j ≥ i} min(1, m p₍ⱼ₎ / j)      (step-up)
/// ```
/// Bonferroni, Šídák and Holm control the family-wise error rate (Šídák exactly for
/// independent tests); Benjamini–Hochberg controls the false discovery rate. The running
/// max/min make Holm and BH monotone in the raw p. Definitions and results agree with
/// statsmodels' `multipletests` (methods bonferroni, sidak, holm, fdr_bh).
///
/// References: Šídák, Z. J. Am. Stat. Assoc. 62(318), 626–633 (1967).
/// Holm, S. Scand. J. Statist. 6(2), 65–70 (1979).
/// Benjamini, Y. & Hochberg, Y. J. R. Stat. Soc. B 57(1), 289–300 (1995).
public enum PValueAdjustment: String, Sendable, Equatable, CaseIterable {
  case bonferroni
  case sidak
  case holm
  case benjaminiHochberg

  /// The adjusted p-values, in the order of `pValues`.
  /// - Throws: `StatisticsError.invalidProbability` for a value outside [0, 1] or NaN.
  public func adjusting(_ pValues: [Double]) throws -> [Double] {
    for (index, p) in pValues.enumerated() where !(p >= 0 && p <= 1) {
      throw StatisticsError.invalidProbability(index: index, value: "\(p)")
    }
    let m = pValues.count
    guard m > 0 else { return [] }
    switch self {
    case .bonferroni:
      return pValues.map { min(1, Double(m) * $0) }
    case .sidak:
      return pValues.map { Self.sidak($0, familySize: m) }
    case .holm:
      let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
      var adjusted = [Double](repeating: 0, count: m)
      var runningMax = 0.0
      for (rank, index) in order.enumerated() {
        runningMax = max(runningMax, min(1, Double(m - rank) * pValues[index]))
        adjusted[index] = runningMax
      }
      return adjusted
    case .benjaminiHochberg:
      let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
      var adjusted = [Double](repeating: 0, count: m)
      var runningMin = 1.0
      for (rank, index) in order.enumerated().reversed() {
        runningMin = min(runningMin, Double(m) * pValues[index] / Double(rank + 1))
        adjusted[index] = runningMin
      }
      return adjusted
    }
  }

  /// Šídák's adjustment 1 − (1 − p)^k, computed as −expm1(k · log1p(−p)) so that tiny p
  /// keep their relative accuracy (for p ≪ 1/k it is ≈ k·p, not 0).
  /// - Precondition: 0 ≤ p ≤ 1, k ≥ 1.
  public static func sidak(_ p: Double, familySize k: Int) -> Double {
    precondition(p >= 0 && p <= 1 && k >= 1, "sidak needs 0 ≤ p ≤ 1 and k ≥ 1")
    if p == 1 { return 1 }
    return -expm1(Double(k) * log1p(-p))
  }

  /// The per-comparison α that gives family-wise α over k independent comparisons,
  /// 1 − (1 − α)^(1/k) (the inverse of `sidak`).
  static func sidakPerComparisonAlpha(_ alpha: Double, familySize k: Int) -> Double {
    -expm1(log1p(-alpha) / Double(k))
  }
}
