import ArgumentParser
import DensitoAnalysis
import DensitoRaster
import Foundation

struct Background: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "background",
    abstract: "Subtract a rolling-ball or sliding-paraboloid background (ImageJ-identical or exact).",
    discussion: """
      Writes a 32-bit float TIFF of original − background (or, with --create-background, the
      background itself), with no rounding, offset or clamping. --method imagej reproduces
      ImageJ 1.53t's Process > Subtract Background on a 32-bit image (within 0.01 gray
      levels); --method exact is the grayscale opening by the true ball or paraboloid at full
      resolution (see Docs/background.md).

      Example:
        densito background blot.tif blot-flat.tif --radius 50 --light
        densito background blot.tif bg.tif --radius 25 --paraboloid --create-background
      """)

  @Argument(help: "Input PNG, TIFF or JPEG.")
  var input: String

  @Argument(help: "Output 32-bit float TIFF (.tif or .tiff).")
  var output: String

  // `--radius -1` reaches the check in run() (ArgumentParser would take -1 for an option).
  @Option(parsing: .unconditional, help: "Ball or paraboloid radius in pixels (> 0); larger than the widest band.")
  var radius: Double

  @Flag(help: "The background is lighter than the bands (dark bands on a light background).")
  var light = false

  @Flag(help: "Slide a paraboloid instead of rolling a ball.")
  var paraboloid = false

  @Flag(help: "Do not smooth (3x3 mean) before estimating the background.")
  var noSmoothing = false

  @Flag(help: "Write the background instead of the subtracted image.")
  var createBackground = false

  @Option(help: "imagej (ImageJ-identical) or exact (no shrinking).")
  var method: BackgroundAlgorithmArgument = .imagej

  @Option(help: "Zero-based page of a multi-page TIFF.")
  var page: Int = 0

  @Option(help: "Colour to gray: mean (ImageJ's default), luma, red, green or blue.")
  var gray: GrayConversion = .mean

  func validate() throws {
    guard radius.isFinite, radius > 0 else {
      throw ValidationError("--radius must be a number greater than 0 (got \(radius))")
    }
    let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
    guard ext == "tif" || ext == "tiff" else {
      throw ValidationError("OUT must end in .tif or .tiff: the result is a 32-bit float TIFF")
    }
    if page < 0 { throw ValidationError("--page must be 0 or more (pages are numbered from 0)") }
  }

  func run() throws {
    try reportingErrors {
      let options = BackgroundOptions(
        method: paraboloid ? .slidingParaboloid(radius: radius) : .rollingBall(radius: radius),
        algorithm: method.algorithm, lightBackground: light,
        smoothing: noSmoothing ? .disabled : .mean3x3,
        output: createBackground ? .background : .subtracted)
      // The decoded scan lives only inside this closure: it is freed before the result is
      // encoded (one image-sized buffer fewer at the encoder's peak).
      let result = try { () throws -> GrayImage in
        let image = try ImageDecoder.decodeFile(
          atPath: input, options: DecodingOptions(page: page, grayConversion: gray))
        do {
          return try subtractingBackground(from: consume image, options: options)
        } catch {
          throw CommandError("\(input): \(error)")
        }
      }()
      // Streamed to the file strip by strip: the encoded image is never held in memory.
      try OutputDirectory.writeFile(toPath: output) { (path) throws(ImageFileError) in
        try TIFFEncoder.write(result, layout: .float32, toPath: path)
      }
    }
  }
}

enum BackgroundAlgorithmArgument: String, ExpressibleByArgument, CaseIterable {
  case imagej, exact
  var algorithm: BackgroundOptions.Algorithm { self == .imagej ? .imagej : .exact }
}
