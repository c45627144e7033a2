import DensitoRaster
import Foundation

/// Decides whether an experiment of a batch can be skipped on a re-run.
///
/// An experiment is unchanged when its output folder holds an `analysis.json` (written last,
/// so its presence means the whole set was written) that reads as a current-format record,
/// whose recorded experiment text equals the file's text now (byte for byte, compared by
/// SHA-256 and by text), whose tool version equals this one, and whose recorded images all
/// still have their recorded SHA-256 (resolved against the experiment file's folder now).
/// Anything else - a missing or unreadable record, a changed byte anywhere - means re-run.
public enum BatchFreshness {
  /// The recorded analysis when the experiment is unchanged, else nil.
  public static func unchangedRecord(
    experimentPath: String, outputFolder: String, version: String
  ) -> AnalysisRecord? {
    let recordPath = outputFolder + "/analysis.json"
    guard FileManager.default.fileExists(atPath: recordPath),
      let record = try? AnalysisRecord.read(atPath: recordPath),
      record.version == version,
      let data = FileManager.default.contents(atPath: experimentPath),
      let text = String(data: data, encoding: .utf8),
      record.experimentSHA256 == SHA256.hex(of: Array(text.utf8)),
      record.experimentText == text
    else { return nil }
    let base = URL(fileURLWithPath: experimentPath).deletingLastPathComponent().path
    for image in record.images {
      let full = image.path.hasPrefix("/") ? image.path : base + "/" + image.path
      guard let bytes = FileManager.default.contents(atPath: full),
        SHA256.hex(of: [UInt8](bytes)) == image.sha256
      else { return nil }
    }
    return record
  }
}
