import CTIFF

/// The approximate path for JPEG-in-TIFF and YCbCr data: libtiff's RGBA interface
/// (`TIFFReadRGBAImageOriented`, top-left origin) gives 8-bit R, G, B, A per pixel, which
/// become gray through `options.grayConversion` (gray sources use R, which equals G and B).
/// Values are 0...255 and `metadata.lossy` is true.
enum TIFFRGBAReader {
  static func read(
    _ handle: TIFFHandle, _ directory: TIFFDirectory, _ options: DecodingOptions,
    _ metadata: inout ImageMetadata
  ) throws(DecodingError) -> GrayImage {
    var message = [CChar](repeating: 0, count: 1024)
    if TIFFRGBAImageOK(handle.tif, &message) == 0 {
      let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw .unsupported(format: .tiff, feature: "layout for RGBA reading: \(text)")
    }
    let width = directory.width
    let height = directory.height
    let photometric = Int32(directory.photometric)
    let isColor = directory.colorSamples == 3
    metadata.lossy = true
    metadata.bitDepth = 8
    metadata.sampleFormat = .unsignedInteger
    switch photometric {
    case PHOTOMETRIC_YCBCR: metadata.colorModel = .ycbcr
    case PHOTOMETRIC_RGB: metadata.colorModel = metadata.hadAlpha ? .rgba : .rgb
    default: metadata.colorModel = metadata.hadAlpha ? .grayAlpha : .gray
    }
    // libtiff's RGBA interface already turns MinIsWhite into brightness.
    metadata.invertedFromMinIsWhite = photometric == PHOTOMETRIC_MINISWHITE
    if isColor { metadata.grayConversion = options.grayConversion }

    let count = width * height
    let raster = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
    defer { raster.deallocate() }
    let ok = TIFFReadRGBAImageOriented(
      handle.tif, UInt32(width), UInt32(height), raster, Int32(ORIENTATION_TOPLEFT), 1)
    if ok == 0 { throw TIFFRowReader.readFailure(handle, at: "the RGBA image") }

    let conversion = options.grayConversion
    let samples = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      // Pixels are packed A<<24 | B<<16 | G<<8 | R (libtiff's TIFFGetR/G/B macros).
      for i in 0..<count {
        let pixel = raster[i]
        let r = Float(pixel & 0xFF)
        if isColor {
          let g = Float((pixel >> 8) & 0xFF)
          let b = Float((pixel >> 16) & 0xFF)
          buffer[i] = conversion.gray(r: r, g: g, b: b)
        } else {
          buffer[i] = r
        }
      }
      initialized = count
    }
    return GrayImage(width: width, height: height, maxValue: 255, samples: samples, metadata: metadata)
  }
}
