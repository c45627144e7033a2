import Foundation
import Testing
import DensitoRaster
@testable import DensitoAnalysis

/// Analytic specifications of background estimation: inputs with known answers.
@Suite struct BackgroundSpecTests {
  static let radii: [Double] = [5, 12, 25, 50, 100, 200]

  // MARK: - Constant and flat inputs

  /// A constant surface is its own background: every method returns it (up to Float
  /// rounding of `(c − z) + z`, a few ulps of 1000 ≈ 1e-4) and the residual is ~0.
  @Test("constant image: background equals it", arguments: radii)
  func constantImage(radius: Double) throws {
    let image = GrayImage(width: 37, height: 29, maxValue: 65535, filledWith: 1000.25)
    for options in BackgroundSamples.allOptions(radius: radius) {
      let bg = try background(of: image, options: options)
      let residual = try subtractingBackground(
        from: image, options: with(options) { $0.output = .subtracted })
      #expect(bg.samples.allSatisfy { abs($0 - 1000.25) <= 1e-3 }, "\(options)")
      #expect(residual.samples.allSatisfy { abs($0) <= 1e-3 }, "\(options)")
    }
  }

  /// A band narrower than the ball on a flat background: the ball cannot enter the band,
  /// so the background stays flat and the band survives nearly whole. The ball (or
  /// paraboloid) rests on the band's Gaussian flanks a few σ out and its cap pokes up by
  /// about d²/(2r) there, so the band loses a fraction of its integral that shrinks as
  /// 1/r: measured 2.1 % at r = 25, 1.2 % at 50, 0.6 % at 100; tolerance 0.7/r.
  /// ImageJ's sliding paraboloid is run without smoothing here: with smoothing it lowers the
  /// whole background by the mean lift of its 3×3 maximum filter (as ImageJ does), which
  /// is not a property of the band.
  @Test("a narrow Gaussian band on a flat background survives", arguments: [25.0, 50, 100])
  func narrowBandSurvives(radius: Double) throws {
    let level: Float = 50, amplitude: Float = 150, sigma: Float = 2.5
    let image = BackgroundSamples.image(160, 120) { x, y in
      let inLane = x >= 65 && x < 95
      let dy = Float(y) - 60
      return level + (inLane ? amplitude * exp(-dy * dy / (2 * sigma * sigma)) : 0)
    }
    let bandIntegral = image.samples.reduce(0.0) { $0 + Double($1 - level) }
    for algorithm in [BackgroundOptions.Algorithm.exact, .imagej] {
      for method in [BackgroundOptions.Method.rollingBall(radius: radius),
                     .slidingParaboloid(radius: radius)] {
        var options = BackgroundOptions(method: method, algorithm: algorithm)
        if case .slidingParaboloid = method, algorithm == .imagej { options.smoothing = .disabled }
        let residual = try subtractingBackground(from: image, options: options)
        let integral = residual.samples.reduce(0.0) { $0 + Double($1) }
        let relative = (integral - bandIntegral) / bandIntegral
        #expect(relative <= 1e-5 && relative >= -0.7 / radius, "\(options): \(relative)")
      }
    }
  }

  /// A gently sloping plane is touched everywhere by the ball (and the paraboloid) from
  /// below, so the exact opening gives it back: error within 0.05 gray levels (the disc
  /// is sampled on integer offsets, so the tangent point is off by under half a pixel).
  @Test("exact variant: a sloping plane is its own background", arguments: [12.0, 50])
  func slopingPlane(radius: Double) throws {
    let image = BackgroundSamples.image(80, 60) { x, y in 30 + 0.3 * Float(x) + 0.1 * Float(y) }
    for method in [BackgroundOptions.Method.rollingBall(radius: radius),
                   .slidingParaboloid(radius: radius)] {
      let bg = try background(of: image, options: .init(method: method, algorithm: .exact))
      #expect(BackgroundSamples.maxAbsDifference(bg.samples, image.samples) <= 0.05, "\(method)")
    }
  }

  // MARK: - Morphological properties of the exact variant

  /// An opening never exceeds its input and opening twice changes nothing. Seeded random
  /// blots; the tolerance is Float rounding (values up to ~150, ulp 1.5e-5; 1e-3 allows
  /// for the sums and the paraboloid's Double → Float round trips).
  @Test("exact variant: opening ≤ image and idempotent", arguments: [1 as UInt64, 2, 3])
  func exactOpeningProperties(seed: UInt64) throws {
    let image = BackgroundSamples.noisyBlot(70, 50, seed: seed)
    for radius in [3.0, 10.5, 30] {
      for method in [BackgroundOptions.Method.rollingBall(radius: radius),
                     .slidingParaboloid(radius: radius)] {
        let options = BackgroundOptions(method: method, algorithm: .exact)
        let once = try background(of: image, options: options)
        let twice = try background(of: once, options: options)
        let above = zip(once.samples, image.samples).map { $0 - $1 }.max() ?? 0
        #expect(above <= 1e-3, "seed \(seed), \(method): opening exceeds image by \(above)")
        let drift = BackgroundSamples.maxAbsDifference(once.samples, twice.samples)
        #expect(drift <= 1e-3, "seed \(seed), \(method): not idempotent, \(drift)")
      }
    }
  }

  /// On a surface that does not vary along y, the 2-D ball opening is the 1-D disc
  /// opening of the profile (the ball's widest slice is the disc), and likewise for the
  /// paraboloid: a cross-check of the two independent implementations (Float vs Double).
  @Test("exact 2-D opening of a ridge equals the 1-D baseline", arguments: [4.0, 15.5])
  func ridgeMatchesProfile(radius: Double) throws {
    var rng = SeededGenerator(seed: 7)
    let profile = (0..<90).map { x in
      Double(20 + (x % 25 < 5 ? 60 : 0)) + Double(Int.random(in: 0..<8, using: &rng))
    }
    let image = BackgroundSamples.image(90, 40) { x, _ in Float(profile[x]) }
    let ball = try background(
      of: image, options: .init(method: .rollingBall(radius: radius), algorithm: .exact))
    let para = try background(
      of: image, options: .init(method: .slidingParaboloid(radius: radius), algorithm: .exact))
    let disc = try rollingBallBaseline(of: profile, radius: radius)
    let parabola = try slidingParabolaBaseline(of: profile, radius: radius)
    let margin = Int(radius) + 1
    for y in 0..<40 {
      for x in 0..<90 {
        if y >= margin && y < 40 - margin {
          #expect(abs(Double(ball[y, x]) - disc[x]) <= 1e-3, "ball at \(x),\(y)")
        }
        #expect(abs(Double(para[y, x]) - parabola[x]) <= 1e-3, "paraboloid at \(x),\(y)")
      }
    }
  }

  // MARK: - Light background, output, threading

  /// Light-background option on the inverted image ↔ default option on the image:
  /// `background(M − f, light) = M − background(f)`. ImageJ-identical and exact; within
  /// 1e-3 (the inversion is exact, but sums of shifted values round differently).
  @Test("light background is the mirror of dark background", arguments: [5.0, 25, 60])
  func lightBackgroundSymmetry(radius: Double) throws {
    let image = BackgroundSamples.noisyBlot(64, 48, seed: 11)
    let inverted = GrayImage(
      width: 64, height: 48, maxValue: 255, samples: image.samples.map { 255 - $0 })
    for options in BackgroundSamples.allOptions(radius: radius) {
      let dark = try background(of: image, options: options)
      let light = try background(of: inverted, options: with(options) { $0.lightBackground = true })
      let mirrored = light.samples.map { 255 - $0 }
      #expect(BackgroundSamples.maxAbsDifference(dark.samples, mirrored) <= 1e-3, "\(options)")
    }
  }

  /// `.background` output returns the background; `.subtracted` returns image − background.
  @Test func outputChoice() throws {
    let image = BackgroundSamples.noisyBlot(40, 30, seed: 5)
    let bg = try background(of: image, options: .init(method: .rollingBall(radius: 8)))
    let created = try subtractingBackground(
      from: image, options: .init(method: .rollingBall(radius: 8), output: .background))
    let subtracted = try subtractingBackground(
      from: image, options: .init(method: .rollingBall(radius: 8)))
    #expect(created.samples == bg.samples)
    #expect(subtracted.samples == zip(image.samples, bg.samples).map { $0 - $1 })
    #expect(subtracted.maxValue == image.maxValue)
  }

  /// Work is split into chunks over rows, columns or lines; each chunk computes the same
  /// Float operations, so the result is bit-identical serially and with any split.
  @Test("bit-identical whatever the threading", arguments: [12.0, 50])
  func threadingIndependence(radius: Double) async throws {
    let image = BackgroundSamples.noisyBlot(203, 151, seed: 3)
    for options in BackgroundSamples.allOptions(radius: radius) {
      let parallel = try background(of: image, options: options)
      for chunks in [1, 3] {
        let other = try BackgroundConcurrency.$maximumChunks.withValue(chunks) {
          try background(of: image, options: options)
        }
        #expect(other.samples == parallel.samples, "\(options), \(chunks) chunks")
      }
    }
  }

  // MARK: - Errors

  @Test("radius must be finite and > 0", arguments: [0.0, -3, .infinity, -.infinity])
  func invalidRadius(radius: Double) {
    let image = GrayImage(width: 4, height: 4, maxValue: 255, filledWith: 1)
    for algorithm in [BackgroundOptions.Algorithm.imagej, .exact] {
      #expect(throws: BackgroundError.invalidRadius(radius)) {
        try background(of: image, options: .init(method: .rollingBall(radius: radius),
                                                  algorithm: algorithm))
      }
      #expect(throws: BackgroundError.invalidRadius(radius)) {
        try background(of: image, options: .init(method: .slidingParaboloid(radius: radius),
                                                  algorithm: algorithm))
      }
    }
  }

  @Test func hugeRadiusIsRejected() {
    let image = GrayImage(width: 4, height: 4, maxValue: 255, filledWith: 1)
    #expect(throws: BackgroundError.radiusTooLarge(radius: 10_001, limit: 10_000)) {
      try background(of: image, options: .init(method: .rollingBall(radius: 10_001)))
    }
    #expect(throws: BackgroundError.radiusTooLarge(radius: 2_000.5, limit: 2_000)) {
      try background(of: image, options: .init(method: .slidingParaboloid(radius: 2_000.5),
                                                algorithm: .exact))
    }
    #expect(throws: BackgroundError.radiusTooLarge(radius: 1e9, limit: 100_000)) {
      try rollingBallBaseline(of: [1, 2, 3], radius: 1e9)
    }
  }

  @Test func nanRadiusIsRejected() {
    let image = GrayImage(width: 4, height: 4, maxValue: 255, filledWith: 1)
    let error = #expect(throws: BackgroundError.self) {
      try background(of: image, options: .init(method: .rollingBall(radius: .nan)))
    }
    guard case .invalidRadius(let r) = error else {
      Issue.record("expected invalidRadius, got \(String(describing: error))")
      return
    }
    #expect(r.isNaN)
  }

  @Test func nonFiniteSamplesAreRejected() {
    var samples = [Float](repeating: 1, count: 12)
    samples[5] = .nan
    samples[9] = .infinity
    let image = GrayImage(width: 4, height: 3, maxValue: 1, samples: samples)
    #expect(throws: BackgroundError.nonFiniteSamples(count: 2, firstIndex: 5)) {
      try background(of: image, options: .init(method: .rollingBall(radius: 5)))
    }
  }

  @Test func emptyImageIsRejected() {
    let image = GrayImage(width: 0, height: 7, maxValue: 255, samples: [])
    #expect(throws: BackgroundError.emptyImage(width: 0, height: 7)) {
      try background(of: image, options: .init(method: .slidingParaboloid(radius: 5)))
    }
  }

  /// Tiny images (smaller than the shrink factor and the ball) still work.
  @Test("tiny images", arguments: [(1, 1), (1, 9), (9, 1), (2, 3), (7, 5)])
  func tinyImages(size: (Int, Int)) throws {
    let image = BackgroundSamples.image(size.0, size.1) { x, y in Float(x * 3 + y) }
    for radius in [5.0, 50, 200] {
      for options in BackgroundSamples.allOptions(radius: radius) {
        let bg = try background(of: image, options: options)
        #expect(bg.samples.count == image.samples.count)
        #expect(bg.samples.allSatisfy { $0.isFinite }, "\(options) on \(size)")
      }
    }
  }
}

/// A copy of `options` changed by `change`.
func with(_ options: BackgroundOptions, _ change: (inout BackgroundOptions) -> Void)
  -> BackgroundOptions
{
  var copy = options
  change(&copy)
  return copy
}
