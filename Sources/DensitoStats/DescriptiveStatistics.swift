import Foundation

/// Count, mean and spread of one sample.
///
/// ```
/// mean     x̄  = Σ xᵢ / n
/// SS          = Σ (xᵢ − x̄)²                    (sum of squared deviations)
/// variance s² = SS / (n − 1)                    (unbiased; n ≥ 2)
/// SD       s  = √s²,   SEM = s / √n
/// ```
/// Computed in two passes, which is numerically stable (Chan, Golub & LeVeque, "Algorithms
/// for computing the sample variance", The American Statistician 37(3), 242–247 (1983)):
/// the mean by compensated (Neumaier) summation, then SS with the correction term
/// `SS = Σ dᵢ² − (Σ dᵢ)²/n`, dᵢ = xᵢ − x̄, which removes the rounding error of the mean.
/// A sample whose values are all identical gets exactly that value as mean and SS = 0.
public struct DescriptiveStatistics: Sendable, Equatable {
  /// n.
  public let count: Int
  /// x̄.
  public let mean: Double
  /// SS = Σ (xᵢ − x̄)².
  public let sumOfSquaredDeviations: Double

  /// The sample variance s² = SS/(n − 1), or nil when n < 2.
  public var variance: Double? {
    count >= 2 ? sumOfSquaredDeviations / Double(count - 1) : nil
  }

  /// The sample standard deviation s (n − 1 denominator), or nil when n < 2.
  public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

  /// The standard error of the mean s/√n, or nil when n < 2.
  public var standardErrorOfMean: Double? {
    standardDeviation.map { $0 / Double(count).squareRoot() }
  }

  /// Summarises `values`.
  /// - Parameters:
  ///   - values: The sample; at least one value, all finite.
  ///   - sample: A name for the sample used in errors, e.g. "control".
  /// - Throws: `StatisticsError.tooFewValues` for an empty sample,
  ///   `StatisticsError.nonFiniteValue` for NaN or ±∞.
  public init(_ values: [Double], sample: String = "sample") throws {
    guard !values.isEmpty else {
      throw StatisticsError.tooFewValues(sample: sample, count: 0, minimum: 1)
    }
    try StatisticsError.requireFinite(values, sample: sample)
    count = values.count
    if values.allSatisfy({ $0 == values[0] }) {
      mean = values[0]
      sumOfSquaredDeviations = 0
      return
    }
    let n = Double(values.count)
    let mean = Self.compensatedSum(values) / n
    var squares = 0.0
    var deviations = 0.0
    for value in values {
      let deviation = value - mean
      squares += deviation * deviation
      deviations += deviation
    }
    self.mean = mean
    sumOfSquaredDeviations = max(0, squares - deviations * deviations / n)
  }

  /// Σ values by Neumaier's variant of Kahan summation.
  static func compensatedSum(_ values: [Double]) -> Double {
    var sum = 0.0
    var compensation = 0.0
    for value in values {
      let total = sum + value
      if abs(sum) >= abs(value) {
        compensation += (sum - total) + value
      } else {
        compensation += (value - total) + sum
      }
      sum = total
    }
    return sum + compensation
  }
}
