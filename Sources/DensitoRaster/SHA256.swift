import CCodecShims

/// SHA-256 (FIPS 180-4): fingerprints of input images (so a replay or a batch re-run can
/// tell whether anything changed) and digests of rasters in tests.
///
/// Whole blocks go through the CPU's SHA extensions when it has them (x86-64 SHA-NI, asked
/// at run time; `CCodecShims/sha256_hw.c`, about 8× the portable loop here), else through the
/// portable compression below; both give the same digest (`SHA256Spec` checks each against
/// Python's hashlib).
///
/// Reference: NIST FIPS PUB 180-4, "Secure Hash Standard", 2015, section 6.2; Intel 64 and
/// IA-32 Architectures Software Developer's Manual, vol. 2 (SHA256RNDS2, SHA256MSG1/MSG2).
public struct SHA256: Sendable {
  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
    0x5be0_cd19
  )
  private var buffer: [UInt8] = []
  private var length: UInt64 = 0
  /// Whether this hasher uses the CPU's SHA extensions (tests turn it off to check the
  /// portable path).
  let hardware: Bool

  /// Whether this CPU has the SHA extensions.
  static let hardwareAvailable = densito_sha256_hw_available() == 1

  /// The round constants K0…K63 (FIPS 180-4 §4.2.2), from the table the hardware path uses.
  private static let k = UncheckedConstants(densito_sha256_constants())

  public init() { hardware = Self.hardwareAvailable }

  /// A hasher that uses the CPU's SHA extensions only when `hardware` is true and the CPU
  /// has them (for tests of both paths).
  init(hardware: Bool) { self.hardware = hardware && Self.hardwareAvailable }

  /// The hex digest of `bytes`.
  public static func hex<C: Collection>(of bytes: C) -> String where C.Element == UInt8 {
    var h = SHA256()
    h.update(Array(bytes))
    return h.finalizeHex()
  }

  /// The hex digest of samples written as little-endian Float32, row-major: the raster
  /// digest the reference scripts in scripts/reference/ compute.
  public static func hex(ofFloat32 samples: [Float]) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(samples.count * 4)
    for v in samples {
      let bits = v.bitPattern.littleEndian
      withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
    }
    return hex(of: bytes)
  }

  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Adds `bytes`: whole 64-byte blocks are compressed straight from the caller's memory;
  /// a partial block waits in `buffer`.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    length &+= UInt64(bytes.count)
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    var offset = 0
    if !buffer.isEmpty {
      let take = min(64 - buffer.count, bytes.count)
      buffer += UnsafeRawBufferPointer(rebasing: bytes[0..<take])
      offset = take
      if buffer.count == 64 {
        let block = buffer
        block.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    let whole = (bytes.count - offset) / 64
    if whole > 0 {
      compress(base + offset, blocks: whole)
      offset += 64 * whole
    }
    if offset < bytes.count {
      buffer += UnsafeRawBufferPointer(rebasing: bytes[offset...])
    }
  }

  public mutating func finalizeHex() -> String {
    let bitLength = length &* 8
    var tail: [UInt8] = [0x80]
    while (buffer.count + tail.count) % 64 != 56 { tail.append(0) }
    for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
    let savedLength = length
    update(tail)
    length = savedLength
    let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
    let digits = Array("0123456789abcdef")
    var out = ""
    for w in words {
      for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((w >> UInt32(shift)) & 0xF)]) }
    }
    return out
  }

  /// Compresses `blocks` consecutive 64-byte blocks at `data` into the state (FIPS 180-4
  /// §6.2.2). The message schedule lives in a stack buffer and the constants are read
  /// through a pointer: no allocation or bounds check per block.
  private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
    if hardware {
      withUnsafeMutableBytes(of: &state) { words in
        densito_sha256_hw_compress(
          words.baseAddress!.assumingMemoryBound(to: UInt32.self),
          data.assumingMemoryBound(to: UInt8.self), blocks)
      }
      return
    }
    @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    var (h0, h1, h2, h3, h4, h5, h6, h7) = state
    let k = Self.k.pointer
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wBuffer in
      let w = wBuffer.baseAddress!
      for n in 0..<blocks {
        let block = data + 64 * n
        for i in 0..<16 {
          w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
        }
        for i in 16..<64 {
          let x = w[i - 15]
          let y = w[i - 2]
          let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
          let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
          w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
        for i in 0..<64 {
          let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
          let ch = (e & f) ^ (~e & g)
          let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
          let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
          let maj = (a & b) ^ (a & c) ^ (b & c)
          let t2 = s0 &+ maj
          h = g
          g = f
          f = e
          e = d &+ t1
          d = c
          c = b
          b = a
          a = t1 &+ t2
        }
        h0 = h0 &+ a
        h1 = h1 &+ b
        h2 = h2 &+ c
        h3 = h3 &+ d
        h4 = h4 &+ e
        h5 = h5 &+ f
        h6 = h6 &+ g
        h7 = h7 &+ h
      }
    }
    state = (h0, h1, h2, h3, h4, h5, h6, h7)
  }
}

/// A pointer to immutable static C data (the SHA-256 constants), shareable across threads.
private struct UncheckedConstants: @unchecked Sendable {
  let pointer: UnsafePointer<UInt32>
  init(_ pointer: UnsafePointer<UInt32>) { self.pointer = pointer }
}
