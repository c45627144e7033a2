import DensitoExperiment
import Foundation

/// Writes a set of output files into a folder all or nothing (a hidden staging folder,
/// then renames; see `BatchOutputFolder`), after all of them have been produced in memory:
/// a failed or interrupted run leaves the previous files intact and no partial new ones.
struct OutputDirectory {
  let path: String

  /// Creates the folder (and parents) when missing.
  init(path: String) throws(BatchError) {
    self.path = path
    try BatchOutputFolder.write([], into: path)
  }

  func write(_ files: [(name: String, bytes: [UInt8])]) throws(BatchError) {
    try BatchOutputFolder.write(files, into: path)
  }
}
