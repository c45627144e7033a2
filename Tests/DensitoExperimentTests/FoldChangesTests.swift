import Testing
@testable import DensitoExperiment

/// Two targets, three replicates per group. Target A: control ratios 0.45, 0.55, 0.5 and
/// treated 1.4, 1.6, 1.5 (relative 0.9, 1.1, 1.0 and 2.8, 3.2, 3.0, fold change 3).
/// Target B: control 1.0, 1.2, 1.4 and treated 1.1, 1.3, 1.5 (fold change 1.3/1.2).
///
/// Expected values: scipy 1.17.1 and statsmodels 0.15.0 (Python 3.11), commands
///   scipy.stats.ttest_ind(g, c) / ttest_ind(g, c, equal_var=False) on the relative values;
///   statsmodels.stats.multitest.multipletests([pA, pB], method="holm" / "fdr_bh");
///   anova_lm(ols("y ~ C(t, Sum)*C(g, Sum)", df).fit(), typ=3), then for each target
///   t = Δ / sqrt(MS_res · (1/3 + 1/3)), p = 2·t.sf(|t|, df_res), Šídák 1 − (1 − p)²).
/// Tolerance: 1e-9 relative — both sides evaluate the same closed forms in double precision.
private func design(test: StatisticsSpec.Test, correction: StatisticsSpec.Correction = .none) -> (Experiment, [NormalizedValue]) {
  let samples = ["C1", "C2", "C3"].map { Sample(name: $0, group: "control") }
    + ["E1", "E2", "E3"].map { Sample(name: $0, group: "treated") }
  let experiment = Experiment(
    title: "", loadingControl: "actin", controlGroup: "control", lanes: samples.map { .sample($0) },
    blots: [BlotSpec(target: "actin", image: "a"), BlotSpec(target: "A", image: "a"), BlotSpec(target: "B", image: "b")],
    statistics: StatisticsSpec(test: test, correction: correction))
  let ratios: [String: [Double]] = ["A": [0.45, 0.55, 0.5, 1.4, 1.6, 1.5], "B": [1.0, 1.2, 1.4, 1.1, 1.3, 1.5]]
  var values: [NormalizedValue] = []
  for t in ["A", "B"] {
    for (i, s) in samples.enumerated() {
      values.append(NormalizedValue(target: t, sample: s, lane: i, blot: 1, targetVolume: ratios[t]![i],
                                    denominator: 1, ratio: ratios[t]![i], excluded: nil))
    }
  }
  return (experiment, values)
}

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-9) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tol * max(abs(b), 1e-300)
}

@Suite struct FoldChangesSpec {
  @Test func foldChangeIsTheRatioOfGroupMeans() {
    let (e, v) = design(test: .student)
    let rows = FoldChanges.compute(v, experiment: e).rows
    #expect(rows.map(\.target) == ["A", "B"])
    #expect(close(rows[0].foldChange, 3))
    #expect(close(rows[1].foldChange, 1.3 / 1.2))
    #expect(close(rows[0].meanControl, 0.5))
    #expect(close(rows[0].sd, 0.2))          // SD of 2.8, 3.2, 3.0
    #expect(close(rows[0].sdControl, 0.1))   // SD of 0.9, 1.1, 1.0
    #expect(close(rows[0].sem, 0.2 / 3.0.squareRoot()))
    #expect(rows[0].nControl == 3 && rows[0].nGroup == 3)
  }

  @Test func studentAndWelchMatchScipy() {
    let (e, v) = design(test: .student)
    let student = FoldChanges.compute(v, experiment: e).rows
    #expect(close(student[0].statistic, 15.491933384829656))
    #expect(close(student[0].pValue, 0.00010133520168590401))
    #expect(close(student[1].pValue, 0.573392253825356))
    #expect(student[0].pAdjusted == student[0].pValue)
    #expect(student[0].significance == "***")
    #expect(student[1].significance == "ns")
    let (ew, vw) = design(test: .welch)
    let welch = FoldChanges.compute(vw, experiment: ew).rows
    #expect(close(welch[0].df, 2.9411764705882337))
    #expect(close(welch[0].pValue, 0.0006514534283745373))
  }

  @Test func holmAndBHMatchStatsmodels() {
    let (e, v) = design(test: .student, correction: .holm)
    let holm = FoldChanges.compute(v, experiment: e).rows
    #expect(close(holm[0].pAdjusted, 2.02670403e-04, 1e-8))
    #expect(close(holm[1].pAdjusted, 5.73392254e-01, 1e-8))
    #expect(holm[0].test == "Student's t-test, Holm")
    let (eb, vb) = design(test: .student, correction: .benjaminiHochberg)
    #expect(close(FoldChanges.compute(vb, experiment: eb).rows[0].pAdjusted, 2.02670403e-04, 1e-8))
  }

  @Test func twoWayANOVAWithSidakMatchesStatsmodels() {
    let (e, v) = design(test: .twoWayANOVA)
    let result = FoldChanges.compute(v, experiment: e)
    #expect(result.anova.map(\.source) == ["target", "group", "target × group", "residual"])
    #expect(close(result.anova[1].f, 123.355263, 1e-7))
    #expect(close(result.anova[2].p, 7.224113e-06, 1e-6))
    #expect(close(result.anova[3].sumOfSquares, 0.211111, 1e-5))
    #expect(close(result.rows[0].statistic, 15.078740698501033))
    #expect(close(result.rows[0].pValue, 3.7001286549813947e-07))
    #expect(close(result.rows[0].pAdjusted, 7.400255940259726e-07))
    #expect(close(result.rows[1].pAdjusted, 0.7950927612113105))
    #expect(result.rows[0].significance == "****")
    #expect(result.rows[0].test == "two-way ANOVA, Šídák (2 comparisons)")
  }

  @Test func tooFewReplicatesAfterExclusionIsNotTestedAndSaysWhy() {
    var (e, v) = design(test: .student)
    for i in v.indices where v[i].target == "A" && v[i].sample.group == "treated" && v[i].sample.name != "E1" {
      v[i].ratio = nil
      v[i].excluded = .targetSaturated
    }
    let result = FoldChanges.compute(v, experiment: e)
    #expect(result.rows[0].pValue == nil)
    #expect(result.rows[0].significance == "n/a")
    #expect(result.rows[0].nGroup == 1)
    #expect(result.warnings.count == 1)
    #expect(result.warnings.first?.hasPrefix("A, treated vs control: not tested:") == true)
    #expect(result.rows[1].pValue != nil)
  }
}
