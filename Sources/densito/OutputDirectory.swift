import DensitoRaster
import Foundation

/// Writes a set of output files into a folder, each atomically (temporary file + rename),
/// after all of them have been produced in memory: a failed or interrupted run leaves the
/// previous files intact.
struct OutputDirectory {
  let path: String

  /// Creates the folder (and parents) when missing.
  init(path: String) throws(ImageFileError) {
    self.path = path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      if !isDirectory.boolValue { throw ImageFileError(path: path, reason: .cannotWrite("exists and is not a folder")) }
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw ImageFileError(path: path, reason: .cannotWrite((error as NSError).localizedDescription))
    }
  }

  func write(_ files: [(name: String, bytes: [UInt8])]) throws(ImageFileError) {
    for file in files {
      try FileIO.writeAtomically(file.bytes, toPath: path + "/" + file.name)
    }
  }
}
