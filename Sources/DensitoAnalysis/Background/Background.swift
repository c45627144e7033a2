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
public func background(of image: GrayImage, options: BackgroundOptions) throws -> GrayImage {
  try validate(image, options)
  var plane = FloatPlane(width: image.width, height: image.height, samples: image.samples)
  if options.lightBackground { plane.negate() }
  var result: FloatPlane
  let radius = options.method.radius
  let smooth = options.smoothing == .mean3x3
  switch (options.algorithm, options.method) {
  case (.imagej, .rollingBall):
    // Smoothed in place (the same 3x3 mean of the same samples): the ball would otherwise
    // smooth a second full-size copy, one more image-sized plane at the memory peak.
    if smooth { ImageJSmoothing.mean3x3(&plane) }
    result = ImageJRollingBall.background(of: plane, radius: radius, smooth: false)
  case (.imagej, .slidingParaboloid):
    result = ImageJSlidingParaboloid.background(of: plane, radius: radius, smooth: smooth)
  case (.exact, .rollingBall):
    if smooth { ImageJSmoothing.mean3x3(&plane) }
    result = ExactBall.ball(plane, radius: radius)
  case (.exact, .slidingParaboloid):
    if smooth { ImageJSmoothing.mean3x3(&plane) }
    result = ExactOpening.paraboloid(plane, radius: radius)
  }
  if options.lightBackground { result.negate() }
  return GrayImage(
    width: image.width, height: image.height, maxValue: image.maxValue,
    samples: result.samples, metadata: image.metadata)
}

/// The image minus its background (or the background itself when `options.output` is
/// `.background`), as ImageJ's "Subtract Background" gives on a 32-bit image:
/// `image − background`, Float, no offset, rounding or clamping (negative values stay).
/// - Throws: The errors of `background(of:options:)`.
public func subtractingBackground(
  from image: GrayImage, options: BackgroundOptions
) throws -> GrayImage {
  var out = try background(of: image, options: options)
  if options.output == .background { return out }
  // Written over the background's own buffer (not a copy of the image's), in parallel.
  out.samples.withUnsafeMutableBufferPointer { o in
    image.samples.withUnsafeBufferPointer { f in
      guard let first = o.baseAddress, let input = f.baseAddress else { return }
      let bg = UncheckedSendable(first), source = UncheckedSendable(input)
      parallelChunks(o.count, minimumChunk: 1 << 18) { range in
        for i in range { bg.value[i] = source.value[i] - bg.value[i] }
      }
    }
  }
  return out
}

private func validate(_ image: GrayImage, _ options: BackgroundOptions) throws {
  let r = options.method.radius
  guard r.isFinite, r > 0 else { throw BackgroundError.invalidRadius(r) }
  let limit = BackgroundOptions.maximumRadius(for: options.algorithm)
  guard r <= limit else { throw BackgroundError.radiusTooLarge(radius: r, limit: limit) }
  guard image.width > 0, image.height > 0 else {
    throw BackgroundError.emptyImage(width: image.width, height: image.height)
  }
  var count = 0
  var first = -1
  image.samples.withUnsafeBufferPointer { p in
    for i in p.indices where !p[i].isFinite {
      if first < 0 { first = i }
      count += 1
    }
  }
  if count > 0 { throw BackgroundError.nonFiniteSamples(count: count, firstIndex: first) }
}
