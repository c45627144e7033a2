import Testing
@testable import DensitoAnalysis

/// The one-sweep smoothing of the ImageJ-identical sliding paraboloid
/// (`ImageJSlidingParaboloidSmoothing.maximumThenMean`) against the two in-place filters it
/// replaces there (`ImageJSmoothing.maximum3x3` then `mean3x3`, which the ImageJ fixtures
/// validate): the same samples and the same lift, bit for bit.
@Suite struct BackgroundParaboloidSmoothingTests {
  /// Noise with negative values, integer plateaus (ties), signed zeros, and one NaN.
  static func images(_ w: Int, _ h: Int, seed: UInt64) -> [(String, [Float])] {
    var rng = SeededGenerator(seed: seed)
    let noise = (0..<(w * h)).map { _ in Float.random(in: -300...70000, using: &rng) }
    let plateaus = (0..<(w * h)).map { i -> Float in
      let level: Int = (i / 5 + i % 3) % 4
      return Float(level) * 1000
    }
    let zeros = (0..<(w * h)).map { i -> Float in i % 3 == 0 ? -0.0 : (i % 3 == 1 ? 0.0 : -1) }
    var nan = noise
    nan[(w * h) / 2] = .nan
    return [("noise", noise), ("plateaus", plateaus), ("zeros", zeros), ("nan", nan)]
  }

  @Test("equals ImageJSmoothing's maximum then mean, lift included",
        arguments: [(1, 1), (1, 7), (7, 1), (2, 2), (3, 5), (5, 3), (203, 157), (600, 3),
                    (3, 600), (1000, 70)])
  func matchesTwoFilters(width: Int, height: Int) {
    for (name, samples) in Self.images(width, height, seed: UInt64(width * 7919 + height)) {
      let plane = FloatPlane(width: width, height: height, samples: samples)
      var expected = plane
      let expectedLift = ImageJSmoothing.maximum3x3(&expected)
      ImageJSmoothing.mean3x3(&expected)
      let (smoothed, lift) = ImageJSlidingParaboloidSmoothing.maximumThenMean(plane)
      let differing = zip(smoothed.samples, expected.samples)
        .filter { $0.bitPattern != $1.bitPattern }.count
      #expect(differing == 0, "\(name) \(width)x\(height): \(differing) samples differ")
      #expect(lift.bitPattern == expectedLift.bitPattern,
              "\(name) \(width)x\(height): lift \(lift) vs \(expectedLift)")
    }
  }

  /// The strips and bands split differently with the number of chunks; the sums do not.
  @Test("the same with one chunk and with many")
  func threading() {
    let samples = Self.images(301, 211, seed: 5)[0].1
    let plane = FloatPlane(width: 301, height: 211, samples: samples)
    let (parallel, lift) = ImageJSlidingParaboloidSmoothing.maximumThenMean(plane)
    let (serial, serialLift) = BackgroundConcurrency.$maximumChunks.withValue(1) {
      ImageJSlidingParaboloidSmoothing.maximumThenMean(plane)
    }
    #expect(parallel == serial)
    #expect(lift.bitPattern == serialLift.bitPattern)
  }
}
