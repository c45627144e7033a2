/// The container format a raster was decoded from.
public enum ImageFormat: String, Sendable, Equatable, Codable, CaseIterable {
  case png = "PNG"
  case tiff = "TIFF"
  case jpeg = "JPEG"
  /// Made in memory (synthetic images, processed results).
  case none = "none"
}

/// How the source stored its samples.
public enum SampleFormat: String, Sendable, Equatable, Codable {
  case unsignedInteger = "uint"
  case signedInteger = "int"
  case floatingPoint = "float"
}

/// The source's colour model, before conversion to gray.
public enum ColorModel: String, Sendable, Equatable, Codable {
  case gray
  case grayAlpha = "gray+alpha"
  case rgb
  case rgba
  case palette
  case cmyk
  case ycbcr
}

/// How colour pixels become one gray value.
public enum GrayConversion: String, Sendable, Equatable, Codable, CaseIterable {
  /// The unweighted mean (R+G+B)/3: ImageJ's default "8-bit" conversion of RGB.
  case mean
  /// ITU-R BT.601 luma weights: 0.299 R + 0.587 G + 0.114 B.
  case luma
  case red
  case green
  case blue

  /// Converts one RGB triple.
  @inlinable
  public func gray(r: Float, g: Float, b: Float) -> Float {
    switch self {
    case .mean: return (r + g + b) / 3
    case .luma: return 0.299 * r + 0.587 * g + 0.114 * b
    case .red: return r
    case .green: return g
    case .blue: return b
    }
  }
}

/// Pixel density as recorded in the file.
public struct Resolution: Sendable, Equatable, Codable {
  /// Pixels per inch horizontally and vertically.
  public var x: Double
  public var y: Double
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// What is known of a raster's source. Everything here is reported, never guessed.
public struct ImageMetadata: Sendable, Equatable, Codable {
  public var format: ImageFormat
  /// Bits per sample in the source (1, 2, 4, 8, 16, 32 or 64).
  public var bitDepth: Int
  public var sampleFormat: SampleFormat
  /// Samples per pixel in the source, alpha included.
  public var channels: Int
  public var colorModel: ColorModel
  /// The TIFF PhotometricInterpretation name, or the PNG/JPEG equivalent.
  public var photometric: String
  /// True when MinIsWhite data was turned into brightness (`max - v`) on read.
  public var invertedFromMinIsWhite: Bool
  /// True when the source had an alpha channel; it is ignored, never blended.
  public var hadAlpha: Bool
  /// True for lossy compression (JPEG, JPEG-in-TIFF): values are approximate.
  public var lossy: Bool
  /// The compression scheme's name ("none", "LZW", "Deflate", "JPEG", ...).
  public var compression: String
  public var resolution: Resolution?
  /// Zero-based page (TIFF directory) that was decoded, and how many the file has.
  public var page: Int
  public var pageCount: Int
  /// How colour became gray, when the source had colour.
  public var grayConversion: GrayConversion?
  /// Messages from the codec library that did not stop decoding.
  public var warnings: [String]

  public init(
    format: ImageFormat = .none, bitDepth: Int = 32, sampleFormat: SampleFormat = .floatingPoint,
    channels: Int = 1, colorModel: ColorModel = .gray, photometric: String = "MinIsBlack",
    invertedFromMinIsWhite: Bool = false, hadAlpha: Bool = false, lossy: Bool = false,
    compression: String = "none", resolution: Resolution? = nil, page: Int = 0,
    pageCount: Int = 1, grayConversion: GrayConversion? = nil, warnings: [String] = []
  ) {
    self.format = format
    self.bitDepth = bitDepth
    self.sampleFormat = sampleFormat
    self.channels = channels
    self.colorModel = colorModel
    self.photometric = photometric
    self.invertedFromMinIsWhite = invertedFromMinIsWhite
    self.hadAlpha = hadAlpha
    self.lossy = lossy
    self.compression = compression
    self.resolution = resolution
    self.page = page
    self.pageCount = pageCount
    self.grayConversion = grayConversion
    self.warnings = warnings
  }
}
