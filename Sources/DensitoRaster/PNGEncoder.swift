import CCodecShims

/// Writes gray PNG files with libpng (through the `CCodecShims` C target).
public enum PNGEncoder {
  /// Encodes `image` as a grayscale PNG (colour type 0) of `bitDepth` 8 or 16.
  ///
  /// Each sample is rounded to the nearest integer (halves away from zero) and clamped to
  /// `0...255` or `0...65535`; NaN is written as 0. The values are written as they are,
  /// whatever `image.maxValue` says: a 0...65535 image written at 8 bits clips, it is not
  /// rescaled. When `image.metadata.resolution` is set, a pHYs chunk records it in pixels
  /// per metre (`ppm = round(ppi / 0.0254)`), so 300 ppi reads back as 299.9994 ppi.
  ///
  /// - Throws: `.unsupported(format: .png, …)` for another bit depth; `.zeroSize` for an
  ///   empty image; `.library(name: "libpng", …)` if libpng fails.
  public static func encode(_ image: GrayImage, bitDepth: Int) throws(DecodingError) -> [UInt8] {
    guard bitDepth == 8 || bitDepth == 16 else {
      throw .unsupported(format: .png, feature: "bit depth \(bitDepth) for writing (8 or 16)")
    }
    guard image.width > 0, image.height > 0 else {
      throw .zeroSize(width: image.width, height: image.height)
    }
    guard image.width <= Int(UInt32.max >> 1), image.height <= Int(UInt32.max >> 1) else {
      throw .tooLarge(width: image.width, height: image.height, limit: Int(UInt32.max >> 1))
    }
    let (ppmX, ppmY) = pixelsPerMetre(image.metadata.resolution)
    var status = densito_status()
    var out: UnsafeMutableRawPointer?
    var outSize = 0
    let code: densito_code
    if bitDepth == 8 {
      let values = image.samples.map { UInt8(quantized($0, max: 255)) }
      code = values.withUnsafeBytes { raw in
        densito_png_encode_gray(
          raw.baseAddress, UInt32(image.width), UInt32(image.height), 8, ppmX, ppmY, &out,
          &outSize, &status)
      }
    } else {
      let values = image.samples.map { UInt16(quantized($0, max: 65535)) }
      code = values.withUnsafeBytes { raw in
        densito_png_encode_gray(
          raw.baseAddress, UInt32(image.width), UInt32(image.height), 16, ppmX, ppmY, &out,
          &outSize, &status)
      }
    }
    defer { densito_free(out) }
    guard code == DENSITO_OK, let out else {
      throw PNGJPEGShimStatus.error(
        code: code, status: &status, format: .png, libraryName: "libpng",
        width: image.width, height: image.height, limit: 0)
    }
    return [UInt8](UnsafeRawBufferPointer(start: out, count: outSize))
  }

  /// `value` rounded to the nearest integer and clamped to `0...max`; NaN gives 0.
  static func quantized(_ value: Float, max: Float) -> Float {
    if value.isNaN { return 0 }
    return Swift.min(Swift.max(value.rounded(.toNearestOrAwayFromZero), 0), max)
  }

  /// pHYs values for a resolution in pixels per inch (0, 0 when there is none).
  static func pixelsPerMetre(_ resolution: Resolution?) -> (UInt32, UInt32) {
    guard let resolution else { return (0, 0) }
    func convert(_ ppi: Double) -> UInt32 {
      guard ppi.isFinite, ppi > 0 else { return 0 }
      return UInt32(Swift.min((ppi / 0.0254).rounded(), Double(0x7FFF_FFFF)))
    }
    let x = convert(resolution.x)
    let y = convert(resolution.y)
    return x > 0 && y > 0 ? (x, y) : (0, 0)
  }
}
