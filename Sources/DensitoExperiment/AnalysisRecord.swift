import DensitoRaster
import Foundation

/// `analysis.json`: everything needed to replay an analysis and to check it later.
///
/// It holds the experiment file's text (so a replay does not depend on the file still being
/// there), the folder its image paths are relative to, each image's SHA-256, the resolved
/// parameters of every blot, and the lanes and bands found. `densito analyze --replay`
/// re-reads the images, refuses any whose checksum changed, and writes the same CSVs;
/// `densito verify` compares what is found now with `blots`.
public struct AnalysisRecord: Codable, Sendable, Equatable {
  public static let formatVersion = 1

  public var format: Int
  public var tool: String
  public var version: String
  public var experimentPath: String
  public var experimentSHA256: String
  public var experimentText: String
  public var baseDirectory: String
  public var images: [ImageFingerprint]
  public var parameters: [BlotParameters]
  public var blots: [BlotResult]
  public var foldChanges: [FoldChangeRow]
  public var warnings: [String]

  public struct ImageFingerprint: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
  }

  /// The parameters one blot was analysed with, after merging file-wide and per-blot values.
  public struct BlotParameters: Codable, Sendable, Equatable {
    public var target: String
    public var image: String
    public var polarity: String
    public var signal: String
    public var baseline: String?
    public var baselineRadius: Double?
    public var background: String?
    public var backgroundRadius: Double?
    public var saturationThreshold: Double?
    public var gray: String?
    /// "horizontal" or "auto" when given (absent for the default, vertical).
    public var orientation: String?
    public var region: PixelRegion?
    public var page: Int
  }

  public init(result: ExperimentResult, experimentText: String, version: String) {
    let e = result.experiment
    format = Self.formatVersion
    tool = "densito"
    self.version = version
    experimentPath = e.sourcePath
    experimentSHA256 = SHA256.hex(of: Array(experimentText.utf8))
    self.experimentText = experimentText
    baseDirectory = e.baseDirectory
    var seen = Set<String>()
    images = result.blots.compactMap { b in
      seen.insert(b.image).inserted ? ImageFingerprint(path: b.image, sha256: b.sha256) : nil
    }
    parameters = zip(e.blots, result.blots).map { spec, blot in
      let p = spec.analysis.merged(over: e.analysis)
      return BlotParameters(
        target: spec.target, image: spec.image, polarity: blot.polarity, signal: blot.signal,
        baseline: p.baseline, baselineRadius: p.baselineRadius, background: p.background,
        backgroundRadius: p.backgroundRadius, saturationThreshold: p.saturationThreshold,
        gray: p.gray, orientation: p.orientation, region: spec.region, page: spec.page)
    }
    blots = result.blots
    foldChanges = result.foldChanges
    warnings = result.warnings
  }

  /// Pretty, key-sorted JSON: the same record always gives the same bytes.
  public func json() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(self)) + [0x0A]
  }

  public static func read(atPath path: String) throws(ExperimentError) -> AnalysisRecord {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ExperimentError(file: path, problem: .cannotRead("no such file or not readable"))
    }
    do {
      let record = try JSONDecoder().decode(AnalysisRecord.self, from: data)
      if record.format != formatVersion {
        throw ExperimentError(
          file: path,
          problem: .invalidValue(key: "format", value: "\(record.format)", reason: "this densito reads format \(formatVersion)"))
      }
      return record
    } catch let error as ExperimentError {
      throw error
    } catch {
      throw ExperimentError(file: path, problem: .yaml("not a Densito analysis.json: \(error)"))
    }
  }

  /// The recorded experiment, parsed again with its recorded base folder.
  public func experiment() throws(ExperimentError) -> Experiment {
    try ExperimentFile.parse(experimentText, sourcePath: experimentPath, baseDirectory: baseDirectory)
  }

  /// Checks that every recorded image still has its recorded checksum.
  public func checkImagesUnchanged(in experiment: Experiment) throws(ExperimentError) {
    for image in images {
      let full = experiment.resolve(image.path)
      guard let data = FileManager.default.contents(atPath: full) else {
        throw ExperimentError(file: experimentPath, problem: .missingImage(target: image.path, path: full))
      }
      let actual = SHA256.hex(of: [UInt8](data))
      if actual != image.sha256 {
        throw ExperimentError(
          file: experimentPath, problem: .changedImage(path: full, expectedSHA256: image.sha256, actualSHA256: actual))
      }
    }
  }
}
