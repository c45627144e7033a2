/// Why a background could not be estimated. Each case carries the offending value.
public enum BackgroundError: Error, Equatable, CustomStringConvertible {
  /// The radius is zero, negative, NaN or infinite.
  case invalidRadius(Double)
  /// The image holds NaN or infinite samples; `count` of them, the first at `index`
  /// (row-major).
  case nonFiniteSamples(count: Int, firstIndex: Int)
  /// The radius is larger than this algorithm accepts (`limit`): the structuring element
  /// and the margin around the image grow with the radius (see `BackgroundOptions.maximumRadius`).
  case radiusTooLarge(radius: Double, limit: Double)
  /// The image has no pixels.
  case emptyImage(width: Int, height: Int)

  public var description: String {
    switch self {
    case .invalidRadius(let r):
      return "background radius must be a finite number > 0, got \(r)"
    case .nonFiniteSamples(let count, let first):
      return "image has \(count) NaN or infinite samples (first at index \(first));"
        + " background estimation needs finite samples"
    case .radiusTooLarge(let r, let limit):
      return "background radius \(r) is larger than the supported \(limit) pixels"
    case .emptyImage(let w, let h):
      return "cannot estimate the background of an empty \(w)x\(h) image"
    }
  }
}
