import Foundation
import Testing
import DensitoRaster
@testable import DensitoAnalysis

/// The exact variant against an independent implementation of the grayscale opening:
/// scipy.ndimage grey_erosion + grey_dilation with the same non-flat ball and paraboloid
/// (TestImages/background/scipy-opening.json, made by
/// scripts/reference/background-scipy-opening.py; tool versions inside).
///
/// scipy keeps the element's centres inside the image while Densito lets them run ⌊r⌋
/// pixels outside, so pixels nearer than 2⌊r⌋ + 1 to an edge are not compared. Tolerance
/// 1e-3: scipy works in Double, Densito's ball in Float (values ≤ 150, ulp ≈ 1.5e-5, a few
/// roundings) and its paraboloid in Double rounded to Float.
@Suite struct BackgroundScipyTests {
  struct Reference: Decodable {
    let tool: String
    let width: Int
    let height: Int
    let radius: Double
    let interior: Int
    let input: [Double]
    let ball: [Double]
    let paraboloid: [Double]
  }

  static let reference: Reference? = {
    let url = TestPaths.testImages.appendingPathComponent("background/scipy-opening.json")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? JSONDecoder().decode(Reference.self, from: data)
  }()

  @Test("exact opening matches scipy.ndimage", arguments: ["ball", "paraboloid"])
  func matchesScipy(method: String) throws {
    let ref = try #require(Self.reference)
    let image = GrayImage(
      width: ref.width, height: ref.height, maxValue: 255, samples: ref.input.map { Float($0) })
    let shape: BackgroundOptions.Method =
      method == "ball" ? .rollingBall(radius: ref.radius) : .slidingParaboloid(radius: ref.radius)
    let bg = try background(of: image, options: .init(method: shape, algorithm: .exact))
    let expected = method == "ball" ? ref.ball : ref.paraboloid
    var worst = 0.0
    for y in ref.interior..<(ref.height - ref.interior) {
      for x in ref.interior..<(ref.width - ref.interior) {
        let i = y * ref.width + x
        worst = max(worst, abs(Double(bg.samples[i]) - expected[i]))
      }
    }
    #expect(worst <= 1e-3, "\(method): max |Densito − scipy| = \(worst) (\(ref.tool))")
  }
}
