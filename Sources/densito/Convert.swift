import ArgumentParser
import DensitoRaster
import Foundation

struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the gray raster Densito reads from an image.",
    discussion: """
      OUT ending in .tif/.tiff gets a 32-bit float TIFF holding exactly the raster values;
      OUT ending in .png gets a 16-bit PNG (8-bit when the source had 8 bits or fewer).

      Example:
        densito convert film-scan.jpg film-gray.tif
        densito convert colour-gel.png gel-green.png --gray green
      """)

  @Argument(help: "Input PNG, TIFF or JPEG.")
  var input: String

  @Argument(help: "Output path ending in .tif, .tiff or .png.")
  var output: String

  @Option(help: "Zero-based page of a multi-page TIFF.")
  var page: Int = 0

  @Option(help: "Colour to gray: mean (ImageJ's default), luma, red, green or blue.")
  var gray: GrayConversion = .mean

  func validate() throws {
    if page < 0 { throw ValidationError("--page must be 0 or more (pages are numbered from 0)") }
    if OutputKind(path: output) == nil {
      throw ValidationError("OUT must end in .tif, .tiff or .png (got '\(output)')")
    }
  }

  enum OutputKind {
    case tiff, png
    init?(path: String) {
      switch URL(fileURLWithPath: path).pathExtension.lowercased() {
      case "tif", "tiff": self = .tiff
      case "png": self = .png
      default: return nil
      }
    }
  }

  func run() throws {
    try reportingErrors {
      let image = try ImageDecoder.decodeFile(
        atPath: input, options: DecodingOptions(page: page, grayConversion: gray))
      switch OutputKind(path: output) {
      case .tiff:
        try OutputDirectory.writeFile(toPath: output) { (path) throws(ImageFileError) in
          try TIFFEncoder.write(image, layout: .float32, toPath: path)
        }
      case .png, nil:
        let bytes: [UInt8]
        do {
          let depth =
            image.metadata.bitDepth <= 8 && image.metadata.sampleFormat != .floatingPoint ? 8 : 16
          bytes = try PNGEncoder.encode(image, bitDepth: depth)
        } catch {
          throw ImageFileError(path: output, reason: .cannotWrite(String(describing: error)))
        }
        try OutputDirectory.writeFile(bytes, toPath: output)
      }
    }
  }
}
