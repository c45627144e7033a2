// libFuzzer harness for the PNG decoder: any bytes must decode or throw a DecodingError,
// never crash, hang or exhaust memory. Built and run by Fuzz/run.sh (see Fuzz/README.md);
// this target exists only when DENSITO_FUZZ=1.
import DensitoRaster

/// A small pixel budget (4 megapixels, 1 MiB per chunk) so that a file declaring a huge
/// image is refused instead of running the fuzzer out of memory.
let fuzzOptions = DecodingOptions(
  limits: DecodingLimits(maxPixels: 4_000_000, maxChunkBytes: 1 << 20))

/// The PNG CRC-32 (PNG specification §5.5), table-driven.
let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
  var c = UInt32(n)
  for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
  return c
}

/// `bytes` with every complete chunk's CRC recomputed. Almost every mutation breaks a
/// CRC, and libpng stops at a bad CRC before it inflates or unfilters anything; decoding
/// the repaired copy too lets the fuzzer reach the image data paths.
func repairingCRCs(_ bytes: [UInt8]) -> [UInt8] {
  var out = bytes
  var offset = 8
  while offset + 12 <= out.count {
    let length = Int(out[offset]) << 24 | Int(out[offset + 1]) << 16
      | Int(out[offset + 2]) << 8 | Int(out[offset + 3])
    guard length <= out.count - offset - 12 else { break }
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in out[(offset + 4)..<(offset + 8 + length)] {
      crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    crc ^= 0xFFFF_FFFF
    let at = offset + 8 + length
    out[at] = UInt8(crc >> 24)
    out[at + 1] = UInt8(crc >> 16 & 0xFF)
    out[at + 2] = UInt8(crc >> 8 & 0xFF)
    out[at + 3] = UInt8(crc & 0xFF)
    offset = at + 4
  }
  return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  check(bytes)
  if bytes.count > 8 { check(repairingCRCs(bytes)) }
  return 0
}

func check(_ bytes: [UInt8]) {
  do {
    let image = try PNGDecoder.decode(bytes, options: fuzzOptions)
    // A decoded image must be self-consistent.
    precondition(image.samples.count == image.width * image.height)
    precondition(image.width > 0 && image.height > 0)
    precondition(image.width * image.height <= 4_000_000)
  } catch {
    // Every failure is a DecodingError (typed throws); its description must be printable.
    precondition(!error.description.isEmpty)
  }
}
