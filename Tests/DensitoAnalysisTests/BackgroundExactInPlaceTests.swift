import Testing

@testable import DensitoAnalysis
@testable import DensitoRaster

/// The exact background done one step after another, `open` being the plain opening:
/// negate (light background), `ImageJSmoothing.mean3x3`, open, negate back, subtract.
func exactStepByStep(
  _ image: GrayImage, _ options: BackgroundOptions, open: (FloatPlane) -> FloatPlane
) -> [Float] {
  var plane = FloatPlane(width: image.width, height: image.height, samples: image.samples)
  if options.lightBackground { plane.negate() }
  if options.smoothing == .mean3x3 { ImageJSmoothing.mean3x3(&plane) }
  var result = open(plane)
  if options.lightBackground { result.negate() }
  guard options.output == .subtracted else { return result.samples }
  return zip(image.samples, result.samples).map { $0 - $1 }
}

/// The exact paraboloid as `subtractingBackground` runs it (negation and 3×3 mean applied as
/// the rows are read, result written over the samples) equals, bit for bit, the step-by-step
/// composition: negate the plane, smooth it with `ImageJSmoothing.mean3x3`, open it with
/// `ExactOpening.paraboloid(_:radius:)`, negate back, subtract from the image.
@Suite struct BackgroundExactParaboloidInPlaceTests {
  static func stepByStep(_ image: GrayImage, _ options: BackgroundOptions) -> [Float] {
    exactStepByStep(image, options) { ExactOpening.paraboloid($0, radius: options.method.radius) }
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

/// The exact ball as `subtractingBackground` runs it (negation and 3×3 mean applied as the
/// rows are read, each band's output written over the image's rows as `v − b`) equals, bit
/// for bit, the step-by-step composition: negate, `ImageJSmoothing.mean3x3`, the plain
/// `ExactBall.ball`, negate back, subtract; also with bands as small as allowed, where
/// each band's output is written next to rows the smoothing of the next band reads. (A row
/// read after it was overwritten would change an output only where a disc-edge term wins
/// the dilation's maximum, so this cannot prove the 2m + 1 band rule; `ExactBall.ball`'s
/// documentation argues it.)
@Suite struct BackgroundExactBallInPlaceTests {
  static func stepByStep(_ image: GrayImage, _ options: BackgroundOptions) -> [Float] {
    exactStepByStep(image, options) { ExactBall.ball($0, radius: options.method.radius) }
  }

  @Test(arguments: [(61, 47, 6.5), (1, 30, 3.0), (30, 1, 3.0), (2, 2, 10.0), (97, 83, 12.0)])
  func inPlaceEqualsStepByStep(width: Int, height: Int, radius: Double) throws {
    let image = BackgroundSamples.noisyBlot(width, height, seed: UInt64(width * 7 + height))
    for light in [false, true] {
      for smoothing in [BackgroundOptions.Smoothing.disabled, .mean3x3] {
        for output in [BackgroundOptions.Output.subtracted, .background] {
          let options = BackgroundOptions(
            method: .rollingBall(radius: radius), algorithm: .exact,
            lightBackground: light, smoothing: smoothing, output: output)
          let expected = Self.stepByStep(image, options)
          let got = try subtractingBackground(from: image, options: options).samples
          #expect(got.map(\.bitPattern) == expected.map(\.bitPattern),
                  "light \(light), \(smoothing), \(output)")
          // Bands as small as allowed (2m + 1 rows with smoothing) and a few larger.
          for band in [1, 2 * Int(radius) + 3, 40] {
            let banded = ExactBall.ball(
              FloatPlane(width: width, height: height, samples: image.samples),
              radius: radius, band: band, negate: light, smooth: smoothing == .mean3x3,
              subtract: output == .subtracted)
            #expect(banded.samples.map(\.bitPattern) == expected.map(\.bitPattern),
                    "band \(band), light \(light), \(smoothing), \(output)")
          }
        }
      }
    }
  }
}
