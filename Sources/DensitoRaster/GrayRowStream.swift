/// What a streamed image is, known before its first row: the fields of ``GrayImage`` but
/// the samples.
public struct GrayRowHeader: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// As ``GrayImage/maxValue``.
  public let maxValue: Float
  /// As ``GrayImage/metadata``; `warnings` are complete only in the value
  /// ``GrayRowStream/read(_:options:begin:row:)`` returns (libtiff reports while it reads).
  public var metadata: ImageMetadata
}

/// Reads an image one row at a time, top to bottom, without building the whole raster:
/// for a command that needs each row once (lane profiles), memory stays at one row plus the
/// file's bytes, and no image-sized `Float` buffer has to be allocated and zeroed.
///
/// Each row holds exactly the values ``ImageDecoder/decode(_:options:)`` puts in that row
/// of its ``GrayImage`` (the same conversion code, MinIsWhite inversion included), so a
/// computation fed by the stream gives the same numbers as one on the decoded image.
///
/// Streamed: gray TIFF pages (MinIsBlack or MinIsWhite; any bit depth or sample type,
/// strips or tiles, any lossless compression). Other images (PNG, JPEG, palette and RGB
/// TIFF, JPEG-in-TIFF) are not: ``read(_:options:begin:row:)`` returns nil without calling
/// either closure, and the caller decodes the whole image.
public enum GrayRowStream {
  /// Streams the rows of `bytes`.
  ///
  /// - Parameters:
  ///   - begin: Called once with the header before any row; return false to stop there
  ///     (e.g. when the image does not fit what the caller needs).
  ///   - row: Called for every row `y` in increasing order with its `width` samples, valid
  ///     only during the call.
  /// - Returns: The header (with the decoder's warnings), or nil when the image is not
  ///   streamed.
  /// - Throws: The errors of ``ImageDecoder/decode(_:options:)``, for the same files.
  public static func read(
    _ bytes: [UInt8], options: DecodingOptions = DecodingOptions(),
    begin: (GrayRowHeader) -> Bool, row: (Int, UnsafeBufferPointer<Float>) -> Void
  ) throws(DecodingError) -> GrayRowHeader? {
    if bytes.isEmpty { throw .empty }
    guard ImageDecoder.sniffFormat(bytes) == .tiff else { return nil }
    let result: Result<GrayRowHeader?, DecodingError> = bytes.withUnsafeBytes { raw in
      do throws(DecodingError) {
        return .success(
          try TIFFDecoder.streamGrayRows(
            borrowing: raw, options: options, begin: begin, body: row))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
