/// The sample layout of a written TIFF.
public enum TIFFSampleLayout: Sendable, Equatable {
  /// 32-bit IEEE float, the raster's values exactly.
  case float32
  /// 16-bit unsigned integer, rounded and clamped to 0...65535.
  case uint16
}

/// Placeholder: the TIFF writer lands with issue 2's codec work.
public enum TIFFEncoder {
  public static func encode(_ image: GrayImage, layout: TIFFSampleLayout) throws(DecodingError)
    -> [UInt8]
  {
    throw .unsupported(format: .tiff, feature: "encoding (not built yet)")
  }
}
