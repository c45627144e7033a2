import ArgumentParser
import DensitoAnalysis
import DensitoExperiment
import DensitoRaster
import DensitoReport
import Foundation

/// `densito profiles`: the mean profile of each lane rectangle, ImageJ's Plot Profile of a
/// rectangle (alt key held for vertical lanes), in raw or Densito signal units.
struct Profiles: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print each lane's profile: the mean across the lane of every row along it.",
    discussion: """
      A vertical lane's profile has one value per row: the mean of the lane's
      columns on that row (ImageJ: a rectangle, Plot Profile with the alt key
      held; Analyze > Gels). A horizontal lane's has one value per column: the
      mean of its rows. --signal raw (default) averages the values as stored,
      the numbers ImageJ shows for the image as opened; inverted, brightness
      and od are the signals of `densito bands` (the same lane profiles).

      --csv: one row per lane and position, lane,x0,x1,y,value (horizontal
      lanes: lane,y0,y1,x,value), lanes from 0. --json: each lane's
      rectangle, area and values.

      Example:
        densito profiles blot.tif --lanes-file lanes.csv --csv > profiles.csv
        densito profiles blot.tif --lanes 8 --signal od --json --out p.json
      """)

  @Argument(help: "A blot image (PNG, TIFF or JPEG).")
  var image: String

  // `--lanes -1` and `--page -1` reach validate() (see BlotOptions).
  @Option(parsing: .unconditional, help: "Find exactly this many lanes (as `densito lanes --lanes N`, taken straight: no tilt) and profile their rectangles.")
  var lanes: Int?

  @Option(help: "JSON or CSV file of lanes: {\"lanes\": [{\"x0\":..,\"x1\":..}]} or rows x0,x1 (or center,width); each lane spans the whole image height (width for horizontal lanes, x0,x1 then being rows).")
  var lanesFile: String?

  @Option(help: "What is averaged: the values as stored (raw) or a signal of `densito bands`.")
  var signal: ProfileSignalArgument = .raw

  @Option(help: "Lanes run vertical (default) or horizontal.")
  var orientation: ProfileOrientationArgument = .vertical

  @Option(parsing: .unconditional, help: "Zero-based page of a multi-page TIFF.")
  var page: Int = 0

  @Option(help: "Colour to gray: mean (ImageJ's default), luma, red, green or blue.")
  var gray: GrayConversion = .mean

  @Flag(help: "Print CSV, one row per lane and position.") var csv = false
  @Flag(help: "Print JSON.") var json = false

  @Option(help: "Write the CSV (or the JSON with --json) to this file, atomically, instead of printing it.")
  var out: String?

  func validate() throws {
    if json && csv { throw ValidationError("give --json or --csv, not both") }
    switch (lanes, lanesFile) {
    case (nil, nil): throw ValidationError("give the lanes: --lanes N or --lanes-file F")
    case (.some, .some): throw ValidationError("give --lanes or --lanes-file, not both")
    default: break
    }
    if let lanes, lanes < 1 { throw ValidationError("--lanes must be at least 1") }
    if page < 0 { throw ValidationError("--page must be 0 or more") }
    if let out { try Self.validateOutputPath(out) }
  }

  static func validateOutputPath(_ path: String) throws {
    var isDirectory: ObjCBool = false
    let files = FileManager.default
    if files.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ValidationError("--out '\(path)' is a folder: give a file name")
    }
    let parent = (path as NSString).deletingLastPathComponent
    let folder = parent.isEmpty ? "." : parent
    guard files.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError(
        "--out '\(path)': the folder '\(folder)' does not exist (create it first)")
    }
  }

  func run() throws {
    try reportingErrors {
      // A mistake in the lanes file is reported before the (possibly long) decoding.
      let listing = try lanesFile.map { try LanesFile.read($0) }
      let bytes = try FileIO.readBytes(atPath: image)
      let outcome =
        try streamedProfiles(of: bytes, listing: listing)
        ?? wholeImageProfiles(bytes, listing: listing)
      let set = outcome.set
      var warnings = outcome.notes + set.warnings
      if let level = outcome.blankLevel {
        // Only reachable with a lanes file: finding lanes refuses a blank image.
        warnings.insert(
          "the image is blank: every pixel is \(level), so every profile is flat", at: 0)
      }
      let text: String
      if json {
        text = try ProfilesJSON(image: image, set: set, warnings: warnings).text() + "\n"
      } else if csv || out != nil {
        text = ProfilesCSV.table(set).text
      } else {
        print(
          "\(image): \(set.lanes.count) \(orientation.rawValue) lanes, signal \(set.signal.name)")
        print(summary(set))
        for w in warnings { printError("warning: \(w)") }
        return
      }
      if let out {
        try OutputDirectory.writeFile(Array(text.utf8), toPath: out)
      } else {
        print(text, terminator: "")
      }
      for w in warnings { printError("warning: \(w)") }
    }
  }

  /// What the profiles command computed: the profiles, notes on how the lanes were found,
  /// and the one value of every pixel when the image is blank.
  struct Outcome {
    var set: LaneProfileSet
    var notes: [String]
    var blankLevel: Float?
  }

  /// Decodes the whole image, finds the lanes or fits the lanes file's, profiles them.
  func wholeImageProfiles(_ bytes: [UInt8], listing: LaneListing?) throws -> Outcome {
    let decoded: GrayImage
    do {
      decoded = try ImageDecoder.decode(
        bytes, options: DecodingOptions(page: page, grayConversion: gray))
    } catch {
      throw ImageFileError(path: image, reason: .decoding(error))
    }
    let (rectangles, notes) = try laneRectangles(decoded, listing: listing)
    do {
      let set = try laneProfiles(
        of: decoded, rectangles: rectangles, orientation: orientation.lanes,
        signal: signal.profileSignal)
      return Outcome(set: set, notes: notes, blankLevel: Self.blankLevel(decoded))
    } catch {
      throw CommandError("\(image): \(error)")
    }
  }

  /// The lane rectangles in image pixels, and notes about how they were found: those of the
  /// lanes file (`listing`, read before decoding; here checked to fit the image) or found.
  func laneRectangles(
    _ decoded: GrayImage, listing: LaneListing?
  ) throws -> ([PixelRect], [String]) {
    let vertical = orientation == .vertical
    if let listing {
      let rects = try Self.rectangles(
        listing, width: decoded.width, height: decoded.height, vertical: vertical)
      return (rects, [])
    }
    var options = AnalysisOptions()
    options.lanes = .count(lanes ?? 1)
    options.skew = .none
    options.orientation = orientation.lanes
    if case .model(let model) = signal.profileSignal { options.signal = model }
    do {
      let analysis = try analyzeBlot(decoded, options: options)
      // Only how the lanes were found: the bands (saturation, lanes without a band) are not
      // what this command reports.
      return (analysis.lanes.map { analysis.imageRect(of: $0) }, analysis.laneNotes)
    } catch {
      throw CommandError("\(image): \(error)")
    }
  }

  /// The rectangles of a lanes file, checked to fit a `width` × `height` image: each lane's
  /// extent across the lanes, rounded to whole pixels as `densito bands --lanes-file` rounds
  /// them, over the whole length of the image.
  static func rectangles(
    _ listing: LaneListing, width: Int, height: Int, vertical: Bool
  ) throws -> [PixelRect] {
    guard
      case .extents(let extents) = try listing.geometry(
        fitting: vertical ? width : height, dimension: vertical ? "width" : "height")
    else {
      throw CommandError("\(listing.file): expected lane extents")
    }
    return extents.map { e -> PixelRect in
      let x0 = Int(e.lowerBound.rounded())
      let x1 = Int(e.upperBound.rounded())
      return vertical
        ? PixelRect(x: x0, y: 0, width: x1 - x0, height: height)
        : PixelRect(x: 0, y: x0, width: width, height: x1 - x0)
    }
  }

  /// The one value of every pixel of a blank image (a wrong page or channel, an empty
  /// export), nil when two pixels differ.
  static func blankLevel(_ image: GrayImage) -> Float? {
    guard let first = image.samples.first else { return nil }
    for v in image.samples where v != first { return nil }
    return first
  }

  func summary(_ set: LaneProfileSet) -> String {
    let vertical = orientation == .vertical
    return TextTable(
      header: ["lane", "x", "y", "width", "height", vertical ? "rows" : "columns", "mean", "area"],
      rows: set.lanes.enumerated().map { i, p in
        let r = p.rectangle
        return [String(i), String(r.x), String(r.y), String(r.width), String(r.height),
                String(p.values.count), NumberFormat.value(p.area / Double(max(1, p.values.count))),
                NumberFormat.value(p.area)]
      }, rightAligned: Set(0..<8)).text
  }
}

enum ProfileSignalArgument: String, ExpressibleByArgument, CaseIterable {
  case raw, inverted, brightness, od

  var profileSignal: ProfileSignal {
    switch self {
    case .raw: return .raw
    case .inverted: return .model(.invertedBrightness)
    case .brightness: return .model(.brightness)
    case .od: return .model(.opticalDensity(reference: .white))
    }
  }
}

enum ProfileOrientationArgument: String, ExpressibleByArgument, CaseIterable {
  case vertical, horizontal

  var lanes: LaneOrientation { self == .vertical ? .vertical : .horizontal }
}

/// The long CSV of `densito profiles --csv`: one row per lane and position.
enum ProfilesCSV {
  static func table(_ set: LaneProfileSet) -> CSVTable {
    let vertical = set.lanes.first?.orientation != .horizontal
    var table = CSVTable(
      header: vertical ? ["lane", "x0", "x1", "y", "value"] : ["lane", "y0", "y1", "x", "value"])
    for (i, p) in set.lanes.enumerated() {
      let r = p.rectangle
      let (a0, a1) = vertical ? (r.x, r.x + r.width) : (r.y, r.y + r.height)
      let lane = String(i)
      let from = String(a0)
      let to = String(a1)
      for (j, v) in p.values.enumerated() {
        table.append([lane, from, to, String(p.start + j), NumberFormat.value(v)])
      }
    }
    return table
  }
}

/// The JSON of `densito profiles --json`.
struct ProfilesJSON: Encodable {
  struct Lane: Encodable {
    var index: Int
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    /// Image row (vertical lane) or column (horizontal lane) of values[0].
    var start: Int
    var area: Double
    var values: [Double]
  }
  var image: String
  var signal: String
  var orientation: String
  var lanes: [Lane]
  var warnings: [String]

  init(image: String, set: LaneProfileSet, warnings: [String]) {
    self.image = image
    signal = set.signal.name
    orientation = set.lanes.first?.orientation.rawValue ?? LaneOrientation.vertical.rawValue
    lanes = set.lanes.enumerated().map { i, p in
      Lane(index: i, x: p.rectangle.x, y: p.rectangle.y, width: p.rectangle.width,
           height: p.rectangle.height, start: p.start, area: p.area, values: p.values)
    }
    self.warnings = warnings
  }

  func text() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}
