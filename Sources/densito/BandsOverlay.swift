import ArgumentParser
import DensitoExperiment
import DensitoRaster
import DensitoReport
import Foundation

/// `densito bands --overlay F`: the report's overlay picture for a single scan.
extension BlotOptions {
  /// Rejects an overlay path that cannot be written before any work starts: it must end in
  /// `.png`, must not be a folder, and its folder must exist.
  static func validateOverlayPath(_ path: String) throws {
    guard path.lowercased().hasSuffix(".png") else {
      throw ValidationError("--overlay writes a PNG picture: give a file name ending in .png (got '\(path)')")
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ValidationError("--overlay '\(path)' is a folder: give a file name ending in .png")
    }
    let parent = (path as NSString).deletingLastPathComponent
    let folder = parent.isEmpty ? "." : parent
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
      throw ValidationError("--overlay '\(path)': the folder '\(folder)' does not exist (create it first)")
    }
    guard isDirectory.boolValue else {
      throw ValidationError("--overlay '\(path)': '\(folder)' is a file, not a folder")
    }
  }

  /// Re-analyses `decoded` with the command's options keeping every lane's geometry, draws
  /// the overlay and writes it atomically (nothing is left behind on failure).
  func writeOverlay(
    _ decoded: GrayImage, spec: BlotSpec, parameters: AnalysisParameters, to path: String
  ) throws {
    let data: BlotPictureData
    do {
      data = try BlotPictureData(image: decoded, path: image, spec: spec, parameters: parameters)
    } catch {
      throw CommandError("\(image): cannot draw the overlay: \(error)")
    }
    try FileIO.writeAtomically(try BlotOverlay(data).png(), toPath: path)
  }
}
