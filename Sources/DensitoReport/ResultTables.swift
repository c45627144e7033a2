import DensitoExperiment

/// The CSV files of `densito analyze`. Docs/user-guide.md explains every column.
public enum ResultTables {
  /// `bands.csv`: one row per blot, lane and band. `saturation_reason` follows
  /// `saturated_fraction` as in `densito bands --csv`: `detectorLimit` or `responsePlateau`
  /// for a saturated band, empty otherwise.
  public static func bands(_ result: ExperimentResult) -> CSVTable {
    var table = CSVTable(header: [
      "target", "image", "lane", "sample", "group", "x", "lane_width", "y", "top", "bottom",
      "volume", "background", "peak_height", "saturated", "saturated_fraction",
      "saturation_reason", "kDa", "chosen",
    ])
    for blot in result.blots {
      for lane in blot.lanes {
        if lane.bands.isEmpty {
          table.append([
            blot.target, blot.image, String(lane.index), lane.sample ?? lane.kind, lane.group ?? "",
            NumberFormat.pixels(lane.x), NumberFormat.pixels(lane.width), "", "", "", "", "", "", "",
            "", "", "", "false",
          ])
        }
        for (i, band) in lane.bands.enumerated() {
          table.append([
            blot.target, blot.image, String(lane.index), lane.sample ?? lane.kind, lane.group ?? "",
            NumberFormat.pixels(lane.x), NumberFormat.pixels(lane.width),
            NumberFormat.pixels(band.y), NumberFormat.pixels(band.top),
            NumberFormat.pixels(band.bottom), NumberFormat.value(band.volume),
            NumberFormat.value(band.background), NumberFormat.value(band.peakHeight),
            NumberFormat.flag(band.saturated), NumberFormat.value(band.saturatedFraction),
            band.saturated ? band.saturationReason ?? "" : "", NumberFormat.value(band.kDa),
            NumberFormat.flag(lane.chosen == i),
          ])
        }
      }
    }
    return table
  }

  /// `normalized.csv`: one row per target and sample.
  public static func normalized(_ result: ExperimentResult) -> CSVTable {
    let denominator =
      result.experiment.normalization == .totalProtein ? "total_protein_signal" : "loading_control_volume"
    var table = CSVTable(header: [
      "target", "sample", "group", "lane", "image", "target_volume", denominator, "ratio",
      "relative_to_control", "excluded", "reason",
    ])
    let controlMeans = controlMeansByTarget(result)
    for v in result.normalized {
      let image = result.blots.first { $0.index == v.blot }?.image ?? ""
      let relative = v.ratio.flatMap { r in controlMeans[v.target].map { r / $0 } }
      table.append([
        v.target, v.sample.name, v.sample.group, String(v.lane), image,
        NumberFormat.value(v.targetVolume), NumberFormat.value(v.denominator),
        NumberFormat.value(v.ratio), NumberFormat.value(relative),
        NumberFormat.flag(v.excluded != nil), v.excluded?.rawValue ?? "",
      ])
    }
    return table
  }

  /// `foldchange.csv`: one row per target and non-control group.
  public static func foldChange(_ result: ExperimentResult) -> CSVTable {
    var table = CSVTable(header: [
      "target", "group", "control_group", "n_control", "n_group", "mean_control", "mean_group",
      "fold_change", "sd", "sem", "sd_control", "sem_control", "test", "statistic", "df",
      "p_value", "p_adjusted", "significance",
    ])
    for row in result.foldChanges {
      table.append([
        row.target, row.group, row.controlGroup, String(row.nControl), String(row.nGroup),
        NumberFormat.value(row.meanControl), NumberFormat.value(row.meanGroup),
        NumberFormat.value(row.foldChange), NumberFormat.value(row.sd), NumberFormat.value(row.sem),
        NumberFormat.value(row.sdControl), NumberFormat.value(row.semControl), row.test,
        NumberFormat.value(row.statistic), NumberFormat.value(row.df),
        NumberFormat.pValue(row.pValue), NumberFormat.pValue(row.pAdjusted), row.significance,
      ])
    }
    return table
  }

  /// `prism.csv`: a GraphPad Prism grouped table. Rows are targets (loading control
  /// excluded); columns are groups × replicates (`control_1`, `control_2`, ...). Values are
  /// the normalized ratios divided by the target's control mean (so control averages 1),
  /// the same values Densito's tests use; excluded lanes are empty cells.
  public static func prism(_ result: ExperimentResult) -> CSVTable {
    let groups = result.experiment.groups
    let controlMeans = controlMeansByTarget(result)
    var replicates: [String: Int] = [:]
    var byTargetGroup: [String: [String: [Double?]]] = [:]
    var targets: [String] = []
    for v in result.normalized {
      if !targets.contains(v.target) { targets.append(v.target) }
      let relative = v.ratio.flatMap { r in controlMeans[v.target].map { r / $0 } }
      byTargetGroup[v.target, default: [:]][v.sample.group, default: []].append(relative)
    }
    for (_, groupsOfTarget) in byTargetGroup {
      for (g, values) in groupsOfTarget { replicates[g] = max(replicates[g] ?? 0, values.count) }
    }
    var header = ["target"]
    for g in groups { for i in 0..<(replicates[g] ?? 0) { header.append("\(g)_\(i + 1)") } }
    var table = CSVTable(header: header)
    for t in targets {
      var row = [t]
      for g in groups {
        let values = byTargetGroup[t]?[g] ?? []
        for i in 0..<(replicates[g] ?? 0) {
          row.append(i < values.count ? NumberFormat.value(values[i]) : "")
        }
      }
      table.append(row)
    }
    return table
  }

  /// Mean ratio of the control group per target (included lanes only).
  static func controlMeansByTarget(_ result: ExperimentResult) -> [String: Double] {
    var sums: [String: (Double, Int)] = [:]
    for v in result.normalized where v.sample.group == result.experiment.controlGroup {
      if let r = v.ratio {
        let s = sums[v.target] ?? (0, 0)
        sums[v.target] = (s.0 + r, s.1 + 1)
      }
    }
    return sums.compactMapValues { $0.1 > 0 && $0.0 > 0 ? $0.0 / Double($0.1) : nil }
  }
}
