import Foundation

/// How exposure becomes stored pixel values in a synthetic blot.
public enum DetectorModel: Sendable, Equatable {
  /// A CCD/CMOS imager: the stored value is the count itself.
  case linear(LinearDetector)
  /// X-ray film developed and scanned: exposure → optical density → transmitted light.
  case film(FilmDetector)
}

/// A linear (CCD) detector:
///
/// ```
/// counts = clamp(round(E_total + √(gain·E_total)·n₁ + readNoise·n₂), 0, fullWell)
/// ```
/// with independent standard normal n₁, n₂ (the first term is the Gaussian approximation of
/// Poisson shot noise with `gain` counts² per count). Samples are stored on a 16-bit scale
/// (`maxValue` 65535) as counts, i.e. light bands on a dark background, the way the raw
/// data of a MinIsWhite chemiluminescence TIFF is stored. ``SyntheticBlotImage/asDecodedMinIsWhite``
/// gives what a decoder shows for such a file.
public struct LinearDetector: Sendable, Equatable {
  /// The clipping level in counts (≤ 65535): saturation.
  public var fullWell: Double
  /// Gaussian read noise, standard deviation in counts.
  public var readNoise: Double
  /// Shot-noise variance per count (1 for Poisson statistics in counts).
  public var gain: Double

  public init(fullWell: Double = 65535, readNoise: Double = 5, gain: Double = 1) {
    self.fullWell = fullWell
    self.readNoise = readNoise
    self.gain = gain
  }
}

/// Film with a characteristic (Hurter–Driffield) curve, scanned in transmission:
///
/// ```
/// D(E) = fog + (dMax − fog) · Eᵞ / (Eᵞ + E½ᵞ)          optical density (γ = contrast)
/// D'   = D + grain·n₁
/// scan = clamp(round(white · 10^(−D') + scanNoise·n₂), 0, white)
/// ```
/// The curve has a toe at low exposure (for γ > 1), a near-linear middle on a log-exposure
/// axis and a shoulder that approaches `dMax`. `white` is 255 (8-bit) or 65535 (16-bit).
///
/// With a `saturationExposure` Eₛ the shoulder ends: every developable grain is developed and
/// the density stays at `dMax` for E ≥ Eₛ (a knee; the curve is rescaled so that it is
/// continuous there):
///
/// ```
/// D(E) = fog + (dMax − fog) · F(min(E, Eₛ)) / F(Eₛ),   F(E) = Eᵞ / (Eᵞ + E½ᵞ)
/// ```
/// A band exposed beyond Eₛ then scans as a flat plateau at `white · 10^(−dMax)` (plus grain
/// and scanner noise): for dMax = 2 on an 8-bit scan, level 2.55, i.e. well above 0. Film
/// saturation is that plateau, not a clipped 0.
/// Dark bands on a light background. The ground truth is in the exposure domain, which a
/// densitometry can only recover proportionally after linearising the curve
/// (``SyntheticBlotImage/filmCalibration``).
///
/// References: Hurter, F. & Driffield, V. C. "Photo-chemical investigations and a new method
/// of determination of the sensitiveness of photographic plates." J. Soc. Chem. Ind. 9,
/// 455–469 (1890); the logistic form is a common model of the D–log E curve.
public struct FilmDetector: Sendable, Equatable {
  public var fog: Double
  public var dMax: Double
  public var contrast: Double
  /// Exposure at which D is halfway between fog and dMax.
  public var halfExposure: Double
  /// 8 or 16.
  public var bitDepth: Int
  /// Film grain: standard deviation of optical density.
  public var grain: Double
  /// Scanner noise: standard deviation in scan levels.
  public var scanNoise: Double
  /// Exposure from which the density stays at `dMax` (nil: the shoulder only approaches it).
  public var saturationExposure: Double?

  public init(
    fog: Double = 0.08, dMax: Double = 3.2, contrast: Double = 1, halfExposure: Double = 50_000,
    bitDepth: Int = 8, grain: Double = 0.003, scanNoise: Double = 0.3,
    saturationExposure: Double? = nil
  ) {
    self.saturationExposure = saturationExposure
    self.fog = fog
    self.dMax = dMax
    self.contrast = contrast
    self.halfExposure = halfExposure
    self.bitDepth = bitDepth
    self.grain = grain
    self.scanNoise = scanNoise
  }

  /// The scan's white level: 255 or 65535.
  public var white: Double { bitDepth <= 8 ? 255 : 65535 }

  /// Optical density for exposure `e` (no grain).
  public func density(exposure e: Double) -> Double {
    func f(_ e: Double) -> Double {
      let x = pow(max(e, 0) / halfExposure, contrast)
      return x / (1 + x)
    }
    guard let es = saturationExposure, es > 0 else { return fog + (dMax - fog) * f(e) }
    return fog + (dMax - fog) * min(f(min(e, es)) / f(es), 1)
  }

  /// The noise-free scan value of the saturated film (density `dMax`): the plateau level.
  public var plateauScanValue: Double { white * pow(10, -dMax) }

  /// True when the noise-free stored value of exposure `e` is that of the plateau (density
  /// `dMax`): the scan rounds to the same level, so no measurement can tell them apart. With
  /// a high `dMax` the plateau rounds to 0 and this is "the scan reaches 0".
  public func isAtPlateau(exposure e: Double) -> Bool {
    scanValue(exposure: e).rounded() <= plateauScanValue.rounded()
  }

  /// The noise-free scan value (before rounding) for exposure `e`.
  public func scanValue(exposure e: Double) -> Double { white * pow(10, -density(exposure: e)) }
}
