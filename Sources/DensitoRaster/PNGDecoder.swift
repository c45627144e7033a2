/// Placeholder: the PNG decoder lands with issue 2's codec work.
public enum PNGDecoder {
  public static func decode(_ bytes: [UInt8], options: DecodingOptions) throws(DecodingError)
    -> GrayImage
  {
    throw .unsupported(format: .png, feature: "decoding (not built yet)")
  }
}
