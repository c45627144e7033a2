import Foundation

/// One experiment of a batch run.
///
/// - `path`: the experiment file as found (the PATH given, joined with the path below it).
/// - `key`: a stable name for it, `<last component of the PATH given>/<path below it>`
///   (`demo/experiment.yaml`), or the file name alone when a file itself was given. It is
///   the `experiment` column of `summary.csv` and the order of the batch (byte-wise).
/// - `outputFolder`: `key` without its extension (`demo/experiment`): the folder, under the
///   batch's `--out`, that receives this experiment's files.
public struct BatchItem: Sendable, Equatable, Hashable {
  public var path: String
  public var key: String
  public var outputFolder: String

  public init(path: String, key: String) {
    self.path = path
    self.key = key
    let ext = (key as NSString).pathExtension
    outputFolder = ext.isEmpty ? key + ".out" : String(key.dropLast(ext.count + 1))
  }
}

/// Why a batch cannot start (a usage or input/output problem: exit status 2).
public struct BatchError: Error, Equatable, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Finds the experiment files of a batch.
///
/// Discovery rule (Docs/batch.md):
/// - A PATH that is a file is always an experiment (whatever its name): a file named
///   explicitly that is not an experiment is a failure of that experiment, not ignored.
/// - A PATH that is a folder is walked recursively (symbolic links are not followed into
///   folders; hidden files and folders, whose name starts with `.`, are skipped). A file in it
///   is an experiment when its name ends in `.yaml`, `.yml` or `.json` (any case), it is not
///   named `analysis.json` (Densito's own output), and its text has a top-level
///   `loading_control` key (`looksLikeExperiment`) - the one key every experiment file must
///   have and that no other Densito file has. Other files are counted as ignored.
/// - The batch's own output folder is never searched.
public enum BatchDiscovery {
  public static let extensions: Set<String> = ["yaml", "yml", "json"]

  /// The experiments found under `paths`, sorted by key, with the number of candidate files
  /// (right extension) that were ignored because they are not experiments.
  public static func find(_ paths: [String], excluding excluded: String? = nil)
    throws(BatchError) -> (items: [BatchItem], ignored: [String])
  {
    let fm = FileManager.default
    var items: [BatchItem] = []
    var ignored: [String] = []
    let excludedPath = excluded.map { standardized($0) }
    for given in paths {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: given, isDirectory: &isDirectory) else {
        throw BatchError("\(given): no such file or folder")
      }
      let root = standardized(given)
      let rootName = (root as NSString).lastPathComponent
      if !isDirectory.boolValue {
        items.append(BatchItem(path: given, key: rootName))
        continue
      }
      guard let relatives = fm.subpathsOfDirectoryIfReadable(root) else {
        throw BatchError("\(given): cannot list the folder")
      }
      for relative in relatives.sorted() {
        let components = relative.split(separator: "/")
        if components.contains(where: { $0.hasPrefix(".") }) { continue }
        let full = root + "/" + relative
        if let excludedPath, full == excludedPath || full.hasPrefix(excludedPath + "/") { continue }
        let name = (relative as NSString).lastPathComponent
        guard extensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
        let shown = given.hasSuffix("/") ? given + relative : given + "/" + relative
        if name.lowercased() == "analysis.json" {
          ignored.append(shown)
          continue
        }
        guard let data = fm.contents(atPath: full), looksLikeExperiment(data) else {
          ignored.append(shown)
          continue
        }
        items.append(BatchItem(path: shown, key: rootName + "/" + relative))
      }
    }
    items.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    try checkDistinct(items)
    return (items, ignored)
  }

  /// Whether a file's bytes hold a top-level `loading_control` key (YAML block or flow
  /// style, or JSON). Only a cheap textual test: the file is parsed properly later, and a
  /// file that passes this test but does not parse is reported as a failed experiment.
  public static func looksLikeExperiment(_ data: Data) -> Bool {
    guard let text = String(data: data, encoding: .utf8) else { return false }
    return text.range(of: #"(^|[\s{,])["']?loading_control["']?\s*:"#, options: .regularExpression) != nil
  }

  /// Two experiments may not share a key or an output folder (`a.yaml` and `a.json` in one
  /// folder, or the same file given twice).
  static func checkDistinct(_ items: [BatchItem]) throws(BatchError) {
    var seen: [String: BatchItem] = [:]
    for item in items {
      if let other = seen[item.outputFolder] {
        throw BatchError(
          "\(other.path) and \(item.path) would share the output folder '\(item.outputFolder)': rename one or run them separately")
      }
      seen[item.outputFolder] = item
    }
  }

  static func standardized(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return URL(fileURLWithPath: absolute).standardizedFileURL.path
  }
}

extension FileManager {
  /// Every path below `root` (relative), or nil when `root` cannot be listed.
  fileprivate func subpathsOfDirectoryIfReadable(_ root: String) -> [String]? {
    try? subpathsOfDirectory(atPath: root)
  }
}

/// `--shard I/N`: the I-th of N disjoint parts of a batch (I from 1 to N). Experiment
/// number k (0-based, in key order) belongs to shard `k % N + 1`, so every shard gets
/// every N-th experiment, the shards together cover the batch exactly once, and the split
/// depends only on the sorted list of experiments, not on the machine.
public struct BatchShard: Sendable, Equatable {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) throws(BatchError) {
    guard count >= 1, (1...count).contains(index) else {
      throw BatchError("--shard \(index)/\(count): expected I/N with 1 <= I <= N")
    }
    self.index = index
    self.count = count
  }

  /// Parses `I/N`.
  public init(parsing text: String) throws(BatchError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
      throw BatchError("--shard '\(text)': expected I/N, e.g. 2/8 (the 2nd of 8 shards)")
    }
    try self.init(index: i, count: n)
  }

  public func select<T>(_ items: [T]) -> [T] {
    items.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
  }
}
