/// Why a file could not be turned into a raster. Cases carry the evidence.
public enum DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The bytes are not a PNG, TIFF or JPEG file.
  case unrecognizedFormat(firstBytes: [UInt8])
  case empty
  /// The file ends before the data it declares.
  case truncated(format: ImageFormat, detail: String)
  /// The file breaks its format's rules.
  case corrupt(format: ImageFormat, detail: String)
  /// A valid file using a feature this decoder does not handle ("TIFF compression: CCITT fax 4").
  case unsupported(format: ImageFormat, feature: String)
  /// The declared size exceeds the pixel budget; refused before allocating.
  case tooLarge(width: Int, height: Int, limit: Int)
  case zeroSize(width: Int, height: Int)
  /// The requested page does not exist.
  case pageOutOfRange(requested: Int, pageCount: Int)
  /// The codec library reported an error.
  case library(name: String, message: String)

  public var description: String {
    switch self {
    case .unrecognizedFormat(let bytes):
      let hex = bytes.prefix(8).map { String($0, radix: 16, uppercase: false) }
        .map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: " ")
      return "not a PNG, TIFF or JPEG file (first bytes: \(hex.isEmpty ? "none" : hex))"
    case .empty: return "empty file (0 bytes)"
    case .truncated(let format, let detail): return "truncated \(format.rawValue): \(detail)"
    case .corrupt(let format, let detail): return "corrupt \(format.rawValue): \(detail)"
    case .unsupported(let format, let feature):
      return "unsupported \(format.rawValue) \(feature)"
    case .tooLarge(let w, let h, let limit):
      let (pixels, overflow) = w.multipliedReportingOverflow(by: h)
      let count = overflow ? "more than \(Int.max)" : "\(pixels)"
      return "image is \(w)x\(h) = \(count) pixels, over the limit of \(limit) pixels"
    case .zeroSize(let w, let h): return "image has no pixels (\(w)x\(h))"
    case .pageOutOfRange(let requested, let count):
      return "page \(requested) requested but the file has \(count) page\(count == 1 ? "" : "s")"
      + " (pages are numbered from 0)"
    case .library(let name, let message): return "\(name): \(message)"
    }
  }
}

/// A decoding failure together with the file it happened to.
public struct ImageFileError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: Reason

  public enum Reason: Equatable, Sendable {
    case decoding(DecodingError)
    case cannotRead(String)
    case cannotWrite(String)
  }

  public init(path: String, reason: Reason) {
    self.path = path
    self.reason = reason
  }

  public var description: String {
    switch reason {
    case .decoding(let e): return "\(path): \(e)"
    case .cannotRead(let why): return "\(path): cannot read: \(why)"
    case .cannotWrite(let why): return "\(path): cannot write: \(why)"
    }
  }
}
