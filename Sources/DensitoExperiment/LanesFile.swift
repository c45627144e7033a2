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

/// Lane positions given by hand (`densito bands --lanes-file`, `densito profiles
/// --lanes-file`).
///
/// Accepted forms:
/// - JSON `{"lanes": [{"x0": 10, "x1": 50}, ...]}` or a bare array of such objects; each
///   object gives `x0` and `x1` (left and right edge, pixels) or `center` and `width`;
/// - CSV with a header `x0,x1` or `center,width` (any case) and one lane per row.
///
/// Reading is split in two so that a mistake in the file is reported before the image is
/// decoded (a large scan takes seconds):
/// 1. ``read(_:)`` / ``parse(_:file:)`` check everything that does not need the image: the
///    syntax, that every number is finite, that every lane starts at 0 or more and has a
///    positive width (x1 > x0, or width > 0);
/// 2. ``LaneListing/geometry(fitting:dimension:)`` then checks that every lane ends inside
///    the image: x1 ≤ the image's width (its height for horizontal lanes).
///
/// The result is `.extents` (left-to-right as listed).
public enum LanesFile {
  /// Reads a lanes file and checks it on its own (step 1 above).
  public static func read(_ path: String) throws -> LaneListing {
    let bytes = try FileIO.readBytes(atPath: path)
    return try parse(bytes, file: path)
  }

  /// Reads a lanes file and checks that its lanes fit an image `imageWidth` pixels wide.
  public static func read(_ path: String, imageWidth: Int) throws -> LaneGeometry {
    try read(path).geometry(fitting: imageWidth)
  }

  /// Parses the bytes of a lanes file; `file` names it in messages.
  public static func parse(_ bytes: [UInt8], file: String, imageWidth: Int) throws(LanesFileError)
    -> LaneGeometry
  {
    try parse(bytes, file: file).geometry(fitting: imageWidth)
  }

  /// Parses the bytes of a lanes file and checks everything that does not need the image;
  /// `file` names it in messages.
  public static func parse(_ bytes: [UInt8], file: String) throws(LanesFileError) -> LaneListing {
    guard var text = String(validating: bytes, as: UTF8.self) else {
      throw LanesFileError(file: file, message: "not UTF-8 text")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let pairs = try trimmed.hasPrefix("{") || trimmed.hasPrefix("[")
      ? json(trimmed, file: file) : csv(text, file: file)
    if pairs.isEmpty { throw LanesFileError(file: file, message: "no lanes listed") }
    var lanes: [LaneListing.Lane] = []
    for (i, p) in pairs.enumerated() {
      let (lo, hi) = p.isExtent ? (p.a, p.b) : (p.a - p.b / 2, p.a + p.b / 2)
      func refuse(_ problem: String) -> LanesFileError {
        LanesFileError(file: file, line: p.line, message: "lane \(i + 1) \(problem)")
      }
      guard lo.isFinite, hi.isFinite else {
        throw refuse("(center \(p.a), width \(p.b)) has an edge beyond the largest number")
      }
      guard hi > lo else {
        throw refuse(
          p.isExtent
            ? "(\(lo)...\(hi)) has no width: x1 must be greater than x0"
            : "(center \(p.a), width \(p.b)) has no width: width must be greater than 0")
      }
      guard lo >= 0 else {
        throw refuse(
          "(\(lo)...\(hi)) starts before the image's first pixel: "
            + (p.isExtent ? "x0" : "center - width / 2") + " must be 0 or more")
      }
      lanes.append(LaneListing.Lane(extent: lo...hi, line: p.line))
    }
    return LaneListing(file: file, lanes: lanes)
  }

  /// One listed lane: (x0, x1) when `isExtent`, else (center, width); `line` is the CSV line.
  struct Pair {
    var isExtent: Bool
    var a: Double
    var b: Double
    var line: Int? = nil
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
        message: "not a lanes file: expected {\"lanes\": [{\"x0\": .., \"x1\": ..}]} (\(explain(error)))")
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

  /// A JSON decoding failure in one line: where (`lane 2, "x0"`) and what.
  static func explain(_ error: any Error) -> String {
    func place(_ path: [any CodingKey]) -> String {
      path.compactMap { key -> String? in
        if let i = key.intValue { return "lane \(i + 1)" }
        return key.stringValue == "lanes" ? nil : "\"\(key.stringValue)\""
      }.joined(separator: ", ")
    }
    func described(_ context: Swift.DecodingError.Context, _ what: String) -> String {
      let at = place(context.codingPath)
      return at.isEmpty ? what : "\(at): \(what)"
    }
    guard let error = error as? Swift.DecodingError else { return "\(error)" }
    switch error {
    case .typeMismatch(let type, let context):
      return described(context, type == Double.self ? "not a number" : "expected \(type)")
    case .valueNotFound(_, let context):
      return described(context, "null instead of a value")
    case .keyNotFound(let key, let context):
      return described(context, "no \"\(key.stringValue)\"")
    case .dataCorrupted(let context):
      var what = context.debugDescription
      if let underlying = context.underlyingError {
        let detail = (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        if let detail, !detail.isEmpty { what += " " + detail }
      }
      return described(context, what)
    @unknown default:
      return "\(error)"
    }
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
      pairs.append(Pair(isExtent: isExtent, a: a, b: b, line: r.line))
    }
    return pairs
  }
}

/// The lanes of a lanes file, checked on their own (``LanesFile/read(_:)``): each a finite
/// extent x0...x1 with x0 ≥ 0 and x1 > x0, in pixels, in the order listed. Whether they fit
/// an image is ``geometry(fitting:dimension:)``'s question.
public struct LaneListing: Sendable, Equatable {
  public struct Lane: Sendable, Equatable {
    /// Left and right edge, pixels (for `center,width`: center ∓ width / 2).
    public var extent: ClosedRange<Double>
    /// The CSV line that lists the lane; nil for JSON.
    public var line: Int?
  }

  /// The lanes file, as named in messages.
  public var file: String
  public var lanes: [Lane]

  /// The lanes as `.extents`, after checking that each ends inside an image `size` pixels
  /// across: x1 ≤ size. `dimension` names the size in the message ("width", or "height" for
  /// horizontal lanes).
  public func geometry(fitting size: Int, dimension: String = "width") throws(LanesFileError)
    -> LaneGeometry
  {
    for (i, lane) in lanes.enumerated() where lane.extent.upperBound > Double(size) {
      let e = lane.extent
      throw LanesFileError(
        file: file, line: lane.line,
        message: "lane \(i + 1) (\(e.lowerBound)...\(e.upperBound)) does not fit the image's "
          + "\(dimension) of \(size) pixels")
    }
    return .extents(lanes.map(\.extent))
  }

  /// Checks that every lane keeps at least one pixel once its edges are rounded to whole
  /// pixels (x0, x1 to the nearest integer, halves away from zero), as `densito bands`
  /// measures it: a lane 10.1...10.3 becomes the empty range 10..<10.
  public func checkWholePixels() throws(LanesFileError) {
    for (i, lane) in lanes.enumerated() {
      let x0 = lane.extent.lowerBound.rounded()
      let x1 = lane.extent.upperBound.rounded()
      guard x1 > x0 else {
        let e = lane.extent
        throw LanesFileError(
          file: file, line: lane.line,
          message: "lane \(i + 1) (\(e.lowerBound)...\(e.upperBound)) is narrower than one pixel: "
            + "rounded to whole pixels it is the empty range "
            + String(format: "%.0f..<%.0f", x0, x1))
      }
    }
  }
}
