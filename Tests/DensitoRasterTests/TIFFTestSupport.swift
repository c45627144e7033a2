import Foundation
import Testing

@testable import DensitoRaster

/// Fixtures and helpers of the TIFF specs.
enum TIFFFixtures {
  /// `TestImages/tiff/`.
  static let folder = TestPaths.testImages.appendingPathComponent("tiff")

  /// The shared data folder (see `TestPaths.shared`); nil: shared-data specs skip.
  static let shared: URL? = TestPaths.shared

  static var hasShared: Bool { shared != nil }

  /// Bytes of a reference entry's file ("synthetic/...", "conformance/...", "realscans/..."),
  /// nil when it lives in the absent shared folder.
  static func bytes(of name: String) throws -> [UInt8]? {
    let url: URL
    if name.hasPrefix("synthetic/") {
      url = folder.appendingPathComponent(name)
    } else if let shared {
      url = shared.appendingPathComponent(name)
    } else {
      return nil
    }
    return [UInt8](try Data(contentsOf: url))
  }

  static func shared(_ relative: String) throws -> [UInt8]? {
    guard let shared else { return nil }
    return [UInt8](try Data(contentsOf: shared.appendingPathComponent(relative)))
  }

  static func synthetic(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: folder.appendingPathComponent("synthetic/" + name)))
  }

  /// `TestImages/tiff/tiff-reference.json`, written by scripts/reference/tiff-reference.py
  /// (tifffile + imagecodecs; versions recorded in the file).
  static let reference: TIFFReference = {
    let url = folder.appendingPathComponent("tiff-reference.json")
    guard let data = try? Data(contentsOf: url),
      let decoded = try? JSONDecoder().decode(TIFFReference.self, from: data)
    else { fatalError("cannot read \(url.path)") }
    return decoded
  }()
}

/// The reference file's layout.
struct TIFFReference: Decodable {
  struct Page: Decodable {
    var page: Int
    var width: Int
    var height: Int
    var bitDepth: Int
    var maxValue: Double
    var lossy: Bool
    var mean: Double
    var min: Double?
    var max: Double?
    var sha256: String?
  }
  struct File: Decodable, CustomTestStringConvertible {
    var file: String
    var unsupported: String?
    var pageCount: Int?
    var pages: [Page]?
    var testDescription: String { file }
  }
  /// What tifffile reads from the files TIFFEncoder wrote (TestImages/tiff/encoder/).
  struct Golden: Decodable {
    var file: String
    var sha256: String
    /// The values equal the formula of `TIFFEncoderGoldenSpec.image` after the layout's
    /// rounding and clamping, as computed by the script.
    var matchesFormula: Bool
  }
  var tools: [String: String]
  var jpegMeanTolerance: Double
  var files: [File]
  var encoderGolden: [Golden]?
}


/// Runs `body` on another thread and reports whether it finished within `seconds`
/// (the time guard of the IFD-loop specs: a hang fails the spec instead of the run).
func finishes(within seconds: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
  let done = DispatchSemaphore(value: 0)
  Thread.detachNewThread {
    body()
    done.signal()
  }
  return done.wait(timeout: .now() + seconds) == .success
}
