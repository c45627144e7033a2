import CCodecShims

extension PNGEncoder {
  /// Encodes 8-bit RGB pixels (`rgb.count == 3 * width * height`, row-major, R G B per
  /// pixel) as a PNG of colour type 2, for pictures meant to be looked at (overlays,
  /// charts), not measured. The same pixels always give the same bytes.
  ///
  /// - Throws: `.zeroSize` for an empty image; `.unsupported` when the buffer size does not
  ///   match; `.library(name: "libpng", …)` if libpng fails.
  public static func encodeRGB8(_ rgb: [UInt8], width: Int, height: Int) throws(DecodingError)
    -> [UInt8]
  {
    guard width > 0, height > 0 else { throw .zeroSize(width: width, height: height) }
    guard width <= Int(UInt32.max >> 1), height <= Int(UInt32.max >> 1) else {
      throw .tooLarge(width: width, height: height, limit: Int(UInt32.max >> 1))
    }
    guard rgb.count == width * height * 3 else {
      throw .unsupported(
        format: .png, feature: "RGB buffer of \(rgb.count) bytes for \(width)x\(height) pixels")
    }
    var status = densito_status()
    var out: UnsafeMutableRawPointer?
    var outSize = 0
    let code = rgb.withUnsafeBufferPointer { p in
      densito_png_encode_rgb8(p.baseAddress, UInt32(width), UInt32(height), &out, &outSize, &status)
    }
    defer { densito_free(out) }
    guard code == DENSITO_OK, let out else {
      throw PNGJPEGShimStatus.error(
        code: code, status: &status, format: .png, libraryName: "libpng",
        width: width, height: height, limit: 0)
    }
    return [UInt8](UnsafeRawBufferPointer(start: out, count: outSize))
  }
}
