import DensitoExperiment

/// The fold changes and p-values recomputed under each 2-D background method, so that a
/// reader sees whether a conclusion depends on that choice.
///
/// For each method of ``methods`` the whole experiment is analysed again with that method for
/// every blot (per-blot background settings replaced, radius as set or the default 50 px);
/// the method the run used reuses its result. A method under which the analysis fails (e.g.
/// a lane-count mismatch) is reported with its error instead of numbers.
public struct SensitivityAnalysis: Sendable {
  /// 2-D background methods compared: none (lane baselines only), rolling ball, sliding
  /// paraboloid.
  public static let methods = ["none", "rolling-ball", "paraboloid"]

  public struct Variant: Sendable {
    public var method: String
    /// True for the method the reported results used.
    public var used: Bool
    public var foldChanges: [FoldChangeRow]
    /// Why the analysis failed under this method, if it did.
    public var error: String?
  }

  public var variants: [Variant]

  public init(variants: [Variant]) {
    self.variants = variants
  }

  /// Runs the other methods for `result`'s experiment. With `jobs` > 1 the methods run at
  /// the same time and share the jobs among their blots; the variants are the same as with
  /// one job, in the order of ``methods``.
  public init(
    result: ExperimentResult, analyzer: any BlotAnalyzing = DensitoAnalysisAdapter(), jobs: Int = 1,
    progress: (@Sendable (String) -> Void)? = nil
  ) {
    let e = result.experiment
    let used = e.analysis.background ?? "none"
    let uniform = e.blots.allSatisfy { $0.analysis.background == nil }
    let reused = { (method: String) in uniform && method == used }
    let rerun = Self.methods.filter { !reused($0) }
    let perRun = max(1, jobs / max(1, rerun.count))
    // Nothing throws: a failed run is a variant with its error.
    let runs = (try? OrderedParallelMap.map(count: rerun.count, jobs: jobs) { i in
      Self.variant(rerun[i], of: e, analyzer: analyzer, jobs: perRun, progress: progress)
    }) ?? []
    variants = Self.methods.map { method in
      if reused(method) {
        return Variant(method: method, used: true, foldChanges: result.foldChanges, error: nil)
      }
      return runs.first { $0.method == method }
        ?? Variant(method: method, used: false, foldChanges: [], error: "not run")
    }
  }

  /// `e` analysed again with `method` as the 2-D background of every blot.
  static func variant(
    _ method: String, of e: Experiment, analyzer: any BlotAnalyzing, jobs: Int,
    progress: (@Sendable (String) -> Void)?
  ) -> Variant {
    var changed = e
    changed.analysis.background = method
    for i in changed.blots.indices { changed.blots[i].analysis.background = nil }
    do {
      let runner = ExperimentRunner(analyzer: analyzer, jobs: jobs) { index, count, step in
        progress?("sensitivity, background \(method): [\(index + 1)/\(count)] \(step)")
      }
      let other = try runner.run(changed)
      return Variant(method: method, used: false, foldChanges: other.foldChanges, error: nil)
    } catch {
      return Variant(method: method, used: false, foldChanges: [], error: "\(error)")
    }
  }

  /// True when `p` counts as significant (≤ 0.05) in one variant and not in another, for
  /// the comparison `target` / `group`. Untestable comparisons count as not significant.
  public func conclusionDepends(target: String, group: String) -> Bool {
    let calls = variants.filter { $0.error == nil }.map { v -> Bool in
      let row = v.foldChanges.first { $0.target == target && $0.group == group }
      return (row?.pAdjusted ?? row?.pValue).map { $0 <= 0.05 } ?? false
    }
    return Set(calls).count > 1
  }
}
