/// Turning interleaved integer samples from the C codecs into gray `Float` rasters.
///
/// Gray sources keep their values exactly (every 8- and 16-bit integer is exact in
/// `Float`). Colour sources are converted pixel by pixel with a `GrayConversion`; alpha
/// is ignored, never blended.
enum PixelConversion {
  /// The layout of an interleaved buffer.
  struct Layout: Equatable {
    /// 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
    var channels: Int
    /// 8 or 16 (16-bit samples in host byte order).
    var bitsPerSample: Int
  }

  /// Converts `width * height` interleaved pixels at `source` into row-major gray.
  ///
  /// - Precondition: `source` holds `width * height * layout.channels` samples of
  ///   `layout.bitsPerSample` bits (a programmer error otherwise).
  static func gray(
    from source: UnsafeRawPointer, width: Int, height: Int, layout: Layout,
    conversion: GrayConversion
  ) -> [Float] {
    let count = width * height
    precondition(layout.bitsPerSample == 8 || layout.bitsPerSample == 16)
    precondition((1...4).contains(layout.channels))
    return [Float](unsafeUninitializedCapacity: count) { out, initialized in
      if layout.bitsPerSample == 8 {
        let input = source.assumingMemoryBound(to: UInt8.self)
        convert(input, count: count, channels: layout.channels, conversion, into: out)
      } else {
        let input = source.assumingMemoryBound(to: UInt16.self)
        convert(input, count: count, channels: layout.channels, conversion, into: out)
      }
      initialized = count
    }
  }

  /// Converts one row of `count` interleaved pixels at `source` into `out`.
  static func grayRow(
    from source: UnsafeRawPointer, count: Int, layout: Layout, conversion: GrayConversion,
    into out: UnsafeMutablePointer<Float>
  ) {
    let target = UnsafeMutableBufferPointer(start: out, count: count)
    if layout.bitsPerSample == 8 {
      let input = source.assumingMemoryBound(to: UInt8.self)
      convert(input, count: count, channels: layout.channels, conversion, into: target)
    } else {
      let input = source.assumingMemoryBound(to: UInt16.self)
      convert(input, count: count, channels: layout.channels, conversion, into: target)
    }
  }

  /// The per-sample loops, specialised for each sample type.
  @inline(__always)
  private static func convert<Sample: FixedWidthInteger & UnsignedInteger>(
    _ input: UnsafePointer<Sample>, count: Int, channels: Int, _ conversion: GrayConversion,
    into out: UnsafeMutableBufferPointer<Float>
  ) {
    guard let base = out.baseAddress else { return }
    switch channels {
    case 1:
      for i in 0..<count { base[i] = Float(input[i]) }
    case 2:
      for i in 0..<count { base[i] = Float(input[2 &* i]) }
    default:
      // RGB or RGBA: the alpha sample (if any) is skipped.
      for i in 0..<count {
        let p = input + channels &* i
        base[i] = conversion.gray(r: Float(p[0]), g: Float(p[1]), b: Float(p[2]))
      }
    }
  }
}
