import DensitoExperiment

/// The files `densito analyze` writes, produced in memory (written by the caller, each
/// atomically, only after all of them exist).
public enum ReportFiles {
  public static func files(for result: ExperimentResult, record: AnalysisRecord) throws
    -> [(name: String, bytes: [UInt8])]
  {
    var files: [(name: String, bytes: [UInt8])] = [
      ("bands.csv", Array(ResultTables.bands(result).text.utf8)),
      ("normalized.csv", Array(ResultTables.normalized(result).text.utf8)),
      ("foldchange.csv", Array(ResultTables.foldChange(result).text.utf8)),
      ("prism.csv", Array(ResultTables.prism(result).text.utf8)),
      ("foldchange.svg", Array(FoldChangeChart(result: result).svg.utf8)),
    ]
    if !result.anova.isEmpty {
      files.append(("anova.csv", Array(ResultTables.anova(result).text.utf8)))
    }
    files.append(("analysis.json", try record.json()))
    return files
  }
}

extension ResultTables {
  /// `anova.csv`: the two-way ANOVA table (Type III sums of squares).
  public static func anova(_ result: ExperimentResult) -> CSVTable {
    var table = CSVTable(header: ["source", "sum_of_squares", "df", "mean_square", "F", "p_value"])
    for row in result.anova {
      table.append([
        row.source, NumberFormat.value(row.sumOfSquares), NumberFormat.value(row.df),
        NumberFormat.value(row.meanSquare), NumberFormat.value(row.f), NumberFormat.pValue(row.p),
      ])
    }
    return table
  }
}
