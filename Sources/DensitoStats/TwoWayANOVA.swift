/// Ordinary two-way ANOVA with interaction, for a rows × columns layout of independent
/// replicates (in Densito: rows = targets, factor A; columns = groups, factor B), balanced or
/// not, with Type III sums of squares.
///
/// Model: xᵢⱼₖ = μ + αᵢ + βⱼ + (αβ)ᵢⱼ + εᵢⱼₖ with sum-to-zero (effects) coding and
/// εᵢⱼₖ ~ N(0, σ²) independent. Type III SS of an effect is the increase in residual SS when
/// that effect's columns are dropped from the full effects-coded regression. With every
/// cell non-empty that equals a quadratic form in the cell means μ̂ᵢⱼ (Searle, Linear Models
/// for Unbalanced Data, 1987, §4.7), which is what is computed here:
/// ```
/// SS_H = (L μ̂)ᵀ (L D Lᵀ)⁻¹ (L μ̂),   D = diag(1/nᵢⱼ)
/// ```
/// where the rows of L span the hypothesis H:
/// - rows (A): the unweighted row means (1/c) Σⱼ μᵢⱼ are equal, df = r − 1;
/// - columns (B): the unweighted column means (1/r) Σᵢ μᵢⱼ are equal, df = c − 1;
/// - interaction: μᵢⱼ − μᵢ꜀ − μᵣⱼ + μᵣ꜀ = 0 for all i < r, j < c, df = (r − 1)(c − 1).
/// The residual is the pooled within-cell SS with N − rc df; F = MS/MS_residual.
/// For balanced data Types I, II and III coincide. Results agree with statsmodels
/// `anova_lm(ols("y ~ C(a, Sum) * C(b, Sum)"), typ=3)` and with what GraphPad Prism reports
/// for two-way ANOVA of unbalanced data.
///
/// Assumptions: independent observations, normal residuals, equal variance in all cells.
public struct TwoWayANOVA: Sendable, Equatable {
  /// Summaries of each cell, indexed [row][column].
  public let cells: [[DescriptiveStatistics]]
  /// Factor A (the row factor: target).
  public let rows: ANOVAEffect
  /// Factor B (the column factor: group).
  public let columns: ANOVAEffect
  /// A × B.
  public let interaction: ANOVAEffect
  public let residual: ANOVAResidual

  /// Runs the ANOVA.
  /// - Parameter data: Replicate values indexed [row][column]; at least 2 rows and 2
  ///   columns, every row with the same number of columns, every cell with ≥ 1 finite value,
  ///   and at least one cell with ≥ 2 values (N − rc ≥ 1).
  /// - Throws: `StatisticsError.tooFewGroups`, `.raggedDesign`, `.emptyCell`,
  ///   `.nonFiniteValue`, `.zeroResidualDegreesOfFreedom`, `.zeroResidualVariance`.
  public init(_ data: [[[Double]]]) throws {
    let rowCount = data.count
    guard rowCount >= 2 else {
      throw StatisticsError.tooFewGroups(factor: "rows", count: rowCount, minimum: 2)
    }
    let columnCount = data[0].count
    guard columnCount >= 2 else {
      throw StatisticsError.tooFewGroups(factor: "columns", count: columnCount, minimum: 2)
    }
    var cells: [[DescriptiveStatistics]] = []
    for (i, row) in data.enumerated() {
      guard row.count == columnCount else {
        throw StatisticsError.raggedDesign(row: i, columns: row.count, expected: columnCount)
      }
      cells.append(
        try row.enumerated().map { j, values in
          guard !values.isEmpty else { throw StatisticsError.emptyCell(row: i, column: j) }
          return try DescriptiveStatistics(values, sample: "cell (row \(i), column \(j))")
        })
    }
    let flat = cells.flatMap { $0 }
    let total = flat.reduce(0) { $0 + $1.count }
    guard total > flat.count else {
      throw StatisticsError.zeroResidualDegreesOfFreedom(observations: total, cells: flat.count)
    }
    let within = flat.reduce(0) { $0 + $1.sumOfSquaredDeviations }
    guard within > 0 else { throw StatisticsError.zeroResidualVariance(observations: total) }
    let residual = ANOVAResidual(sumOfSquares: within, degreesOfFreedom: total - flat.count)

    let means = flat.map(\.mean)
    let variances = flat.map { 1 / Double($0.count) }
    let r = rowCount
    let c = columnCount
    func index(_ i: Int, _ j: Int) -> Int { i * c + j }
    var rowHypothesis: [[Double]] = []
    for i in 0..<(r - 1) {
      var contrast = [Double](repeating: 0, count: r * c)
      for j in 0..<c {
        contrast[index(i, j)] = 1 / Double(c)
        contrast[index(r - 1, j)] = -1 / Double(c)
      }
      rowHypothesis.append(contrast)
    }
    var columnHypothesis: [[Double]] = []
    for j in 0..<(c - 1) {
      var contrast = [Double](repeating: 0, count: r * c)
      for i in 0..<r {
        contrast[index(i, j)] = 1 / Double(r)
        contrast[index(i, c - 1)] = -1 / Double(r)
      }
      columnHypothesis.append(contrast)
    }
    var interactionHypothesis: [[Double]] = []
    for i in 0..<(r - 1) {
      for j in 0..<(c - 1) {
        var contrast = [Double](repeating: 0, count: r * c)
        contrast[index(i, j)] = 1
        contrast[index(r - 1, j)] = -1
        contrast[index(i, c - 1)] = -1
        contrast[index(r - 1, c - 1)] = 1
        interactionHypothesis.append(contrast)
      }
    }
    func effect(_ hypothesis: [[Double]]) throws -> ANOVAEffect {
      let ss = HypothesisSumOfSquares.compute(
        contrasts: hypothesis, means: means, variances: variances)
      return try ANOVAEffect(
        sumOfSquares: ss, degreesOfFreedom: hypothesis.count, residual: residual)
    }
    self.cells = cells
    self.residual = residual
    rows = try effect(rowHypothesis)
    columns = try effect(columnHypothesis)
    interaction = try effect(interactionHypothesis)
  }

  /// Within each row, every column compared with the `control` column, using the pooled
  /// residual MS of the whole ANOVA (see `ControlComparison`), ordered by row then column.
  /// - Parameters:
  ///   - control: The control column (default 0).
  ///   - family: `.allRows` (default, Prism's): one Šídák family of rows × (columns − 1);
  ///     `.eachRow`: a family of columns − 1 per row.
  ///   - confidenceLevel: Level of the intervals (family-wise for the simultaneous ones).
  /// - Throws: `StatisticsError.controlOutOfRange`, `.invalidParameter`.
  public func comparisonsWithControl(
    column control: Int = 0, family: ComparisonFamily = .allRows,
    confidenceLevel: Double = 0.95
  ) throws -> [ControlComparison] {
    try StatisticsError.requireConfidenceLevel(confidenceLevel)
    let columnCount = cells[0].count
    guard (0..<columnCount).contains(control) else {
      throw StatisticsError.controlOutOfRange(control: control, groups: columnCount)
    }
    let perRow = columnCount - 1
    let familySize = family == .allRows ? cells.count * perRow : perRow
    var comparisons: [ControlComparison] = []
    for (i, row) in cells.enumerated() {
      for j in row.indices where j != control {
        comparisons.append(
          try ControlComparison(
            row: i, group: j, control: control, groupStatistics: row[j],
            controlStatistics: row[control], residual: residual, familySize: familySize,
            confidenceLevel: confidenceLevel))
      }
    }
    return comparisons
  }
}

/// The quadratic form (Lμ)ᵀ (L D Lᵀ)⁻¹ (Lμ) of a linear hypothesis on independent means μ
/// with variances D = diag(variances) (up to σ²), by Cholesky factorisation of L D Lᵀ.
enum HypothesisSumOfSquares {
  static func compute(contrasts: [[Double]], means: [Double], variances: [Double]) -> Double {
    let q = contrasts.count
    let estimates = contrasts.map { contrast in
      zip(contrast, means).reduce(0) { $0 + $1.0 * $1.1 }
    }
    var matrix = [Double](repeating: 0, count: q * q)
    for a in 0..<q {
      for b in 0...a {
        var sum = 0.0
        for k in means.indices where contrasts[a][k] != 0 && contrasts[b][k] != 0 {
          sum += contrasts[a][k] * variances[k] * contrasts[b][k]
        }
        matrix[a * q + b] = sum
        matrix[b * q + a] = sum
      }
    }
    // Cholesky L Lᵀ in place (lower triangle). L D Lᵀ is positive definite: the contrasts
    // are linearly independent and every variance is > 0.
    for j in 0..<q {
      var diagonal = matrix[j * q + j]
      for k in 0..<j { diagonal -= matrix[j * q + k] * matrix[j * q + k] }
      let pivot = diagonal.squareRoot()
      matrix[j * q + j] = pivot
      for i in (j + 1)..<q {
        var value = matrix[i * q + j]
        for k in 0..<j { value -= matrix[i * q + k] * matrix[j * q + k] }
        matrix[i * q + j] = value / pivot
      }
    }
    // SS = |L⁻¹ (Lμ)|² by forward substitution.
    var solved = [Double](repeating: 0, count: q)
    var ss = 0.0
    for i in 0..<q {
      var value = estimates[i]
      for k in 0..<i { value -= matrix[i * q + k] * solved[k] }
      solved[i] = value / matrix[i * q + i]
      ss += solved[i] * solved[i]
    }
    return ss
  }
}
