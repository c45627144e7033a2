import Foundation
import Testing

@testable import DensitoRaster

/// Shared helpers of the PNG and JPEG specs: where the shared test data lives, the
/// reference fixtures, and a SHA-256 of rasters.
enum PNGJPEGTestData {
  /// The shared data folder (see `TestPaths.shared`); nil: shared-data specs skip.
  static let shared: URL? = TestPaths.shared

  static var hasShared: Bool { shared != nil }

  /// The bytes of a file under the shared folder, by its path relative to it.
  static func sharedBytes(_ relativePath: String) throws -> [UInt8] {
    let root = try #require(shared)
    return try [UInt8](Data(contentsOf: root.appendingPathComponent(relativePath)))
  }

  /// Relative paths of every file below `folder` (under shared) with the extension.
  static func sharedFiles(in folder: String, ext: String) -> [String] {
    guard let root = shared else { return [] }
    let base = root.appendingPathComponent(folder)
    guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix("." + ext) }
      .map { folder + "/" + $0 }.sorted()
  }

  /// `TestImages/codecs/<name>`.
  static func fixtureURL(_ name: String) -> URL {
    TestPaths.testImages.appendingPathComponent("codecs").appendingPathComponent(name)
  }

  static func fixtureBytes(_ name: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: fixtureURL(name)))
  }

  /// The `files` object of a reference fixture, keyed by path relative to shared
  /// (empty when the fixture cannot be read, which the specs then report).
  static func referenceEntries<Entry: Decodable>(_ fixture: String, as: Entry.Type)
    -> [String: Entry]
  {
    guard let data = try? Data(contentsOf: fixtureURL(fixture)),
      let decoded = try? JSONDecoder().decode(PNGJPEGReferenceFixture<Entry>.self, from: data)
    else { return [:] }
    return decoded.files
  }

  /// Lowercase hex SHA-256 of the samples as little-endian Float32, row-major: the
  /// raster digest the reference scripts write.
  static func rasterDigest(_ samples: [Float]) -> String {
    SHA256.hex(ofFloat32: samples)
  }
}

/// A reference fixture: its header fields are for people; `files` is what specs read.
struct PNGJPEGReferenceFixture<Entry: Decodable>: Decodable {
  var files: [String: Entry]
}

/// One file of TestImages/codecs/png-reference.json (values from pypng).
struct PNGReferenceEntry: Decodable, Sendable {
  var width: Int
  var height: Int
  var bitDepth: Int
  var colorType: Int
  var interlaced: Bool
  var hasTRNS: Bool
  var sha256: String
  var min: Double
  var max: Double
  var mean: Double
  /// [row, column, expected gray value]
  var pixels: [[Double]]
  var rgba: RGBA?

  /// Raw 16-bit channels of the gel scan.
  struct RGBA: Decodable, Sendable {
    var rgbEqualEverywhere: Bool
    var medianRed: Double
    /// [row, column, R, G, B, A]
    var pixels: [[Int]]
  }
}

/// One file of TestImages/codecs/jpeg-reference.json (values from Pillow).
struct JPEGReferenceEntry: Decodable, Sendable {
  var width: Int
  var height: Int
  var mode: String
  var progressive: Bool
  var jfifUnit: Int?
  var jfifDensity: [Double]
  var sha256: String
  var min: Double
  var max: Double
  var mean: Double
}

