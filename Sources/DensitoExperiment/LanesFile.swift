import DensitoRaster
import Foundation

/// Why a lanes file cannot be used: the file, the line when known (CSV), and the problem.
public struct LanesFileError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var message: String

  public init(file: String, line: Int? = nil, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
  }
}

/// Lane positions given by hand (`densito bands --lanes-file`).
///
/// Accepted forms:
/// - JSON `{"lanes": [{"x0": 10, "x1": 50}, ...]}` or a bare array of such objects; each
///   object gives `x0` and `x1` (left and right edge, pixels) or `center` and `width`;
/// - CSV with a header `x0,x1` or `center,width` (any case) and one lane per row.
///
/// Every lane must lie within `0...imageWidth` with a positive width; all numbers must be
/// finite. The result is `.extents` (left-to-right as listed).
public enum LanesFile {
  /// Reads and parses a lanes file.
  public static func read(_ path: String, imageWidth: Int) throws -> LaneGeometry {
    let bytes = try FileIO.readBytes(atPath: path)
    return try parse(bytes, file: path, imageWidth: imageWidth)
  }

  /// Parses the bytes of a lanes file; `file` names it in messages.
  public static func parse(_ bytes: [UInt8], file: String, imageWidth: Int) throws(LanesFileError)
    -> LaneGeometry
  {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw LanesFileError(file: file, message: "not UTF-8 text")
    }
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let pairs = try trimmed.hasPrefix("{") || trimmed.hasPrefix("[")
      ? json(trimmed, file: file) : csv(text, file: file)
    if pairs.isEmpty { throw LanesFileError(file: file, message: "no lanes listed") }
    var extents: [ClosedRange<Double>] = []
    for (i, p) in pairs.enumerated() {
      let (lo, hi) = p.isExtent ? (p.a, p.b) : (p.a - p.b / 2, p.a + p.b / 2)
      guard lo.isFinite, hi.isFinite, lo < hi, lo >= 0, hi <= Double(imageWidth) else {
        throw LanesFileError(
          file: file,
          message: "lane \(i + 1) (\(lo)...\(hi)) does not fit the image's width of \(imageWidth) pixels")
      }
      extents.append(lo...hi)
    }
    return .extents(extents)
  }

  /// One listed lane: (x0, x1) when `isExtent`, else (center, width).
  struct Pair {
    var isExtent: Bool
    var a: Double
    var b: Double
  }

  static func json(_ text: String, file: String) throws(LanesFileError) -> [Pair] {
    struct Entry: Decodable { var x0: Double?; var x1: Double?; var center: Double?; var width: Double? }
    struct File: Decodable { var lanes: [Entry] }
    let entries: [Entry]
    do {
      if text.hasPrefix("{") {
        entries = try JSONDecoder().decode(File.self, from: Data(text.utf8)).lanes
      } else {
        entries = try JSONDecoder().decode([Entry].self, from: Data(text.utf8))
      }
    } catch {
      throw LanesFileError(
        file: file,
        message: "not a lanes file: expected {\"lanes\": [{\"x0\": .., \"x1\": ..}]} (\(error.localizedDescription))")
    }
    var pairs: [Pair] = []
    for (i, e) in entries.enumerated() {
      if let x0 = e.x0, let x1 = e.x1 {
        pairs.append(Pair(isExtent: true, a: x0, b: x1))
      } else if let c = e.center, let w = e.width {
        pairs.append(Pair(isExtent: false, a: c, b: w))
      } else {
        throw LanesFileError(file: file, message: "lane \(i + 1) needs x0 and x1, or center and width")
      }
    }
    return pairs
  }

  static func csv(_ text: String, file: String) throws(LanesFileError) -> [Pair] {
    let records: [(line: Int, fields: [String])]
    do {
      records = try CSVReader.records(text)
    } catch {
      throw LanesFileError(file: file, line: error.line, message: error.message)
    }
    guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() })
    else {
      throw LanesFileError(file: file, message: "empty lanes file")
    }
    let isExtent: Bool
    if header.starts(with: ["x0", "x1"]) {
      isExtent = true
    } else if header.starts(with: ["center", "width"]) {
      isExtent = false
    } else {
      throw LanesFileError(file: file, line: records[0].line, message: "the header must be x0,x1 or center,width")
    }
    var pairs: [Pair] = []
    for r in records.dropFirst() {
      guard r.fields.count >= 2, let a = Double(r.fields[0].trimmingCharacters(in: .whitespaces)),
        let b = Double(r.fields[1].trimmingCharacters(in: .whitespaces)), a.isFinite, b.isFinite
      else {
        throw LanesFileError(file: file, line: r.line, message: "expected two numbers")
      }
      pairs.append(Pair(isExtent: isExtent, a: a, b: b))
    }
    return pairs
  }
}
