import DensitoRaster

/// Estimates the background of an image with a rolling ball or sliding paraboloid.
///
/// Treat intensity as height and move the ball (or paraboloid) under the surface; the
/// highest point it reaches at each pixel is the background. With `lightBackground`, the
/// surface is turned upside down first (each sample v becomes −v), so the ball rolls over
/// the top of a light background, and the result is turned back.
///
/// The output has Float samples with no rounding or clamping and keeps `maxValue` and the
/// metadata of `image`. `options.output` is ignored here (this always returns the
/// background); see `subtractingBackground(from:options:)`.
///
/// - Parameters:
///   - image: The image to analyse.
///   - options: Method, radius, algorithm, polarity and smoothing.
/// - Returns: The background, the same size as `image`.
/// - Throws: `BackgroundError.invalidRadius` for a radius that is not finite and > 0;
///   `.radiusTooLarge` above `BackgroundOptions.maximumRadius(for:)`;
///   `.emptyImage` for an image with no pixels; `.nonFiniteSamples` when a sample is NaN
///   or infinite.
/// - Complexity: ImageJ rolling ball O(n·w²) with w the shrunken ball width (at most 31);
///   ImageJ paraboloid O(n) typical; exact paraboloid O(n); exact ball O(n·r·min(r, 160))
///   before pruning (chord sweeps, or semicircle envelopes for chords longer than ≈ 160).
///
/// References: Sternberg, S. R. "Biomedical Image Processing." Computer 16(1), 22–34 (1983).
/// doi:10.1109/MC.1983.1654163. ImageJ User Guide, "Process > Subtract Background"
/// (https://imagej.net/ij/docs/menus/process.html#background).
public func background(of image: consuming GrayImage, options: BackgroundOptions) throws
  -> GrayImage
{
  try validate(image, options)
  let samples = takeSamples(&image)
  return GrayImage(
    width: image.width, height: image.height, maxValue: image.maxValue,
    samples: estimate(samples, image.width, image.height, options, subtract: false),
    metadata: image.metadata)
}

/// The image minus its background (or the background itself when `options.output` is
/// `.background`), as ImageJ's "Subtract Background" gives on a 32-bit image:
/// `image − background`, Float, no offset, rounding or clamping (negative values stay).
///
/// Memory: hand the image over (`subtractingBackground(from: consume scan, ...)`, or a last
/// use) and the ImageJ rolling ball with shrinking (radius > 10) and the exact paraboloid
/// write their result over the image's own samples: no second image-sized buffer. A caller
/// that keeps the image gets a copy first (copy on write), as before.
/// - Throws: The errors of `background(of:options:)`.
public func subtractingBackground(
  from image: consuming GrayImage, options: BackgroundOptions
) throws -> GrayImage {
  try validate(image, options)
  let samples = takeSamples(&image)
  return GrayImage(
    width: image.width, height: image.height, maxValue: image.maxValue,
    samples: estimate(
      samples, image.width, image.height, options, subtract: options.output == .subtracted),
    metadata: image.metadata)
}

/// The samples of `image`, which is left with none: when the caller handed `image` over, the
/// returned array is then its buffer's only reference and can be written in place.
private func takeSamples(_ image: inout GrayImage) -> [Float] {
  let samples = image.samples
  image.samples = []
  return samples
}

/// The background of validated samples (`width × height`), or `samples − background` when
/// `subtract`. The fused ImageJ rolling ball and both exact methods write over the samples;
/// the other ImageJ-identical paths work on a copy (`imageJUnfused`).
private func estimate(
  _ samples: consuming [Float], _ width: Int, _ height: Int, _ options: BackgroundOptions,
  subtract: Bool
) -> [Float] {
  let radius = options.method.radius
  let smooth = options.smoothing == .mean3x3
  let light = options.lightBackground
  switch (options.algorithm, options.method) {
  case (.imagej, .rollingBall) where ImageJRollingBallFused.applies(radius: radius):
    return ImageJRollingBallFused.run(
      consume samples, width: width, height: height, radius: radius, negate: light,
      smooth: smooth, subtract: subtract)
  case (.imagej, _):
    return imageJUnfused(samples, width, height, options, subtract: subtract)
  case (.exact, .rollingBall):
    let plane = FloatPlane(width: width, height: height, samples: consume samples)
    return ExactBall.ball(
      consume plane, radius: radius, negate: light, smooth: smooth, subtract: subtract
    ).samples
  case (.exact, .slidingParaboloid):
    var out = consume samples
    ExactOpening.paraboloid(
      over: &out, width: width, height: height, radius: radius, negate: light,
      smooth: smooth, subtract: subtract)
    return out
  }
}

/// The ImageJ rolling ball without shrinking (radius ≤ 10) and the ImageJ sliding
/// paraboloid: on a (negated) copy of the samples, the result subtracted from them after.
private func imageJUnfused(
  _ samples: [Float], _ width: Int, _ height: Int, _ options: BackgroundOptions,
  subtract: Bool
) -> [Float] {
  let radius = options.method.radius
  let smooth = options.smoothing == .mean3x3
  var plane = FloatPlane(width: width, height: height, samples: samples)
  if options.lightBackground { plane.negate() }
  var result: FloatPlane
  switch options.method {
  case .rollingBall:
    // Smoothed in place (the same 3x3 mean of the same samples): the ball would otherwise
    // smooth a second full-size copy, one more image-sized plane at the memory peak.
    if smooth { ImageJSmoothing.mean3x3(&plane) }
    result = ImageJRollingBall.background(of: plane, radius: radius, smooth: false)
  case .slidingParaboloid:
    result = ImageJSlidingParaboloid.background(of: plane, radius: radius, smooth: smooth)
  }
  if options.lightBackground { result.negate() }
  guard subtract else { return result.samples }
  // Written over the background's own buffer (not a copy of the image's), in parallel.
  result.samples.withUnsafeMutableBufferPointer { o in
    samples.withUnsafeBufferPointer { f in
      guard let first = o.baseAddress, let input = f.baseAddress else { return }
      let bg = UncheckedSendable(first), source = UncheckedSendable(input)
      parallelChunks(o.count, minimumChunk: 1 << 18) { range in
        for i in range { bg.value[i] = source.value[i] - bg.value[i] }
      }
    }
  }
  return result.samples
}

private func validate(_ image: GrayImage, _ options: BackgroundOptions) throws {
  let r = options.method.radius
  guard r.isFinite, r > 0 else { throw BackgroundError.invalidRadius(r) }
  let limit = BackgroundOptions.maximumRadius(for: options.algorithm)
  guard r <= limit else { throw BackgroundError.radiusTooLarge(radius: r, limit: limit) }
  guard image.width > 0, image.height > 0 else {
    throw BackgroundError.emptyImage(width: image.width, height: image.height)
  }
  // Counted per chunk in parallel; the total and the lowest index do not depend on it.
  let chunks = 16
  var counts = [Int](repeating: 0, count: chunks), firsts = [Int](repeating: -1, count: chunks)
  image.samples.withUnsafeBufferPointer { p in
    counts.withUnsafeMutableBufferPointer { c in
      firsts.withUnsafeMutableBufferPointer { f in
        let samples = UncheckedSendable(p), cs = UncheckedSendable(c), fs = UncheckedSendable(f)
        parallelChunks(chunks, minimumChunk: 1) { parts in
          for part in parts {
            let n = samples.value.count
            for i in (n * part / chunks)..<(n * (part + 1) / chunks)
            where !samples.value[i].isFinite {
              if fs.value[part] < 0 { fs.value[part] = i }
              cs.value[part] += 1
            }
          }
        }
      }
    }
  }
  let count = counts.reduce(0, +)
  if count > 0 {
    let first = firsts.first { $0 >= 0 } ?? -1
    throw BackgroundError.nonFiniteSamples(count: count, firstIndex: first)
  }
}
