/// Building and editing PNG files byte by byte in specs (chunk insertion, patched
/// headers), independent of libpng.
enum PNGTestFiles {
  /// CRC-32 as PNG defines it (ISO 3309 / ITU-T V.42 polynomial, PNG spec §5.5).
  static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  /// One complete chunk: length, type, data, CRC over type and data.
  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
  }

  /// `file` with `chunk` inserted right after IHDR (which always ends at byte 33).
  static func inserting(_ chunk: [UInt8], into file: [UInt8]) -> [UInt8] {
    Array(file[..<33]) + chunk + Array(file[33...])
  }

  /// Byte offsets where each chunk starts (after the 8-byte signature), and the end.
  static func chunkBoundaries(_ file: [UInt8]) -> [Int] {
    var offsets: [Int] = []
    var offset = 8
    while offset + 8 <= file.count {
      offsets.append(offset)
      let length = Int(file[offset]) << 24 | Int(file[offset + 1]) << 16
        | Int(file[offset + 2]) << 8 | Int(file[offset + 3])
      offset += 12 + length
    }
    offsets.append(min(offset, file.count))
    return offsets
  }

  /// Rewrites IHDR's width and height (and its CRC).
  static func patchingSize(_ file: [UInt8], width: UInt32, height: UInt32) -> [UInt8] {
    var out = file
    out.replaceSubrange(16..<20, with: bigEndian(width))
    out.replaceSubrange(20..<24, with: bigEndian(height))
    out.replaceSubrange(29..<33, with: bigEndian(crc32(out[12..<29])))
    return out
  }
}
