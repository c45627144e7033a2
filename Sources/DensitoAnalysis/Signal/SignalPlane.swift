import DensitoRaster
import Foundation

/// A rectangle of values, row-major. Internal working type of the analysis.
struct Plane: Sendable {
  var width: Int
  var height: Int
  var values: [Float]
}

/// Which signal model was used and why (the automatic rule, in order):
///
/// 1. data inverted from MinIsWhite → inverted brightness: the decoder's `max − v` turned
///    detector counts into brightness, so `max − v` gives the counts back exactly;
/// 2. light bands → brightness: light-on-dark images (fluorescence, stained DNA, raw counts)
///    are proportional to signal;
/// 3. dark bands with ≥ 16 bits or float samples → inverted brightness: a linear imager's
///    export (ImageJ's default);
/// 4. dark bands with 8-bit samples → optical density: most 8-bit dark-on-light blots are
///    film or flatbed scans, whose transmission is 10^−OD; OD is additive in the absorber.
public struct SignalChoice: Sendable, Equatable {
  public var model: SignalModel
  public var reason: String

  static func choose(
    given: SignalModel?, polarity: Polarity, metadata: ImageMetadata
  ) -> SignalChoice {
    if let given { return SignalChoice(model: given, reason: "given") }
    if metadata.invertedFromMinIsWhite {
      return SignalChoice(
        model: .invertedBrightness,
        reason: "MinIsWhite data: inverted brightness restores the detector's linear counts")
    }
    if polarity == .lightBands {
      return SignalChoice(
        model: .brightness, reason: "light bands: brightness is proportional to the signal")
    }
    if metadata.bitDepth >= 16 || metadata.sampleFormat == .floatingPoint {
      return SignalChoice(
        model: .invertedBrightness,
        reason: "dark bands in \(metadata.bitDepth)-bit data: a linear imager's export, "
          + "inverted brightness (ImageJ's default)")
    }
    return SignalChoice(
      model: .opticalDensity(reference: .white),
      reason: "dark bands in \(metadata.bitDepth)-bit data: treated as a film or flatbed scan, "
        + "optical density log10(white/v)")
  }
}

enum SignalConversion {
  /// Converts stored values to signal. Returns the signal plane and warnings.
  static func convert(_ raw: Plane, model: SignalModel, maxValue: Float, bitDepth: Int,
                      isFloat: Bool) -> (Plane, [String]) {
    var out = [Float](repeating: 0, count: raw.values.count)
    var warnings: [String] = []
    let m = maxValue
    switch model {
    case .invertedBrightness:
      raw.values.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
          for i in 0..<src.count { dst[i] = m - src[i] }
        }
      }
    case .brightness:
      out = raw.values
    case .opticalDensity(let reference):
      let i0: Double
      switch reference {
      case .white: i0 = Double(m)
      case .level(let level): i0 = level
      }
      // Half the smallest step of integer data; for float data 1e-6 of the scale.
      let floor: Float = isFloat ? max(m * 1e-6, .leastNormalMagnitude) : 0.5
      let logI0 = Float(log10(max(i0, Double(floor))))
      var clamped = 0
      raw.values.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
          for i in 0..<src.count {
            var v = src[i]
            if v < floor {
              v = floor
              clamped += 1
            }
            dst[i] = logI0 - log10f(v)
          }
        }
      }
      if clamped > 0 {
        warnings.append(
          "optical density: \(clamped) pixels at or below \(floor) were clamped to \(floor) "
            + "(OD \(fmt(Double(logI0 - log10f(floor))))); they are saturated")
      }
    case .calibratedOD(let tablet):
      var extrapolated = 0
      let integerScale = !isFloat && m <= 65535 && m >= 1
      if integerScale {
        let n = Int(m) + 1
        var lut = [Float](repeating: 0, count: n)
        for k in 0..<n { lut[k] = Float(tablet.value(at: Double(k))) }
        raw.values.withUnsafeBufferPointer { src in
          out.withUnsafeMutableBufferPointer { dst in
            for i in 0..<src.count {
              let k = min(max(Int(src[i].rounded()), 0), n - 1)
              dst[i] = lut[k]
              if tablet.isExtrapolated(Double(k)) { extrapolated += 1 }
            }
          }
        }
      } else {
        for i in 0..<raw.values.count {
          let v = Double(raw.values[i])
          out[i] = Float(tablet.value(at: v))
          if tablet.isExtrapolated(v) { extrapolated += 1 }
        }
      }
      if extrapolated > 0 {
        warnings.append(
          "calibration: \(extrapolated) pixels lie outside the step tablet's range "
            + "\(fmt(tablet.raw[0]))...\(fmt(tablet.raw[tablet.raw.count - 1])) and were "
            + "extrapolated linearly")
      }
    }
    return (Plane(width: raw.width, height: raw.height, values: out), warnings)
  }

  /// The signal of one stored value (the detector limit, for instance), converted exactly as
  /// ``convert(_:model:maxValue:bitDepth:isFloat:)`` converts a pixel.
  static func signal(ofStored value: Double, model: SignalModel, maxValue: Float, bitDepth: Int,
                     isFloat: Bool) -> Double {
    let one = Plane(width: 1, height: 1, values: [Float(value)])
    let (out, _) = convert(one, model: model, maxValue: maxValue, bitDepth: bitDepth,
                           isFloat: isFloat)
    return Double(out.values[0])
  }

  /// Decides the polarity from percentiles of a deterministic subsample (every k-th pixel,
  /// at most ~100 000 values).
  static func decidePolarity(_ raw: Plane, given: Polarity?) -> PolarityDecision {
    let n = raw.values.count
    let stride = max(1, n / 100_000)
    var sample: [Double] = []
    sample.reserveCapacity(n / stride + 1)
    var i = 0
    while i < n {
      sample.append(Double(raw.values[i]))
      i += stride
    }
    sample.sort()
    let median = ProfileMath.quantile(sorted: sample, 0.5)
    let lo = ProfileMath.quantile(sorted: sample, 0.01)
    let hi = ProfileMath.quantile(sorted: sample, 0.99)
    let auto = (median - lo) > (hi - median) ? Polarity.darkBands : .lightBands
    return PolarityDecision(
      polarity: given ?? auto, automatic: given == nil, median: median, lowPercentile: lo,
      highPercentile: hi)
  }
}
