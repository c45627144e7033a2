import DensitoRaster
import Foundation

/// A rendered synthetic blot: the image a scanner would give and the exact ground truth.
public struct SyntheticBlotImage: Sendable, Equatable {
  /// The stored samples: counts (light bands, linear detector) or a transmission scan (dark
  /// bands, film).
  public var image: GrayImage
  public var truth: SyntheticGroundTruth
  /// For film: an ideal step tablet mapping scan values to *exposure* (64 steps, see
  /// `filmTablet`). Analysing with
  /// `.calibratedOD(filmCalibration)` linearises the film, so volumes become proportional to
  /// the true volumes. Nil for the linear detector.
  public var filmCalibration: StepTablet?

  /// For the linear detector: what a TIFF decoder shows when the counts are written as a
  /// MinIsWhite file (`65535 − counts`, dark bands, `invertedFromMinIsWhite`). Nil for film.
  public var asDecodedMinIsWhite: GrayImage? {
    guard truth.polarity == .lightBands else { return nil }
    var metadata = image.metadata
    metadata.invertedFromMinIsWhite = true
    metadata.photometric = "MinIsWhite"
    let maxValue = image.maxValue
    return GrayImage(
      width: image.width, height: image.height, maxValue: maxValue,
      samples: image.samples.map { maxValue - $0 }, metadata: metadata)
  }
}

/// What a perfect analysis of a synthetic blot should report.
///
/// **True volume** is defined in the exposure domain for both detectors: the sum, over every
/// pixel of the image, of the band's own noise-free exposure (background, other bands, dust
/// and noise excluded; before clipping or the film curve). For the linear detector this is
/// counts × pixels, exactly what inverted brightness minus background recovers when nothing
/// clips. For film it is the light dose; optical density is proportional to it only in the
/// film's near-linear range, so OD volumes are compared *after normalisation* and the
/// remaining error measures the film's non-linearity (linearise with the step tablet to
/// remove it). Relative volumes (fold changes) are ratios, so only proportionality matters.
public struct SyntheticGroundTruth: Sendable, Equatable {
  public var lanes: [TrueLane]
  public var rotationDegrees: Double
  public var smile: Double
  /// The polarity of the stored samples.
  public var polarity: Polarity
  /// All bands of all lanes, lane by lane, top to bottom.
  public var bands: [TrueBand] { lanes.flatMap(\.bands) }
}

/// A lane as it appears in the image.
public struct TrueLane: Sendable, Equatable {
  public var index: Int
  /// Image column of the lane centre on the image's middle row (y = (H−1)/2).
  public var centerX: Double
  public var width: Double
  public var isEmpty: Bool { bands.isEmpty }
  /// Top to bottom.
  public var bands: [TrueBand]
}

/// A band as it appears in the image, with its true volume.
public struct TrueBand: Sendable, Equatable {
  public var laneIndex: Int
  /// Image column and row of the band centre on its lane's centre line.
  public var x: Double
  public var y: Double
  public var sigma: Double
  /// Sum over all pixels of this band's noise-free exposure (see ``SyntheticGroundTruth``).
  public var volume: Double
  /// The specification's `amount` (equal to `volume` up to sampling and image borders).
  public var nominalVolume: Double
  /// Largest exposure of this band in one pixel.
  public var peakExposure: Double
  /// Pixels where this band's exposure is at least 10 % of its peak.
  public var footprintPixels: Int
  /// Footprint pixels whose noise-free stored value is at the detector limit (linear: total
  /// exposure ≥ full well; film: the scan rounds to the level of density `dMax`, its
  /// plateau — 0 when dMax is high, e.g. 3.2 on an 8-bit scan).
  public var saturatedPixels: Int
  public var saturatedFraction: Double {
    footprintPixels == 0 ? 0 : Double(saturatedPixels) / Double(footprintPixels)
  }
  /// True when at least 1 % of the footprint is at the detector limit.
  public var isSaturated: Bool { saturatedFraction >= 0.01 }
}

extension SyntheticBlot {
  /// Renders the image and its ground truth. Deterministic: the same specification (seed
  /// included) gives bit-identical samples.
  /// - Complexity: O(pixels · lanes) plus O(band pixels).
  public func render() -> SyntheticBlotImage {
    let w = width
    let h = height
    let theta = rotationDegrees * Double.pi / 180
    let cosT = cos(theta)
    let sinT = sin(theta)
    let cx = Double(w - 1) / 2
    let cy = Double(h - 1) / 2
    let halfW = Double(w) / 2
    let soft = max(edgeSoftness, 1e-6)
    let edgeScale = 1 / (soft * 2.0.squareRoot())

    // Flattened band list.
    struct Flat {
      var lane: Int
      var y: Double
      var sigma: Double
      var amplitude: Double
    }
    var flat: [Flat] = []
    var laneBands: [[Int]] = []
    for (li, lane) in lanes.enumerated() {
      var ids: [Int] = []
      for band in lane.bands {
        let amp = band.amount / (band.sigma * (2 * Double.pi).squareRoot() * lane.width)
        ids.append(flat.count)
        flat.append(Flat(lane: li, y: band.y, sigma: band.sigma, amplitude: amp))
      }
      laneBands.append(ids)
    }
    var volume = [Double](repeating: 0, count: flat.count)
    var peak = [Double](repeating: 0, count: flat.count)
    // Exposure image (noise-free) and per-pixel ownership for the footprint pass.
    var exposure = [Double](repeating: 0, count: w * h)
    let laneRanges = lanes.map { lane in
      (lane.centerX - lane.width / 2 - 6 * soft, lane.centerX + lane.width / 2 + 6 * soft)
    }
    for y in 0..<h {
      let dy = Double(y) - cy
      for x in 0..<w {
        let dx = Double(x) - cx
        let u = cx + cosT * dx + sinT * dy
        let v = cy - sinT * dx + cosT * dy
        var e = background.value(u: u, v: v, width: w, height: h)
        for (li, range) in laneRanges.enumerated() where u >= range.0 && u <= range.1 {
          let lane = lanes[li]
          let x0 = lane.centerX - lane.width / 2
          let x1 = lane.centerX + lane.width / 2
          let profile = 0.5 * (erf((u - x0) * edgeScale) - erf((u - x1) * edgeScale))
          let shift = smile * ((u - halfW) / halfW) * ((u - halfW) / halfW)
          for id in laneBands[li] {
            let band = flat[id]
            let t = v - band.y - shift
            if abs(t) > 8 * band.sigma { continue }
            let c = band.amplitude * profile * exp(-t * t / (2 * band.sigma * band.sigma))
            e += c
            volume[id] += c
            if c > peak[id] { peak[id] = c }
          }
        }
        for speck in dust {
          let ddx = u - speck.x
          let ddy = v - speck.y
          let r2 = ddx * ddx + ddy * ddy
          if r2 < 36 * speck.radius * speck.radius {
            e += speck.peak * exp(-r2 / (2 * speck.radius * speck.radius))
          }
        }
        exposure[y * w + x] = e
      }
    }

    // Stored values with noise.
    var rng = SplitMix64(seed: seed)
    var samples = [Float](repeating: 0, count: w * h)
    let maxValue: Float
    let polarity: Polarity
    let metadata: ImageMetadata
    let atLimit: (Double) -> Bool
    var calibration: StepTablet? = nil
    switch detector {
    case .linear(let d):
      maxValue = 65535
      polarity = .lightBands
      metadata = ImageMetadata(bitDepth: 16, sampleFormat: .unsignedInteger)
      let limit = min(d.fullWell, 65535)
      for i in 0..<(w * h) {
        let e = exposure[i]
        let shot = (d.gain * max(e, 0)).squareRoot() * rng.gaussian()
        let read = d.readNoise * rng.gaussian()
        samples[i] = Float(min(max((e + shot + read).rounded(), 0), limit))
      }
      atLimit = { $0 >= limit }
    case .film(let f):
      maxValue = Float(f.white)
      polarity = .darkBands
      metadata = ImageMetadata(bitDepth: f.bitDepth <= 8 ? 8 : 16, sampleFormat: .unsignedInteger)
      for i in 0..<(w * h) {
        let d = f.density(exposure: exposure[i]) + f.grain * rng.gaussian()
        let s = f.white * pow(10, -d) + f.scanNoise * rng.gaussian()
        samples[i] = Float(min(max(s.rounded(), 0), f.white))
      }
      atLimit = { f.isAtPlateau(exposure: $0) }
      calibration = f.calibrationTablet()
    }

    // Footprints and saturation per band (second pass over each band's neighbourhood).
    var footprint = [Int](repeating: 0, count: flat.count)
    var saturated = [Int](repeating: 0, count: flat.count)
    for y in 0..<h {
      let dy = Double(y) - cy
      for x in 0..<w {
        let dx = Double(x) - cx
        let u = cx + cosT * dx + sinT * dy
        let v = cy - sinT * dx + cosT * dy
        for (li, range) in laneRanges.enumerated() where u >= range.0 && u <= range.1 {
          let lane = lanes[li]
          let x0 = lane.centerX - lane.width / 2
          let x1 = lane.centerX + lane.width / 2
          let profile = 0.5 * (erf((u - x0) * edgeScale) - erf((u - x1) * edgeScale))
          let shift = smile * ((u - halfW) / halfW) * ((u - halfW) / halfW)
          for id in laneBands[li] {
            let band = flat[id]
            let t = v - band.y - shift
            if abs(t) > 8 * band.sigma { continue }
            let c = band.amplitude * profile * exp(-t * t / (2 * band.sigma * band.sigma))
            if c >= 0.1 * peak[id] && peak[id] > 0 {
              footprint[id] += 1
              if atLimit(exposure[y * w + x]) { saturated[id] += 1 }
            }
          }
        }
      }
    }

    var trueLanes: [TrueLane] = []
    for (li, lane) in lanes.enumerated() {
      var bands: [TrueBand] = []
      for (k, id) in laneBands[li].enumerated() {
        let spec = lane.bands[k]
        let shift = smile * ((lane.centerX - halfW) / halfW) * ((lane.centerX - halfW) / halfW)
        let du = lane.centerX - cx
        let dv = spec.y + shift - cy
        bands.append(
          TrueBand(
            laneIndex: li, x: cx + cosT * du - sinT * dv, y: cy + sinT * du + cosT * dv,
            sigma: spec.sigma, volume: volume[id], nominalVolume: spec.amount,
            peakExposure: peak[id], footprintPixels: footprint[id],
            saturatedPixels: saturated[id]))
      }
      bands.sort { $0.y < $1.y }
      trueLanes.append(
        TrueLane(
          index: li, centerX: cx + (lane.centerX - cx) / cosT, width: lane.width, bands: bands))
    }
    let truth = SyntheticGroundTruth(
      lanes: trueLanes, rotationDegrees: rotationDegrees, smile: smile, polarity: polarity)
    return SyntheticBlotImage(
      image: GrayImage(
        width: w, height: h, maxValue: maxValue, samples: samples, metadata: metadata),
      truth: truth, filmCalibration: calibration)
  }

}

extension FilmDetector {
  /// An ideal step tablet for a film: the noise-free, unrounded scan values of exposure 0
  /// and of 63 exposures spaced geometrically from E½/1000 up to the first of (a) the scan
  /// value falling to one level and (b) the density reaching 98 % of the way from fog to
  /// dMax (beyond that the shoulder is too flat to invert usefully).
  public func calibrationTablet() -> StepTablet? {
    let f = self
    func solve(_ reached: (Double) -> Bool) -> Double {
      var lo = 0.0
      var hi = f.halfExposure
      var doublings = 0
      while !reached(hi) && doublings < 200 {
        hi *= 2
        doublings += 1
      }
      for _ in 0..<200 {
        let mid = (lo + hi) / 2
        if reached(mid) { hi = mid } else { lo = mid }
      }
      return lo
    }
    let oneLevel = solve { f.scanValue(exposure: $0) <= 1 }
    let shoulder = solve { f.density(exposure: $0) >= f.fog + 0.98 * (f.dMax - f.fog) }
    let top = min(oneLevel, shoulder)
    let bottom = f.halfExposure / 1000
    guard top > bottom else { return nil }
    var raw = [f.scanValue(exposure: 0)]
    var known = [0.0]
    let steps = 63
    for k in 0..<steps {
      let e = bottom * pow(top / bottom, Double(k) / Double(steps - 1))
      raw.append(f.scanValue(exposure: e))
      known.append(e)
    }
    return try? StepTablet(raw: raw, known: known)
  }
}
