/// Placeholder: the TIFF decoder lands with issue 2's codec work.
public enum TIFFDecoder {
  public static func decode(_ bytes: [UInt8], options: DecodingOptions) throws(DecodingError)
    -> GrayImage
  {
    throw .unsupported(format: .tiff, feature: "decoding (not built yet)")
  }
}
