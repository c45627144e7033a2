// libFuzzer harness for the TIFF decoder (built only with DENSITO_FUZZ=1; see
// Fuzz/run.sh and ENGINEERING-NOTES.md). Every input must either decode or throw a
// DecodingError: a crash, a sanitizer report, a hang or an out-of-memory is a bug.
// Seeds: Fuzz/corpus/tiff/ (tiny valid files of different layouts).
import DensitoRaster

/// A small pixel budget keeps each run fast and bounds what a hostile header can make the
/// decoder allocate (libtiff's own allocations are bounded from the same budget).
private let options = DecodingOptions(
  limits: DecodingLimits(maxPixels: 4_000_000, maxChunkBytes: 1 << 20))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTIFF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  // Page 0, then page 1 when there is one: exercises directory switching too.
  if let image = try? TIFFDecoder.decode(bytes, options: options), image.metadata.pageCount > 1 {
    var second = options
    second.page = 1
    _ = try? TIFFDecoder.decode(bytes, options: second)
  }
  return 0
}
