/// How one TIFF sample is stored (BitsPerSample + SampleFormat), and how it becomes a
/// `Float` on the image's brightness scale.
///
/// Value conventions (see Docs/formats-tiff.md):
/// - unsigned 1/2/4-bit: scaled to 0...255 (`v · 255 / (2^bits − 1)`: ×255, ×85, ×17), as
///   the PNG decoder does; 8/16/32-bit: as stored (32-bit rounds to the nearest `Float`,
///   exact up to 2^24).
/// - signed 8/16/32-bit: shifted by +2^(bits−1) (the sign bit flipped), so −2^(bits−1)
///   becomes 0 and 2^(bits−1)−1 becomes 2^bits−1: the order is kept and the scale is the
///   unsigned one (ImageJ shifts signed 16-bit data the same way).
/// - IEEE float 16/32/64-bit: the value, rounded to the nearest `Float` for 64-bit.
enum TIFFSampleType: Equatable {
  case unsigned(bits: Int)
  case signed(bits: Int)
  case float(bits: Int)

  /// The type for BitsPerSample `bits` and SampleFormat `format`, or nil when the
  /// combination is not handled (e.g. 12-bit integers, complex samples).
  init?(bits: Int, format: UInt16) {
    switch (format, bits) {
    case (1, 1), (1, 2), (1, 4), (1, 8), (1, 16), (1, 32): self = .unsigned(bits: bits)
    // SampleFormat 4 ("undefined") is read as unsigned, as libtiff's own tools do.
    case (4, 8), (4, 16), (4, 32): self = .unsigned(bits: bits)
    case (2, 8), (2, 16), (2, 32): self = .signed(bits: bits)
    case (3, 16), (3, 32), (3, 64): self = .float(bits: bits)
    default: return nil
    }
  }

  var bits: Int {
    switch self {
    case .unsigned(let b), .signed(let b), .float(let b): return b
    }
  }

  var sampleFormat: SampleFormat {
    switch self {
    case .unsigned: return .unsignedInteger
    case .signed: return .signedInteger
    case .float: return .floatingPoint
    }
  }

  /// The largest value on the converted scale for integer types (nil for float).
  var integerMax: Float? {
    switch self {
    case .unsigned(let b) where b < 8: return 255
    case .unsigned(let b), .signed(let b):
      return Float(Double(sign: .plus, exponent: b, significand: 1) - 1)
    case .float: return nil
    }
  }

  /// Converts channel `channel` of `count` pixels whose samples are interleaved
  /// `samplesPerPixel` to a pixel, starting at `row`, into `destination`.
  ///
  /// - Parameter rawIndices: for sub-byte unsigned data, write the stored value (a palette
  ///   index) instead of scaling it to 0...255.
  func convert(
    row: UnsafeRawPointer, samplesPerPixel spp: Int, channel: Int, count: Int,
    into destination: UnsafeMutablePointer<Float>, rawIndices: Bool = false
  ) {
    switch self {
    case .unsigned(let bits) where bits < 8 && spp == 1:
      Self.unpackSingleChannel(
        row.assumingMemoryBound(to: UInt8.self), bits: bits, count: count, into: destination,
        table: rawIndices ? Self.rawTables[bits] : Self.scaledTables[bits])
    case .unsigned(let bits) where bits < 8:
      let bytes = row.assumingMemoryBound(to: UInt8.self)
      let mask = (1 << bits) - 1
      let scale: Float = rawIndices ? 1 : Float(255 / mask)
      for i in 0..<count {
        let bitOffset = (i &* spp &+ channel) &* bits
        let shift = 8 &- bits &- (bitOffset & 7)
        let value = (Int(bytes[bitOffset >> 3]) >> shift) & mask
        destination[i] = Float(value) * scale
      }
    case .unsigned(8):
      Self.gather(row, UInt8.self, spp, channel, count, destination) { Float($0) }
    case .unsigned(16):
      Self.gather(row, UInt16.self, spp, channel, count, destination) { Float($0) }
    case .unsigned(_):
      Self.gather(row, UInt32.self, spp, channel, count, destination) { Float($0) }
    case .signed(8):
      Self.gather(row, UInt8.self, spp, channel, count, destination) { Float($0 ^ 0x80) }
    case .signed(16):
      Self.gather(row, UInt16.self, spp, channel, count, destination) { Float($0 ^ 0x8000) }
    case .signed(_):
      Self.gather(row, UInt32.self, spp, channel, count, destination) {
        Float($0 ^ 0x8000_0000)
      }
    case .float(16):
      Self.gather(row, UInt16.self, spp, channel, count, destination) {
        Self.halfToFloat($0)
      }
    case .float(32):
      Self.gather(row, Float.self, spp, channel, count, destination) { $0 }
    case .float(_):
      Self.gather(row, Double.self, spp, channel, count, destination) { Float($0) }
    }
  }

  /// For each byte value, the `8 / bits` samples it packs (most significant first), as
  /// stored (`rawTables`) or scaled to 0...255 (`scaledTables`); indexed by bits (1, 2, 4).
  private static let rawTables: [[Float]] = (0...4).map { packedTable(bits: $0, scaled: false) }
  private static let scaledTables: [[Float]] = (0...4).map { packedTable(bits: $0, scaled: true) }

  private static func packedTable(bits: Int, scaled: Bool) -> [Float] {
    guard bits == 1 || bits == 2 || bits == 4 else { return [] }
    let perByte = 8 / bits
    let mask = (1 << bits) - 1
    let scale: Float = scaled ? Float(255 / mask) : 1
    return (0..<(256 * perByte)).map { i in
      let (byte, k) = (i / perByte, i % perByte)
      return Float((byte >> (8 - bits * (k + 1))) & mask) * scale
    }
  }

  /// One-channel sub-byte rows: a table lookup per byte instead of a shift per sample.
  private static func unpackSingleChannel(
    _ bytes: UnsafePointer<UInt8>, bits: Int, count: Int,
    into destination: UnsafeMutablePointer<Float>, table: [Float]
  ) {
    let perByte = 8 / bits
    table.withUnsafeBufferPointer { lookup in
      guard let values = lookup.baseAddress else { return }
      let whole = count / perByte
      for b in 0..<whole {
        let source = values + Int(bytes[b]) &* perByte
        let target = destination + b &* perByte
        for k in 0..<perByte { target[k] = source[k] }
      }
      let rest = count - whole * perByte
      if rest > 0 {
        let source = values + Int(bytes[whole]) &* perByte
        for k in 0..<rest { destination[whole * perByte + k] = source[k] }
      }
    }
  }

  /// The tight loop: one typed pointer, a stride, no bounds checks in release builds.
  @inline(__always)
  private static func gather<T>(
    _ row: UnsafeRawPointer, _ type: T.Type, _ spp: Int, _ channel: Int, _ count: Int,
    _ destination: UnsafeMutablePointer<Float>, _ transform: (T) -> Float
  ) {
    let source = row.assumingMemoryBound(to: T.self) + channel
    if spp == 1 {
      for i in 0..<count { destination[i] = transform(source[i]) }
    } else {
      for i in 0..<count { destination[i] = transform(source[i &* spp]) }
    }
  }

  /// IEEE 754 binary16 to `Float`, exactly (every half value is a float value). Written out
  /// because `Float16` is unavailable on some supported platforms.
  static func halfToFloat(_ h: UInt16) -> Float {
    let sign: UInt32 = UInt32(h >> 15) << 31
    let exponent = Int((h >> 10) & 0x1F)
    let mantissa = UInt32(h & 0x3FF)
    if exponent == 0 {
      let magnitude = Float(mantissa) * 0x1p-24
      return sign == 0 ? magnitude : -magnitude
    }
    if exponent == 31 {
      return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
  }
}
