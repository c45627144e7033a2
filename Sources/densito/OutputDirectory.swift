import DensitoExperiment
import DensitoRaster
import Foundation

/// Writes a set of output files into a folder all or nothing (a hidden staging folder,
/// then renames; see `BatchOutputFolder`), after all of them have been produced in memory:
/// a failed or interrupted run leaves the previous files intact and no partial new ones.
///
/// Every output of the CLI goes through `write(_:into:)` or `writeFile(_:toPath:)`: they
/// first remove temporaries that a killed run left in the folder (`StaleTemporaries`), and
/// run the write inside `Interruption.committing`, so that SIGINT/SIGTERM waits for it.
struct OutputDirectory {
  let path: String

  /// Creates the folder (and parents) when missing.
  init(path: String) throws(BatchError) {
    self.path = path
    try Self.write([], into: path)
  }

  func write(_ files: [(name: String, bytes: [UInt8])]) throws(BatchError) {
    try Self.write(files, into: path)
  }

  /// Fails early, before any work, when `folder` could not be written: it (or its nearest
  /// existing parent, when missing) is not a folder or not writable by this user. Creates
  /// nothing. The message is the one the write itself would give.
  static func checkWritable(_ folder: String) throws(BatchError) {
    let missing = Interruption.missingFolders(folder)
    var current = missing.first.map { ($0 as NSString).deletingLastPathComponent }
      ?? (folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder)
    if current.isEmpty { current = "/" }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: current, isDirectory: &isDirectory) else { return }
    if !isDirectory.boolValue {
      if missing.isEmpty { throw BatchError("\(folder): cannot write: exists and is not a folder") }
      return  // a parent is a file: the write names it
    }
    if access(current, W_OK | X_OK) != 0 {
      throw BatchError("\(folder): cannot write: \(String(cString: strerror(errno)))")
    }
  }

  /// Writes `files` into `folder` (created with its parents when missing) all or nothing.
  static func write(_ files: [(name: String, bytes: [UInt8])], into folder: String) throws(BatchError) {
    try Interruption.committing { () throws(BatchError) in
      Interruption.willCreate(Interruption.missingFolders(folder))
      StaleTemporaries.sweep(folder)
      try BatchOutputFolder.write(files, into: folder)
    }
  }

  /// Writes one file atomically (temporary beside it, fsync, rename).
  static func writeFile(_ bytes: [UInt8], toPath path: String) throws(ImageFileError) {
    try Interruption.committing { () throws(ImageFileError) in
      StaleTemporaries.sweep(besideFile: path)
      try FileIO.writeAtomically(bytes, toPath: path)
    }
  }

  /// Writes one file atomically with `write` (e.g. `TIFFEncoder.write`, which streams a large
  /// image to its temporary file), with the same sweep and interruption guard.
  static func writeFile(
    toPath path: String, _ write: (String) throws(ImageFileError) -> Void
  ) throws(ImageFileError) {
    try Interruption.committing { () throws(ImageFileError) in
      StaleTemporaries.sweep(besideFile: path)
      try write(path)
    }
  }
}
