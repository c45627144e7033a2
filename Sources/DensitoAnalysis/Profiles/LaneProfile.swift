import Foundation

/// Which values a lane profile averages.
public enum ProfileSignal: Sendable, Equatable {
  /// The decoded samples as stored (``DensitoRaster/GrayImage/samples``): the values ImageJ's
  /// `getProfile()` and Analyze › Plot Profile give on the image as opened.
  case raw
  /// A Densito signal (``SignalModel``), converted pixel by pixel exactly as
  /// ``analyzeBlot(_:options:)`` converts the image, so the profile equals
  /// ``Lane/profile`` for the same lane columns and rows.
  case model(SignalModel)

  /// A short name for reports: `raw`, or the model's ``SignalModel/name``.
  public var name: String {
    switch self {
    case .raw: return "raw"
    case .model(let m): return m.name
    }
  }
}

/// One lane's profile: the mean across the lane of each line along it.
///
/// For a vertical lane (rectangle x, y, width, height) there is one value per row
/// y ..< y + height; for a horizontal lane, one per column x ..< x + width:
///
/// ```
/// vertical     P[j] = (1 / width)  · Σ_{i = x ..< x+width}  S(i, y + j)
/// horizontal   P[j] = (1 / height) · Σ_{k = y ..< y+height} S(x + j, k)
/// ```
/// with S the chosen ``ProfileSignal``. This is ImageJ's rectangle profile: the "row average"
/// profile that Analyze › Plot Profile draws with the alt key held (or with "vertical profile"
/// set) for a vertical lane, and its default "column average" profile for a horizontal one.
public struct LaneProfile: Sendable, Equatable {
  /// The lane's rectangle in image pixels.
  public var rectangle: PixelRect
  /// Which way the lane runs: the profile follows it.
  public var orientation: LaneOrientation
  /// One mean per row (vertical) or column (horizontal), in signal units.
  public var values: [Double]

  public init(rectangle: PixelRect, orientation: LaneOrientation, values: [Double]) {
    self.rectangle = rectangle
    self.orientation = orientation
    self.values = values
  }

  /// The image coordinate of `values[0]`: the rectangle's first row (vertical lane) or
  /// first column (horizontal lane).
  public var start: Int { orientation == .vertical ? rectangle.y : rectangle.x }

  /// How many pixels each value averages: the rectangle's width (vertical lane) or height
  /// (horizontal lane).
  public var breadth: Int { orientation == .vertical ? rectangle.width : rectangle.height }

  /// The area under the profile, Σ values in order (signal units × pixels along the lane):
  /// what ImageJ reports for a profile with no baseline. Times ``breadth`` it is the
  /// integrated density of the rectangle.
  public var area: Double {
    var s = 0.0
    for v in values { s += v }
    return s
  }
}

/// The profiles of a set of lanes, in the order the rectangles were given.
public struct LaneProfileSet: Sendable, Equatable {
  public var lanes: [LaneProfile]
  public var signal: ProfileSignal
  /// Notes from the signal conversion (clamped optical densities, extrapolated calibration),
  /// one per lane concerned, prefixed with the lane number (1-based).
  public var warnings: [String]

  public init(lanes: [LaneProfile], signal: ProfileSignal, warnings: [String]) {
    self.lanes = lanes
    self.signal = signal
    self.warnings = warnings
  }
}
