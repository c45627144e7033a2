/// Why a statistical computation could not give a trustworthy number.
///
/// Every case carries the evidence needed to find the offending input. Indices are 0-based,
/// in the order the caller passed the data.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A sample has fewer values than the computation needs (e.g. a t-test needs 2 per group).
  case tooFewValues(sample: String, count: Int, minimum: Int)
  /// A value is NaN or infinite. `value` is its text form ("nan", "inf", "-inf").
  case nonFiniteValue(sample: String, index: Int, value: String)
  /// Both samples of a t-test are constant and have the same mean: t = 0/0 has no value.
  case constantSamplesWithEqualMeans(mean: Double)
  /// An ANOVA has no degrees of freedom left for the residual (every cell has one value).
  case zeroResidualDegreesOfFreedom(observations: Int, cells: Int)
  /// An ANOVA whose residual sum of squares is exactly zero (every cell constant): F would
  /// be x/0 and the follow-up standard errors 0.
  case zeroResidualVariance(observations: Int)
  /// Fewer groups (or levels of a factor) than the design needs.
  case tooFewGroups(factor: String, count: Int, minimum: Int)
  /// The rows of a two-way layout do not all have the same number of columns.
  case raggedDesign(row: Int, columns: Int, expected: Int)
  /// A cell of a two-way layout has no values.
  case emptyCell(row: Int, column: Int)
  /// The control index does not name a group.
  case controlOutOfRange(control: Int, groups: Int)
  /// A parameter is outside its domain, e.g. degrees of freedom ≤ 0, a confidence level
  /// outside (0, 1).
  case invalidParameter(name: String, value: String, requirement: String)
  /// A p-value passed to a correction or to `Significance` is not in [0, 1].
  case invalidProbability(index: Int, value: String)

  public var description: String {
    switch self {
    case .tooFewValues(let sample, let count, let minimum):
      return "\(sample) has \(count) value(s); at least \(minimum) are needed"
    case .nonFiniteValue(let sample, let index, let value):
      return "\(sample) value at index \(index) is \(value); every value must be finite"
    case .constantSamplesWithEqualMeans(let mean):
      return "both samples are constant with the same mean \(mean): the t statistic is 0/0"
    case .zeroResidualDegreesOfFreedom(let observations, let cells):
      return "\(observations) observations in \(cells) cells leave no residual degrees of "
        + "freedom; at least one cell needs 2 or more values"
    case .zeroResidualVariance(let observations):
      return "the residual sum of squares of all \(observations) observations is exactly 0 "
        + "(every cell is constant): F and the follow-up tests are undefined"
    case .tooFewGroups(let factor, let count, let minimum):
      return "\(factor) has \(count) level(s); at least \(minimum) are needed"
    case .raggedDesign(let row, let columns, let expected):
      return "row \(row) has \(columns) column(s) but row 0 has \(expected)"
    case .emptyCell(let row, let column):
      return "cell (row \(row), column \(column)) has no values"
    case .controlOutOfRange(let control, let groups):
      return "control index \(control) is outside 0..<\(groups)"
    case .invalidParameter(let name, let value, let requirement):
      return "\(name) = \(value) is invalid: \(requirement)"
    case .invalidProbability(let index, let value):
      return "p-value at index \(index) is \(value); p-values must lie in [0, 1]"
    }
  }
}

// MARK: - Input checks shared by the tests

extension StatisticsError {
  /// Throws `.nonFiniteValue` for the first NaN or infinite value of `values`.
  static func requireFinite(_ values: [Double], sample: String) throws {
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw StatisticsError.nonFiniteValue(sample: sample, index: index, value: "\(values[index])")
    }
  }

  /// Throws `.invalidParameter` unless 0 < level < 1.
  static func requireConfidenceLevel(_ level: Double) throws {
    guard level > 0, level < 1 else {
      throw StatisticsError.invalidParameter(
        name: "confidence level", value: "\(level)", requirement: "must lie strictly in (0, 1)")
    }
  }
}
