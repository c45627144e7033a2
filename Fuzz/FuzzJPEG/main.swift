// libFuzzer harness for the JPEG decoder: any bytes must decode or throw a DecodingError,
// never crash, hang or exhaust memory. Built and run by Fuzz/run.sh (see Fuzz/README.md);
// this target exists only when DENSITO_FUZZ=1.
import DensitoRaster

/// A small pixel budget (4 megapixels, 1 MiB per chunk) so that a file declaring a huge
/// image is refused instead of running the fuzzer out of memory.
let fuzzOptions = DecodingOptions(
  limits: DecodingLimits(maxPixels: 4_000_000, maxChunkBytes: 1 << 20))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  do {
    let image = try JPEGDecoder.decode(bytes, options: fuzzOptions)
    // A decoded image must be self-consistent.
    precondition(image.samples.count == image.width * image.height)
    precondition(image.width > 0 && image.height > 0)
    precondition(image.width * image.height <= 4_000_000)
  } catch {
    // Every failure is a DecodingError (typed throws); its description must be printable.
    precondition(!error.description.isEmpty)
  }
  return 0
}
