/// Reads RFC 4180 CSV: comma-separated fields, optional double quotes with `""` for a quote
/// inside, `\n` or `\r\n` line ends, an optional UTF-8 byte-order mark. Used for
/// `densito stats` tables and lane files. Never traps on malformed input: an unterminated
/// quote is an error naming the line where the field began.
public enum CSVReader {
  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
  }

  /// Parses `text` into records (each a list of fields). Blank lines are skipped.
  public static func records(_ text: String) throws(Failure) -> [(line: Int, fields: [String])] {
    var result: [(line: Int, fields: [String])] = []
    var fields: [String] = []
    var field = ""
    var inQuotes = false
    var quoteStartLine = 0
    var line = 1
    var recordLine = 1
    var fieldWasQuoted = false
    var scalars = text.unicodeScalars[...]
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    var iterator = scalars.makeIterator()
    var pending: Unicode.Scalar? = nil

    func endRecord() {
      fields.append(field)
      if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
        result.append((recordLine, fields))
      }
      fields = []
      field = ""
      fieldWasQuoted = false
    }

    while let c = pending ?? iterator.next() {
      pending = nil
      if inQuotes {
        if c == "\"" {
          let next = iterator.next()
          if next == "\"" {
            field.unicodeScalars.append("\"")
          } else {
            inQuotes = false
            pending = next
          }
        } else {
          if c == "\n" { line += 1 }
          field.unicodeScalars.append(c)
        }
        continue
      }
      switch c {
      case "\"" where field.isEmpty && !fieldWasQuoted:
        inQuotes = true
        fieldWasQuoted = true
        quoteStartLine = line
      case ",":
        fields.append(field)
        field = ""
        fieldWasQuoted = false
      case "\r":
        let next = iterator.next()
        if next != "\n" { pending = next }
        endRecord()
        line += 1
        recordLine = line
      case "\n":
        endRecord()
        line += 1
        recordLine = line
      default:
        field.unicodeScalars.append(c)
      }
    }
    if inQuotes { throw Failure(line: quoteStartLine, message: "a quoted field is never closed") }
    if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
    return result
  }
}
