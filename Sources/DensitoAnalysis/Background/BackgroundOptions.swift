/// How to estimate the background of an image: the surface (ball or paraboloid), the
/// algorithm (ImageJ-identical or exact), the polarity and what to return.
///
/// ```swift
/// let options = BackgroundOptions(method: .rollingBall(radius: 50), lightBackground: true)
/// let corrected = try subtractingBackground(from: image, options: options)
/// ```
public struct BackgroundOptions: Sendable, Equatable {
  /// The structuring surface rolled (or slid) under the intensity landscape.
  public enum Method: Sendable, Equatable {
    /// A ball of `radius` pixels: its upper hemisphere, height `sqrt(r² − dx² − dy²)`.
    case rollingBall(radius: Double)
    /// A paraboloid whose curvature matches a ball of `radius` at its apex:
    /// height `−(dx² + dy²) / (2r)`.
    case slidingParaboloid(radius: Double)

    /// The radius in pixels.
    public var radius: Double {
      switch self {
      case .rollingBall(let radius), .slidingParaboloid(let radius): return radius
      }
    }
  }

  /// Which implementation computes the background.
  public enum Algorithm: Sendable, Equatable {
    /// The same result as ImageJ 1.53t's Process > Subtract Background on a 32-bit image
    /// (shrinking, trimmed ball, 3×3 pre-smoothing, directional paraboloid passes and
    /// corner correction included), within 0.01 gray levels. See Docs/background.md.
    case imagej
    /// The grayscale morphological opening of the image by the true ball or paraboloid,
    /// at full resolution. Never exceeds the (smoothed) image and is idempotent.
    case exact
  }

  /// What `background(of:options:)`'s caller wants back from `subtractingBackground`.
  public enum Output: Sendable, Equatable {
    /// The image minus its background (ImageJ's default).
    case subtracted
    /// The background itself (ImageJ's "Create background").
    case background
  }

  /// Whether to smooth before estimating the background.
  public enum Smoothing: Sendable, Equatable {
    /// No smoothing (ImageJ's "Disable smoothing").
    case disabled
    /// A 3×3 mean (ImageJ's default). The ImageJ-identical sliding paraboloid also takes a
    /// 3×3 maximum first, as ImageJ does.
    case mean3x3
  }

  /// The largest radius each algorithm accepts: 10 000 pixels for `.imagej` (its ball
  /// table is then 1 501 pixels wide after shrinking), 2 000 for `.exact` (a 4 001-pixel
  /// disc, and as wide a margin around the image). Larger radii throw
  /// `BackgroundError.radiusTooLarge`.
  public static func maximumRadius(for algorithm: Algorithm) -> Double {
    algorithm == .imagej ? 10_000 : 2_000
  }

  public var method: Method
  public var algorithm: Algorithm
  /// True for images whose background is brighter than the bands (dark bands on white).
  public var lightBackground: Bool
  public var smoothing: Smoothing
  public var output: Output

  /// Options for `method`. Defaults match ImageJ's dialog opened from a macro: dark
  /// background, subtracted output, ImageJ-identical algorithm. Smoothing, when not given,
  /// is `.mean3x3` for `.imagej` (as ImageJ) and `.disabled` for `.exact`.
  public init(
    method: Method,
    algorithm: Algorithm = .imagej,
    lightBackground: Bool = false,
    smoothing: Smoothing? = nil,
    output: Output = .subtracted
  ) {
    self.method = method
    self.algorithm = algorithm
    self.lightBackground = lightBackground
    self.smoothing = smoothing ?? (algorithm == .imagej ? .mean3x3 : .disabled)
    self.output = output
  }
}
