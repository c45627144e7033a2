/// Why lane profiles could not be computed. Every case carries the evidence.
public enum LaneProfileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No rectangles were given.
  case noLanes
  /// Lane `index` (zero-based) has no pixels or is not entirely inside the image.
  case rectangleOutsideImage(index: Int, rectangle: PixelRect, width: Int, height: Int)
  /// Lane `index` has `count` NaN or infinite values on the line at image coordinate
  /// `position` (a row for a vertical lane, a column for a horizontal one), the first such
  /// line along the lane.
  case nonFiniteSamples(index: Int, position: Int, count: Int)

  public var description: String {
    switch self {
    case .noLanes:
      return "no lane rectangles given"
    case .rectangleOutsideImage(let i, let r, let w, let h):
      return "lane \(i + 1) rectangle x=\(r.x) y=\(r.y) \(r.width)×\(r.height) "
        + (r.width <= 0 || r.height <= 0 ? "has no pixels" : "is not inside the \(w)×\(h) image")
    case .nonFiniteSamples(let i, let p, let n):
      return "lane \(i + 1) has \(n) NaN or infinite values on line \(p)"
    }
  }
}
