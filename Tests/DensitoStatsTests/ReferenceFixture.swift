import Foundation

/// The reference values in `TestImages/stats/stats-reference.json`, written by
/// `scripts/reference/stats-reference.py` (scipy 1.17.1, statsmodels 0.15.0, numpy 2.4.6,
/// mpmath 1.3.0; the versions actually used are in `meta`). Rerun with
/// `python3 scripts/reference/stats-reference.py` from the package root.
struct ReferenceFixture: Decodable {
  struct Meta: Decodable {
    let command: String
    let seed: Int
    let scipy: String
    let statsmodels: String
    let numpy: String
    let mpmath: String
  }
  struct LogGamma: Decodable {
    let x: Double
    let scipy: Double
    let exact: Double
  }
  struct IncompleteBeta: Decodable {
    let a: Double
    let b: Double
    let x: Double
    let scipy: Double
    let scipyComplement: Double
    let exact: Double
    let exactComplement: Double
  }
  struct StudentT: Decodable {
    let t: Double
    let df: Double
    let sf: Double
    let cdf: Double
    let exactSf: Double
    let exactCdf: Double
  }
  struct TQuantile: Decodable {
    let p: Double
    let df: Double
    let scipy: Double
  }
  struct FisherF: Decodable {
    let f: Double
    let df1: Double
    let df2: Double
    let sf: Double
    let cdf: Double
    let exactSf: Double
  }
  struct TTestOutcome: Decodable {
    let t: Double
    let df: Double
    let p: Double
    let difference: Double
    let ciLow: Double
    let ciHigh: Double
    let exactP: Double
  }
  /// scipy's `ttest_ind(group1, group2)`: difference = mean(group1) − mean(group2).
  struct TTest: Decodable {
    let kind: String
    let group1: [Double]
    let group2: [Double]
    let student: TTestOutcome
    let welch: TTestOutcome
  }
  struct Term: Decodable {
    let ss: Double
    let df: Double
    let f: Double?
    let p: Double?
  }
  /// One follow-up comparison; stored in the JSON as a row of numbers whose field names are
  /// listed once (`twoWayComparisonFields`, `oneWayComparisonFields`).
  struct Comparison {
    let row: Int?
    let column: Int?
    let group: Int?
    let difference: Double
    let standardError: Double
    let t: Double
    let p: Double
    let sidakP: Double
    let sidakPPerRow: Double?
    let ciLow: Double
    let ciHigh: Double
    let simultaneousCILow: Double
    let simultaneousCIHigh: Double

    init(fields: [String], values: [Double]) {
      let value = Dictionary(uniqueKeysWithValues: zip(fields, values))
      row = value["row"].map { Int($0) }
      column = value["column"].map { Int($0) }
      group = value["group"].map { Int($0) }
      difference = value["difference"]!
      standardError = value["standardError"]!
      t = value["t"]!
      p = value["p"]!
      sidakP = value["sidakP"]!
      sidakPPerRow = value["sidakPPerRow"]
      ciLow = value["ciLow"]!
      ciHigh = value["ciHigh"]!
      simultaneousCILow = value["simultaneousCILow"]!
      simultaneousCIHigh = value["simultaneousCIHigh"]!
    }
  }
  struct TwoWay: Decodable {
    let balanced: Bool
    let cells: [[[Double]]]
    let rows: Term
    let columns: Term
    let interaction: Term
    let residual: Term
    let comparisons: [[Double]]
  }
  struct OneWay: Decodable {
    let groups: [[Double]]
    let f: Double
    let p: Double
    let ssBetween: Double
    let ssWithin: Double
    let dfBetween: Int
    let dfWithin: Int
    let comparisons: [[Double]]
  }
  struct Correction: Decodable {
    let p: [Double]
    let holm: [Double]
    let benjaminiHochberg: [Double]
    let sidak: [Double]
    let bonferroni: [Double]
  }

  let meta: Meta
  let twoWayComparisonFields: [String]
  let oneWayComparisonFields: [String]
  let logGamma: [LogGamma]
  let incompleteBeta: [IncompleteBeta]
  let studentT: [StudentT]
  let studentTQuantile: [TQuantile]
  let fisherF: [FisherF]
  let tTests: [TTest]
  let twoWayANOVA: [TwoWay]
  let oneWayANOVA: [OneWay]
  let corrections: [Correction]

  func comparisons(of design: TwoWay) -> [Comparison] {
    design.comparisons.map { Comparison(fields: twoWayComparisonFields, values: $0) }
  }

  func comparisons(of design: OneWay) -> [Comparison] {
    design.comparisons.map { Comparison(fields: oneWayComparisonFields, values: $0) }
  }

  static let url = TestPaths.testImages.appendingPathComponent("stats/stats-reference.json")

  /// Loaded once; a missing or malformed fixture is a test failure, not a skip (the file is
  /// part of the package).
  static let shared: Result<ReferenceFixture, any Error> = Result {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(ReferenceFixture.self, from: Data(contentsOf: url))
  }

  static func load() throws -> ReferenceFixture { try shared.get() }
}

// MARK: - Tolerances

/// Relative error |actual − expected| / |expected| (0 when both are equal, including ±∞).
func relativeError(_ actual: Double, _ expected: Double) -> Double {
  if actual == expected { return 0 }
  return abs(actual - expected) / abs(expected)
}

/// p-values: relative 1e−6 OR absolute 1e−12. scipy's and our t/F tails agree far better
/// than this; the bound leaves room for the reference tool's own tail error while still
/// catching any formula or df mistake.
func pValueAgrees(_ actual: Double, _ expected: Double) -> Bool {
  relativeError(actual, expected) <= 1e-6 || abs(actual - expected) <= 1e-12
}

/// Statistics (t, F, SS, differences, CIs): relative 1e−9, or absolute 1e−9 × `scale` when
/// the expected value is a near-zero result of cancellation (e.g. an SS that is 1e−14 of the
/// total), where only absolute error is meaningful. Both tools use double precision with
/// different summation orders; 1e−9 is far above their rounding noise (~1e−14) and far below
/// any real discrepancy.
func statisticAgrees(_ actual: Double, _ expected: Double, scale: Double = 0) -> Bool {
  relativeError(actual, expected) <= 1e-9 || abs(actual - expected) <= 1e-9 * scale
}
