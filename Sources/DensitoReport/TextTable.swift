import DensitoExperiment

/// Aligned plain-text tables for the terminal.
public struct TextTable: Sendable {
  public var header: [String]
  public var rows: [[String]]
  /// Columns aligned right (numbers); the others are aligned left.
  public var rightAligned: Set<Int>

  public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
    self.header = header
    self.rows = rows
    self.rightAligned = rightAligned
  }

  public var text: String {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
    func line(_ row: [String]) -> String {
      row.indices.map { c in
        let pad = String(repeating: " ", count: widths[c] - row[c].count)
        return rightAligned.contains(c) ? pad + row[c] : row[c] + pad
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
  }

  /// The fold-change table `densito analyze` prints at the end.
  public static func foldChanges(_ rows: [FoldChangeRow], errorBars: String) -> TextTable {
    let body = rows.map { r in
      [
        r.target, r.group, fixed3(r.foldChange), fixed3(errorBars == "sem" ? r.sem : r.sd),
        "\(r.nControl)/\(r.nGroup)",
        NumberFormat.pValue(r.pValue), NumberFormat.pValue(r.pAdjusted), r.significance,
      ]
    }
    return TextTable(
      header: ["target", "group", "fold", errorBars.uppercased(), "n", "p", "p adj", ""],
      rows: body, rightAligned: [2, 3, 4, 5, 6])
  }

  /// Three decimals; an undefined value (NaN, infinite) is an empty cell, as in the CSVs.
  static func fixed3(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "" }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
