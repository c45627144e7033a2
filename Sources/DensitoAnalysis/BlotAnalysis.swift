/// The result of ``analyzeBlot(_:options:)``. Coordinates are in the original image's pixels
/// (column x, row y, pixel centres at integers).
public struct BlotAnalysis: Sendable, Equatable {
  public var polarity: PolarityDecision
  public var signal: SignalModel
  /// Why this signal model (given, or the automatic rule that chose it).
  public var signalReason: String
  /// The analysed rectangle after cropping and border trimming.
  public var region: PixelRect
  /// Which way the lanes run. For horizontal lanes, lane and band coordinates are those of
  /// the transposed image (x = image row, y = image column): see ``imageRect(of:)``.
  public var orientation = OrientationDecision(
    orientation: .vertical, automatic: false, gradientRatio: nil)
  /// Left to right (top to bottom for horizontal lanes).
  public var lanes: [Lane]
  /// Lane tilt in degrees: a lane's column moves by tan(skew) per row downwards, i.e. a
  /// positive angle means lane bottoms lie to the left (the blot is turned clockwise).
  public var skewDegrees: Double
  /// Vertical offset (pixels) of a band row at the lanes' outer edges relative to the centre,
  /// from a quadratic fit of one band row followed across lanes (``bandRow``); positive when edge lanes run behind
  /// (bands lower at the edges). Nil with fewer than 3 lanes sharing a band row.
  public var smile: Double?
  /// The band row the smile was measured on and its fitted curve (nil when `smile` is).
  public var bandRow: BandRowFit? = nil
  /// The ladder calibration, when a ladder was given.
  public var ladder: LadderFit?
  public var warnings: [String]
  /// The warnings that say how the region and the lanes were found (border trim, the lane
  /// finder's notes, the orientation): the ones that matter to a caller who uses the lanes
  /// without their bands (`densito profiles --lanes N`). Each is also in ``warnings``.
  public var laneNotes: [String] = []

  /// All bands, lane by lane.
  public var bands: [Band] { lanes.flatMap(\.bands) }
}

/// One lane and its profile.
public struct Lane: Sendable, Equatable {
  /// Zero-based, left to right.
  public var index: Int
  /// Centre column and full width at half maximum of the lane in the column profile, on the
  /// region's middle row.
  public var centerX: Double
  public var width: Double
  /// Integration columns x0..<x1 on the middle row (the lane follows ``BlotAnalysis/skewDegrees``
  /// along its length): the lane width plus its soft edges, never past the midpoint to a
  /// neighbour.
  public var x0: Int
  public var x1: Int
  /// Rows y0..<y1 covered by `profile`.
  public var y0: Int
  public var y1: Int
  /// True when no band was detected.
  public var isEmpty: Bool { bands.isEmpty }
  /// True when the lane was not seen but inferred from regular spacing (or given).
  public var inferred: Bool
  /// Mean signal across the integration columns, one value per row y0..<y1.
  public var profile: [Double]
  /// The background under `profile`, same length.
  public var baseline: [Double]
  /// Noise standard deviation of the profile (signal units), from second differences.
  public var noise: Double
  /// Top to bottom.
  public var bands: [Band]

  /// The band with the largest volume whose centre lies in `rows`, or nil.
  public func strongestBand(inRows rows: ClosedRange<Double>) -> Band? {
    bands.filter { rows.contains($0.y) }.max { $0.volume < $1.volume }
  }
}

/// One band and its volume.
///
/// ```
/// volume     = Σ_{rows top...bottom} (profile − baseline) · columns
/// background = Σ_{rows top...bottom} baseline · columns
/// ```
/// i.e. the integrated density of the band's rectangle minus its background, in signal
/// units × pixels (ImageJ's gel-plot area times the lane width).
public struct Band: Sendable, Equatable {
  public var index: Int
  public var laneIndex: Int
  /// Centre row (profile maximum, refined by a parabola through its neighbours).
  public var y: Double
  /// First and last row of the integration window (inclusive).
  public var top: Int
  public var bottom: Int
  public var volume: Double
  public var background: Double
  /// Pixels in the band's rectangle: rows × lane columns.
  public var area: Int
  /// Profile maximum above the baseline (signal units).
  public var peakHeight: Double
  /// Estimated Gaussian σ of the band (rows), from its half width at half maximum.
  public var sigma: Double
  /// Stored samples in the band's rectangle at the detector limit, or on the response's
  /// plateau when that is larger (``SaturationReason``).
  public var saturatedPixels: Int
  public var saturatedFraction: Double
  /// `saturatedFraction` above the threshold (or a member of a fitted group of overlapping
  /// bands one of which is): the volume is unreliable (a lower bound when the band itself is
  /// clipped).
  public var saturated: Bool
  /// Apparent molecular weight from the ladder.
  public var kDa: Double?
  /// For overlapping bands split by a Gaussian fit: the fit's coefficient of determination.
  public var fitQuality: Double?
  /// Bands fitted together (overlapping windows) share a group number within their lane;
  /// nil for a band measured alone.
  public var group: Int?
  /// True when `saturated` comes from another member of the group, not from this band's
  /// own pixels.
  public var saturationInherited: Bool {
    saturated && saturatedFraction <= saturationThresholdUsed
  }
  /// The threshold `saturated` was decided with.
  public var saturationThresholdUsed: Double
  /// Why `saturated` is set (for an inherited flag: the saturated group member's reason);
  /// nil when it is not. `saturatedPixels` counts the pixels of that kind.
  public var saturationReason: SaturationReason? = nil
}
