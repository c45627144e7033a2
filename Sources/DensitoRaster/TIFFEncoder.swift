import CTIFF

/// The sample layout of a written TIFF.
public enum TIFFSampleLayout: Sendable, Equatable {
  /// 32-bit IEEE float, the raster's values exactly.
  case float32
  /// 16-bit unsigned integer, rounded and clamped to 0...65535.
  case uint16
}

/// How a written TIFF's strips are compressed. Both are lossless.
public enum TIFFWriteCompression: Sendable, Equatable, CaseIterable {
  case none
  /// zlib Deflate (Compression 8) with a predictor: horizontal differencing (2) for
  /// 16-bit integers, floating-point (3) for 32-bit floats.
  case deflate
}

/// Writes a `GrayImage` as a single-page, gray (MinIsBlack) TIFF through libtiff,
/// little-endian, in strips of about 64 KiB: into memory (`encode`, `TIFFClientOpenExt` over
/// a growable buffer) or straight into a file (`write(_:layout:compression:toPath:)`, which
/// streams the strips to the file and never holds the encoded image in memory).
///
/// - `.float32`: SampleFormat 3, the samples bit for bit (NaN and infinities included).
///   When `maxValue` is not 1.0 it is recorded as SMaxSampleValue, so that
///   `TIFFDecoder` reads the same `maxValue` back.
/// - `.uint16`: each sample rounded to the nearest integer (halves away from zero),
///   clamped to 0...65535, NaN written as 0. Values are not rescaled: an image on the
///   0...255 scale stays 0...255.
/// - Resolution (pixels per inch, ResolutionUnit 2) is written when the metadata has one.
///
/// Both paths give the same bytes.
public enum TIFFEncoder {
  public static func encode(
    _ image: GrayImage, layout: TIFFSampleLayout, compression: TIFFWriteCompression = .none
  ) throws(DecodingError) -> [UInt8] {
    try check(image)
    // Uncompressed: the pixel bytes plus the header, tags and strip tables (16 bytes a strip
    // at most), reserved at once.
    let file = TIFFClientFile(
      reservingCapacity: compression == .none
        ? image.pixelCount * bytesPerSample(layout) + 16 * image.height + 4096 : 0)
    try encode(image, layout, compression, into: file)
    return file.written
  }

  /// Writes the TIFF to `path` atomically (a temporary file beside it, fsync, rename; see
  /// `FileIO.writeAtomically(toPath:_:)`), streaming the strips to the file.
  /// - Throws: `ImageFileError` naming `path`: `.cannotWrite` with the system's reason
  ///   (e.g. "No space left on device") or libtiff's message; `path` is then untouched.
  public static func write(
    _ image: GrayImage, layout: TIFFSampleLayout, compression: TIFFWriteCompression = .none,
    toPath path: String
  ) throws(ImageFileError) {
    do {
      try check(image)
    } catch {
      throw ImageFileError(path: path, reason: .cannotWrite(String(describing: error)))
    }
    try FileIO.writeAtomically(toPath: path) { fd in
      let file = TIFFClientFile(writingTo: fd)
      do {
        try encode(image, layout, compression, into: file)
        return nil
      } catch {
        return file.writeFailure ?? String(describing: error)
      }
    }
  }

  private static func check(_ image: GrayImage) throws(DecodingError) {
    if image.width == 0 || image.height == 0 {
      throw .zeroSize(width: image.width, height: image.height)
    }
    guard image.width <= Int(UInt32.max), image.height <= Int(UInt32.max) else {
      throw .tooLarge(width: image.width, height: image.height, limit: Int(UInt32.max))
    }
  }

  private static func bytesPerSample(_ layout: TIFFSampleLayout) -> Int {
    layout == .float32 ? 4 : 2
  }

  private static func encode(
    _ image: GrayImage, _ layout: TIFFSampleLayout, _ compression: TIFFWriteCompression,
    into file: TIFFClientFile
  ) throws(DecodingError) {
    let bytesPerSample = bytesPerSample(layout)
    // BigTIFF ("w8") only when the pixel data could pass classic TIFF's 4 GiB offsets.
    let big = image.pixelCount * bytesPerSample > (1 << 32) - (1 << 24)
    let handle = try TIFFHandle.open(file, mode: big ? "w8" : "w", maxSingleAllocation: 0)
    try writeTags(image, layout, compression, handle)
    try writeStrips(image, layout, bytesPerSample, handle)
    if TIFFWriteDirectory(handle.tif) == 0 || !handle.close() {
      throw handle.failure("cannot write the TIFF directory")
    }
  }

  private static func writeTags(
    _ image: GrayImage, _ layout: TIFFSampleLayout, _ compression: TIFFWriteCompression,
    _ handle: TIFFHandle
  ) throws(DecodingError) {
    let isFloat = layout == .float32
    var ok = handle.set(TIFFTAG_IMAGEWIDTH, UInt32(image.width))
    ok = ok && handle.set(TIFFTAG_IMAGELENGTH, UInt32(image.height))
    ok = ok && handle.set(TIFFTAG_BITSPERSAMPLE, Int32(isFloat ? 32 : 16))
    ok = ok && handle.set(TIFFTAG_SAMPLESPERPIXEL, Int32(1))
    ok =
      ok
      && handle.set(TIFFTAG_SAMPLEFORMAT, Int32(isFloat ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT))
    ok = ok && handle.set(TIFFTAG_PHOTOMETRIC, Int32(PHOTOMETRIC_MINISBLACK))
    ok = ok && handle.set(TIFFTAG_PLANARCONFIG, Int32(PLANARCONFIG_CONTIG))
    ok = ok && handle.set(TIFFTAG_ORIENTATION, Int32(ORIENTATION_TOPLEFT))
    ok = ok && "Densito".withCString { handle.set(TIFFTAG_SOFTWARE, $0) }
    switch compression {
    case .none:
      ok = ok && handle.set(TIFFTAG_COMPRESSION, Int32(COMPRESSION_NONE))
    case .deflate:
      ok = ok && handle.set(TIFFTAG_COMPRESSION, Int32(COMPRESSION_ADOBE_DEFLATE))
      let predictor = isFloat ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL
      ok = ok && handle.set(TIFFTAG_PREDICTOR, Int32(predictor))
    }
    if isFloat && image.maxValue != 1 && image.maxValue.isFinite {
      ok = ok && handle.set(TIFFTAG_SMAXSAMPLEVALUE, Double(image.maxValue))
    }
    if let resolution = image.metadata.resolution, resolution.x > 0, resolution.y > 0 {
      ok = ok && handle.set(TIFFTAG_XRESOLUTION, resolution.x)
      ok = ok && handle.set(TIFFTAG_YRESOLUTION, resolution.y)
      ok = ok && handle.set(TIFFTAG_RESOLUTIONUNIT, Int32(RESUNIT_INCH))
    }
    let rowBytes = image.width * (isFloat ? 4 : 2)
    ok = ok && handle.set(TIFFTAG_ROWSPERSTRIP, UInt32(max(1, min(image.height, 65536 / rowBytes))))
    if !ok { throw handle.failure("cannot set the TIFF tags") }
  }

  private static func writeStrips(
    _ image: GrayImage, _ layout: TIFFSampleLayout, _ bytesPerSample: Int, _ handle: TIFFHandle
  ) throws(DecodingError) {
    let width = image.width
    let rowsPerStrip = Int(handle.uint32(TIFFTAG_ROWSPERSTRIP) ?? 1)
    let stripSamples = rowsPerStrip * width
    // libtiff may encode in place (predictors), so each strip is copied to a scratch buffer.
    let scratch = UnsafeMutableRawPointer.allocate(
      byteCount: stripSamples * bytesPerSample, alignment: 16)
    defer { scratch.deallocate() }
    var failed = false
    image.samples.withUnsafeBufferPointer { samples in
      guard let base = samples.baseAddress else { return }
      var strip: UInt32 = 0
      var start = 0
      while start < samples.count && !failed {
        let count = min(stripSamples, samples.count - start)
        let source = base + start
        switch layout {
        case .float32:
          scratch.copyMemory(from: source, byteCount: count * 4)
        case .uint16:
          let destination = scratch.assumingMemoryBound(to: UInt16.self)
          for i in 0..<count { destination[i] = toUInt16(source[i]) }
        }
        let bytes = tmsize_t(count * bytesPerSample)
        failed = TIFFWriteEncodedStrip(handle.tif, strip, scratch, bytes) != bytes
        strip += 1
        start += count
      }
    }
    if failed { throw handle.failure("cannot write the pixel data") }
  }

  /// Round half away from zero, clamp to 0...65535, NaN → 0.
  @inline(__always)
  static func toUInt16(_ value: Float) -> UInt16 {
    guard value > 0 else { return 0 }  // also NaN
    let rounded = value.rounded(.toNearestOrAwayFromZero)
    return rounded >= 65535 ? 65535 : UInt16(rounded)
  }
}
