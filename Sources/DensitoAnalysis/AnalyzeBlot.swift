import DensitoRaster
import Foundation

/// Finds lanes and bands in a blot image and measures band volumes.
///
/// Steps: decide lane orientation (``OrientationDecision``; horizontal lanes are analysed
/// on the transposed image) → crop and trim constant borders → decide polarity (``PolarityDecision``) → convert
/// to signal (``SignalChoice``) → estimate lane tilt (``SkewCorrection``) → find lanes in the
/// column profile → per lane: profile, baseline, bands, volumes, saturation → smile and
/// ladder. Every step's choice is reported in the result; see `Docs/analysis.md`.
///
/// - Returns: lanes left to right, bands top to bottom, in original image coordinates.
/// - Throws: ``AnalysisError`` with the evidence when the image cannot be analysed.
/// - Complexity: a few passes over the pixels; deterministic (bit-identical on reruns).
public func analyzeBlot(_ image: GrayImage, options: AnalysisOptions = AnalysisOptions())
  throws(AnalysisError) -> BlotAnalysis
{
  try analyzeOriented(image, options: options)
}

struct BlotAnalyzer {
  let image: GrayImage
  let options: AnalysisOptions

  func run() throws(AnalysisError) -> BlotAnalysis {
    try validateOptions()
    guard image.width > 0, image.height > 0 else {
      throw .emptyImage(width: image.width, height: image.height)
    }
    var warnings: [String] = []
    var laneNotes: [String] = []
    var region = PixelRect(x: 0, y: 0, width: image.width, height: image.height)
    if let crop = options.crop {
      guard crop.width > 0, crop.height > 0, crop.x >= 0, crop.y >= 0,
        crop.x + crop.width <= image.width, crop.y + crop.height <= image.height
      else { throw .cropOutsideImage(crop: crop, width: image.width, height: image.height) }
      region = crop
    }
    if options.borderTrim == .automatic {
      let trimmed = trimBorders(region)
      if trimmed != region {
        laneNotes.append(
          "trimmed constant borders: analysing x \(trimmed.x)..<\(trimmed.x + trimmed.width), "
            + "y \(trimmed.y)..<\(trimmed.y + trimmed.height)")
        warnings.append(laneNotes[laneNotes.count - 1])
        region = trimmed
      }
    }
    guard region.width > 0, region.height > 0 else {
      throw .emptyImage(width: region.width, height: region.height)
    }
    let raw = extract(region)
    var nonFinite = 0
    var lo = Float.infinity
    var hi = -Float.infinity
    for v in raw.values {
      if !v.isFinite { nonFinite += 1; continue }
      lo = min(lo, v)
      hi = max(hi, v)
    }
    guard nonFinite == 0 else { throw .nonFiniteSamples(count: nonFinite) }
    guard hi > lo else { throw .blankImage(value: lo) }

    // Polarity and signal.
    let polarity = PolarityDecision.decide(raw, given: options.polarity)
    if polarity.automatic && polarity.ratio < 1.5 {
      warnings.append(
        "polarity is uncertain (tail ratio \(fmt(polarity.ratio))): \(polarity.reason)")
    }
    let choice = SignalChoice.choose(
      given: options.signal, polarity: polarity.polarity, metadata: image.metadata)
    let isFloat = image.metadata.sampleFormat == .floatingPoint
    let (signal, signalWarnings) = SignalConversion.convert(
      raw, model: choice.model, maxValue: image.maxValue, bitDepth: image.metadata.bitDepth,
      isFloat: isFloat)
    warnings += signalWarnings

    // Lane tilt.
    let skew: Double
    switch options.skew {
    case .none: skew = 0
    case .degrees(let d): skew = d
    case .automatic:
      if case .explicit = options.lanes { skew = 0 } else { skew = SkewEstimator.estimate(signal) }
    }
    let shiftPerRow = -tan(skew * Double.pi / 180)

    // Lanes.
    let geometry: [LaneLayout]
    switch options.lanes {
    case .explicit(let regions):
      geometry = try explicitLanes(regions, region: region)
    case .automatic, .count:
      var expected: Int? = nil
      if case .count(let n) = options.lanes { expected = n }
      let (column, noiseFloor) = LaneFinder.columnProfiles(signal, shiftPerRow: shiftPerRow)
      let found = try LaneFinder.find(
        columnProfile: column, noiseFloor: noiseFloor, expected: expected)
      warnings += found.notes
      laneNotes += found.notes
      geometry = LaneLayout.layout(
        found.lanes, edgeSoftness: found.edgeSoftness, width: region.width,
        height: region.height)
    }

    // Profiles and bands.
    let limit = detectorLimit(polarity.polarity, samples: lo...hi)
    let sampler = LaneSampler(
      signal: signal, raw: raw, shiftPerRow: shiftPerRow, limit: limit,
      darkBands: polarity.polarity == .darkBands)
    var lanes: [Lane] = []
    let allProfiles = geometry.map { sampler.profiles($0) }
    // Rows at the detector limit are the cores of clipped bands (``ClippedCore``); without
    // any, rows on a flat plateau at the image's extreme (``ResponsePlateau``).
    func signalOf(_ v: Double) -> Double {
      SignalConversion.signal(
        ofStored: v, model: choice.model, maxValue: image.maxValue,
        bitDepth: image.metadata.bitDepth, isFloat: isFloat)
    }
    // No limit (float data off the file's scale): a signal no row can reach.
    let limitSignal = limit.isFinite ? signalOf(limit) : .infinity
    let plateau = ResponsePlateau.estimate(
      sampler: sampler, geometry: geometry, medians: allProfiles.map(\.median),
      limitSignal: limitSignal, integer: !isFloat)
    func findBands(_ i: Int, minimumHeight: Double, fit: Bool) -> BandFinder.Result {
      BandFinder.find(
        mean: allProfiles[i].mean, median: allProfiles[i].median,
        columns: geometry[i].x1 - geometry[i].x0, baseline: options.baseline,
        border: allProfiles[i].border, windowSigmas: options.bandWindowSigmas,
        minimumProminence: options.minimumProminence, minimumHeight: minimumHeight,
        fitGroups: fit,
        core: plateau.map { .plateau($0.rows[i]) } ?? .detectorLimit(limitSignal))
    }
    // Pass 1 finds the blot's highest band (peak heights do not depend on the doublet fits,
    // so it skips them); pass 2 applies the relative floor and measures.
    let twoPasses = options.minimumRelativeHeight > 0
    var results = geometry.indices.map { findBands($0, minimumHeight: 0, fit: !twoPasses) }
    if twoPasses {
      let highest = results.flatMap { $0.bands.map(\.peakHeight) }.max() ?? 0
      let floor = highest > 0 ? options.minimumRelativeHeight * highest : 0
      results = geometry.indices.map { findBands($0, minimumHeight: floor, fit: true) }
    }
    for (index, g) in geometry.enumerated() {
      let profiles = allProfiles[index]
      let found = results[index]
      if options.baseline == .laneBorderMedian && profiles.border == nil {
        warnings.append(
          "lane \(index + 1): no room beside the lane for a border baseline; used the "
            + "smoothed profile outside bands")
      }
      var bands: [Band] = []
      for (k, draft) in found.bands.enumerated() {
        // The volumes of a fitted group are split with the shape of every member: one
        // saturated member makes the whole group's split unreliable, so all are flagged.
        let rows = draft.bottom - draft.top + 1
        let area = rows * (g.x1 - g.x0)
        let atLimit = sampler.saturatedCount(g, top: g.y0 + draft.top,
                                             bottom: g.y0 + draft.bottom)
        let onPlateau = plateau.map { p in
          !draft.onPlateau ? 0 : sampler.count(
            g, top: g.y0 + draft.top, bottom: g.y0 + draft.bottom,
            atLeast: p.level - p.pixelTolerance)
        } ?? 0
        let saturatedPixels = max(atLimit, onPlateau)
        let fraction = area > 0 ? Double(saturatedPixels) / Double(area) : 0
        let reason: SaturationReason? = fraction <= options.saturationThreshold ? nil
          : atLimit >= onPlateau ? .detectorLimit : .responsePlateau
        bands.append(
          Band(
            index: k, laneIndex: index, y: Double(region.y + g.y0) + draft.y,
            top: region.y + g.y0 + draft.top, bottom: region.y + g.y0 + draft.bottom,
            volume: draft.volume, background: draft.background, area: area,
            peakHeight: draft.peakHeight, sigma: draft.sigma, saturatedPixels: saturatedPixels,
            saturatedFraction: fraction, saturated: fraction > options.saturationThreshold,
            kDa: nil, fitQuality: draft.fitQuality, group: draft.group,
            saturationThresholdUsed: options.saturationThreshold, saturationReason: reason))
      }
      for (k, draft) in found.bands.enumerated() where draft.group != nil && !bands[k].saturated {
        if let m = found.bands.indices.first(where: {
          found.bands[$0].group == draft.group && bands[$0].saturated
        }) {
          bands[k].saturated = true
          bands[k].saturationReason = bands[m].saturationReason
        }
      }
      let centreShift = 0.0  // geometry is given on the middle row
      lanes.append(
        Lane(
          index: index, centerX: Double(region.x) + g.center + centreShift, width: g.width,
          x0: region.x + g.x0, x1: region.x + g.x1, y0: region.y + g.y0,
          y1: region.y + g.y1, inferred: g.inferred, profile: profiles.mean,
          baseline: found.baseline, noise: found.noise, bands: bands))
    }
    let saturatedCount = lanes.reduce(0) { $0 + $1.bands.filter(\.saturated).count }
    if saturatedCount > 0 {
      warnings.append(
        "\(saturatedCount) band(s) saturated: their volumes are lower bounds")
    }

    var ladder: LadderFit? = nil
    if let spec = options.ladder {
      ladder = try fitLadder(spec, lanes: lanes)
      if let fit = ladder {
        for li in lanes.indices {
          for bi in lanes[li].bands.indices {
            lanes[li].bands[bi].kDa = fit.kDa(atRow: lanes[li].bands[bi].y)
          }
        }
      }
    }

    let bandRow = BandRowFit.fit(
      lanes, regionX: Double(region.x), width: region.width,
      excluding: Set(options.ladder.map { [$0.laneIndex] } ?? []))
    return BlotAnalysis(
      polarity: polarity, signal: choice.model, signalReason: choice.reason, region: region,
      lanes: lanes, skewDegrees: skew, smile: bandRow?.c, bandRow: bandRow,
      ladder: ladder, warnings: warnings, laneNotes: laneNotes)
  }

  func validateOptions() throws(AnalysisError) {
    if case .rollingBall(let radius) = options.baseline, !(radius.isFinite && radius > 0 && radius <= 100_000) {
      throw .invalidOption(name: "baseline", reason: "the rolling-ball radius must be in (0, 100000], got \(radius)")
    }
    guard options.saturationThreshold >= 0, options.saturationThreshold <= 1 else {
      throw .invalidOption(name: "saturationThreshold", reason: "must be in 0...1")
    }
    guard options.bandWindowSigmas > 0, options.bandWindowSigmas.isFinite else {
      throw .invalidOption(name: "bandWindowSigmas", reason: "must be positive")
    }
    guard options.minimumProminence > 0, options.minimumProminence.isFinite else {
      throw .invalidOption(name: "minimumProminence", reason: "must be positive")
    }
    guard options.minimumRelativeHeight >= 0, options.minimumRelativeHeight < 1 else {
      throw .invalidOption(name: "minimumRelativeHeight", reason: "must be in 0..<1")
    }
    if case .count(let n) = options.lanes, n < 1 || n > image.width {
      throw .invalidLaneCount(n)
    }
    if case .degrees(let d) = options.skew, !(abs(d) < 45) {
      throw .invalidOption(name: "skew", reason: "must be within ±45°")
    }
  }

  /// The stored value at which the detector saturates, in the band direction.
  ///
  /// Automatic: the end of the file's scale, 0 for dark bands and `maxValue` for light ones.
  /// Integer samples always have that scale (an ADC's or a scanner's range). Floating-point
  /// samples have it only when they all lie within [0, maxValue] (`samples`: the range of
  /// the analysed region): values beyond it (a background-subtracted image, negative around
  /// a zero background; a calibrated one) are not detector readings, no value of theirs is
  /// a limit, and the limit is then infinite (no pixel counts as at the limit; the
  /// response-plateau rule still applies). Give `detectorLimit: .value` when such data do
  /// have one.
  func detectorLimit(_ polarity: Polarity, samples: ClosedRange<Float>) -> Double {
    switch options.detectorLimit {
    case .value(let v): return v
    case .automatic:
      guard
        DetectorLimit.automaticApplies(
          floatingPoint: image.metadata.sampleFormat == .floatingPoint, samples: samples,
          maxValue: image.maxValue)
      else { return polarity == .darkBands ? -.infinity : .infinity }
      return polarity == .darkBands ? 0 : Double(image.maxValue)
    }
  }

  /// Drops edge rows/columns whose every sample is 0 or every sample is `maxValue`.
  func trimBorders(_ r: PixelRect) -> PixelRect {
    let w = image.width
    let s = image.samples
    let m = image.maxValue
    func rowConstant(_ y: Int, _ x0: Int, _ x1: Int) -> Bool {
      let v = s[y * w + x0]
      guard v == 0 || v == m else { return false }
      for x in x0..<x1 where s[y * w + x] != v { return false }
      return true
    }
    func colConstant(_ x: Int, _ y0: Int, _ y1: Int) -> Bool {
      let v = s[y0 * w + x]
      guard v == 0 || v == m else { return false }
      for y in y0..<y1 where s[y * w + x] != v { return false }
      return true
    }
    var x0 = r.x
    var x1 = r.x + r.width
    var y0 = r.y
    var y1 = r.y + r.height
    while y0 < y1 && rowConstant(y0, x0, x1) { y0 += 1 }
    while y1 > y0 && rowConstant(y1 - 1, x0, x1) { y1 -= 1 }
    guard y1 > y0 else { return r }  // all constant: leave it to the blank check
    while x0 < x1 && colConstant(x0, y0, y1) { x0 += 1 }
    while x1 > x0 && colConstant(x1 - 1, y0, y1) { x1 -= 1 }
    guard x1 > x0 else { return r }
    return PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
  }

  func extract(_ r: PixelRect) -> Plane {
    if r.x == 0 && r.y == 0 && r.width == image.width && r.height == image.height {
      return Plane(width: r.width, height: r.height, values: image.samples)
    }
    var out = [Float](repeating: 0, count: r.width * r.height)
    image.samples.withUnsafeBufferPointer { s in
      out.withUnsafeMutableBufferPointer { o in
        for y in 0..<r.height {
          let src = (r.y + y) * image.width + r.x
          for x in 0..<r.width { o[y * r.width + x] = s[src + x] }
        }
      }
    }
    return Plane(width: r.width, height: r.height, values: out)
  }

  func explicitLanes(_ regions: [LaneRegion], region: PixelRect) throws(AnalysisError)
    -> [LaneLayout]
  {
    var out: [LaneLayout] = []
    for (i, lane) in regions.enumerated() {
      let x0 = lane.x0 - region.x
      let x1 = lane.x1 - region.x
      let y0 = (lane.y0 ?? region.y) - region.y
      let y1 = (lane.y1 ?? (region.y + region.height)) - region.y
      guard x0 >= 0, x1 <= region.width, x1 > x0, y0 >= 0, y1 <= region.height, y1 - y0 >= 5
      else {
        throw .laneRegionOutsideImage(
          index: i, region: lane, width: image.width, height: image.height)
      }
      out.append(
        LaneLayout(
          center: Double(x0 + x1 - 1) / 2, width: Double(x1 - x0), x0: x0, x1: x1, y0: y0,
          y1: y1, inferred: true, borderLeft: nil, borderRight: nil))
    }
    return out
  }

  func fitLadder(_ spec: LadderSpec, lanes: [Lane]) throws(AnalysisError) -> LadderFit {
    guard spec.laneIndex >= 0, spec.laneIndex < lanes.count else {
      throw .ladderLaneOutOfRange(index: spec.laneIndex, laneCount: lanes.count)
    }
    let bands = lanes[spec.laneIndex].bands
    guard bands.count >= spec.kDa.count else {
      throw .ladderBandsMissing(expected: spec.kDa.count, found: bands.count)
    }
    // The most prominent bands, as many as markers, top to bottom.
    let chosen = bands.sorted { ($0.peakHeight, -$0.y) > ($1.peakHeight, -$1.y) }
      .prefix(spec.kDa.count).map(\.y).sorted()
    return try LadderFit(laneIndex: spec.laneIndex, rows: chosen, kDa: spec.kDa)
  }
}
