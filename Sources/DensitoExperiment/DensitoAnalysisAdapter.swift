import DensitoAnalysis
import DensitoRaster

/// The real analysis behind the experiment pipeline: maps an experiment's settings to
/// `AnalysisOptions`, runs `analyzeBlot`, and reports lanes and bands.
///
/// - Lanes: automatic unless the blot gives `lanes: N`, `lane_centers` or `lane_extents`.
///   A ladder lane in the layout gives every band a kDa estimate; when the ladder cannot be
///   fitted the blot is analysed without it and a warning says why.
/// - `background: rolling-ball | paraboloid` subtracts a 2-D background first (ImageJ-identical
///   algorithm, `background_radius`, default 50 px) and re-bases the image on the white
///   (dark bands) or black (light bands) level, so the lane baselines then see a flat
///   background.
///
/// With a ``memo``, analyses already made on the same image source with the same options are
/// reused (see ``AnalysisMemo``); the findings are the same.
public struct DensitoAnalysisAdapter: BlotAnalyzing {
  public var memo: AnalysisMemo?

  public init(memo: AnalysisMemo? = nil) {
    self.memo = memo
  }

  public static let defaultBackgroundRadius = 50.0
  public static let defaultBaselineRadius = 50.0

  public func analyze(
    _ image: GrayImage, blot: BlotSpec, layout: [LaneAssignment], parameters: AnalysisParameters
  ) throws -> BlotFindings {
    try analyze(image, source: nil, blot: blot, layout: layout, parameters: parameters)
  }

  public func analyze(
    _ image: GrayImage, source: ImageSource, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings {
    try analyze(image, source: Optional(source), blot: blot, layout: layout, parameters: parameters)
  }

  func analyze(
    _ image: GrayImage, source: ImageSource?, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings {
    var options = try Self.options(for: blot, layout: layout, parameters: parameters)
    var warnings: [String] = []
    var input = image
    var flattening: String?
    if let method = parameters.background, method != "none" {
      let polarity: Polarity
      if let given = options.polarity {
        polarity = given
      } else {
        polarity = try AnalysisMemo.analyze(image, options: options, source: source, memo: memo)
          .polarity.polarity
        options.polarity = polarity
      }
      let radius = parameters.backgroundRadius ?? Self.defaultBackgroundRadius
      input = try Self.flattened(
        image, method: method, radius: radius, lightBackground: polarity == .darkBands)
      flattening = Self.flattening(method: method, radius: radius, lightBackground: polarity == .darkBands)
      MemoryTrace.mark("flattened (\(method))")
    }
    let memo = self.memo
    let analyse = { (options: AnalysisOptions) throws(AnalysisError) -> BlotAnalysis in
      try AnalysisMemo.analyze(input, options: options, source: source, flattening: flattening, memo: memo)
    }
    let analysis: BlotAnalysis
    switch Result(catching: { () throws(AnalysisError) -> BlotAnalysis in try analyse(options) }) {
    case .success(let a):
      analysis = a
    case .failure(.ladderBandsMissing(let expected, let found)):
      warnings.append(
        "ladder not used: \(expected) marker sizes given but \(found) ladder bands found; no kDa estimates")
      options.ladder = nil
      analysis = try analyse(options)
    case .failure(let error):
      throw error
    }
    let lanes = analysis.lanes.map { lane in
      LaneFinding(
        x: lane.centerX, width: lane.width,
        bands: lane.bands.map { band in
          BandRecord(
            y: band.y, top: Double(band.top), bottom: Double(band.bottom), volume: band.volume,
            background: band.area > 0 ? band.background / Double(band.area) : 0,
            peakHeight: band.peakHeight, saturated: band.saturated,
            saturatedFraction: band.saturatedFraction, kDa: band.kDa,
            saturationReason: band.saturated ? band.saturationReason?.rawValue : nil)
        },
        totalSignal: zip(lane.profile, lane.baseline).map { max($0 - $1, 0) }.reduce(0, +)
          * Double(lane.x1 - lane.x0))
    }
    return BlotFindings(
      polarity: analysis.polarity.polarity.rawValue, signal: analysis.signal.name, lanes: lanes,
      warnings: analysis.warnings + warnings)
  }

  /// The analysis options an experiment's settings ask for.
  public static func options(for blot: BlotSpec, layout: [LaneAssignment], parameters: AnalysisParameters)
    throws -> AnalysisOptions
  {
    var options = AnalysisOptions()
    if let region = blot.region {
      options.crop = PixelRect(x: region.x, y: region.y, width: region.width, height: region.height)
    }
    switch parameters.polarity {
    case "dark-bands": options.polarity = .darkBands
    case "light-bands": options.polarity = .lightBands
    default: break
    }
    switch parameters.signal {
    case "inverted": options.signal = .invertedBrightness
    case "brightness": options.signal = .brightness
    case "od": options.signal = .opticalDensity(reference: .white)
    default: break
    }
    switch parameters.baseline {
    case "none": options.baseline = .none
    case "lane-border-median": options.baseline = .laneBorderMedian
    case "valley-to-valley": options.baseline = .valleyToValley
    case "rolling-ball": options.baseline = .rollingBall(radius: parameters.baselineRadius ?? defaultBaselineRadius)
    default: break
    }
    if let t = parameters.saturationThreshold { options.saturationThreshold = t }
    let y0 = blot.region?.y
    let y1 = blot.region.map { $0.y + $0.height }
    switch blot.laneGeometry {
    case nil: options.lanes = .automatic
    case .count(let n): options.lanes = .count(n)
    case .extents(let extents):
      options.lanes = .explicit(extents.map {
        LaneRegion(x0: Int($0.lowerBound.rounded()), x1: Int($0.upperBound.rounded()), y0: y0, y1: y1)
      })
    case .centers(let centers, let width):
      let sorted = centers.sorted()
      let spacing = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.min() ?? 40
      let w = width ?? spacing * 0.8
      options.lanes = .explicit(centers.map {
        LaneRegion(x0: Int(($0 - w / 2).rounded()), x1: Int(($0 + w / 2).rounded()), y0: y0, y1: y1)
      })
    }
    if let ladderIndex = layout.firstIndex(where: { if case .ladder = $0 { return true } else { return false } }),
      case .ladder(let kDa) = layout[ladderIndex]
    {
      options.ladder = LadderSpec(laneIndex: ladderIndex, kDa: kDa)
    }
    return options
  }

  /// The memo's name for the image ``flattened(_:method:radius:lightBackground:)`` makes.
  public static func flattening(method: String, radius: Double, lightBackground: Bool) -> String {
    "\(method) \(radius.bitPattern) \(lightBackground ? "light" : "dark")"
  }

  /// `image − background + base`, with base the white level for a light background and 0
  /// for a dark one, so that the flattened image keeps the original's polarity and scale.
  public static func flattened(_ image: GrayImage, method: String, radius: Double, lightBackground: Bool)
    throws -> GrayImage
  {
    let options = BackgroundOptions(
      method: method == "paraboloid" ? .slidingParaboloid(radius: radius) : .rollingBall(radius: radius),
      algorithm: .imagej, lightBackground: lightBackground)
    var out = try subtractingBackground(from: image, options: options)
    let base = lightBackground ? image.maxValue : 0
    out.samples.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] += base }
    }
    return out
  }
}
