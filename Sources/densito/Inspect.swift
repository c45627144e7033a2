import ArgumentParser
import DensitoRaster
import Foundation

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Describe an image file and the gray raster Densito reads from it.",
    discussion: """
      Example:
        densito inspect blot.tif
        densito inspect multipage.tif --page 1 --json
      """)

  @Argument(help: "A PNG, TIFF or JPEG file (recognised by its bytes, not its name).")
  var file: String

  @Option(help: "Zero-based page of a multi-page TIFF.")
  var page: Int = 0

  @Option(help: "Colour to gray: mean (ImageJ's default), luma, red, green or blue.")
  var gray: GrayConversion = .mean

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func validate() throws {
    if page < 0 { throw ValidationError("--page must be 0 or more (pages are numbered from 0)") }
  }

  func run() throws {
    try reportingErrors {
      let image = try ImageDecoder.decodeFile(
        atPath: file, options: DecodingOptions(page: page, grayConversion: gray))
      let report = InspectReport(file: file, image: image)
      print(json ? report.json() : report.text())
    }
  }
}

extension GrayConversion: ExpressibleByArgument {}

/// What `inspect` prints, in one place for the text and JSON forms.
struct InspectReport: Encodable {
  var file: String
  var format: String
  var width: Int
  var height: Int
  var bitDepth: Int
  var sampleFormat: String
  var channels: Int
  var colorModel: String
  var pages: Int
  var page: Int
  var photometric: String
  var invertedFromMinIsWhite: Bool
  var compression: String
  var lossy: Bool
  var alpha: Bool
  var dpiX: Double?
  var dpiY: Double?
  var grayConversion: String?
  var maxValue: Double
  var min: Double?
  var max: Double?
  var mean: Double?
  var warnings: [String]

  init(file: String, image: GrayImage) {
    let m = image.metadata
    let s = image.statistics
    self.file = file
    format = m.format.rawValue
    width = image.width
    height = image.height
    bitDepth = m.bitDepth
    sampleFormat = m.sampleFormat.rawValue
    channels = m.channels
    colorModel = m.colorModel.rawValue
    pages = m.pageCount
    page = m.page
    photometric = m.photometric
    invertedFromMinIsWhite = m.invertedFromMinIsWhite
    compression = m.compression
    lossy = m.lossy
    alpha = m.hadAlpha
    dpiX = m.resolution?.x
    dpiY = m.resolution?.y
    grayConversion = m.grayConversion?.rawValue
    maxValue = Double(image.maxValue)
    min = s.min.isFinite ? Double(s.min) : nil
    max = s.max.isFinite ? Double(s.max) : nil
    mean = s.mean.isFinite ? s.mean : nil
    warnings = m.warnings
  }

  func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(self) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }

  func text() -> String {
    func num(_ v: Double?) -> String {
      guard let v else { return "n/a" }
      return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.6g", v)
    }
    var lines = [
      "file:          \(file)",
      "format:        \(format)\(lossy ? " (lossy)" : "")",
      "size:          \(width) x \(height)",
      "bit depth:     \(bitDepth) (\(sampleFormat)), \(channels) channel\(channels == 1 ? "" : "s") (\(colorModel))",
      "pages:         \(pages) (showing page \(page))",
      "photometric:   \(photometric)\(invertedFromMinIsWhite ? " (inverted to brightness on read)" : "")",
      "compression:   \(compression)",
      "alpha:         \(alpha ? "present (ignored)" : "none")",
      "dpi:           \(dpiX.map { "\(num($0)) x \(num(dpiY))" } ?? "not recorded")",
    ]
    if let grayConversion { lines.append("gray:          \(grayConversion) of the colour channels") }
    lines.append("gray range:    min \(num(min)), max \(num(max)), mean \(mean.map { String(format: "%.4f", $0) } ?? "n/a") (scale 0...\(num(maxValue)))")
    for w in warnings { lines.append("warning:       \(w)") }
    return lines.joined(separator: "\n")
  }
}
