/// Placeholder: the JPEG decoder lands with issue 2's codec work.
public enum JPEGDecoder {
  public static func decode(_ bytes: [UInt8], options: DecodingOptions) throws(DecodingError)
    -> GrayImage
  {
    throw .unsupported(format: .jpeg, feature: "decoding (not built yet)")
  }
}
