import CTIFF

/// The tags of one TIFF directory (page) that decide how it is decoded.
struct TIFFDirectory {
  var width: Int
  var height: Int
  var bitsPerSample: Int
  /// SampleFormat: 1 unsigned, 2 signed, 3 IEEE float, 4 undefined.
  var sampleFormatCode: UInt16
  var samplesPerPixel: Int
  var photometric: UInt16
  var compression: UInt16
  /// True for PlanarConfiguration 2 (one plane per sample).
  var separatePlanes: Bool
  var extraSamples: [UInt16]
  var orientation: UInt16
  /// SMaxSampleValue, when the file declares it.
  var declaredMaximum: Double?
  var resolution: Resolution?

  /// Reads the current directory's tags (libtiff's defaults where a tag is absent).
  init(_ handle: TIFFHandle) throws(DecodingError) {
    guard let width = handle.uint32(TIFFTAG_IMAGEWIDTH),
      let height = handle.uint32(TIFFTAG_IMAGELENGTH)
    else { throw .corrupt(format: .tiff, detail: "the directory has no image size") }
    self.width = Int(width)
    self.height = Int(height)
    bitsPerSample = Int(handle.uint16(TIFFTAG_BITSPERSAMPLE, defaulted: true) ?? 1)
    sampleFormatCode = handle.uint16(TIFFTAG_SAMPLEFORMAT, defaulted: true) ?? 1
    samplesPerPixel = Int(handle.uint16(TIFFTAG_SAMPLESPERPIXEL, defaulted: true) ?? 1)
    compression = handle.uint16(TIFFTAG_COMPRESSION, defaulted: true) ?? 1
    separatePlanes =
      handle.uint16(TIFFTAG_PLANARCONFIG, defaulted: true) == UInt16(PLANARCONFIG_SEPARATE)
    extraSamples = handle.extraSamples()
    orientation = handle.uint16(TIFFTAG_ORIENTATION, defaulted: true) ?? 1
    if let photometric = handle.uint16(TIFFTAG_PHOTOMETRIC) {
      self.photometric = photometric
    } else {
      // No PhotometricInterpretation: the usual reading (and libtiff's tools').
      photometric = UInt16(samplesPerPixel >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK)
      handle.log.warnings.append("PhotometricInterpretation missing: read as "
        + TIFFNames.photometric(photometric))
    }
    if let maximum = handle.value(TIFFTAG_SMAXSAMPLEVALUE, as: Double.self), maximum.isFinite,
      maximum > 0
    {
      declaredMaximum = maximum
    }
    resolution = TIFFDirectory.resolution(handle)
  }

  /// XResolution / YResolution in pixels per inch (ResolutionUnit 3, centimetre, is
  /// converted with 2.54 cm = 1 in). Nil when absent, not positive, or the unit is 1 (no
  /// absolute unit).
  private static func resolution(_ handle: TIFFHandle) -> Resolution? {
    guard let x = handle.value(TIFFTAG_XRESOLUTION, as: Float.self), x.isFinite, x > 0 else {
      return nil
    }
    var y = handle.value(TIFFTAG_YRESOLUTION, as: Float.self) ?? x
    if !(y.isFinite && y > 0) { y = x }
    let unit = handle.uint16(TIFFTAG_RESOLUTIONUNIT, defaulted: true) ?? 2
    switch Int32(unit) {
    case RESUNIT_INCH: return Resolution(x: Double(x), y: Double(y))
    case RESUNIT_CENTIMETER: return Resolution(x: Double(x) * 2.54, y: Double(y) * 2.54)
    default: return nil
    }
  }

  /// Samples that carry colour (1 for gray and palette, 3 for RGB and YCbCr).
  var colorSamples: Int {
    switch Int32(photometric) {
    case PHOTOMETRIC_RGB, PHOTOMETRIC_YCBCR: return 3
    default: return 1
    }
  }

  /// True when an ExtraSamples entry is alpha (1 associated, 2 unassociated).
  var hasAlpha: Bool { extraSamples.contains(1) || extraSamples.contains(2) }
}
