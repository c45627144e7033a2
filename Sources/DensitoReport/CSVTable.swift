import Foundation

/// A table written as RFC 4180 CSV: comma-separated, CRLF-free (`\n` line ends, which every
/// spreadsheet reads), fields quoted when they hold a comma, quote, or line break, quotes
/// doubled. Numbers are written so that the same value always gives the same text.
public struct CSVTable: Sendable, Equatable {
  public var header: [String]
  public var rows: [[String]]

  public init(header: [String], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
  }

  /// Appends a row; traps when its width differs from the header's (a programmer error).
  public mutating func append(_ row: [String]) {
    precondition(row.count == header.count, "CSV row has \(row.count) fields, header \(header.count)")
    rows.append(row)
  }

  /// The CSV text, with a trailing newline.
  public var text: String {
    var out = ""
    for row in [header] + rows {
      out += row.map(Self.quoted).joined(separator: ",")
      out += "\n"
    }
    return out
  }

  static func quoted(_ field: String) -> String {
    if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return field
  }
}

/// How numbers appear in CSV, JSON-free text outputs: fixed rules, so outputs are
/// byte-identical for identical results.
public enum NumberFormat {
  /// Up to 10 significant digits (`%.10g`); nil and non-finite values as an empty field.
  public static func value(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "" }
    if x == 0 { return "0" }
    return String(format: "%.10g", x)
  }

  /// A p-value: 4 significant digits, scientific below 1e-4 (e.g. `3.214e-07`).
  public static func pValue(_ p: Double?) -> String {
    guard let p, p.isFinite else { return "" }
    if p == 0 { return "0" }
    return p < 1e-4 ? String(format: "%.3e", p) : String(format: "%.4g", p)
  }

  /// Pixel coordinates: two decimals, trailing zeros kept for alignment.
  public static func pixels(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "" }
    return String(format: "%.2f", x)
  }

  public static func flag(_ b: Bool) -> String { b ? "true" : "false" }
}
