/// A row-major plane of Float samples: the working buffer of the background algorithms.
struct FloatPlane: Sendable, Equatable {
  var width: Int
  var height: Int
  var samples: [Float]

  init(width: Int, height: Int, samples: [Float]) {
    precondition(samples.count == width * height, "sample count does not match the size")
    self.width = width
    self.height = height
    self.samples = samples
  }

  init(width: Int, height: Int, filledWith value: Float) {
    self.init(
      width: width, height: height,
      samples: [Float](repeating: value, count: width * height))
  }

  /// Replaces every sample v by −v (ImageJ's way of handling a light background on float
  /// data: the ball then rolls under the inverted landscape).
  mutating func negate() {
    samples.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] = -p[i] }
    }
  }
}
