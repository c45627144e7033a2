import DensitoStats

/// Fold changes and their tests, per target and non-control group.
///
/// For target t and group g, with r the included normalized ratios:
/// ```
/// fold change      = mean(r_g) / mean(r_control)
/// relative values  x = r / mean(r_control)          (the control averages exactly 1)
/// sd, sem          = SD (n − 1) and SEM of the group's relative values
/// ```
/// The tests use the relative values. A t-test is unchanged by scaling a target, so for
/// Student's and Welch's tests this is the same as testing the ratios; the two-way ANOVA
/// (target × group with interaction, Type III) then compares targets on one scale, as when
/// relative expression is entered into GraphPad Prism, which is what `prism.csv` holds. Its
/// follow-up compares each group with control within each target using the ANOVA's pooled
/// residual mean square, with Šídák's correction over all comparisons of the analysis
/// (Prism's default family). Holm or Benjamini–Hochberg correct the t-tests across targets
/// (and groups) when asked; without a correction `p_adjusted` equals `p_value`.
///
/// A comparison that cannot be tested (fewer than 2 usable replicates in a group after
/// exclusions, or both groups constant) gets no p-value, significance "n/a", and a warning
/// that says why; the other comparisons go on.
///
/// Undefined values. A group without usable ratio has no mean (and a control group without
/// one, or with a mean ≤ 0 in a `densito stats` table, gives no fold change); a group with
/// one ratio has no SD or SEM. `compute` leaves those fields NaN and warns; the CSV writers
/// print NaN as an empty cell. `densito analyze` never gets that far: `ExperimentRunner`
/// refuses a target with fewer than 2 usable ratios in any group before computing, and
/// `nonFiniteValues(in:)` is its last check that no NaN or infinity reaches
/// `analysis.json` (which cannot hold one).
public enum FoldChanges {
  public struct Comparison: Sendable, Equatable {
    public var rows: [FoldChangeRow]
    public var anova: [ANOVARow]
    public var warnings: [String]
  }

  public static func compute(_ values: [NormalizedValue], experiment: Experiment) -> Comparison {
    let control = experiment.controlGroup
    let groups = experiment.groups
    let targets = orderedUnique(
      experiment.targets.filter { $0 != experiment.loadingControl } + values.map(\.target))
    var warnings: [String] = []
    // relative[target][group] = ratios / control mean of the target.
    var relative: [String: [String: [Double]]] = [:]
    var rows: [FoldChangeRow] = []
    for target in targets {
      let ofTarget = values.filter { $0.target == target }
      let controlRatios = ofTarget.filter { $0.sample.group == control }.compactMap(\.ratio)
      let controlMean = mean(controlRatios)
      if controlRatios.isEmpty {
        warnings.append("\(target): no usable control ratio, so no fold change")
      } else if !(controlMean > 0) {
        warnings.append(
          "\(target): the control mean is \(controlMean) (not positive), so no fold change"
            + " and no test on relative values")
      }
      for g in groups {
        let ratios = ofTarget.filter { $0.sample.group == g }.compactMap(\.ratio)
        relative[target, default: [:]][g] = controlMean > 0 ? ratios.map { $0 / controlMean } : []
      }
      let controlRelative = relative[target]?[control] ?? []
      for g in groups where g != control {
        let ratios = ofTarget.filter { $0.sample.group == g }.compactMap(\.ratio)
        let groupRelative = relative[target]?[g] ?? []
        let groupMean = mean(ratios)
        rows.append(FoldChangeRow(
          target: target, group: g, controlGroup: control, nControl: controlRatios.count,
          nGroup: ratios.count, meanControl: controlMean, meanGroup: groupMean,
          foldChange: controlMean > 0 ? groupMean / controlMean : .nan,
          sd: sd(groupRelative), sem: sem(groupRelative), sdControl: sd(controlRelative),
          semControl: sem(controlRelative), test: experiment.statistics.test.displayName,
          statistic: nil, df: nil, pValue: nil, pAdjusted: nil, significance: "n/a"))
      }
    }
    var anova: [ANOVARow] = []
    switch experiment.statistics.test {
    case .student, .welch:
      tTests(&rows, relative: relative, experiment: experiment, warnings: &warnings)
    case .twoWayANOVA:
      anova = twoWayANOVA(&rows, relative: relative, targets: targets, experiment: experiment, warnings: &warnings)
    }
    return Comparison(rows: rows, anova: anova, warnings: warnings)
  }

  // MARK: - Tests

  static func tTests(
    _ rows: inout [FoldChangeRow], relative: [String: [String: [Double]]], experiment: Experiment,
    warnings: inout [String]
  ) {
    let variance: VarianceAssumption = experiment.statistics.test == .welch ? .unequal : .equal
    var tested: [Int] = []
    for i in rows.indices {
      let r = rows[i]
      let c = relative[r.target]?[r.controlGroup] ?? []
      let g = relative[r.target]?[r.group] ?? []
      do {
        let test = try TwoSampleTTest(control: c, group: g, variance: variance)
        guard test.t.isFinite else {
          // Both groups constant with different means: t = ±∞. No test is reported rather
          // than an infinite statistic (which JSON cannot hold) and a p of 0.
          warnings.append(
            "\(r.target), \(r.group) vs \(r.controlGroup): not tested: both groups are constant"
              + " (zero variance) with different means, so t is infinite")
          continue
        }
        rows[i].statistic = test.t
        rows[i].df = test.degreesOfFreedom
        rows[i].pValue = test.p
        tested.append(i)
      } catch {
        warnings.append("\(r.target), \(r.group) vs \(r.controlGroup): not tested: \(error)")
      }
    }
    let raw = tested.map { rows[$0].pValue ?? 1 }
    let adjusted: [Double]
    switch experiment.statistics.correction {
    case .none: adjusted = raw
    case .holm: adjusted = (try? PValueAdjustment.holm.adjusting(raw)) ?? raw
    case .benjaminiHochberg: adjusted = (try? PValueAdjustment.benjaminiHochberg.adjusting(raw)) ?? raw
    }
    for (k, i) in tested.enumerated() {
      rows[i].pAdjusted = adjusted[k]
      rows[i].significance = stars(adjusted[k])
      if experiment.statistics.correction != .none {
        rows[i].test += experiment.statistics.correction == .holm ? ", Holm" : ", Benjamini-Hochberg"
      }
    }
  }

  /// Two-way ANOVA over the targets whose every group has a value; then Šídák-corrected
  /// comparisons with control. Targets left out are named in a warning.
  static func twoWayANOVA(
    _ rows: inout [FoldChangeRow], relative: [String: [String: [Double]]], targets: [String],
    experiment: Experiment, warnings: inout [String]
  ) -> [ANOVARow] {
    let groups = experiment.groups
    let included = targets.filter { t in groups.allSatisfy { !(relative[t]?[$0] ?? []).isEmpty } }
    for t in targets where !included.contains(t) {
      warnings.append("\(t): left out of the two-way ANOVA (a group has no usable ratio)")
    }
    let data = included.map { t in groups.map { relative[t]?[$0] ?? [] } }
    let result: TwoWayANOVA
    do {
      result = try TwoWayANOVA(data)
    } catch {
      warnings.append("two-way ANOVA not computed: \(error)")
      return []
    }
    let table = [
      ANOVARow(source: "target", sumOfSquares: result.rows.sumOfSquares, df: Double(result.rows.degreesOfFreedom),
               meanSquare: result.rows.meanSquare, f: result.rows.f, p: result.rows.p),
      ANOVARow(source: "group", sumOfSquares: result.columns.sumOfSquares, df: Double(result.columns.degreesOfFreedom),
               meanSquare: result.columns.meanSquare, f: result.columns.f, p: result.columns.p),
      ANOVARow(source: "target × group", sumOfSquares: result.interaction.sumOfSquares,
               df: Double(result.interaction.degreesOfFreedom), meanSquare: result.interaction.meanSquare,
               f: result.interaction.f, p: result.interaction.p),
      ANOVARow(source: "residual", sumOfSquares: result.residual.sumOfSquares,
               df: Double(result.residual.degreesOfFreedom), meanSquare: result.residual.meanSquare, f: nil, p: nil),
    ]
    let comparisons: [ControlComparison]
    do {
      comparisons = try result.comparisonsWithControl(column: 0, family: .allRows)
    } catch {
      warnings.append("comparisons with control not computed: \(error)")
      return table
    }
    for comparison in comparisons {
      guard let rowIndex = comparison.row else { continue }
      let target = included[rowIndex]
      let group = groups[comparison.group]
      guard let i = rows.firstIndex(where: { $0.target == target && $0.group == group }) else { continue }
      rows[i].statistic = comparison.t
      rows[i].df = Double(comparison.degreesOfFreedom)
      rows[i].pValue = comparison.p
      rows[i].pAdjusted = comparison.adjustedP
      rows[i].significance = stars(comparison.adjustedP)
      rows[i].test = "two-way ANOVA, Šídák (\(comparison.familySize) comparisons)"
    }
    return table
  }

  // MARK: - Checks

  /// The fields of `row` that are NaN or infinite, by their CSV/JSON names (empty when the
  /// row is fully defined). Optional fields that are nil (no test) are fine.
  public static func nonFiniteValues(in row: FoldChangeRow) -> [String] {
    let fields: [(String, Double?)] = [
      ("meanControl", row.meanControl), ("meanGroup", row.meanGroup),
      ("foldChange", row.foldChange), ("sd", row.sd), ("sem", row.sem),
      ("sdControl", row.sdControl), ("semControl", row.semControl),
      ("statistic", row.statistic), ("df", row.df), ("pValue", row.pValue),
      ("pAdjusted", row.pAdjusted),
    ]
    return fields.compactMap { name, value in
      guard let value, !value.isFinite else { return nil }
      return name
    }
  }

  // MARK: - Helpers

  static func stars(_ p: Double) -> String {
    (try? Significance(p: p).summary) ?? "n/a"
  }

  static func mean(_ values: [Double]) -> Double {
    (try? DescriptiveStatistics(values))?.mean ?? .nan
  }

  static func sd(_ values: [Double]) -> Double {
    (try? DescriptiveStatistics(values))?.standardDeviation ?? .nan
  }

  static func sem(_ values: [Double]) -> Double {
    (try? DescriptiveStatistics(values))?.standardErrorOfMean ?? .nan
  }

  static func orderedUnique(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
  }
}
