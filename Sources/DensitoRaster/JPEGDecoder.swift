import CCodecShims

/// Decodes JPEG files with libjpeg(-turbo) through the `CCodecShims` C target.
///
/// - Gray JPEGs stay gray; YCbCr and RGB JPEGs are decoded to RGB by libjpeg (its default
///   integer IDCT and fancy upsampling, as Pillow uses them) and then made gray with
///   `options.grayConversion`. CMYK and YCCK are refused as unsupported.
/// - Values are 0...255 (`maxValue` 255, `bitDepth` 8) and approximate: JPEG is lossy and
///   `metadata.lossy` is true.
/// - A file that ends early is an error, not a padded image: libjpeg would only warn
///   ("Premature end of JPEG file") and fill the rest with gray. Corrupt entropy-coded
///   data (bad Huffman code, data cut by a marker) is an error for the same reason.
/// - JFIF density in dots per inch or per centimetre becomes `metadata.resolution` in
///   pixels per inch (`ppi = ppcm × 2.54`); aspect-ratio-only density gives none.
public enum JPEGDecoder {
  /// Decodes a whole JPEG file held in memory.
  ///
  /// - Throws: `.pageOutOfRange` for a page other than 0; `.truncated(format: .jpeg, …)`
  ///   when the data ends early; `.corrupt(format: .jpeg, …)` for damaged entropy-coded
  ///   data or more than 500 progressive scans; `.unsupported` for CMYK/YCCK;
  ///   `.tooLarge` from the declared size before libjpeg allocates the image;
  ///   `.library(name: "libjpeg", …)` with libjpeg's message otherwise.
  public static func decode(_ bytes: [UInt8], options: DecodingOptions) throws(DecodingError)
    -> GrayImage
  {
    if options.page != 0 { throw .pageOutOfRange(requested: options.page, pageCount: 1) }
    let maxPixels = max(0, options.limits.maxPixels)
    var info = densito_jpeg_info()
    var status = densito_status()
    var pixels: UnsafeMutableRawPointer?
    let code = bytes.withUnsafeBufferPointer { buffer in
      densito_jpeg_decode(
        buffer.baseAddress, buffer.count, UInt64(maxPixels), workingMemoryLimit(maxPixels),
        &info, &pixels, &status)
    }
    defer { densito_free(pixels) }
    let width = Int(info.width)
    let height = Int(info.height)
    guard code == DENSITO_OK, let pixels else {
      throw PNGJPEGShimStatus.error(
        code: code, status: &status, format: .jpeg, libraryName: "libjpeg",
        width: width, height: height, limit: maxPixels)
    }
    let channels = Int(info.channels)
    let samples = PixelConversion.gray(
      from: UnsafeRawPointer(pixels), width: width, height: height,
      layout: .init(channels: channels, bitsPerSample: 8), conversion: options.grayConversion)
    let model: ColorModel
    let photometric: String
    switch info.num_components {
    case 1:
      (model, photometric) = (.gray, "MinIsBlack")
    default:
      // Everything else accepted (CMYK and YCCK are refused in C) is YCbCr or RGB.
      (model, photometric) = info.source_is_rgb != 0 ? (.rgb, "RGB") : (.ycbcr, "YCbCr")
    }
    let metadata = ImageMetadata(
      format: .jpeg, bitDepth: Int(info.data_precision), sampleFormat: .unsignedInteger,
      channels: Int(info.num_components), colorModel: model, photometric: photometric,
      hadAlpha: false, lossy: true, compression: "JPEG", resolution: resolution(info),
      page: 0, pageCount: 1, grayConversion: channels == 1 ? nil : options.grayConversion,
      warnings: PNGJPEGShimStatus.warnings(&status))
    return GrayImage(
      width: width, height: height, maxValue: 255, samples: samples, metadata: metadata)
  }

  /// The bound on libjpeg's own working memory (`mem->max_memory_to_use`): 8 bytes per
  /// budgeted pixel (a progressive file keeps 2 bytes of coefficients per pixel and
  /// component) plus 64 MiB for tables and buffers.
  static func workingMemoryLimit(_ maxPixels: Int) -> Int {
    let (product, overflow) = maxPixels.multipliedReportingOverflow(by: 8)
    return overflow ? Int.max : product + (64 << 20)
  }

  /// Pixels per inch from the JFIF density, when it is in dots per inch or per cm.
  static func resolution(_ info: densito_jpeg_info) -> Resolution? {
    guard info.saw_jfif != 0, info.x_density > 0, info.y_density > 0 else { return nil }
    switch info.density_unit {
    case 1: return Resolution(x: Double(info.x_density), y: Double(info.y_density))
    case 2: return Resolution(x: Double(info.x_density) * 2.54, y: Double(info.y_density) * 2.54)
    default: return nil
    }
  }
}
