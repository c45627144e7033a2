/// Which way bands differ from the background in the *stored brightness* of an image.
public enum Polarity: String, Sendable, Equatable, Codable, CaseIterable {
  /// Dark bands on a light background: film, flatbed scans, chemiluminescence shown as a
  /// viewer shows it (MinIsWhite data after the decoder's inversion).
  case darkBands = "dark-bands"
  /// Light bands on a dark background: fluorescence, DNA gels, raw detector counts.
  case lightBands = "light-bands"
}

/// How the polarity was decided, with the numbers behind it.
///
/// Automatic rule: in a blot most pixels are background, so the median is a background
/// level; bands form a one-sided tail of the histogram. With q₁ and q₉₉ the 1st and 99th
/// percentiles,
///
/// ```
/// darkTail  = median − q₁        lightTail = q₉₉ − median
/// darkBands  if darkTail > lightTail, else lightBands
/// ```
/// `ratio` = larger tail / smaller tail; a ratio below 1.5 is reported as a weak decision.
public struct PolarityDecision: Sendable, Equatable {
  public var polarity: Polarity
  /// False when the caller fixed the polarity.
  public var automatic: Bool
  public var median: Double
  public var lowPercentile: Double
  public var highPercentile: Double
  public var darkTail: Double { median - lowPercentile }
  public var lightTail: Double { highPercentile - median }
  /// Larger tail over smaller tail (∞ when the smaller is 0).
  public var ratio: Double {
    let lo = min(darkTail, lightTail)
    let hi = max(darkTail, lightTail)
    return lo > 0 ? hi / lo : (hi > 0 ? .infinity : 1)
  }
  /// One sentence for reports.
  public var reason: String {
    let how = automatic ? "automatic" : "given"
    return "\(polarity.rawValue) (\(how)): median \(fmt(median)), 1st percentile "
      + "\(fmt(lowPercentile)), 99th percentile \(fmt(highPercentile)); dark tail "
      + "\(fmt(darkTail)) vs light tail \(fmt(lightTail))"
  }
}

func fmt(_ v: Double) -> String {
  if !v.isFinite { return v > 0 ? "inf" : (v < 0 ? "-inf" : "nan") }
  let r = (v * 1000).rounded() / 1000
  return r == r.rounded() ? String(Int(r)) : String(r)
}
