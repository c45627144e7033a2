import CCodecShims

/// Decodes PNG files with libpng (classic API, through the `CCodecShims` C target).
///
/// Values are the file's own, exactly:
/// - every colour type and bit depth (1, 2, 4, 8, 16), interlaced or not;
/// - 1/2/4-bit gray is scaled to 0...255 the PNG way, by bit replication
///   (`v · 255 / (2ᵇ − 1)`: 1-bit 0/255, 2-bit `v·85`, 4-bit `v·17`; PNG specification
///   §12.4 "Sample depth scaling"); `metadata.bitDepth` stays the source's;
/// - 16-bit samples are kept as 0...65535 (`maxValue` 65535); everything else is 0...255;
/// - palette images go through the palette to RGB, then to gray;
/// - colour becomes gray with `options.grayConversion` (recorded in
///   `metadata.grayConversion`; nil for gray sources);
/// - alpha and tRNS never blend: `metadata.hadAlpha` only reports them;
/// - no gamma: gAMA, sRGB, iCCP, cHRM and sBIT chunks do not change values.
///
/// `pHYs` in pixels per metre becomes `metadata.resolution` in pixels per inch
/// (`ppi = ppm × 0.0254`); a pHYs with unit "unknown" gives no resolution.
public enum PNGDecoder {
  /// Decodes a whole PNG file held in memory.
  ///
  /// - Throws: `.pageOutOfRange` for a page other than 0; `.truncated(format: .png, …)`
  ///   when the file ends before `IEND`, with the byte counts; `.corrupt` for a broken
  ///   chunk structure; `.tooLarge` / `.zeroSize` from the declared size, before any
  ///   pixel memory is allocated; `.library(name: "libpng", …)` with libpng's message for
  ///   anything libpng refuses (bad CRC, bad palette, bad compressed data, …).
  public static func decode(_ bytes: [UInt8], options: DecodingOptions) throws(DecodingError)
    -> GrayImage
  {
    if options.page != 0 { throw .pageOutOfRange(requested: options.page, pageCount: 1) }
    let layout = try PNGChunkLayout.scan(bytes)
    if let size = layout.declaredSize {
      // PNG §11.2.2: each dimension is at most 2³¹−1. Refusing larger ones here also keeps
      // width × height (and the error's description of it) within Int.
      if size.width > 0x7FFF_FFFF || size.height > 0x7FFF_FFFF {
        throw .corrupt(
          format: .png,
          detail: "IHDR declares \(size.width)x\(size.height); each must be at most 2^31-1")
      }
      if size.width == 0 || size.height == 0 {
        throw .zeroSize(width: size.width, height: size.height)
      }
      if size.width * size.height > options.limits.maxPixels {
        throw .tooLarge(width: size.width, height: size.height, limit: options.limits.maxPixels)
      }
    }

    // The raster is allocated here, from IHDR's size (checked above), and libpng's rows
    // are converted straight into it: no second whole-image buffer.
    let declared = layout.declaredSize ?? (0, 0)
    let capacity = declared.width * declared.height
    var info = densito_png_info()
    var status = densito_status()
    var code = DENSITO_OK
    let samples = [Float](unsafeUninitializedCapacity: capacity) { buffer, initialized in
      var target = PNGRowTarget(
        output: buffer.baseAddress, capacity: capacity, width: 0,
        layout: .init(channels: 1, bitsPerSample: 8), conversion: options.grayConversion)
      code = withUnsafeMutablePointer(to: &target) { targetPointer in
        var sink = densito_png_sink(
          start: PNGRowTarget.start, row: PNGRowTarget.row, context: targetPointer)
        return bytes.withUnsafeBufferPointer { input in
          densito_png_decode(
            input.baseAddress, input.count, UInt64(max(0, options.limits.maxPixels)),
            max(1, options.limits.maxChunkBytes), &info, &sink, &status)
        }
      }
      // Float is a trivial type: on failure the partly written buffer is simply dropped.
      initialized = code == DENSITO_OK ? capacity : 0
    }
    let width = Int(info.width)
    let height = Int(info.height)
    guard code == DENSITO_OK else {
      throw PNGJPEGShimStatus.error(
        code: code, status: &status, format: .png, libraryName: "libpng",
        width: width, height: height, limit: options.limits.maxPixels)
    }

    let colorType = Int(info.source_color_type)
    let sourceIsColor = colorType == 2 || colorType == 3 || colorType == 6
    var warnings = PNGJPEGShimStatus.warnings(&status)
    if layout.trailingBytes > 0 {
      warnings.append("\(layout.trailingBytes) bytes after IEND ignored")
    }
    let model = colorModel(colorType: colorType)
    let metadata = ImageMetadata(
      format: .png, bitDepth: Int(info.source_bit_depth), sampleFormat: .unsignedInteger,
      channels: channelCount(colorType: colorType), colorModel: model,
      photometric: photometric(model),
      hadAlpha: colorType == 4 || colorType == 6 || info.has_trns != 0,
      lossy: false, compression: "Deflate", resolution: resolution(info), page: 0,
      pageCount: 1, grayConversion: sourceIsColor ? options.grayConversion : nil,
      warnings: warnings)
    return GrayImage(
      width: width, height: height, maxValue: info.source_bit_depth == 16 ? 65535 : 255,
      samples: samples, metadata: metadata)
  }

  // MARK: - Rows from the C shim

  /// Where the shim's row callbacks write: the raster being filled and how to convert.
  struct PNGRowTarget {
    var output: UnsafeMutablePointer<Float>?
    var capacity: Int
    var width: Int
    var layout: PixelConversion.Layout
    var conversion: GrayConversion

    /// Accepts the image when its size is the one allocated for (IHDR read twice).
    static let start: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<densito_png_info>?)
      -> Int32 = { context, info in
        guard let context, let info else { return 0 }
        let target = context.assumingMemoryBound(to: PNGRowTarget.self)
        let width = Int(info.pointee.width)
        let height = Int(info.pointee.height)
        guard target.pointee.output != nil, width * height == target.pointee.capacity else {
          return 0
        }
        target.pointee.width = width
        target.pointee.layout = .init(
          channels: Int(info.pointee.channels), bitsPerSample: Int(info.pointee.bit_depth))
        return 1
      }

    /// Converts one row into the raster.
    static let row: @convention(c) (UnsafeMutableRawPointer?, UInt32, UnsafeRawPointer?)
      -> Void = { context, y, samples in
        guard let context, let samples else { return }
        let target = context.assumingMemoryBound(to: PNGRowTarget.self).pointee
        guard let output = target.output else { return }
        PixelConversion.grayRow(
          from: samples, count: target.width, layout: target.layout,
          conversion: target.conversion, into: output + Int(y) * target.width)
      }
  }

  // MARK: - Metadata

  static func colorModel(colorType: Int) -> ColorModel {
    switch colorType {
    case 0: return .gray
    case 2: return .rgb
    case 3: return .palette
    case 4: return .grayAlpha
    default: return .rgba
    }
  }

  /// Samples per pixel as stored (a palette index counts as one).
  static func channelCount(colorType: Int) -> Int {
    switch colorType {
    case 2: return 3
    case 4: return 2
    case 6: return 4
    default: return 1
    }
  }

  static func photometric(_ model: ColorModel) -> String {
    switch model {
    case .gray, .grayAlpha: return "MinIsBlack"
    case .palette: return "Palette"
    default: return "RGB"
    }
  }

  /// Pixels per inch from pHYs, when its unit is the metre (unit 1).
  static func resolution(_ info: densito_png_info) -> Resolution? {
    guard info.has_phys != 0, info.phys_unit == 1, info.phys_x > 0, info.phys_y > 0 else {
      return nil
    }
    return Resolution(x: Double(info.phys_x) * 0.0254, y: Double(info.phys_y) * 0.0254)
  }
}
