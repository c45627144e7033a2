import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// The automatic detector limit of floating-point images: the end of the file's scale only
/// when every sample lies on [0, maxValue]. A background-subtracted float image (what
/// `densito background` writes: bands on a background near 0, noise on both sides of it) has
/// no detector limit, so its pixels at or below 0 do not make bands "saturated"; a float
/// image on its scale with bands clipped at the top is flagged as an integer one is.
@Suite struct FloatDetectorLimitSpec {
  /// The 16-bit blot of `ClippedBandSpec` at `factor` × full well, as Float samples.
  static func floatCopy(_ image: GrayImage, scale: Float, offset: Float) -> GrayImage {
    var metadata = image.metadata
    metadata.sampleFormat = .floatingPoint
    metadata.bitDepth = 32
    return GrayImage(
      width: image.width, height: image.height, maxValue: image.maxValue * abs(scale),
      samples: image.samples.map { $0 * scale + offset }, metadata: metadata)
  }

  /// Unclipped bands (0.6 × full well) after background subtraction, in both directions:
  /// light bands above a zero-mean background, and dark bands below it (`densito background
  /// --light` of a film scan: bands negative). Integer data would count every dark-band
  /// pixel below 0 at the detector limit and flag every band; float data off the scale have
  /// no limit, and no band is flagged.
  @Test(arguments: [false, true])
  func backgroundSubtractedFloatBandsAreNotSaturated(darkBands: Bool) throws {
    let rendered = ClippedBandSpec.blot(factor: 0.6).render()
    let background = rendered.image.samples.sorted()[rendered.image.pixelCount / 4]
    let image = Self.floatCopy(
      rendered.image, scale: darkBands ? -1 : 1, offset: darkBands ? background : -background)
    #expect(image.samples.contains { $0 < 0 } && image.samples.contains { $0 > 0 })
    let result = try analyzeBlot(image)
    #expect(result.polarity.polarity == (darkBands ? .darkBands : .lightBands))
    #expect(result.lanes.count == 4)
    #expect(result.bands.count == 4)
    for band in result.bands { #expect(!band.saturated, "\(band)") }
  }

  /// The same clipped bands as `ClippedBandSpec`, stored as floats on the 0…1 scale
  /// (maxValue 1): on the scale, so the limit applies and every band is flagged.
  @Test func clippedFloatBandsOnTheirScaleAreFlagged() throws {
    let rendered = ClippedBandSpec.blot(factor: 3).render()
    let image = Self.floatCopy(rendered.image, scale: 1 / 65535, offset: 0)
    #expect(image.samples.allSatisfy { $0 >= 0 && $0 <= 1 })
    let result = try analyzeBlot(image)
    #expect(result.bands.count == 4)
    for band in result.bands { #expect(band.saturated, "\(band)") }
  }
}
