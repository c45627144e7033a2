import ArgumentParser
import DensitoAnalysis
import DensitoExperiment
import DensitoRaster
import DensitoReport
import Foundation

/// Options shared by `lanes` and `bands`.
struct BlotOptions: ParsableArguments {
  @Argument(help: "A blot image (PNG, TIFF or JPEG).")
  var image: String

  // Numeric options take the next word even when it starts with "-", so that `--radius -1`
  // is refused with the option's own rule ("must be greater than 0"), not as a missing value.
  @Option(parsing: .unconditional, help: "Find exactly this many lanes.")
  var lanes: Int?

  @Option(help: "JSON or CSV file of lanes: {\"lanes\": [{\"x0\":..,\"x1\":..}]} or rows x0,x1 (or center,width).")
  var lanesFile: String?

  @Option(parsing: .unconditional, help: "Analyse only this rectangle: x,y,width,height (pixels).")
  var crop: String?

  @Option(help: "dark-bands or light-bands (default: decided from the image and reported).")
  var polarity: Polarity?

  @Option(help: "inverted, brightness or od (default: chosen from the file and reported).")
  var signal: SignalArgument?

  @Option(help: "Lane baseline: valley-to-valley (default), lane-border-median, rolling-ball or none.")
  var baseline: BaselineArgument?

  @Option(parsing: .unconditional, help: "Radius of the rolling-ball lane baseline, pixels.")
  var baselineRadius: Double = DensitoAnalysisAdapter.defaultBaselineRadius

  @Option(help: "2-D background before measuring: none (default), rolling-ball or paraboloid.")
  var background: BackgroundArgument = .none

  @Option(parsing: .unconditional, help: "Radius for --background, pixels.")
  var radius: Double = DensitoAnalysisAdapter.defaultBackgroundRadius

  @Option(parsing: .unconditional, help: "Zero-based page of a multi-page TIFF.")
  var page: Int = 0

  @Option(help: "Colour to gray: mean (ImageJ's default), luma, red, green or blue.")
  var gray: GrayConversion = .mean

  @Option(help: "Lanes run vertical (default), horizontal, or auto (decided from the image; a heuristic). Horizontal lanes are analysed transposed: x is then a row, y a column.")
  var orientation: OrientationArgument = .vertical

  func validate() throws {
    if let lanes, lanes < 1 { throw ValidationError("--lanes must be at least 1") }
    if lanes != nil && lanesFile != nil { throw ValidationError("give --lanes or --lanes-file, not both") }
    if !(radius.isFinite && radius > 0) { throw ValidationError("--radius must be greater than 0") }
    if !(baselineRadius.isFinite && baselineRadius > 0) { throw ValidationError("--baseline-radius must be greater than 0") }
    if let crop, Self.region(crop) == nil {
      throw ValidationError("--crop must be x,y,width,height in whole pixels (got '\(crop)')")
    }
    if page < 0 { throw ValidationError("--page must be 0 or more") }
  }

  static func region(_ text: String) -> PixelRegion? {
    let v = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard v.count == 4, v[0] >= 0, v[1] >= 0, v[2] > 0, v[3] > 0 else { return nil }
    return PixelRegion(x: v[0], y: v[1], width: v[2], height: v[3])
  }

  /// Decodes the image and analyses it with these options; with `overlay`, also writes the
  /// overlay picture there (see `BandsOverlay.swift`). Horizontal lanes are analysed, and
  /// drawn, on the transposed image.
  ///
  /// A lanes file is read and checked before the image is decoded (a mistake in it is
  /// reported at once, not after seconds of decoding a large scan); that its lanes fit the
  /// image, and the crop, is checked after.
  func analyse(overlay: String? = nil) throws -> (GrayImage, BlotFindings, BlotAnalysisSummary) {
    let listing = try lanesFile.map { path in
      let listing = try LanesFile.read(path)
      try listing.checkWholePixels()
      return listing
    }
    var decoded = try ImageDecoder.decodeFile(atPath: image, options: DecodingOptions(page: page, grayConversion: gray))
    var blot = BlotSpec(target: "", image: image)
    blot.region = crop.flatMap(Self.region)
    let turn = orientation.decision(decoded, crop: blot.region)
    if turn != nil {
      decoded = decoded.transposed()
      blot.region = blot.region.map { PixelRegion(x: $0.y, y: $0.x, width: $0.height, height: $0.width) }
    }
    if let r = blot.region, r.x + r.width > decoded.width || r.y + r.height > decoded.height {
      throw CommandError("\(image): --crop \(crop ?? "") is not inside the \(decoded.width)x\(decoded.height) image")
    }
    if let lanes { blot.laneGeometry = .count(lanes) }
    if let listing {
      blot.laneGeometry = try Self.geometry(
        listing, image: decoded, crop: blot.region.map { (crop ?? "", $0) }, horizontal: turn != nil)
    }
    var parameters = AnalysisParameters()
    parameters.polarity = polarity?.rawValue
    parameters.signal = signal?.rawValue
    parameters.baseline = baseline?.rawValue
    parameters.baselineRadius = baselineRadius
    if background != .none {
      parameters.background = background.rawValue
      parameters.backgroundRadius = radius
    }
    var findings: BlotFindings
    do {
      findings = try DensitoAnalysisAdapter().analyze(decoded, blot: blot, layout: [], parameters: parameters)
    } catch {
      throw CommandError("\(image): \(error)")
    }
    if let turn { findings.warnings.insert(turn.horizontalNote, at: 0) }
    if let overlay { try writeOverlay(decoded, spec: blot, parameters: parameters, to: overlay) }
    return (decoded, findings, BlotAnalysisSummary(image: image, findings: findings, lossy: decoded.metadata.lossy))
  }
}

extension BlotOptions {
  /// The lanes of a lanes file once the image is decoded (transposed for horizontal lanes):
  /// each must end inside the image and, with a crop, lie inside the crop's columns (rows,
  /// for horizontal lanes) once rounded to whole pixels, as the analysis measures it.
  static func geometry(
    _ listing: LaneListing, image: GrayImage, crop: (text: String, region: PixelRegion)?,
    horizontal: Bool
  ) throws -> LaneGeometry {
    let geometry = try listing.geometry(
      fitting: image.width, dimension: horizontal ? "height" : "width")
    guard let crop else { return geometry }
    let first = Double(crop.region.x)
    let end = Double(crop.region.x + crop.region.width)
    for (i, lane) in listing.lanes.enumerated() {
      let e = lane.extent
      if e.lowerBound.rounded() < first || e.upperBound.rounded() > end {
        throw LanesFileError(
          file: listing.file, line: lane.line,
          message: "lane \(i + 1) (\(e.lowerBound)...\(e.upperBound)) is not inside --crop "
            + "\(crop.text): the crop keeps \(horizontal ? "rows" : "columns") "
            + "\(crop.region.x)..<\(crop.region.x + crop.region.width)")
      }
    }
    return geometry
  }
}

enum SignalArgument: String, ExpressibleByArgument, CaseIterable { case inverted, brightness, od }
enum OrientationArgument: String, ExpressibleByArgument, CaseIterable {
  case auto, vertical, horizontal

  /// The decision when the lanes are to be taken as horizontal (the image is then analysed
  /// transposed), nil when vertical.
  func decision(_ image: GrayImage, crop: PixelRegion?) -> OrientationDecision? {
    switch self {
    case .vertical: return nil
    case .horizontal:
      return OrientationDecision(orientation: .horizontal, automatic: false, gradientRatio: nil)
    case .auto:
      let region = crop.map { PixelRect(x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
      let d = decideLaneOrientation(of: image, in: region)
      return d.orientation == .horizontal ? d : nil
    }
  }
}
enum BackgroundArgument: String, ExpressibleByArgument, CaseIterable {
  case none
  case rollingBall = "rolling-ball"
  case paraboloid
}
extension Polarity: ExpressibleByArgument {}
enum BaselineArgument: String, ExpressibleByArgument, CaseIterable {
  case valleyToValley = "valley-to-valley"
  case laneBorderMedian = "lane-border-median"
  case rollingBall = "rolling-ball"
  case none
}

/// The JSON of `lanes` and `bands`.
struct BlotAnalysisSummary: Encodable {
  struct Band: Encodable {
    var y, top, bottom, volume, background, peakHeight: Double
    var saturated: Bool
    var saturatedFraction: Double
    var saturationReason: String?
    var kDa: Double?
  }
  struct Lane: Encodable {
    var index: Int
    var x: Double
    var width: Double
    var bands: [Band]
  }
  var image: String
  var polarity: String
  var signal: String
  var lossy: Bool
  var lanes: [Lane]
  var warnings: [String]

  init(image: String, findings: BlotFindings, lossy: Bool) {
    self.image = image
    polarity = findings.polarity
    signal = findings.signal
    self.lossy = lossy
    warnings = findings.warnings
    lanes = findings.lanes.enumerated().map { i, lane in
      Lane(index: i, x: lane.x, width: lane.width, bands: lane.bands.map {
        Band(y: $0.y, top: $0.top, bottom: $0.bottom, volume: $0.volume, background: $0.background,
             peakHeight: $0.peakHeight, saturated: $0.saturated, saturatedFraction: $0.saturatedFraction,
             saturationReason: $0.saturationReason, kDa: $0.kDa)
      })
    }
  }

  func json(withBands: Bool) throws -> String {
    var copy = self
    if !withBands { copy.lanes = copy.lanes.map { var l = $0; l.bands = []; return l } }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(copy), as: UTF8.self)
  }
}

struct Lanes: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find the lanes of a blot: count, centre and width of each.",
    discussion: """
      Example:
        densito lanes blot.tif
        densito lanes blot.tif --lanes 12 --json
      """)

  @OptionGroup var blot: BlotOptions
  @Flag(help: "Print JSON instead of a table.") var json = false

  func run() throws {
    try reportingErrors {
      let (_, findings, summary) = try blot.analyse()
      if json {
        print(try summary.json(withBands: false))
        return
      }
      print("\(blot.image): \(findings.lanes.count) lanes (\(findings.polarity), signal \(findings.signal))")
      print(TextTable(
        header: ["lane", "x", "width", "bands"],
        rows: findings.lanes.enumerated().map { i, l in
          [String(i + 1), String(format: "%.1f", l.x), String(format: "%.1f", l.width), String(l.bands.count)]
        }, rightAligned: [0, 1, 2, 3]).text)
      for w in findings.warnings { printError("warning: \(w)") }
    }
  }
}

struct Bands: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find lanes and bands and measure every band's volume.",
    discussion: """
      Volume = the sum over the band of signal minus background (signal units × pixels),
      ImageJ's integrated density of the same region after the same background. Bands with
      more than 1 % of their pixels at the detector limit are flagged saturated.

      Example:
        densito bands blot.tif --csv > bands.csv
        densito bands blot.tif --lanes 8 --polarity dark-bands --json
        densito bands blot.tif --overlay blot-overlay.png
      """)

  @OptionGroup var blot: BlotOptions
  @Flag(help: "Print JSON.") var json = false
  @Flag(help: "Print CSV, one row per band.") var csv = false
  @Option(help: "Also write the overlay picture (lanes, bands, saturation, skew, smile) to this PNG file.")
  var overlay: String?

  func validate() throws {
    if json && csv { throw ValidationError("give --json or --csv, not both") }
    if let overlay { try BlotOptions.validateOverlayPath(overlay) }
  }

  func run() throws {
    try reportingErrors {
      var (_, findings, summary) = try blot.analyse(overlay: overlay)
      if let note = Self.missingBandsNote(findings.lanes) {
        findings.warnings.append(note)
        summary.warnings.append(note)
      }
      if json {
        print(try summary.json(withBands: true))
        return
      }
      var table = CSVTable(header: ["lane", "x", "lane_width", "y", "top", "bottom", "volume", "background",
                                    "peak_height", "saturated", "saturated_fraction", "saturation_reason", "kDa"])
      for (i, lane) in findings.lanes.enumerated() {
        for b in lane.bands {
          table.append([String(i), NumberFormat.pixels(lane.x), NumberFormat.pixels(lane.width),
                        NumberFormat.pixels(b.y), NumberFormat.pixels(b.top), NumberFormat.pixels(b.bottom),
                        NumberFormat.value(b.volume), NumberFormat.value(b.background),
                        NumberFormat.value(b.peakHeight), NumberFormat.flag(b.saturated),
                        NumberFormat.value(b.saturatedFraction), b.saturationReason ?? "",
                        NumberFormat.value(b.kDa)])
        }
      }
      if csv {
        print(table.text, terminator: "")
      } else {
        print("\(blot.image): \(findings.lanes.count) lanes, \(table.rows.count) bands (\(findings.polarity), signal \(findings.signal))")
        print(TextTable(header: table.header, rows: table.rows, rightAligned: Set(0..<table.header.count)).text)
      }
      for w in findings.warnings { printError("warning: \(w)") }
    }
  }

  /// Why lanes were listed without bands, or nil when every lane has one: a lane without
  /// bands is an explicit empty result, never a silent one (in the JSON's `warnings` and on
  /// standard error). The rules are those of the band finder (`BandFinder`): a peak must rise
  /// `minimumProminence` noise standard deviations above its surroundings, and reach
  /// `minimumRelativeHeight` of the blot's highest band.
  static func missingBandsNote(_ lanes: [LaneFinding]) -> String? {
    let empty = lanes.filter(\.bands.isEmpty)
    guard !empty.isEmpty else { return nil }
    let defaults = AnalysisOptions()
    let rule = "no peak of the lane profile rises "
      + "\(NumberFormat.value(defaults.minimumProminence)) noise standard deviations above its "
      + "surroundings"
    if empty.count == lanes.count {
      let which = lanes.count == 1 ? "the lane" : "any of the \(lanes.count) lanes"
      return "no band found in \(which): \(rule)"
    }
    let places = empty.map { String(Int($0.x.rounded())) }
    let list = places.count == 1
      ? places[0] : places.dropLast().joined(separator: ", ") + " and " + (places.last ?? "")
    return "no band found in the lane\(empty.count == 1 ? "" : "s") at x ≈ \(list): \(rule), or "
      + "none reaches \(NumberFormat.value(defaults.minimumRelativeHeight * 100)) % of the "
      + "blot's highest band"
  }
}
