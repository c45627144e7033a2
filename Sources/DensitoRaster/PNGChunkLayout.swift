/// The chunk structure of a PNG file, checked before libpng sees the bytes.
///
/// A PNG file is the 8-byte signature followed by chunks, each
/// `length (4 bytes, big-endian, ≤ 2³¹−1) · type (4 ASCII letters) · data · CRC (4 bytes)`,
/// the last being `IEND` (PNG specification, 3rd edition, §5.2–5.3, W3C 2025;
/// ISO/IEC 15948:2004). Walking the chunk headers costs nothing and turns a cut-off
/// file into an error that says where the file ends and what it still declared, instead
/// of libpng's generic read failure.
struct PNGChunkLayout: Equatable {
  struct Chunk: Equatable {
    /// The four-letter type, e.g. "IHDR", "IDAT".
    var type: String
    /// Byte offset of the chunk's length field.
    var offset: Int
    /// Length of the data field.
    var dataLength: Int
    /// First byte after the CRC.
    var end: Int { offset + 12 + dataLength }
  }

  static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// Chunks up to and including `IEND`.
  var chunks: [Chunk]
  /// Bytes after `IEND` (ignored by the decoder, reported as a warning).
  var trailingBytes: Int

  /// Width and height declared by `IHDR`, when it is the first chunk and complete.
  var declaredSize: (width: Int, height: Int)?

  static func == (lhs: PNGChunkLayout, rhs: PNGChunkLayout) -> Bool {
    lhs.chunks == rhs.chunks && lhs.trailingBytes == rhs.trailingBytes
      && lhs.declaredSize?.width == rhs.declaredSize?.width
      && lhs.declaredSize?.height == rhs.declaredSize?.height
  }

  /// Walks the chunk headers of `bytes`.
  ///
  /// - Throws: `.truncated(format: .png, …)` when the file ends inside the signature, a
  ///   chunk, or before `IEND`, naming the byte counts; `.corrupt(format: .png, …)` for a
  ///   wrong signature, a length over 2³¹−1 or a type that is not four ASCII letters.
  static func scan(_ bytes: [UInt8]) throws(DecodingError) -> PNGChunkLayout {
    let size = bytes.count
    if size < signature.count {
      if signature.starts(with: bytes) {
        throw .truncated(
          format: .png, detail: "file ends after \(size) of the 8 signature bytes")
      }
      throw .corrupt(format: .png, detail: "no PNG signature")
    }
    if !bytes.starts(with: signature) {
      throw .corrupt(format: .png, detail: "no PNG signature")
    }
    var chunks: [Chunk] = []
    var offset = signature.count
    var declaredSize: (width: Int, height: Int)?
    while true {
      let after = chunks.last.map { " after chunk \($0.type) (ends at byte \($0.end))" } ?? ""
      if offset == size {
        throw .truncated(
          format: .png, detail: "file ends after \(size) bytes with no IEND chunk\(after)")
      }
      if size - offset < 8 {
        throw .truncated(
          format: .png,
          detail: "file ends after \(size) bytes, inside the header of the chunk at byte "
            + "\(offset)\(after)")
      }
      let length = Int(readUInt32(bytes, at: offset))
      let typeBytes = bytes[(offset + 4)..<(offset + 8)]
      guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
        let hex = typeBytes.map { String($0, radix: 16) }.joined(separator: " ")
        throw .corrupt(
          format: .png, detail: "chunk at byte \(offset) has an invalid type (\(hex))\(after)")
      }
      let type = String(decoding: typeBytes, as: UTF8.self)
      if length > 0x7FFF_FFFF {
        throw .corrupt(
          format: .png,
          detail: "chunk \(type) at byte \(offset) declares \(length) data bytes (over 2^31-1)")
      }
      let chunk = Chunk(type: type, offset: offset, dataLength: length)
      if chunk.end > size {
        throw .truncated(
          format: .png,
          detail: "chunk \(type) at byte \(offset) declares \(length) data bytes: file ends "
            + "after \(size) of \(chunk.end) bytes")
      }
      if chunks.isEmpty && type == "IHDR" && length >= 8 {
        declaredSize = (
          Int(readUInt32(bytes, at: offset + 8)), Int(readUInt32(bytes, at: offset + 12))
        )
      }
      chunks.append(chunk)
      offset = chunk.end
      if type == "IEND" { break }
    }
    return PNGChunkLayout(
      chunks: chunks, trailingBytes: size - offset, declaredSize: declaredSize)
  }

  private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
      | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
  }
}
