import CTIFF

/// Decodes TIFF bytes into a `GrayImage` through libtiff (wraps `TIFFClientOpenExt`,
/// `TIFFReadScanline`, `TIFFReadEncodedTile`, `TIFFReadRGBAImageOriented`).
///
/// Exact for uncompressed, LZW, Deflate, PackBits (and LZMA/ZSTD when libtiff has them)
/// data of 1/2/4/8/16/32-bit integers and 16/32/64-bit floats, gray, RGB or palette, in
/// strips or tiles, contiguous or separate planes, either byte order, classic or BigTIFF.
/// JPEG-in-TIFF and YCbCr go through libtiff's RGBA interface: 8-bit, `lossy == true`.
///
/// Conventions (details in Docs/formats-tiff.md and `TIFFSampleType`):
/// - MinIsWhite becomes brightness: `maxValue − v`, `invertedFromMinIsWhite == true`.
/// - Float data: `maxValue` is SMaxSampleValue when declared, else 1.0.
/// - Palette: each index becomes the gray of its ColorMap entry (`options.grayConversion`);
///   `maxValue` 65535, or 255 when every ColorMap value is below 256 (an 8-bit ColorMap,
///   the rule libtiff's RGBA interface applies).
/// - Alpha and other extra samples are ignored (`hadAlpha` reports alpha).
///
/// Refused: CCITT fax, old-style JPEG, LogLuv/LogL, WebP, JBIG and other codecs, CMYK,
/// Lab and other photometrics (`.unsupported` naming the feature); a declared size over
/// `options.limits.maxPixels` (`.tooLarge`, before any pixel allocation).
public enum TIFFDecoder {
  public static func decode(_ bytes: [UInt8], options: DecodingOptions) throws(DecodingError)
    -> GrayImage
  {
    if bytes.isEmpty { throw .empty }
    let result: Result<GrayImage, DecodingError> = bytes.withUnsafeBytes { raw in
      do throws(DecodingError) {
        return .success(try decode(borrowing: raw, options: options))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// The largest single buffer (ours or libtiff's) a file may make us allocate besides the
  /// output raster: 16 bytes per pixel of the budget, at least 16 MiB.
  static func allocationLimit(_ limits: DecodingLimits) -> Int {
    let (product, overflow) = limits.maxPixels.multipliedReportingOverflow(by: 16)
    return max(16 << 20, overflow ? Int.max / 2 : product)
  }

  private static func decode(
    borrowing bytes: UnsafeRawBufferPointer, options: DecodingOptions
  ) throws(DecodingError) -> GrayImage {
    let limit = allocationLimit(options.limits)
    let handle = try TIFFHandle.open(
      TIFFClientFile(borrowing: bytes), mode: "r", maxSingleAllocation: limit)
    defer { handle.close() }
    let (directory, checked, viaRGBA) = try openPage(handle, options)
    var metadata = checked
    var image: GrayImage
    if viaRGBA {
      image = try TIFFRGBAReader.read(handle, directory, options, &metadata)
    } else {
      image = try TIFFPixelReader.read(handle, directory, options, limit, &metadata)
    }
    image.metadata.warnings = finalWarnings(handle, directory, viaRGBA: viaRGBA)
    return image
  }

  /// Streams the rows of a gray page (see ``GrayRowStream``); nil, having read no row, for
  /// pages that are not gray or go through libtiff's RGBA interface.
  static func streamGrayRows(
    borrowing bytes: UnsafeRawBufferPointer, options: DecodingOptions,
    begin: (GrayRowHeader) -> Bool, body: (Int, UnsafeBufferPointer<Float>) -> Void
  ) throws(DecodingError) -> GrayRowHeader? {
    let limit = allocationLimit(options.limits)
    let handle = try TIFFHandle.open(
      TIFFClientFile(borrowing: bytes), mode: "r", maxSingleAllocation: limit)
    defer { handle.close() }
    let (directory, checked, viaRGBA) = try openPage(handle, options)
    if viaRGBA { return nil }
    var metadata = checked
    guard
      var header = try TIFFPixelReader.streamGray(
        handle, directory, options, limit, &metadata, begin: begin, body: body)
    else { return nil }
    header.metadata.warnings = finalWarnings(handle, directory, viaRGBA: false)
    return header
  }

  /// Selects the page and checks what can be checked before any pixel is read: size,
  /// compression, tiling. Returns the page's directory, its metadata so far, and whether
  /// it is read through libtiff's RGBA interface (JPEG, YCbCr).
  private static func openPage(
    _ handle: TIFFHandle, _ options: DecodingOptions
  ) throws(DecodingError) -> (TIFFDirectory, ImageMetadata, viaRGBA: Bool) {
    let pageCount = try selectPage(options.page, handle)
    let directory = try TIFFDirectory(handle)
    let (width, height) = (directory.width, directory.height)
    if width == 0 || height == 0 { throw .zeroSize(width: width, height: height) }
    if width > options.limits.maxPixels / height {
      throw .tooLarge(width: width, height: height, limit: options.limits.maxPixels)
    }

    var metadata = ImageMetadata(
      format: .tiff, bitDepth: directory.bitsPerSample, sampleFormat: .unsignedInteger,
      channels: directory.samplesPerPixel, colorModel: .gray,
      photometric: TIFFNames.photometric(directory.photometric),
      compression: TIFFNames.compression(directory.compression), resolution: directory.resolution,
      page: options.page, pageCount: pageCount)
    metadata.hadAlpha = directory.hasAlpha

    let compression = Int32(directory.compression)
    let photometric = Int32(directory.photometric)
    let lossless = TIFFNames.isLosslessSupported(directory.compression)
    let viaRGBA =
      compression == COMPRESSION_JPEG || (photometric == PHOTOMETRIC_YCBCR && lossless)
    if !viaRGBA && !lossless {
      throw .unsupported(format: .tiff, feature: "compression: \(metadata.compression)")
    }
    if TIFFIsTiled(handle.tif) != 0 {
      _ = try TIFFRowReader.tileSize(handle, width, height)
    }
    if viaRGBA && TIFFIsCODECConfigured(directory.compression) != 1 {
      throw .unsupported(format: .tiff, feature: "compression: \(metadata.compression)")
    }
    return (directory, metadata, viaRGBA)
  }

  /// libtiff's messages once the pixels are read, with the note on an ignored Orientation.
  private static func finalWarnings(
    _ handle: TIFFHandle, _ directory: TIFFDirectory, viaRGBA: Bool
  ) -> [String] {
    if directory.orientation != 1 && !viaRGBA {
      handle.log.warnings.append(
        "Orientation \(directory.orientation) ignored: rows are returned in stored order")
    }
    return unique(handle.log.warnings + handle.log.errors)
  }

  /// Counts the directories (libtiff refuses IFD loops while counting) and makes `page`
  /// current. Returns the page count.
  private static func selectPage(_ page: Int, _ handle: TIFFHandle) throws(DecodingError) -> Int {
    let count = Int(TIFFNumberOfDirectories(handle.tif))
    // Messages from counting (e.g. a detected IFD loop) do not stop page 0 from decoding.
    handle.log.warnings += handle.log.errors
    handle.log.errors.removeAll()
    guard page >= 0, page < max(count, 1) else {
      throw .pageOutOfRange(requested: page, pageCount: count)
    }
    if page > 0 && TIFFSetDirectory(handle.tif, tdir_t(page)) == 0 {
      // No message: the page is not there after all; a message: it is there but broken.
      if handle.log.errors.isEmpty { throw .pageOutOfRange(requested: page, pageCount: count) }
      throw handle.failure("cannot read page \(page)")
    }
    return max(count, 1)
  }

  /// Messages in first-seen order without repeats (libtiff may repeat one per strip).
  private static func unique(_ messages: [String]) -> [String] {
    var seen = Set<String>()
    return messages.filter { seen.insert($0).inserted }.prefix(50).map { $0 }
  }
}
