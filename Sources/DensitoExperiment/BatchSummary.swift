import Foundation

/// What happened to one experiment of a batch.
public enum BatchStatus: Sendable, Equatable {
  case ok
  case skippedUnchanged
  case failed(reason: String)

  /// The `status` column of `summary.csv`.
  public var label: String {
    switch self {
    case .ok: "ok"
    case .skippedUnchanged: "skipped (unchanged)"
    case .failed: "failed"
    }
  }
}

/// `summary.csv` and `failures.csv` of a batch run, and the merge of several shards'.
///
/// `summary.csv` has one row per (experiment, target, group) fold change, with the columns
/// `experiment, target, group, fold_change, p_value, p_adjusted, significance, warnings,
/// status`; a failed experiment has one row with only `experiment` and `status = failed`.
/// Numbers are written with up to 10 significant digits (`%.10g`, as in foldchange.csv),
/// p-values with up to 4 (scientific below 1e-4); a missing value is an empty field.
/// `warnings` holds the experiment's warnings that name the row's target, joined by `; `.
/// `failures.csv` has `experiment, reason` (the one-line error).
/// Rows are in experiment key order, then in the order of foldchange.csv.
public enum BatchSummary {
  public static let header = [
    "experiment", "target", "group", "fold_change", "p_value", "p_adjusted", "significance",
    "warnings", "status",
  ]
  public static let failureHeader = ["experiment", "reason"]

  /// The summary rows of one experiment.
  public static func rows(
    experiment key: String, status: BatchStatus, foldChanges: [FoldChangeRow], warnings: [String]
  ) -> [[String]] {
    if case .failed = status {
      return [[key, "", "", "", "", "", "", "", status.label]]
    }
    return foldChanges.map { row in
      let mine = warnings.filter { $0.hasPrefix(row.target + " ") || $0.hasPrefix(row.target + ":") }
      return [
        key, row.target, row.group, value(row.foldChange), pValue(row.pValue),
        pValue(row.pAdjusted), row.significance, mine.joined(separator: "; "), status.label,
      ]
    }
  }

  /// A CSV file (RFC 4180: fields holding a comma, quote or line break are quoted; `\n`
  /// line ends).
  public static func csv(header: [String], rows: [[String]]) -> String {
    ([header] + rows).map { $0.map(quoted).joined(separator: ",") + "\n" }.joined()
  }

  static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func value(_ x: Double) -> String {
    guard x.isFinite else { return "" }
    return x == 0 ? "0" : String(format: "%.10g", x)
  }

  static func pValue(_ p: Double?) -> String {
    guard let p, p.isFinite else { return "" }
    if p == 0 { return "0" }
    return p < 1e-4 ? String(format: "%.3e", p) : String(format: "%.4g", p)
  }

  /// Joins CSV files with the given header (shards' summary.csv or failures.csv): every
  /// file must have exactly that header; rows are kept whole and sorted (stably) by their
  /// first column, so merging shards gives the rows an unsharded run would have, in order.
  /// `files` are (name for messages, text).
  public static func merge(_ files: [(name: String, text: String)], header: [String])
    throws(BatchError) -> String
  {
    var rows: [[String]] = []
    var seenExperiments: [String: String] = [:]
    for file in files {
      let records: [(line: Int, fields: [String])]
      do {
        records = try CSVReader.records(file.text)
      } catch {
        throw BatchError("\(file.name):\(error.line): \(error.message)")
      }
      guard let first = records.first, first.fields == header else {
        throw BatchError("\(file.name): not a Densito batch file: the header must be \(header.joined(separator: ","))")
      }
      var mine = Set<String>()
      for record in records.dropFirst() {
        guard record.fields.count == header.count else {
          throw BatchError("\(file.name):\(record.line): expected \(header.count) fields, found \(record.fields.count)")
        }
        let experiment = record.fields[0]
        if let other = seenExperiments[experiment], other != file.name {
          throw BatchError("experiment \(experiment) is in both \(other) and \(file.name): shards overlap")
        }
        mine.insert(experiment)
        rows.append(record.fields)
      }
      for e in mine { seenExperiments[e] = file.name }
    }
    let sorted = rows.enumerated().sorted { a, b in
      a.element[0] == b.element[0]
        ? a.offset < b.offset : a.element[0].utf8.lexicographicallyPrecedes(b.element[0].utf8)
    }.map(\.element)
    return csv(header: header, rows: sorted)
  }
}
