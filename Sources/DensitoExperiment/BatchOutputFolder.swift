import DensitoRaster
import Foundation

/// Writes a set of files into a folder all or nothing.
///
/// Every file is first written (and fsync'ed) into a hidden staging folder inside the
/// target, `.densito-staging-<pid>-<random>/`; only when all of them are complete are they
/// renamed into place, one `rename(2)` each (atomic, and it needs no free space on the same
/// file system). When any write fails - a full disk, a quota, an I/O error - the staging
/// folder is removed, so no new file appears and every previous file is intact; a target
/// folder this call created is removed again if it is still empty. The message names the
/// file that could not be written and why (`strerror`).
///
/// The command line holds SIGINT and SIGTERM back while a set is being written (see
/// `Interruption.swift` in `densito`), so an interrupted run never leaves a mix of old and
/// new files; only a hard kill (SIGKILL) between two renames could, and `analysis.json` is
/// the last file so that its presence means the whole set was written. A staging folder
/// left by a killed process is removed by the next write into the same folder.
public enum BatchOutputFolder {
  public static func write(_ files: [(name: String, bytes: [UInt8])], into given: String)
    throws(BatchError)
  {
    let fm = FileManager.default
    // Work on the absolute path (parents of a relative one are found by walking up), but
    // name the folder as given in messages.
    let folder = BatchDiscovery.standardized(given)
    var isDirectory: ObjCBool = false
    var created: String?
    if fm.fileExists(atPath: folder, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw BatchError("\(given): cannot write: exists and is not a folder")
      }
    } else {
      created = try createFolder(folder, shownAs: given)
    }
    let staging = folder + "/.densito-staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    func cleanUp() {
      try? fm.removeItem(atPath: staging)
      if let created { removeEmptyFolders(from: folder, upTo: created) }
    }
    if mkdir(staging, 0o755) != 0 {
      let why = String(cString: strerror(errno))
      cleanUp()
      throw BatchError("\(given): cannot write: \(why)")
    }
    for file in files {
      do {
        try FileIO.writeAtomically(file.bytes, toPath: staging + "/" + file.name)
      } catch {
        cleanUp()
        throw BatchError("\(given)/\(file.name): cannot write: \(reason(error))")
      }
    }
    for file in files where rename(staging + "/" + file.name, folder + "/" + file.name) != 0 {
      let why = String(cString: strerror(errno))
      cleanUp()
      throw BatchError("\(given)/\(file.name): cannot write: \(why)")
    }
    try? fm.removeItem(atPath: staging)
  }

  /// Creates `folder` (absolute) and missing parents; returns the topmost folder created.
  static func createFolder(_ folder: String, shownAs given: String) throws(BatchError) -> String {
    let fm = FileManager.default
    var missing: [String] = []
    var current = folder
    while current.count > 1, !fm.fileExists(atPath: current) {
      missing.append(current)
      current = (current as NSString).deletingLastPathComponent
    }
    var isDirectory: ObjCBool = false
    if !current.isEmpty, fm.fileExists(atPath: current, isDirectory: &isDirectory), !isDirectory.boolValue {
      let parent = given.hasPrefix("/") ? current : shownRelative(current, of: folder, given: given)
      throw BatchError("\(given): cannot write: \(parent) is a file, not a folder")
    }
    for path in missing.reversed() where mkdir(path, 0o755) != 0 && errno != EEXIST {
      let why = String(cString: strerror(errno))
      if let top = missing.last { removeEmptyFolders(from: folder, upTo: top) }
      throw BatchError("\(given): cannot write: \(why)")
    }
    return missing.last ?? folder
  }

  /// `path` (an absolute parent of `folder`) written relative like `given`, when it can be.
  static func shownRelative(_ path: String, of folder: String, given: String) -> String {
    let depth = folder.split(separator: "/").count - path.split(separator: "/").count
    let parts = given.split(separator: "/")
    guard depth >= 0, depth < parts.count else { return path }
    return parts.dropLast(depth).joined(separator: "/")
  }

  /// Removes `folder` and its parents up to and including `top` while they are empty.
  static func removeEmptyFolders(from folder: String, upTo top: String) {
    var current = folder
    while current.hasPrefix(top) {
      if rmdir(current) != 0 { return }
      if current == top { return }
      current = (current as NSString).deletingLastPathComponent
    }
  }

  static func reason(_ error: ImageFileError) -> String {
    if case .cannotWrite(let why) = error.reason { return why }
    return String(describing: error)
  }
}
