import Foundation
import Yams

/// Reads experiment files (YAML 1.1 through Yams; JSON is a subset and is accepted too).
///
/// Every mistake is reported with the line and column that hold it: unknown keys (with a
/// suggestion), values of the wrong type, unknown choices, samples that are not in the lane
/// list, a missing loading-control blot or control group, missing images. YAML aliases are
/// allowed, but a file that expands to more than `nodeLimit` values is refused, so an
/// "alias bomb" cannot exhaust memory or time.
public enum ExperimentFile {
  /// The most YAML values (after alias expansion) a file may hold.
  public static let nodeLimit = 100_000

  /// Reads and checks an experiment file. Image files must exist (they are not decoded).
  public static func load(atPath path: String, checkImages: Bool = true) throws(ExperimentError)
    -> Experiment
  {
    try loadWithText(atPath: path, checkImages: checkImages).experiment
  }

  /// Reads and checks an experiment file, returning its text too (recorded in
  /// analysis.json so that a replay does not depend on the file).
  public static func loadWithText(atPath path: String, checkImages: Bool = true)
    throws(ExperimentError) -> (experiment: Experiment, text: String)
  {
    guard let data = FileManager.default.contents(atPath: path) else {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let why = !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "permission denied"
      throw ExperimentError(file: path, problem: .cannotRead(why))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ExperimentError(file: path, problem: .notUTF8)
    }
    let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let experiment = try parse(text, sourcePath: path, baseDirectory: base)
    if checkImages { try experiment.checkImagesExist() }
    return (experiment, text)
  }

  /// Parses experiment text. `sourcePath` names the file in messages; image paths are
  /// relative to `baseDirectory`.
  public static func parse(_ text: String, sourcePath: String, baseDirectory: String)
    throws(ExperimentError) -> Experiment
  {
    let reader = NodeReader(file: sourcePath)
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw ExperimentError(file: sourcePath, problem: .yaml("the file is empty"))
      }
      root = node
    } catch let error as ExperimentError {
      throw error
    } catch let error as YamlError {
      throw reader.yamlError(error)
    } catch {
      throw ExperimentError(file: sourcePath, problem: .yaml(String(describing: error)))
    }
    try reader.count(root)
    return try reader.experiment(root, baseDirectory: baseDirectory)
  }
}

extension Experiment {
  /// The absolute (or base-relative) path of an image named in the file.
  public func resolve(_ imagePath: String) -> String {
    imagePath.hasPrefix("/") ? imagePath : baseDirectory + "/" + imagePath
  }

  /// Checks that every image named exists and is a file.
  public func checkImagesExist() throws(ExperimentError) {
    for blot in blots {
      for path in [blot.image] + (blot.totalProteinImage.map { [$0] } ?? []) {
        var isDirectory: ObjCBool = false
        let full = resolve(path)
        if !FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
          || isDirectory.boolValue
        {
          throw ExperimentError(
            file: sourcePath, line: blot.line, problem: .missingImage(target: blot.target, path: full))
        }
      }
    }
  }
}

// MARK: - Walking the YAML tree

/// Turns Yams nodes into the experiment model, keeping line numbers for messages.
private struct NodeReader {
  let file: String

  init(file: String) { self.file = file }

  func error(_ node: Node?, _ problem: ExperimentError.Problem) -> ExperimentError {
    ExperimentError(file: file, line: node?.mark?.line, column: node?.mark?.column, problem: problem)
  }

  func yamlError(_ error: YamlError) -> ExperimentError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return ExperimentError(file: file, line: mark.line, column: mark.column, problem: .yaml(problem))
    default:
      return ExperimentError(file: file, problem: .yaml(String(describing: error)))
    }
  }

  /// Counts values after alias expansion, stopping as soon as the limit is passed.
  func count(_ root: Node) throws(ExperimentError) {
    var budget = ExperimentFile.nodeLimit
    var stack: [Node] = [root]
    while let node = stack.popLast() {
      budget -= 1
      if budget < 0 { throw error(root, .tooComplex(nodeLimit: ExperimentFile.nodeLimit)) }
      switch node {
      case .scalar, .alias: break
      case .sequence(let seq): stack.append(contentsOf: seq)
      case .mapping(let map):
        for (k, v) in map {
          stack.append(k)
          stack.append(v)
        }
      }
    }
  }

  // MARK: Typed accessors

  func typeName(_ node: Node) -> String {
    switch node {
    case .scalar(let s): return s.string.isEmpty ? "nothing" : "'\(s.string)'"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    case .alias: return "an alias"
    }
  }

  func pairs(_ node: Node, context: String, allowed: Set<String>) throws(ExperimentError)
    -> [(key: String, keyNode: Node, value: Node)]
  {
    guard case .mapping(let map) = node else { throw error(node, .notAMapping(context: context)) }
    var result: [(key: String, keyNode: Node, value: Node)] = []
    for (k, v) in map {
      guard case .scalar(let s) = k else { throw error(k, .notAMapping(context: context)) }
      if !allowed.contains(s.string) {
        throw error(
          k, .unknownKey(key: s.string, context: context, suggestion: closest(s.string, in: allowed)))
      }
      result.append((s.string, k, v))
    }
    return result
  }

  func string(_ node: Node, key: String) throws(ExperimentError) -> String {
    guard case .scalar(let s) = node, !s.string.isEmpty else {
      throw error(node, .wrongType(key: key, expected: "text", found: typeName(node)))
    }
    return s.string
  }

  func number(_ node: Node, key: String) throws(ExperimentError) -> Double {
    guard case .scalar(let s) = node, let v = Double(s.string.trimmingCharacters(in: .whitespaces)),
      v.isFinite
    else {
      throw error(node, .wrongType(key: key, expected: "a number", found: typeName(node)))
    }
    return v
  }

  func integer(_ node: Node, key: String) throws(ExperimentError) -> Int {
    guard case .scalar(let s) = node, let v = Int(s.string.trimmingCharacters(in: .whitespaces))
    else {
      throw error(node, .wrongType(key: key, expected: "a whole number", found: typeName(node)))
    }
    return v
  }

  func bool(_ node: Node, key: String) throws(ExperimentError) -> Bool {
    if case .scalar(let s) = node {
      switch s.string.lowercased() {
      case "true", "yes", "on": return true
      case "false", "no", "off": return false
      default: break
      }
    }
    throw error(node, .wrongType(key: key, expected: "true or false", found: typeName(node)))
  }

  func list(_ node: Node, key: String) throws(ExperimentError) -> [Node] {
    guard case .sequence(let seq) = node else {
      throw error(node, .wrongType(key: key, expected: "a list", found: typeName(node)))
    }
    return Array(seq)
  }

  func numbers(_ node: Node, key: String) throws(ExperimentError) -> [Double] {
    var out: [Double] = []
    for item in try list(node, key: key) { out.append(try number(item, key: key)) }
    return out
  }

  func strings(_ node: Node, key: String) throws(ExperimentError) -> [String] {
    var out: [String] = []
    for item in try list(node, key: key) { out.append(try string(item, key: key)) }
    return out
  }

  func choice<T: RawRepresentable>(_ node: Node, key: String, as: T.Type) throws(ExperimentError)
    -> T where T.RawValue == String, T: CaseIterable
  {
    let text = try string(node, key: key)
    if let value = T(rawValue: text) { return value }
    let all = T.allCases.map(\.rawValue)
    throw error(
      node,
      .invalidValue(key: key, value: text, reason: "choose one of " + all.joined(separator: ", ")))
  }

  // MARK: The experiment

  static let topKeys: Set<String> = [
    "title", "loading_control", "control_group", "lanes", "blots", "statistics",
    "normalization", "analysis",
  ]

  func experiment(_ root: Node, baseDirectory: String) throws(ExperimentError) -> Experiment {
    let items = try pairs(root, context: "the experiment", allowed: Self.topKeys)
    var title = ""
    var loadingControl: String?
    var controlGroup: String?
    var lanes: [LaneAssignment]?
    var lanesNode: Node?
    var blotNodes: [Node]?
    var statistics = StatisticsSpec()
    var normalization = Normalization.loadingControl
    var analysis = AnalysisParameters()
    for (key, _, value) in items {
      switch key {
      case "title": title = try string(value, key: key)
      case "loading_control": loadingControl = try string(value, key: key)
      case "control_group": controlGroup = try string(value, key: key)
      case "lanes":
        lanesNode = value
        lanes = try laneList(value, context: "lanes")
      case "blots": blotNodes = try list(value, key: key)
      case "statistics": statistics = try statisticsSpec(value)
      case "normalization": normalization = try choice(value, key: key, as: Normalization.self)
      case "analysis":
        analysis = try analysisParameters(
          pairs(value, context: "analysis", allowed: Self.analysisKeys), context: "analysis")
      default: break
      }
    }
    guard let loadingControl else {
      throw error(root, .missingKey(key: "loading_control", context: "the experiment"))
    }
    guard let controlGroup else {
      throw error(root, .missingKey(key: "control_group", context: "the experiment"))
    }
    guard let lanes, let lanesNode else {
      throw error(root, .missingKey(key: "lanes", context: "the experiment"))
    }
    guard let blotNodes, !blotNodes.isEmpty else {
      throw error(root, .missingKey(key: "blots", context: "the experiment"))
    }
    var blots: [BlotSpec] = []
    for (i, node) in blotNodes.enumerated() {
      blots.append(try blot(node, index: i + 1))
    }
    let experiment = Experiment(
      title: title, loadingControl: loadingControl, controlGroup: controlGroup, lanes: lanes,
      blots: blots, statistics: statistics, normalization: normalization, analysis: analysis,
      baseDirectory: baseDirectory, sourcePath: file)
    try check(experiment, root: root, lanesNode: lanesNode)
    return experiment
  }

  /// Cross-field rules: samples unique, groups known, loading control present, excluded
  /// samples exist, enough replicates for the test.
  func check(_ e: Experiment, root: Node, lanesNode: Node) throws(ExperimentError) {
    var seen = Set<String>()
    for sample in e.samples {
      if !seen.insert(sample.name).inserted {
        throw error(lanesNode, .duplicateSample(name: sample.name))
      }
    }
    let allSamples = e.samples + e.blots.flatMap { ($0.lanes ?? []).compactMap(\.sample) }
    if allSamples.isEmpty { throw error(lanesNode, .noSamples) }
    let groups = Set(allSamples.map(\.group))
    if !groups.contains(e.controlGroup) {
      throw error(root, .missingControlGroup(group: e.controlGroup, groups: e.groups.filter { groups.contains($0) }))
    }
    if !e.blots.contains(where: { $0.target == e.loadingControl }) && e.normalization != .totalProtein {
      throw error(root, .noLoadingControl(target: e.loadingControl))
    }
    let names = Set(allSamples.map(\.name))
    for blot in e.blots {
      for name in blot.exclude where !names.contains(name) {
        throw ExperimentError(
          file: file, line: blot.line, problem: .unknownSample(name: name, context: "blot \(blot.target) 'exclude'"))
      }
      if e.normalization == .totalProtein && blot.totalProteinImage == nil && blot.target != e.loadingControl {
        throw ExperimentError(
          file: file, line: blot.line,
          problem: .missingKey(key: "total_protein", context: "blot \(blot.target) (normalization: total-protein)"))
      }
    }
    // Replicates per group and target, before any band is measured.
    let needed = 2
    for target in e.targets where target != e.loadingControl {
      for group in e.groups {
        var n = 0
        for blot in e.blots where blot.target == target {
          n += e.layout(of: blot).compactMap(\.sample)
            .filter { $0.group == group && !blot.exclude.contains($0.name) }.count
        }
        if n < needed {
          let line = e.blots.first { $0.target == target }?.line
          throw ExperimentError(
            file: file, line: line,
            problem: .tooFewReplicates(
              target: target, group: group, n: n, needed: needed, test: e.statistics.test.displayName))
        }
      }
    }
  }

  // MARK: Lanes

  func laneList(_ node: Node, context: String) throws(ExperimentError) -> [LaneAssignment] {
    var result: [LaneAssignment] = []
    for item in try list(node, key: context) {
      let fields = try pairs(item, context: "a lane", allowed: ["sample", "group", "ladder", "empty"])
      var sample: String?
      var group: String?
      var ladder: [Double]?
      var empty = false
      for (key, _, value) in fields {
        switch key {
        case "sample": sample = try string(value, key: key)
        case "group": group = try string(value, key: key)
        case "ladder": ladder = try numbers(value, key: key)
        case "empty": empty = try bool(value, key: key)
        default: break
        }
      }
      let kinds = (sample != nil ? 1 : 0) + (ladder != nil ? 1 : 0) + (empty ? 1 : 0)
      if kinds != 1 {
        throw error(
          item,
          .invalidValue(
            key: "lane", value: fields.map(\.key).joined(separator: ", "),
            reason: "a lane is exactly one of {sample, group}, {ladder: [kDa...]} or {empty: true}"))
      }
      if let sample {
        guard let group else { throw error(item, .missingKey(key: "group", context: "lane '\(sample)'")) }
        result.append(.sample(Sample(name: sample, group: group)))
      } else if let ladder {
        if ladder.isEmpty || ladder.contains(where: { $0 <= 0 }) {
          throw error(item, .invalidValue(key: "ladder", value: "\(ladder)", reason: "kDa values must be positive"))
        }
        result.append(.ladder(ladder))
      } else {
        result.append(.empty)
      }
    }
    if result.isEmpty { throw error(node, .noSamples) }
    return result
  }

  // MARK: Blots

  static let analysisKeys: Set<String> = [
    "polarity", "signal", "baseline", "baseline_radius", "background", "background_radius",
    "saturation_threshold", "gray", "orientation",
  ]
  static let blotKeys: Set<String> = Set([
    "target", "image", "kDa", "kda", "region", "lanes", "lane_centers", "lane_width",
    "lane_extents", "exclude", "band", "total_protein", "gel", "page",
  ]).union(analysisKeys)

  func blot(_ node: Node, index: Int) throws(ExperimentError) -> BlotSpec {
    let context = "blot \(index)"
    let fields = try pairs(node, context: context, allowed: Self.blotKeys)
    var spec = BlotSpec(target: "", image: "", line: node.mark?.line)
    var target: String?
    var image: String?
    var centers: [Double]?
    var width: Double?
    var analysisFields: [(key: String, keyNode: Node, value: Node)] = []
    for field in fields {
      let (key, _, value) = field
      switch key {
      case "target": target = try string(value, key: key)
      case "image": image = try string(value, key: key)
      case "kDa", "kda":
        let v = try number(value, key: key)
        if v <= 0 { throw error(value, .invalidValue(key: key, value: "\(v)", reason: "must be positive")) }
        spec.kDa = v
      case "region":
        let v = try numbers(value, key: key)
        guard v.count == 4, v.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }), v[2] > 0, v[3] > 0 else {
          throw error(
            value,
            .invalidValue(key: key, value: "\(v)", reason: "give [x, y, width, height] in whole pixels, width and height > 0"))
        }
        spec.region = PixelRegion(x: Int(v[0]), y: Int(v[1]), width: Int(v[2]), height: Int(v[3]))
      case "lanes":
        if case .scalar = value {
          let n = try integer(value, key: key)
          if n < 1 { throw error(value, .invalidValue(key: key, value: "\(n)", reason: "must be at least 1")) }
          spec.laneGeometry = .count(n)
        } else {
          spec.lanes = try laneList(value, context: "\(context) lanes")
        }
      case "lane_centers": centers = try numbers(value, key: key)
      case "lane_width":
        let v = try number(value, key: key)
        if v <= 0 { throw error(value, .invalidValue(key: key, value: "\(v)", reason: "must be positive")) }
        width = v
      case "lane_extents":
        var extents: [ClosedRange<Double>] = []
        for item in try list(value, key: key) {
          let pair = try numbers(item, key: key)
          guard pair.count == 2, pair[0] < pair[1] else {
            throw error(item, .invalidValue(key: key, value: "\(pair)", reason: "each lane is [left, right] with left < right"))
          }
          extents.append(pair[0]...pair[1])
        }
        spec.laneGeometry = .extents(extents)
      case "exclude": spec.exclude = try strings(value, key: key)
      case "band":
        let band = try pairs(value, context: "\(context) band", allowed: ["y"])
        for (bkey, _, bvalue) in band where bkey == "y" {
          let v = try numbers(bvalue, key: "band y")
          guard v.count == 2, v[0] < v[1] else {
            throw error(bvalue, .invalidValue(key: "band y", value: "\(v)", reason: "give [top, bottom] with top < bottom"))
          }
          spec.bandWindow = v[0]...v[1]
        }
      case "total_protein": spec.totalProteinImage = try string(value, key: key)
      case "gel": spec.gel = try string(value, key: key)
      case "page":
        let p = try integer(value, key: key)
        if p < 0 { throw error(value, .invalidValue(key: key, value: "\(p)", reason: "pages are numbered from 0")) }
        spec.page = p
      default: analysisFields.append(field)
      }
    }
    guard let target else { throw error(node, .missingKey(key: "target", context: context)) }
    guard let image else { throw error(node, .missingKey(key: "image", context: "\(context) (\(target))")) }
    spec.target = target
    spec.image = image
    if let centers {
      if centers.isEmpty { throw error(node, .invalidValue(key: "lane_centers", value: "[]", reason: "list at least one centre")) }
      spec.laneGeometry = .centers(centers, width: width)
    }
    spec.analysis = try analysisParameters(analysisFields, context: context)
    return spec
  }

  func analysisParameters(_ fields: [(key: String, keyNode: Node, value: Node)], context: String)
    throws(ExperimentError) -> AnalysisParameters
  {
    var p = AnalysisParameters()
    for (key, _, value) in fields {
      if let allowed = AnalysisParameters.choices[key] {
        let text = try string(value, key: key)
        guard allowed.contains(text) else {
          throw error(value, .invalidValue(key: key, value: text, reason: "choose one of " + allowed.joined(separator: ", ")))
        }
        switch key {
        case "polarity": p.polarity = text
        case "signal": p.signal = text
        case "baseline": p.baseline = text
        case "background": p.background = text
        case "orientation": p.orientation = text
        default: p.gray = text
        }
        continue
      }
      let v = try number(value, key: key)
      switch key {
      case "baseline_radius", "background_radius":
        if v <= 0 { throw error(value, .invalidValue(key: key, value: "\(v)", reason: "a radius must be positive")) }
        if key == "baseline_radius" { p.baselineRadius = v } else { p.backgroundRadius = v }
      case "saturation_threshold":
        if !(0...1).contains(v) {
          throw error(value, .invalidValue(key: key, value: "\(v)", reason: "a fraction between 0 and 1"))
        }
        p.saturationThreshold = v
      default: break
      }
    }
    return p
  }

  // MARK: Statistics

  func statisticsSpec(_ node: Node) throws(ExperimentError) -> StatisticsSpec {
    var spec = StatisticsSpec()
    let fields = try pairs(
      node, context: "statistics", allowed: ["test", "correction", "error_bars", "include_saturated"])
    for (key, _, value) in fields {
      switch key {
      case "test": spec.test = try choice(value, key: key, as: StatisticsSpec.Test.self)
      case "correction": spec.correction = try choice(value, key: key, as: StatisticsSpec.Correction.self)
      case "error_bars": spec.errorBars = try choice(value, key: key, as: StatisticsSpec.ErrorBars.self)
      case "include_saturated": spec.includeSaturated = try bool(value, key: key)
      default: break
      }
    }
    return spec
  }
}

extension StatisticsSpec.Test {
  /// The name used in messages and outputs.
  public var displayName: String {
    switch self {
    case .student: return "Student's t-test"
    case .welch: return "Welch's t-test"
    case .twoWayANOVA: return "two-way ANOVA"
    }
  }
}

/// The allowed word nearest to `word` (edit distance ≤ 2, or a case-insensitive match).
func closest(_ word: String, in candidates: Set<String>) -> String? {
  func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
  let w = Array(word.lowercased())
  let scored = candidates.sorted().map { ($0, distance(w, Array($0.lowercased()))) }
  guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
  return best.0
}
