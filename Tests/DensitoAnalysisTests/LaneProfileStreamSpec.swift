import DensitoRaster
import Foundation
import Testing

@testable import DensitoAnalysis

/// `LaneProfileStream` (vertical lanes, raw values, fed one row at a time) gives what
/// `laneProfiles(of:rectangles:)` gives on the whole image: the same doubles bit for bit,
/// the same errors, for rectangles of any size and place, overlapping or not, on images
/// whose width makes the row groups short or long.
@Suite struct LaneProfileStreamSpec {
  /// Feeds `image` row by row.
  static func streamed(_ image: GrayImage, _ rectangles: [PixelRect]) throws(LaneProfileError)
    -> LaneProfileSet
  {
    var stream = try LaneProfileStream(
      width: image.width, height: image.height, rectangles: rectangles)
    image.samples.withUnsafeBufferPointer { all in
      for y in 0..<image.height {
        stream.add(row: y, UnsafeBufferPointer(rebasing: all[(y * image.width)..<((y + 1) * image.width)]))
      }
    }
    return try stream.finish()
  }

  /// Seeded rectangles inside a w × h image.
  static func rectangles(_ rng: inout SplitMix64, count: Int, w: Int, h: Int) -> [PixelRect] {
    (0..<count).map { _ in
      let rw = 1 + Int(rng.next() % UInt64(w))
      let rh = 1 + Int(rng.next() % UInt64(h))
      return PixelRect(
        x: Int(rng.next() % UInt64(w - rw + 1)), y: Int(rng.next() % UInt64(h - rh + 1)),
        width: rw, height: rh)
    }
  }

  // Widths from 3 (row groups of 21 844 rows) to 70 000 (groups of 4 rows, the minimum).
  @Test(arguments: [(3, 500), (257, 311), (1024, 90), (70_000, 9)], [false, true])
  func equalsTheWholeImageProfiles(_ size: (Int, Int), _ float: Bool) throws {
    let (w, h) = size
    var rng = SplitMix64(seed: UInt64(w * 31 + h))
    let image = LaneProfileSpec.image(width: w, height: h, seed: UInt64(w + h), float: float)
    for trial in 0..<4 {
      let rects = Self.rectangles(&rng, count: 1 + trial * 3, w: w, h: h)
      let whole = try laneProfiles(of: image, rectangles: rects)
      let streamed = try Self.streamed(image, rects)
      #expect(streamed == whole, "\(w)×\(h) trial \(trial) \(rects)")
    }
  }

  @Test func nonFiniteSamplesGiveTheWholeImageError() {
    var image = GrayImage(width: 20, height: 300, maxValue: 1, filledWith: 0.5)
    image.samples[7 * 20 + 4] = .nan  // lane 2 (x 2..<10) only
    image.samples[250 * 20 + 15] = .infinity  // lanes 1 and 3
    image.samples[260 * 20 + 4] = .nan
    let rects = [
      PixelRect(x: 12, y: 0, width: 8, height: 300), PixelRect(x: 2, y: 1, width: 8, height: 290),
      PixelRect(x: 0, y: 200, width: 20, height: 100),
    ]
    let expected = LaneProfileError.nonFiniteSamples(index: 0, position: 250, count: 1)
    #expect(throws: expected) { try laneProfiles(of: image, rectangles: rects) }
    #expect(throws: expected) { try Self.streamed(image, rects) }
  }

  @Test func rectanglesAreCheckedAsTheWholeImagePathChecksThem() {
    let ok = PixelRect(x: 0, y: 0, width: 20, height: 10)
    let outside = PixelRect(x: 16, y: 0, width: 5, height: 5)
    #expect(
      throws: LaneProfileError.rectangleOutsideImage(
        index: 1, rectangle: outside, width: 20, height: 10)
    ) { try LaneProfileStream(width: 20, height: 10, rectangles: [ok, outside]) }
    #expect(throws: LaneProfileError.noLanes) {
      try LaneProfileStream(width: 20, height: 10, rectangles: [])
    }
  }
}
