import CCodecShims

/// Reading the `densito_status` that the PNG and JPEG C shims (`CCodecShims`) fill in.
enum PNGJPEGShimStatus {
  /// The status message as a Swift string.
  static func message(_ status: inout densito_status) -> String {
    withUnsafeBytes(of: &status.message) { raw in
      String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
  }

  /// Non-fatal library messages, one per line.
  static func warnings(_ status: inout densito_status) -> [String] {
    let text = withUnsafeBytes(of: &status.warnings) { raw in
      String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    return text.split(separator: "\n").map(String.init)
  }

  /// The `DecodingError` for a failed shim call.
  static func error(
    code: densito_code, status: inout densito_status, format: ImageFormat,
    libraryName: String, width: Int, height: Int, limit: Int
  ) -> DecodingError {
    let text = message(&status)
    switch code {
    case DENSITO_ERR_TRUNCATED: return .truncated(format: format, detail: text)
    case DENSITO_ERR_CORRUPT: return .corrupt(format: format, detail: text)
    case DENSITO_ERR_UNSUPPORTED: return .unsupported(format: format, feature: text)
    case DENSITO_ERR_TOO_LARGE: return .tooLarge(width: width, height: height, limit: limit)
    case DENSITO_ERR_ZERO_SIZE: return .zeroSize(width: width, height: height)
    case DENSITO_ERR_NO_MEMORY: return .library(name: libraryName, message: "out of memory: \(text)")
    default:
      return .library(name: libraryName, message: text.isEmpty ? "failed without a message" : text)
    }
  }
}
