import DensitoRaster
import Foundation

/// The profile of each lane rectangle: the mean across the lane of every line along it.
///
/// Reads the decoded image directly and touches only the rectangles: no whole-image copy
/// or conversion. For ``ProfileSignal/model(_:)`` each block of a rectangle is converted with
/// the same code as ``analyzeBlot(_:options:)`` (`SignalConversion`), so the values are the
/// same numbers, bit for bit, as ``Lane/profile`` of a lane with the same columns and rows
/// (explicit lanes are followed straight down, with no tilt).
///
/// ```
/// vertical     P[j] = (1 / width)  · Σ_{i = x ..< x+width}  S(i, y + j)
/// horizontal   P[j] = (1 / height) · Σ_{k = y ..< y+height} S(x + j, k)
/// ```
/// Each sum is accumulated in `Double`, one pixel at a time in increasing coordinate, and then
/// divided once, as Densito's lane sampler does. ImageJ 1.53t's rectangle profile gives the
/// same doubles, bit for bit, on 8-bit, 16-bit and 32-bit float fixtures (738 values,
/// `LaneProfileImageJTests`); for integer samples every partial sum is an integer below 2⁵³,
/// so the sums are exact and the means are the correctly rounded quotients in any tool that
/// sums in `Double`, whatever its order. ImageJ leaves NaN pixels out of a line's mean (seen
/// with a macro); Densito refuses them instead (below), as ``analyzeBlot(_:options:)`` does.
///
/// The work is split into blocks of about 64 K pixels (lane × rows for vertical lanes, lane
/// × columns for horizontal ones) that run on all cores; every value is computed by one
/// block in a fixed order, so results do not depend on the number of threads. Vertical
/// lanes sum four rows at a time in four independent chains (the order within each row is
/// kept, so the reduction cannot be reassociated into SIMD lanes, but the chains hide the
/// add latency); horizontal lanes add whole rows into a vector of column sums, a loop the
/// compiler vectorises.
///
/// - Parameters:
///   - image: The decoded image (samples as stored, see ``ProfileSignal/raw``).
///   - rectangles: The lanes, in image pixels; any order, overlaps allowed.
///   - orientation: ``LaneOrientation/vertical`` (default): one value per row, the mean over
///     the rectangle's width; ``LaneOrientation/horizontal``: one value per column, the mean
///     over its height.
///   - signal: What is averaged (default: the stored samples, as ImageJ).
/// - Returns: One ``LaneProfile`` per rectangle, in the order given.
/// - Throws: ``LaneProfileError/noLanes``;
///   ``LaneProfileError/rectangleOutsideImage(index:rectangle:width:height:)`` for an empty
///   rectangle or one not entirely inside the image;
///   ``LaneProfileError/nonFiniteSamples(index:position:count:)`` when a line of a lane holds
///   NaN or infinite values.
/// - Complexity: O(pixels in the rectangles); memory O(length of the profiles) for stored
///   samples, plus one converted block (about 512 KB) per thread for a signal model.
///
/// References: ImageJ 1.53t user guide, Analyze › Plot Profile ("for rectangular selections,
/// displays a column average plot"; alt key or Edit › Options › Plots › Vertical profile for
/// the row average); Analyze › Gels, which plots the same profile for each lane.
public func laneProfiles(
  of image: GrayImage, rectangles: [PixelRect], orientation: LaneOrientation = .vertical,
  signal: ProfileSignal = .raw
) throws(LaneProfileError) -> LaneProfileSet {
  guard !rectangles.isEmpty else { throw .noLanes }
  for (i, r) in rectangles.enumerated() {
    guard r.width > 0, r.height > 0, r.x >= 0, r.y >= 0, r.x <= image.width - r.width,
      r.y <= image.height - r.height
    else {
      throw .rectangleOutsideImage(index: i, rectangle: r, width: image.width, height: image.height)
    }
  }
  let conversion = ProfileConversion(signal, image: image)
  let run = ProfileRun(
    image: image, rectangles: rectangles, orientation: orientation, signal: signal,
    conversion: conversion)
  return try run.compute()
}

/// The signal conversion of a profile run: nil for samples used as stored (brightness is the
/// stored value: `SignalConversion` copies it unchanged).
struct ProfileConversion: Sendable {
  let model: SignalModel
  let maxValue: Float
  let bitDepth: Int
  let isFloat: Bool

  init?(_ signal: ProfileSignal, image: GrayImage) {
    guard case .model(let model) = signal, model != .brightness else { return nil }
    self.model = model
    maxValue = image.maxValue
    bitDepth = image.metadata.bitDepth
    isFloat = image.metadata.sampleFormat == .floatingPoint
  }

  /// `values` (rows × columns, row-major) as signal, and whether the conversion warned.
  func convert(_ values: [Float], columns: Int, rows: Int) -> (Plane, [String]) {
    SignalConversion.convert(
      Plane(width: columns, height: rows, values: values), model: model, maxValue: maxValue,
      bitDepth: bitDepth, isFloat: isFloat)
  }
}
