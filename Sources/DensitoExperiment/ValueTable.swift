import Foundation

/// A long table of values from any tool: `target, sample, group, value` (column order free,
/// header required, extra columns ignored). `densito stats` runs the statistics on it.
public struct ValueTable: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var target: String
    public var sample: Sample
    /// Empty cells mean "no value" (an excluded lane).
    public var value: Double?
    public var line: Int
  }

  public var rows: [Row]

  public static let requiredColumns = ["target", "sample", "group", "value"]

  /// Parses CSV text. Errors carry the file name, line and the problem.
  public static func parse(_ text: String, file: String) throws(ExperimentError) -> ValueTable {
    let records: [(line: Int, fields: [String])]
    do {
      records = try CSVReader.records(text)
    } catch {
      throw ExperimentError(file: file, line: error.line, problem: .yaml(error.message))
    }
    guard let header = records.first else {
      throw ExperimentError(file: file, problem: .missingKey(key: "target,sample,group,value", context: "the header row"))
    }
    let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    var index: [String: Int] = [:]
    for column in requiredColumns {
      guard let i = names.firstIndex(of: column) else {
        throw ExperimentError(
          file: file, line: header.line, problem: .missingKey(key: column, context: "the header row"))
      }
      index[column] = i
    }
    var rows: [Row] = []
    var seen = Set<String>()
    for record in records.dropFirst() {
      func field(_ name: String) -> String {
        let i = index[name] ?? 0
        return i < record.fields.count ? record.fields[i].trimmingCharacters(in: .whitespaces) : ""
      }
      let target = field("target"), sample = field("sample"), group = field("group")
      let valueText = field("value")
      for (name, v) in [("target", target), ("sample", sample), ("group", group)] where v.isEmpty {
        throw ExperimentError(file: file, line: record.line, problem: .missingKey(key: name, context: "this row"))
      }
      var value: Double?
      if !valueText.isEmpty {
        guard let v = Double(valueText), v.isFinite else {
          throw ExperimentError(
            file: file, line: record.line,
            problem: .wrongType(key: "value", expected: "a finite number or an empty cell", found: "'\(valueText)'"))
        }
        value = v
      }
      if !seen.insert(target + "\u{0}" + sample).inserted {
        throw ExperimentError(
          file: file, line: record.line,
          problem: .invalidValue(key: "sample", value: sample, reason: "appears twice for target \(target)"))
      }
      rows.append(Row(target: target, sample: Sample(name: sample, group: group), value: value, line: record.line))
    }
    if rows.isEmpty { throw ExperimentError(file: file, problem: .noSamples) }
    return ValueTable(rows: rows)
  }
}
