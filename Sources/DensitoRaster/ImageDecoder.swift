import Foundation

/// Decodes PNG, TIFF and JPEG bytes into a `GrayImage`, choosing the decoder from the
/// bytes themselves (the file's signature), never from a file name.
public enum ImageDecoder {
  /// Recognises the container from its first bytes.
  ///
  /// - PNG: `89 50 4E 47 0D 0A 1A 0A`
  /// - TIFF: `49 49 2A 00` / `4D 4D 00 2A` (classic), `49 49 2B 00` / `4D 4D 00 2B` (BigTIFF)
  /// - JPEG: `FF D8 FF`
  public static func sniffFormat(_ bytes: [UInt8]) -> ImageFormat? {
    if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
    if bytes.count >= 4 {
      let b = Array(bytes.prefix(4))
      if b == [0x49, 0x49, 0x2A, 0x00] || b == [0x4D, 0x4D, 0x00, 0x2A]
        || b == [0x49, 0x49, 0x2B, 0x00] || b == [0x4D, 0x4D, 0x00, 0x2B]
      {
        return .tiff
      }
    }
    if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
    return nil
  }

  /// Decodes an in-memory file.
  public static func decode(
    _ bytes: [UInt8], options: DecodingOptions = DecodingOptions()
  ) throws(DecodingError) -> GrayImage {
    if bytes.isEmpty { throw .empty }
    guard let format = sniffFormat(bytes) else {
      throw .unrecognizedFormat(firstBytes: Array(bytes.prefix(8)))
    }
    switch format {
    case .png: return try PNGDecoder.decode(bytes, options: options)
    case .tiff: return try TIFFDecoder.decode(bytes, options: options)
    case .jpeg: return try JPEGDecoder.decode(bytes, options: options)
    case .none: throw .unrecognizedFormat(firstBytes: Array(bytes.prefix(8)))
    }
  }

  /// Reads and decodes a file. Errors name the file.
  public static func decodeFile(
    atPath path: String, options: DecodingOptions = DecodingOptions()
  ) throws(ImageFileError) -> GrayImage {
    let bytes = try FileIO.readBytes(atPath: path)
    do {
      return try decode(bytes, options: options)
    } catch {
      throw ImageFileError(path: path, reason: .decoding(error))
    }
  }
}
