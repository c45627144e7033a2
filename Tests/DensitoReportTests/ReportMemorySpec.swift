import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing
@testable import DensitoExperiment
@testable import DensitoReport

/// The steps `densito analyze` takes to hold fewer image-sized buffers (Docs/report.md,
/// "Memory") change no byte of its output.
@Suite struct ReportMemorySpec {
  /// `report.html` is built as bytes with the pictures base64-encoded in place: every
  /// embedded overlay decodes back to its PNG file, byte for byte, and the page's text is
  /// ``HTMLReport/html``.
  @Test func everyEmbeddedOverlayIsItsPNGFile() throws {
    let output = try DemoReport.shared.get()
    let html = try DemoReport.text("report.html")
    let marker = "<img class=\"overlay\" alt=\"Overlay of "
    var found = 0
    for name in output.names where name.hasPrefix("overlay-") {
      let png = try #require(output.files[name])
      let caption = "<figcaption>\(name):"
      let end = try #require(html.range(of: caption), "\(name)").lowerBound
      let start = try #require(html.range(of: marker, options: .backwards, range: html.startIndex..<end))
      let tag = html[start.upperBound..<end]
      let uri = try #require(tag.range(of: "src=\"data:image/png;base64,"))
      let encoded = tag[uri.upperBound...].prefix { $0 != "\"" }
      #expect(Data(base64Encoded: String(encoded)).map(Array.init) == png, "\(name)")
      found += 1
    }
    #expect(found == 11)
  }

  /// The overlay is drawn from display levels after the samples are let go (``ScanLevels``);
  /// drawn from a copy the caller keeps, or from its only copy, the pixels are the same.
  @Test func theOverlayIsTheSameWhetherOrNotTheCallerKeepsTheScan() throws {
    let output = try DemoReport.shared.get()
    let blot = output.result.blots[3]
    let data = try BlotPictureData(blot: blot, experiment: output.result.experiment)
    let kept = BlotOverlay(data).canvas()
    let handedOver = BlotOverlay(try BlotPictureData(blot: blot, experiment: output.result.experiment))
      .canvas()
    #expect(kept == handedOver)
    #expect(try kept.png() == #require(output.files["overlay-\(ReportFiles.fileSafe(blot.target)).png"]))
    #expect(data.image.pixelCount > 0, "the caller's copy is untouched")
  }

  /// With the memo, an analysis it already holds needs no image: a flattened blot's
  /// pictures then compute no 2-D background.
  @Test func aRememberedAnalysisDoesNotMakeItsImage() throws {
    let image = try ImageDecoder.decodeFile(
      atPath: DemoReport.folder.appendingPathComponent("bclx.tif").path)
    let memo = AnalysisMemo()
    let source = ImageSource(sha256: "bclx", page: 0, grayConversion: .mean)
    let made = Counter()
    let first = try AnalysisMemo.analyze(
      options: AnalysisOptions(), source: source, flattening: "f", memo: memo
    ) { made.add(); return image }
    let second = try AnalysisMemo.analyze(
      options: AnalysisOptions(), source: source, flattening: "f", memo: memo
    ) { made.add(); return image }
    #expect(first == second)
    #expect(made.value == 1)
    #expect(memo.hits == 1)
  }

  final class Counter: @unchecked Sendable {
    var value = 0
    func add() { value += 1 }
  }
}
