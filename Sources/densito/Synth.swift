import ArgumentParser
import DensitoAnalysis
import DensitoExperiment
import DensitoRaster
import Foundation

struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Make synthetic blots with exact ground truth (for tests, accuracy figures and the demo).",
    discussion: """
      The generator's model (detectors, noise, background, rotation, smile, doublets, dust,
      saturation) is described in Docs/synthetic-blots.md.

      Example:
        densito synth blot hard-7.tif --difficulty hard --seed 7 --truth hard-7.json
        densito synth demo TestImages/demo
      """,
    subcommands: [SynthBlot.self, SynthDemo.self])
}

struct SynthBlot: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "blot", abstract: "One random synthetic blot and its ground truth.")

  @Argument(help: "Output image (.tif: 16-bit TIFF; .png: 16-bit PNG, or 8-bit for 8-bit film).")
  var output: String

  @Option(help: "clean, typical or hard.")
  var difficulty: Difficulty = .typical

  @Option(help: "Seed of the random generator (the same seed gives the same blot).")
  var seed: UInt64 = 1

  @Option(help: "linear (CCD counts, light bands), film8 or film16 (X-ray film scan, dark bands).")
  var detector: DetectorArgument = .linear

  @Flag(help: "For the linear detector: store dark bands on light (65535 − counts), as an imager's export.")
  var invert = false

  @Option(help: "Write the ground truth (lanes, bands, true volumes, saturation) as JSON here.")
  var truth: String?

  func validate() throws {
    let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
    guard ["tif", "tiff", "png"].contains(ext) else {
      throw ValidationError("OUT must end in .tif, .tiff or .png")
    }
  }

  func run() throws {
    try reportingErrors {
      var blot = SyntheticBlot.random(difficulty, seed: seed)
      switch detector {
      case .linear: break
      case .film8: blot.detector = .film(FilmDetector(bitDepth: 8))
      case .film16: blot.detector = .film(FilmDetector(bitDepth: 16))
      }
      let rendered = blot.render()
      var image = rendered.image
      if invert, let inverted = rendered.asDecodedMinIsWhite {
        image = GrayImage(width: inverted.width, height: inverted.height, maxValue: inverted.maxValue, samples: inverted.samples)
      }
      let bytes = try SynthFiles.encode(image, path: output)
      var files: [(String, [UInt8])] = [(output, bytes)]
      if let truth {
        files.append((truth, try SynthFiles.json(TruthRecord(rendered.truth, seed: seed, difficulty: difficulty.rawValue))))
      }
      for (path, data) in files { try OutputDirectory.writeFile(data, toPath: path) }
    }
  }
}

struct SynthDemo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "The demo experiment: 11 blots, experiment.yaml and truth.json, into a folder.")

  @Argument(help: "Folder to write into (created when missing).")
  var directory: String

  func run() throws {
    try reportingErrors {
      var files: [(name: String, bytes: [UInt8])] = []
      var truths: [SyntheticGroundTruth] = []
      for k in DemoExperiment.targets.indices {
        let (image, truth) = DemoExperiment.image(ofTarget: k)
        truths.append(truth)
        files.append((DemoExperiment.targets[k].file, try SynthFiles.encode(image, path: "x.tif")))
      }
      files.append(("experiment.yaml", Array(DemoExperiment.experimentYAML.utf8)))
      files.append(("truth.json", try SynthFiles.json(DemoExperiment.truth(truths))))
      try OutputDirectory(path: directory).write(files)
    }
  }
}

enum DetectorArgument: String, ExpressibleByArgument, CaseIterable {
  case linear, film8, film16
}

extension Difficulty: ExpressibleByArgument {}

enum SynthFiles {
  static func encode(_ image: GrayImage, path: String) throws -> [UInt8] {
    do {
      if URL(fileURLWithPath: path).pathExtension.lowercased() == "png" {
        return try PNGEncoder.encode(image, bitDepth: image.maxValue <= 255 ? 8 : 16)
      }
      return try TIFFEncoder.encode(image, layout: .uint16, compression: .deflate)
    } catch {
      throw CommandError("\(path): cannot encode: \(error)")
    }
  }

  static func json<T: Encodable>(_ value: T) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(value)) + [0x0A]
  }
}

/// The ground truth of one synthetic blot, as JSON.
struct TruthRecord: Encodable {
  struct Band: Encodable {
    var lane: Int
    var x: Double
    var y: Double
    var sigma: Double
    var volume: Double
    var saturatedPixels: Int
    var saturated: Bool
  }
  struct Lane: Encodable {
    var index: Int
    var centerX: Double
    var width: Double
  }
  var seed: UInt64
  var difficulty: String
  var polarity: String
  var rotationDegrees: Double
  var smile: Double
  var lanes: [Lane]
  var bands: [Band]

  init(_ truth: SyntheticGroundTruth, seed: UInt64, difficulty: String) {
    self.seed = seed
    self.difficulty = difficulty
    polarity = truth.polarity.rawValue
    rotationDegrees = truth.rotationDegrees
    smile = truth.smile
    lanes = truth.lanes.map { Lane(index: $0.index, centerX: $0.centerX, width: $0.width) }
    bands = truth.bands.map {
      Band(lane: $0.laneIndex, x: $0.x, y: $0.y, sigma: $0.sigma, volume: $0.volume,
           saturatedPixels: $0.saturatedPixels, saturated: $0.isSaturated)
    }
  }
}
