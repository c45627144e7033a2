/// Placeholder: the PNG writer lands with issue 2's codec work.
public enum PNGEncoder {
  /// Encodes `image` as a grayscale PNG of `bitDepth` 8 or 16. Samples are rounded to the
  /// nearest integer and clamped to the bit depth's range.
  public static func encode(_ image: GrayImage, bitDepth: Int) throws(DecodingError) -> [UInt8] {
    throw .unsupported(format: .png, feature: "encoding (not built yet)")
  }
}
