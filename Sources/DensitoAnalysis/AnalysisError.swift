/// Why an analysis could not be done. Every case carries the evidence.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The image (after cropping and border trimming) has no pixels.
  case emptyImage(width: Int, height: Int)
  /// Every pixel has the same value: there is nothing to measure.
  case blankImage(value: Float)
  /// Samples that are NaN or infinite.
  case nonFiniteSamples(count: Int)
  /// The crop rectangle is not inside the image.
  case cropOutsideImage(crop: PixelRect, width: Int, height: Int)
  /// An explicit lane region is empty or not inside the (cropped) image.
  case laneRegionOutsideImage(index: Int, region: LaneRegion, width: Int, height: Int)
  /// Automatic lane finding found nothing; `reason` gives the measured levels.
  case noLanesFound(reason: String)
  /// `LaneSpec.count` below 1 or above the image width.
  case invalidLaneCount(Int)
  /// The step tablet cannot define a monotone calibration.
  case invalidStepTablet(reason: String)
  /// The ladder lane index does not name a lane.
  case ladderLaneOutOfRange(index: Int, laneCount: Int)
  /// Fewer ladder bands were detected than kDa values were given.
  case ladderBandsMissing(expected: Int, found: Int)
  /// An option outside its documented range.
  case invalidOption(name: String, reason: String)

  public var description: String {
    switch self {
    case .emptyImage(let w, let h): return "image has no pixels (\(w)×\(h))"
    case .blankImage(let v): return "image is blank: every pixel is \(v)"
    case .nonFiniteSamples(let n): return "image has \(n) NaN or infinite samples"
    case .cropOutsideImage(let c, let w, let h):
      return "crop x=\(c.x) y=\(c.y) \(c.width)×\(c.height) is not inside the \(w)×\(h) image"
    case .laneRegionOutsideImage(let i, let r, let w, let h):
      return "lane \(i + 1) region x \(r.x0)..<\(r.x1), y \(r.y0.map(String.init) ?? "top")"
        + "..<\(r.y1.map(String.init) ?? "bottom") is empty or not inside the \(w)×\(h) image"
    case .noLanesFound(let reason): return "no lanes found: \(reason)"
    case .invalidLaneCount(let n): return "lane count \(n) is not possible for this image"
    case .invalidStepTablet(let reason): return "invalid step tablet: \(reason)"
    case .ladderLaneOutOfRange(let i, let n):
      return "ladder lane \(i + 1) does not exist (\(n) lanes)"
    case .ladderBandsMissing(let e, let f):
      return "ladder: \(e) kDa values given but only \(f) bands detected in the ladder lane"
    case .invalidOption(let name, let reason): return "option \(name): \(reason)"
    }
  }
}

/// A rectangle of pixels: columns x..<x+width, rows y..<y+height.
public struct PixelRect: Sendable, Equatable, Codable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }
}
