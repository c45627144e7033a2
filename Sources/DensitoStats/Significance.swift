/// GraphPad Prism's significance summary of a p-value (its "new" four-star scheme).
///
/// | summary | p          |
/// |---------|------------|
/// | ns      | > 0.05     |
/// | *       | ≤ 0.05     |
/// | **      | ≤ 0.01     |
/// | ***     | ≤ 0.001    |
/// | ****    | ≤ 0.0001   |
///
/// Boundaries belong to the more significant class: p = 0.05 exactly is "*".
public enum Significance: Int, Sendable, Equatable, Comparable, CaseIterable {
  case notSignificant = 0
  case oneStar
  case twoStars
  case threeStars
  case fourStars

  /// Upper bounds (inclusive) of the starred classes, from `.oneStar` to `.fourStars`.
  public static let thresholds: [(significance: Significance, maximumP: Double)] = [
    (.oneStar, 0.05), (.twoStars, 0.01), (.threeStars, 0.001), (.fourStars, 0.0001),
  ]

  /// The class of `p`.
  /// - Throws: `StatisticsError.invalidProbability` for p outside [0, 1] or NaN.
  public init(p: Double) throws {
    guard p >= 0, p <= 1 else {
      throw StatisticsError.invalidProbability(index: 0, value: "\(p)")
    }
    self.init(validP: p)
  }

  /// The class of a p-value already known to lie in [0, 1] (a result of this module).
  init(validP p: Double) {
    self = Self.thresholds.last { p <= $0.maximumP }?.significance ?? .notSignificant
  }

  /// "ns", "*", "**", "***" or "****".
  public var summary: String {
    self == .notSignificant ? "ns" : String(repeating: "*", count: rawValue)
  }

  /// The inclusive upper bound of p for this class (1 for `.notSignificant`).
  public var maximumP: Double {
    Self.thresholds.first { $0.significance == self }?.maximumP ?? 1
  }

  /// The legend printed under figures and tables.
  public static var legend: String {
    "ns P > 0.05; " + thresholds.map { "\($0.significance.summary) P ≤ \($0.maximumP)" }
      .joined(separator: "; ")
  }

  public static func < (lhs: Significance, rhs: Significance) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}
