import Testing

@testable import DensitoAnalysis
@testable import DensitoRaster

/// The exact paraboloid as `subtractingBackground` runs it (negation and 3×3 mean applied as
/// the rows are read, result written over the samples) equals, bit for bit, the step-by-step
/// composition: negate the plane, smooth it with `ImageJSmoothing.mean3x3`, open it with
/// `ExactOpening.paraboloid(_:radius:)`, negate back, subtract from the image.
@Suite struct BackgroundExactParaboloidInPlaceTests {
  static func stepByStep(_ image: GrayImage, _ options: BackgroundOptions) -> [Float] {
    var plane = FloatPlane(width: image.width, height: image.height, samples: image.samples)
    if options.lightBackground { plane.negate() }
    if options.smoothing == .mean3x3 { ImageJSmoothing.mean3x3(&plane) }
    var result = ExactOpening.paraboloid(plane, radius: options.method.radius)
    if options.lightBackground { result.negate() }
    guard options.output == .subtracted else { return result.samples }
    return zip(image.samples, result.samples).map { $0 - $1 }
  }

  @Test(arguments: [(61, 47, 12.5), (1, 30, 4.0), (30, 1, 4.0), (2, 2, 50.0), (203, 131, 50.0)])
  func inPlaceEqualsStepByStep(width: Int, height: Int, radius: Double) throws {
    let image = BackgroundSamples.noisyBlot(width, height, seed: UInt64(width * 1000 + height))
    var cases = 0
    for light in [false, true] {
      for smoothing in [BackgroundOptions.Smoothing.disabled, .mean3x3] {
        for output in [BackgroundOptions.Output.subtracted, .background] {
          let options = BackgroundOptions(
            method: .slidingParaboloid(radius: radius), algorithm: .exact,
            lightBackground: light, smoothing: smoothing, output: output)
          let expected = Self.stepByStep(image, options)
          let got = try subtractingBackground(from: image, options: options).samples
          let differing = zip(got, expected).filter { $0.bitPattern != $1.bitPattern }.count
          #expect(
            got.count == expected.count && differing == 0,
            "light \(light), \(smoothing), \(output): \(differing) of \(got.count) differ")
          cases += 1
        }
      }
    }
    #expect(cases == 8)
  }

  @Test func theCallersImageIsUntouched() throws {
    let image = BackgroundSamples.noisyBlot(40, 30, seed: 3)
    let kept = image.samples
    _ = try subtractingBackground(
      from: image, options: BackgroundOptions(
        method: .slidingParaboloid(radius: 20), algorithm: .exact, lightBackground: true))
    #expect(image.samples == kept)
  }
}
