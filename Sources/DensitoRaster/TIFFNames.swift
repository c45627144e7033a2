import CTIFF

/// Names of TIFF code values (Compression, PhotometricInterpretation) and which of them
/// the decoder handles. Codes are from the TIFF 6.0 specification and the registry that
/// libtiff's `tiff.h` records.
enum TIFFNames {
  /// The Compression tag's name as reported in metadata and errors.
  static func compression(_ code: UInt16) -> String {
    switch Int32(code) {
    case COMPRESSION_NONE: return "none"
    case COMPRESSION_CCITTRLE: return "CCITT modified Huffman RLE"
    case COMPRESSION_CCITTFAX3: return "CCITT fax 3"
    case COMPRESSION_CCITTFAX4: return "CCITT fax 4"
    case COMPRESSION_LZW: return "LZW"
    case COMPRESSION_OJPEG: return "old-style JPEG"
    case COMPRESSION_JPEG: return "JPEG"
    case COMPRESSION_T85: return "JBIG (T.85)"
    case COMPRESSION_T43: return "JBIG2 (T.43)"
    case COMPRESSION_NEXT: return "NeXT RLE"
    case COMPRESSION_CCITTRLEW: return "CCITT RLE (word aligned)"
    case COMPRESSION_PACKBITS: return "PackBits"
    case COMPRESSION_THUNDERSCAN: return "ThunderScan"
    case COMPRESSION_PIXARFILM: return "PixarFilm"
    case COMPRESSION_PIXARLOG: return "PixarLog"
    case COMPRESSION_ADOBE_DEFLATE, COMPRESSION_DEFLATE: return "Deflate"
    case COMPRESSION_DCS: return "Kodak DCS"
    case COMPRESSION_JBIG: return "JBIG"
    case COMPRESSION_SGILOG: return "SGILog (LogLuv)"
    case COMPRESSION_SGILOG24: return "SGILog24 (LogLuv)"
    case COMPRESSION_JP2000: return "JPEG 2000"
    case COMPRESSION_LERC: return "LERC"
    case COMPRESSION_LZMA: return "LZMA"
    case COMPRESSION_ZSTD: return "ZSTD"
    case COMPRESSION_WEBP: return "WebP"
    case COMPRESSION_JXL: return "JPEG XL"
    default: return "code \(code)"
    }
  }

  /// Lossless schemes decoded to exact values, when this libtiff was built with them.
  static func isLosslessSupported(_ code: UInt16) -> Bool {
    switch Int32(code) {
    case COMPRESSION_NONE, COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE, COMPRESSION_DEFLATE,
      COMPRESSION_PACKBITS, COMPRESSION_LZMA, COMPRESSION_ZSTD:
      return TIFFIsCODECConfigured(code) == 1
    default:
      return false
    }
  }

  /// The PhotometricInterpretation name as reported in metadata and errors.
  static func photometric(_ code: UInt16) -> String {
    switch Int32(code) {
    case PHOTOMETRIC_MINISWHITE: return "MinIsWhite"
    case PHOTOMETRIC_MINISBLACK: return "MinIsBlack"
    case PHOTOMETRIC_RGB: return "RGB"
    case PHOTOMETRIC_PALETTE: return "Palette"
    case PHOTOMETRIC_MASK: return "TransparencyMask"
    case PHOTOMETRIC_SEPARATED: return "Separated"
    case PHOTOMETRIC_YCBCR: return "YCbCr"
    case PHOTOMETRIC_CIELAB: return "CIELab"
    case PHOTOMETRIC_ICCLAB: return "ICCLab"
    case PHOTOMETRIC_ITULAB: return "ITULab"
    case PHOTOMETRIC_CFA: return "CFA"
    case PHOTOMETRIC_LOGL: return "LogL"
    case PHOTOMETRIC_LOGLUV: return "LogLuv"
    case 34892: return "LinearRaw"
    default: return "code \(code)"
    }
  }
}
