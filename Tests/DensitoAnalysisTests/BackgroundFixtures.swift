import Foundation
import DensitoRaster
@testable import DensitoAnalysis

/// The ImageJ 1.53t reference fixtures in TestImages/background/ (made by
/// scripts/reference/background-make-fixtures.py): inputs and ImageJ's results as raw
/// little-endian Float32, listed in fixtures.json.
struct BackgroundFixtures {
  struct Input: Decodable {
    let file: String
    let width: Int
    let height: Int
    let bits: Int
    let description: String
  }

  struct Case: Decodable, CustomStringConvertible, Sendable {
    let input: String
    let file: String
    let radius: Double
    /// The ImageJ macro options, e.g. "rolling=50 light sliding disable create".
    let options: String
    let command: String

    var description: String { file }

    var keywords: Set<String> { Set(options.split(separator: " ").map(String.init)) }

    /// The Densito options equivalent to ImageJ's.
    var backgroundOptions: BackgroundOptions {
      let k = keywords
      return BackgroundOptions(
        method: k.contains("sliding")
          ? .slidingParaboloid(radius: radius) : .rollingBall(radius: radius),
        algorithm: .imagej,
        lightBackground: k.contains("light"),
        smoothing: k.contains("disable") ? .disabled : .mean3x3,
        output: k.contains("create") ? .background : .subtracted)
    }
  }

  struct Manifest: Decodable {
    let tool: String
    let inputs: [String: Input]
    let cases: [Case]
  }

  let directory: URL
  let manifest: Manifest

  /// The committed fixtures, or the folder named by `DENSITO_BACKGROUND_FIXTURES` (e.g. the
  /// full set made with `background-make-fixtures.py --full DIR`).
  static let shared: BackgroundFixtures? = {
    let env = ProcessInfo.processInfo.environment["DENSITO_BACKGROUND_FIXTURES"]
    let dir = env.map { URL(fileURLWithPath: $0) }
      ?? TestPaths.testImages.appendingPathComponent("background")
    guard let data = try? Data(contentsOf: dir.appendingPathComponent("fixtures.json")),
      let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
    else { return nil }
    return BackgroundFixtures(directory: dir, manifest: manifest)
  }()

  static var cases: [Case] { shared?.manifest.cases ?? [] }

  func floats(_ file: String) throws -> [Float] {
    let data = try Data(contentsOf: directory.appendingPathComponent(file))
    return data.withUnsafeBytes { raw in
      (0..<(data.count / 4)).map { i in
        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i,
                                                                   as: UInt32.self)))
      }
    }
  }

  func image(_ name: String) throws -> GrayImage {
    guard let input = manifest.inputs[name] else {
      throw CocoaError(.fileNoSuchFile)
    }
    return GrayImage(
      width: input.width, height: input.height,
      maxValue: input.bits == 8 ? 255 : 65535, samples: try floats(input.file))
  }
}
