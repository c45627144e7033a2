import Testing
import DensitoRaster
@testable import DensitoAnalysis

/// The fused ImageJ rolling ball (`ImageJRollingBallFused`: smoothing inside the shrink,
/// negation and subtraction inside the enlargement) against the unfused passes it replaces:
/// copy, negate, 3×3 mean in place, `ImageJRollingBall.background`, negate, subtract. Both
/// compute the same Float operations on the same operands, so they must agree bit for bit,
/// including at the edges (1-pixel-wide or -high images, partial shrink blocks) and with
/// exact ties (integer plateaus) and signed zeros.
@Suite struct BackgroundFusedBallTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let width: Int, height: Int, radius: Double
    var testDescription: String { "\(width)x\(height) r=\(radius)" }
  }

  static let cases: [Case] = [
    Case(width: 97, height: 61, radius: 11), Case(width: 64, height: 64, radius: 25),
    Case(width: 203, height: 157, radius: 50), Case(width: 131, height: 89, radius: 150),
    Case(width: 1, height: 53, radius: 30), Case(width: 41, height: 1, radius: 60),
    Case(width: 2, height: 9, radius: 12), Case(width: 9, height: 2, radius: 120),
  ]

  /// The unfused reference: the passes as `background(of:options:)` ran them before fusion.
  static func unfused(
    _ image: GrayImage, radius: Double, light: Bool, smooth: Bool, subtract: Bool
  ) -> [Float] {
    var plane = FloatPlane(width: image.width, height: image.height, samples: image.samples)
    if light { plane.negate() }
    if smooth { ImageJSmoothing.mean3x3(&plane) }
    var result = ImageJRollingBall.background(of: plane, radius: radius, smooth: false)
    if light { result.negate() }
    guard subtract else { return result.samples }
    return zip(image.samples, result.samples).map { $0 - $1 }
  }

  @Test("fused passes equal the unfused ones bit for bit", arguments: cases)
  func fusedEqualsUnfused(_ c: Case) throws {
    var rng = SeededGenerator(seed: UInt64(c.width * 1000 + c.height))
    // 16-bit noise, integer plateaus (ties) and zeros of both signs on a slope.
    let image = BackgroundSamples.image(c.width, c.height, maxValue: 65535) { x, y in
      switch (x / 5 + y / 7) % 3 {
      case 0: return Float(UInt16.random(in: 0...65535, using: &rng))
      case 1: return Float((x + y) / 9 * 100)
      default: return (x + y) % 2 == 0 ? 0 : -0.0
      }
    }
    for light in [false, true] {
      for smooth in [false, true] {
        for subtract in [false, true] {
          let fused = ImageJRollingBallFused.run(
            image.samples, width: c.width, height: c.height, radius: c.radius, negate: light,
            smooth: smooth, subtract: subtract)
          let reference = Self.unfused(
            image, radius: c.radius, light: light, smooth: smooth, subtract: subtract)
          let differing = zip(fused, reference).filter { $0.bitPattern != $1.bitPattern }.count
          #expect(
            fused.count == reference.count && differing == 0,
            "light \(light), smooth \(smooth), subtract \(subtract): \(differing) differ")
        }
      }
    }
  }

  @Test("radius ≤ 10 (no shrinking) is left to the unfused path")
  func smallRadiusNotFused() {
    #expect(!ImageJRollingBallFused.applies(radius: 10))
    #expect(ImageJRollingBallFused.applies(radius: 10.5))
  }

  /// The fused ball writes over the samples it is given: a caller that keeps its image still
  /// has it unchanged (copy on write), and handing the image over gives the same result.
  @Test(arguments: [false, true])
  func handingTheImageOverGivesTheSameResult(light: Bool) throws {
    let image = BackgroundSamples.noisyBlot(64, 48, seed: 7)
    let kept = image.samples
    let options = BackgroundOptions(
      method: .rollingBall(radius: 25), lightBackground: light)
    let borrowed = try subtractingBackground(from: image, options: options)
    #expect(image.samples == kept, "the caller's image is untouched")
    let handed = image
    let moved = try subtractingBackground(from: consume handed, options: options)
    #expect(moved.samples.map(\.bitPattern) == borrowed.samples.map(\.bitPattern))
    #expect(moved.width == 64 && moved.height == 48 && moved.maxValue == image.maxValue)
  }
}
