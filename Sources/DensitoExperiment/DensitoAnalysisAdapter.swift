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
    _ image: consuming GrayImage, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings {
    try analyze(consume image, source: nil, blot: blot, layout: layout, parameters: parameters)
  }

  public func analyze(
    _ image: consuming GrayImage, source: ImageSource, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings {
    try analyze(
      consume image, source: Optional(source), blot: blot, layout: layout, parameters: parameters)
  }

  func analyze(
    _ image: consuming GrayImage, source: ImageSource?, blot: BlotSpec, layout: [LaneAssignment],
    parameters: AnalysisParameters
  ) throws -> BlotFindings {
    let options = try Self.options(for: blot, layout: layout, parameters: parameters)
    let (analysis, dropped) = try Self.analysis(
      of: consume image, options: options, parameters: parameters, source: source, memo: memo)
    var warnings: [String] = []
    if let dropped {
      warnings.append(
        "ladder not used: \(dropped.expected) marker sizes given but \(dropped.found) ladder bands "
          + "found; no kDa estimates")
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

  /// The whole analysis of `image` with `options`, as the run, the pictures and the
  /// sensitivity runs make it: the 2-D background of `parameters` subtracted first (its
  /// polarity, unless given, from the analysis of the unflattened scan), then `analyzeBlot`;
  /// when the ladder cannot be fitted, again without it (`ladderDropped` says why).
  ///
  /// With a `memo`, every `analyzeBlot` goes through it (``AnalysisMemo``), and the 2-D
  /// background is only computed when the memo does not know the answer already (it is the
  /// costliest step: the pictures of a flattened blot then cost no background at all).
  ///
  /// Memory: `image` is consumed; once its flattened copy exists this function holds no
  /// reference to the scan, so when the caller handed its only copy over (the runner does)
  /// the scan is freed before the flattened image is analysed: at most two image-sized planes
  /// (the flattened image and its signal plane), not three.
  public static func analysis(
    of image: consuming GrayImage, options: AnalysisOptions, parameters: AnalysisParameters,
    source: ImageSource?, memo: AnalysisMemo?
  ) throws -> (analysis: BlotAnalysis, ladderDropped: (expected: Int, found: Int)?) {
    var options = options
    guard let method = parameters.background, method != "none" else {
      let scan = image
      return try withLadderFallback(options) { options in
        try AnalysisMemo.analyze(options: options, source: source, memo: memo) { scan }
      }
    }
    let polarity: Polarity
    if let given = options.polarity {
      polarity = given
    } else {
      polarity = try AnalysisMemo.analyze(image, options: options, source: source, memo: memo)
        .polarity.polarity
      options.polarity = polarity
    }
    let radius = parameters.backgroundRadius ?? defaultBackgroundRadius
    let light = polarity == .darkBands
    let flattening = Self.flattening(method: method, radius: radius, lightBackground: light)
    // The scan until it is flattened, then only the flattened image; the scan is taken out
    // of `scan` so that `flattened` gets its only reference (and can negate it in place).
    var scan: GrayImage? = consume image
    var flat: GrayImage?
    func input() throws -> GrayImage {
      if let flat { return flat }
      guard let original = scan.take() else {
        preconditionFailure("the scan is flattened once, and only fails by throwing")
      }
      let made = try flattened(
        consume original, method: method, radius: radius, lightBackground: light)
      flat = made
      MemoryTrace.mark("flattened (\(method))")
      return made
    }
    return try withLadderFallback(options) { options in
      try AnalysisMemo.analyze(
        options: options, source: source, flattening: flattening, memo: memo, image: input)
    }
  }

  /// `analyse(options)`; when that fails for want of ladder bands, `analyse` without the
  /// ladder, with the counts of the first failure.
  static func withLadderFallback(
    _ options: AnalysisOptions, _ analyse: (AnalysisOptions) throws -> BlotAnalysis
  ) throws -> (analysis: BlotAnalysis, ladderDropped: (expected: Int, found: Int)?) {
    do {
      return (try analyse(options), nil)
    } catch AnalysisError.ladderBandsMissing(let expected, let found) {
      var without = options
      without.ladder = nil
      return (try analyse(without), (expected, found))
    }
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
  ///
  /// Memory: the sliding paraboloid of a light background works on the negated scan and
  /// makes its own working copy, so called as is it would hold the scan, its negated copy
  /// and the working copy at once. Here the scan is negated in place instead (no copy when
  /// the caller handed its only reference over) and given to the paraboloid as a dark
  /// background; the result is negated back. The samples are bit-identical: the paraboloid
  /// sees the same negated plane, and with round-to-nearest `(−v) − b = −(v + b)` exactly,
  /// while the library computes `v − (−b)`, the same `v + b` (a zero sum is +0 either way
  /// and +0 or −0 plus the white level gives the same value).
  public static func flattened(
    _ image: consuming GrayImage, method: String, radius: Double, lightBackground: Bool
  ) throws -> GrayImage {
    let base = lightBackground ? image.maxValue : 0
    let paraboloid = method == "paraboloid"
    var out: GrayImage
    if paraboloid && lightBackground {
      var negated = consume image
      negated.samples.withUnsafeMutableBufferPointer { p in
        for i in p.indices { p[i] = -p[i] }
      }
      let options = BackgroundOptions(
        method: .slidingParaboloid(radius: radius), algorithm: .imagej, lightBackground: false)
      out = try subtractingBackground(from: consume negated, options: options)
      out.samples.withUnsafeMutableBufferPointer { p in
        for i in p.indices { p[i] = base - p[i] }
      }
      return out
    }
    let options = BackgroundOptions(
      method: paraboloid ? .slidingParaboloid(radius: radius) : .rollingBall(radius: radius),
      algorithm: .imagej, lightBackground: lightBackground)
    out = try subtractingBackground(from: consume image, options: options)
    out.samples.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] += base }
    }
    return out
  }
}
