import Testing
import DensitoRaster
@testable import DensitoAnalysis

/// The O(n·r) exact ball opening (`ExactBall`, lower envelopes of semicircles) against the
/// O(n·r²) disc sweep (`ExactOpening.ballBruteForce`), which evaluates the definition
/// directly with the same Float heights.
///
/// Both take minima and maxima of the same Float values `f − z` and `e + z`; they can differ
/// only where two arcs tie to within rounding and the envelope (crossings in Double) keeps
/// the other one. Tolerance: 4 ulps of the largest sample magnitude (2.4e-4 for samples
/// below 512), far below any gray level; the number of pixels that differ at all is
/// checked to be a small fraction too.
@Suite struct BackgroundExactBallTests {
  static let radii: [Double] = [0.5, 1, 1.5, 2.5, 3, 7.5, 12, 20]

  static func compare(_ image: GrayImage, radius: Double) -> (worst: Float, differing: Int) {
    let plane = FloatPlane(width: image.width, height: image.height, samples: image.samples)
    let fast = ExactBall.ball(plane, radius: radius)
    let oracle = ExactOpening.ballBruteForce(plane, radius: radius)
    var worst: Float = 0
    var differing = 0
    for (a, b) in zip(fast.samples, oracle.samples) where a != b {
      differing += 1
      worst = max(worst, abs(a - b))
    }
    return (worst, differing)
  }

  static func tolerance(_ image: GrayImage) -> Float {
    4 * (image.samples.map(abs).max() ?? 0).ulp
  }

  @Test("matches the disc sweep on seeded random blots", arguments: radii)
  func randomBlots(radius: Double) {
    for (w, h, seed) in [(70, 50, 1 as UInt64), (41, 63, 2), (97, 31, 3)] {
      let image = BackgroundSamples.noisyBlot(w, h, seed: seed)
      let (worst, differing) = Self.compare(image, radius: radius)
      #expect(worst <= Self.tolerance(image), "\(w)x\(h) seed \(seed) r \(radius): \(worst)")
      #expect(differing * 1000 <= w * h, "\(w)x\(h) seed \(seed) r \(radius): \(differing) differ")
    }
  }

  /// White noise over the full 16-bit range (arcs cross at every angle) and integer
  /// plateaus (many exact ties between arcs).
  @Test("matches the disc sweep on noise and plateaus", arguments: [2.5, 9, 16])
  func noiseAndPlateaus(radius: Double) {
    var rng = SeededGenerator(seed: 99)
    let noise = BackgroundSamples.image(60, 45, maxValue: 65535) { _, _ in
      Float(Int.random(in: 0...65535, using: &rng))
    }
    let plateaus = BackgroundSamples.image(60, 45) { x, y in Float((x / 7 + y / 5) % 3) * 20 }
    for image in [noise, plateaus] {
      let (worst, differing) = Self.compare(image, radius: radius)
      #expect(worst <= Self.tolerance(image), "r \(radius): \(worst)")
      #expect(differing * 1000 <= image.width * image.height, "r \(radius): \(differing) differ")
    }
  }

  /// Images narrower or shorter than the ball, down to one pixel.
  @Test("matches the disc sweep on tiny images", arguments: [(1, 1), (1, 9), (9, 1), (3, 2)])
  func tiny(size: (Int, Int)) {
    let image = BackgroundSamples.image(size.0, size.1) { x, y in Float((x * 7 + y * 3) % 11) }
    for radius in [0.5, 1.5, 4, 30] {
      let (worst, _) = Self.compare(image, radius: radius)
      #expect(worst <= Self.tolerance(image), "\(size) r \(radius): \(worst)")
    }
  }
}
