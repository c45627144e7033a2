/// A mistake in an experiment file, located at the line (and column) that holds it.
///
/// Its description is one line in the compiler style editors understand:
/// `experiment.yaml:12:5: unknown key 'lane' in blot 2 (did you mean 'lanes'?)`.
public struct ExperimentError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The experiment file.
  public var file: String
  /// One-based line and column, when the problem has a place in the file.
  public var line: Int?
  public var column: Int?
  public var problem: Problem

  public init(file: String, line: Int? = nil, column: Int? = nil, problem: Problem) {
    self.file = file
    self.line = line
    self.column = column
    self.problem = problem
  }

  /// What is wrong, with the evidence.
  public enum Problem: Equatable, Sendable, CustomStringConvertible {
    case cannotRead(String)
    case notUTF8
    case yaml(String)
    case tooComplex(nodeLimit: Int)
    case notAMapping(context: String)
    case unknownKey(key: String, context: String, suggestion: String?)
    case missingKey(key: String, context: String)
    case wrongType(key: String, expected: String, found: String)
    case invalidValue(key: String, value: String, reason: String)
    case missingImage(target: String, path: String)
    case duplicateSample(name: String)
    case unknownSample(name: String, context: String)
    case noLoadingControl(target: String)
    case missingControlGroup(group: String, groups: [String])
    case noSamples
    case tooFewReplicates(target: String, group: String, n: Int, needed: Int, test: String)
    case laneCountMismatch(target: String, image: String, expected: Int, found: Int)
    case changedImage(path: String, expectedSHA256: String, actualSHA256: String)
    case regionOutsideImage(target: String, region: PixelRegion, width: Int, height: Int)
    case image(String)
    case analysisFailed(target: String, image: String, message: String)

    public var description: String {
      switch self {
      case .cannotRead(let why): return "cannot read the experiment file: \(why)"
      case .notUTF8: return "the experiment file is not UTF-8 text"
      case .yaml(let message): return "not valid YAML/JSON: \(message)"
      case .tooComplex(let limit):
        return "the file expands to more than \(limit) values (YAML aliases?); refusing to read it"
      case .notAMapping(let context): return "\(context) must be a mapping of key: value pairs"
      case .unknownKey(let key, let context, let suggestion):
        return "unknown key '\(key)' in \(context)"
          + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
      case .missingKey(let key, let context): return "\(context) needs the key '\(key)'"
      case .wrongType(let key, let expected, let found):
        return "'\(key)' must be \(expected), found \(found)"
      case .invalidValue(let key, let value, let reason):
        return "invalid \(key) '\(value)': \(reason)"
      case .missingImage(let target, let path):
        return "image for \(target) not found: \(path)"
      case .duplicateSample(let name): return "sample '\(name)' appears in more than one lane"
      case .unknownSample(let name, let context):
        return "\(context) names sample '\(name)', which is not in 'lanes'"
      case .noLoadingControl(let target):
        return "no blot for the loading control '\(target)': every target is divided by it"
      case .missingControlGroup(let group, let groups):
        return "control_group '\(group)' is not a group of any lane (groups: "
          + groups.joined(separator: ", ") + ")"
      case .noSamples: return "'lanes' has no sample lanes"
      case .tooFewReplicates(let target, let group, let n, let needed, let test):
        return "\(target): group '\(group)' has \(n) usable replicate\(n == 1 ? "" : "s");"
          + " the \(test) needs at least \(needed)"
      case .laneCountMismatch(let target, let image, let expected, let found):
        return "blot \(target) (\(image)): the experiment lists \(expected) lanes but"
          + " \(found) were found; give 'lanes:' for this blot or check the image"
      case .changedImage(let path, let expected, let actual):
        return "\(path) has changed since the analysis was recorded (SHA-256 \(actual.prefix(12))…,"
          + " recorded \(expected.prefix(12))…)"
      case .regionOutsideImage(let target, let r, let w, let h):
        return "blot \(target): region [\(r.x), \(r.y), \(r.width), \(r.height)] is not inside the"
          + " \(w)x\(h) image"
      case .image(let message): return message
      case .analysisFailed(let target, let image, let message):
        return "blot \(target) (\(image)): \(message)"
      }
    }
  }

  public var description: String {
    var place = file
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): \(problem)"
  }
}
