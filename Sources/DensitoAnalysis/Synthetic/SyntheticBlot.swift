/// The specification of a synthetic western blot: everything needed to render an image and
/// its exact ground truth (see ``SyntheticBlot/render()``).
///
/// Geometry is given in *blot coordinates* (u, v): columns and rows of the unrotated blot, in
/// pixels, origin top-left, with pixel centres at integer positions. The image is the blot
/// rotated by ``rotationDegrees`` about the image centre.
///
/// Signal is an *exposure*: photons (linear detector) or light dose (film) per pixel, in
/// arbitrary but linear units. A band's exposure is
///
/// ```
/// E(u, v) = A · g(v − yb − smile(u); σ) · h(u)
/// g(t; σ) = exp(−t² / 2σ²)                                    (vertical Gaussian)
/// h(u)    = ½ [erf((u − x0)/(s√2)) − erf((u − x1)/(s√2))]     (flat top, soft edges)
/// smile(u) = smile · ((u − W/2) / (W/2))²
/// ```
///
/// with lane edges x0, x1 = centre ∓ width/2 and edge softness s. Since ∫h du = x1 − x0 and
/// ∫g dv = σ√(2π), the nominal volume is `amount = A · σ√(2π) · width`.
public struct SyntheticBlot: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var lanes: [SyntheticLane]
  public var background: SyntheticBackground
  public var detector: DetectorModel
  /// Rotation of the blot in the image, in degrees, about the image centre
  /// c = ((W−1)/2, (H−1)/2): blot point (u, v) appears at image point
  /// `c + R(θ)·((u, v) − c)` with `R = [[cos θ, −sin θ], [sin θ, cos θ]]`. Rows grow
  /// downwards, so a positive angle turns the blot clockwise on screen and the bottom of a
  /// vertical lane moves left.
  public var rotationDegrees: Double
  /// Vertical offset in pixels of bands at the blot's left and right edges relative to its
  /// centre (positive: edge bands lower, the centre runs ahead as in a "frown"; negative:
  /// a "smile"). The offset grows with the square of the distance from the centre.
  public var smile: Double
  /// Standard deviation in pixels of the soft lane edges (the erf edge of `h(u)`).
  public var edgeSoftness: Double
  /// Small bright specks added to the exposure (hot pixels, dust on the membrane).
  public var dust: [DustSpeck]
  /// Seed of the noise stream.
  public var seed: UInt64

  public init(
    width: Int, height: Int, lanes: [SyntheticLane],
    background: SyntheticBackground = SyntheticBackground(level: 1000),
    detector: DetectorModel = .linear(LinearDetector()), rotationDegrees: Double = 0,
    smile: Double = 0, edgeSoftness: Double = 1.5, dust: [DustSpeck] = [], seed: UInt64 = 1
  ) {
    self.width = width
    self.height = height
    self.lanes = lanes
    self.background = background
    self.detector = detector
    self.rotationDegrees = rotationDegrees
    self.smile = smile
    self.edgeSoftness = edgeSoftness
    self.dust = dust
    self.seed = seed
  }
}

/// One lane of a synthetic blot.
public struct SyntheticLane: Sendable, Equatable {
  /// Centre column in blot coordinates.
  public var centerX: Double
  /// Lane width in pixels (between the 50 % points of the soft edges).
  public var width: Double
  /// Bands, any order; an empty array makes an empty lane.
  public var bands: [SyntheticBand]

  public init(centerX: Double, width: Double, bands: [SyntheticBand]) {
    self.centerX = centerX
    self.width = width
    self.bands = bands
  }
}

/// One band of a synthetic lane.
public struct SyntheticBand: Sendable, Equatable {
  /// Centre row in blot coordinates (before smile and rotation).
  public var y: Double
  /// Nominal volume: exposure units × pixels, `A · σ√(2π) · laneWidth`.
  public var amount: Double
  /// Vertical standard deviation in pixels.
  public var sigma: Double

  public init(y: Double, amount: Double, sigma: Double) {
    self.y = y
    self.amount = amount
    self.sigma = sigma
  }
}

/// A smooth background exposure:
///
/// ```
/// B(u, v) = level · (1 + gradientX·(u/W − ½) + gradientY·(v/H − ½) + bowl·r²)
/// r² = ((u/W − ½)² + (v/H − ½)²) · 4      (0 at the centre, 2 at the corners)
/// ```
/// clamped at zero.
public struct SyntheticBackground: Sendable, Equatable {
  public var level: Double
  /// Relative change from the left edge to the right edge.
  public var gradientX: Double
  /// Relative change from the top edge to the bottom edge.
  public var gradientY: Double
  /// Relative change from the centre to a side's midpoint (vignetting when negative).
  public var bowl: Double

  public init(level: Double, gradientX: Double = 0, gradientY: Double = 0, bowl: Double = 0) {
    self.level = level
    self.gradientX = gradientX
    self.gradientY = gradientY
    self.bowl = bowl
  }

  /// The background exposure at blot position (`u`, `v`) of a `width`×`height` blot.
  public func value(u: Double, v: Double, width: Int, height: Int) -> Double {
    let a = u / Double(max(width, 1)) - 0.5
    let b = v / Double(max(height, 1)) - 0.5
    let r2 = 4 * (a * a + b * b)
    return max(0, level * (1 + gradientX * a + gradientY * b + bowl * r2))
  }
}

/// A Gaussian speck of exposure: `amount · exp(−r²/2·radius²)` around (x, y) in blot
/// coordinates. Specks are not bands: they count in no band's true volume.
public struct DustSpeck: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var radius: Double
  public var peak: Double

  public init(x: Double, y: Double, radius: Double, peak: Double) {
    self.x = x
    self.y = y
    self.radius = radius
    self.peak = peak
  }
}
