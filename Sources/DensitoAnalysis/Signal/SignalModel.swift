/// How stored brightness becomes *signal* (larger = more protein).
///
/// With v the stored sample and M the image's `maxValue`:
///
/// ```
/// invertedBrightness   S = M − v                 (ImageJ's default for dark bands)
/// brightness           S = v                     (light bands: counts, fluorescence)
/// opticalDensity       S = log10(I₀ / max(v, f))  f = ½ level (integer data)
/// calibratedOD(t)      S = t(v)                   monotone interpolation of a step tablet
/// ```
/// The background is removed later, per lane (see ``LaneBaseline``), so a constant offset in
/// S never reaches a volume. For optical density, I₀ = white or a fixed level only adds a
/// constant log10(I₀) and gives the same volumes after background subtraction: OD relative
/// to the local background is what the baseline subtraction computes.
public enum SignalModel: Sendable, Equatable {
  case invertedBrightness
  case brightness
  case opticalDensity(reference: ODReference)
  case calibratedOD(StepTablet)

  /// A short name for reports.
  public var name: String {
    switch self {
    case .invertedBrightness: return "inverted-brightness"
    case .brightness: return "brightness"
    case .opticalDensity: return "optical-density"
    case .calibratedOD: return "calibrated"
    }
  }
}

/// The incident light level I₀ of optical density.
public enum ODReference: Sendable, Equatable {
  /// I₀ = the image's `maxValue` (a white scan).
  case white
  /// I₀ = a given level (e.g. the measured clear-film level).
  case level(Double)
}
