extension GrayImage {
  /// The part of the image inside the rectangle (x, y, width, height), metadata kept.
  /// Returns nil when the rectangle is empty or not entirely inside the image.
  public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> GrayImage? {
    guard x >= 0, y >= 0, w > 0, h > 0, x + w <= width, y + h <= height else { return nil }
    var out = [Float](repeating: 0, count: w * h)
    samples.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for row in 0..<h {
          let from = src.baseAddress! + (y + row) * width + x
          (dst.baseAddress! + row * w).update(from: from, count: w)
        }
      }
    }
    return GrayImage(width: w, height: h, maxValue: maxValue, samples: out, metadata: metadata)
  }
}
