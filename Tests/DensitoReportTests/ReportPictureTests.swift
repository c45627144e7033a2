import DensitoRaster
import Foundation
import Testing
@testable import DensitoExperiment
@testable import DensitoReport

@Suite struct RGBPNGSpec {
  /// Written with our libpng shim, read back with the package's decoder one channel at a
  /// time: every byte survives (PNG is lossless).
  @Test(arguments: [GrayConversion.red, .green, .blue])
  func rgbPixelsRoundTripExactly(_ channel: GrayConversion) throws {
    var canvas = RGBCanvas(width: 7, height: 5, background: RGB(10, 20, 30))
    canvas.set(3, 2, RGB(255, 128, 1))
    let png = try canvas.png()
    #expect(Array(png.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10])
    #expect(png[25] == 2, "colour type 2 (RGB)")
    #expect(png[24] == 8, "bit depth 8")
    let image = try ImageDecoder.decode(png, options: DecodingOptions(grayConversion: channel))
    let expected: (Float, Float) =
      switch channel {
      case .red: (10, 255)
      case .green: (20, 128)
      default: (30, 1)
      }
    #expect(image.width == 7 && image.height == 5)
    #expect(image[0, 0] == expected.0)
    #expect(image[2, 3] == expected.1)
  }

  @Test func aWrongBufferSizeIsRefusedWithTheSizes() {
    #expect(throws: DecodingError.self) { try PNGEncoder.encodeRGB8([1, 2, 3], width: 2, height: 1) }
    #expect(throws: DecodingError.self) { try PNGEncoder.encodeRGB8([], width: 0, height: 0) }
  }
}

@Suite struct BitmapFontSpec {
  static let printable = (32..<127).map { Character(UnicodeScalar(UInt8($0))) }

  @Test func everyPrintableCharacterButSpaceHasInkAndFitsItsCell() {
    for c in Self.printable {
      let rows = BitmapFont.rows(of: c)
      #expect(rows.count == 7)
      #expect(rows.allSatisfy { $0 < 32 }, "\(c) wider than 5 columns")
      #expect((rows.reduce(0, |) == 0) == (c == " "), "\(c)")
    }
  }

  @Test func noTwoCharactersLookTheSame() {
    var seen: [[UInt8]: Character] = [:]
    for c in Self.printable {
      let rows = BitmapFont.rows(of: c)
      #expect(seen[rows] == nil, "\(c) looks like \(String(describing: seen[rows]))")
      seen[rows] = c
    }
  }

  /// g, p, q, y descend one row into the cell's spacing row (and stay inside the 8-row
  /// cell); every other glyph sits on the baseline. p is then told from P by its place.
  @Test func descendingLettersDrawOneRowLower() {
    var canvas = RGBCanvas(width: 40, height: 20)
    canvas.text("pP", x: 0, y: 0, scale: 1, .black)
    let inked = { (x0: Int) in (0..<20).filter { y in (x0..<(x0 + 5)).contains { canvas[$0, y] == .black } } }
    #expect(inked(0) == Array(2...7), "p: rows 2-7")
    #expect(inked(6) == Array(0...6), "P: rows 0-6")
    for c in BitmapFontSpec.printable {
      #expect(BitmapFont.descent(of: c) == ("gpqy".contains(c) ? 1 : 0), "\(c)")
      #expect(BitmapFont.descent(of: c) == 0 || BitmapFont.rows(of: c)[0] == 0, "\(c) leaves its cell")
    }
  }

  @Test func unknownCharactersDrawAsAQuestionMark() {
    #expect(BitmapFont.rows(of: "é") == BitmapFont.rows(of: "?"))
    #expect(BitmapFont.rows(of: "±") != BitmapFont.rows(of: "?"))
  }

  @Test func textIsDrawnWhereAskedAtTheGivenScale() {
    var canvas = RGBCanvas(width: 40, height: 20)
    let w = canvas.text("I", x: 2, y: 3, scale: 2, .black)
    #expect(w == 10)
    // "I" row 0 is 0x0E: glyph columns 1-3 inked, each 2 pixels wide, so pixels
    // x = 2 + 2 ... 2 + 7 of rows 3-4.
    #expect(canvas[4, 3] == .black && canvas[9, 4] == .black)
    #expect(canvas[3, 3] == .white && canvas[10, 3] == .white && canvas[4, 2] == .white)
  }
}

@Suite struct OverlaySpec {
  /// Rank round(p/100 · (n − 1)) of the sorted samples 1...100 (halves away from zero).
  @Test(arguments: [(0.0, 1 as Float), (1.0, 2), (50.0, 51), (99.5, 100), (100.0, 100)])
  func percentileIsTheSampleAtTheRoundedRank(_ p: Double, _ expected: Float) {
    let sorted = (1...100).map(Float.init)
    #expect(BlotOverlay.percentile(sorted, p) == expected)
  }

  @Test func displayStretchMapsTheLimitsToBlackAndWhiteAndClips() {
    #expect(BlotOverlay.displayLevel(100, lo: 100, hi: 200) == 0)
    #expect(BlotOverlay.displayLevel(200, lo: 100, hi: 200) == 255)
    #expect(BlotOverlay.displayLevel(150, lo: 100, hi: 200) == 128)
    #expect(BlotOverlay.displayLevel(50, lo: 100, hi: 200) == 0)
    #expect(BlotOverlay.displayLevel(.nan, lo: 100, hi: 200) == 0)
  }

  /// The demo's beta-actin overlay: lane boxes blue, the used bands orange, the scan gray,
  /// and no saturated pixels (the demo has none).
  @Test func demoOverlayShowsLanesAndTheUsedBands() throws {
    let output = try DemoReport.shared.get()
    let png = try #require(output.files["overlay-beta-actin.png"])
    let r = try ImageDecoder.decode(png, options: DecodingOptions(grayConversion: .red))
    let g = try ImageDecoder.decode(png, options: DecodingOptions(grayConversion: .green))
    let b = try ImageDecoder.decode(png, options: DecodingOptions(grayConversion: .blue))
    var counts: [String: Int] = [:]
    for i in r.samples.indices {
      let c = (r.samples[i], g.samples[i], b.samples[i])
      if c == (0, 114, 178) { counts["lane", default: 0] += 1 }
      if c == (230, 159, 0) { counts["used", default: 0] += 1 }
      if c == (0, 158, 115) { counts["band", default: 0] += 1 }
      if c == (255, 0, 255) { counts["saturated", default: 0] += 1 }
    }
    #expect((counts["lane"] ?? 0) > 7 * 2 * 300, "7 lanes, two long edges each")
    #expect((counts["used"] ?? 0) > 6 * 100, "6 sample lanes with a thick orange box")
    #expect((counts["band"] ?? 0) > 0, "ladder bands outlined")
    // Legend swatch only: the demo has no saturated pixels.
    #expect((counts["saturated"] ?? 0) == 14 * 10)
  }

  /// A synthetic dark-band scan with one pixel at 0 (the detector limit for dark bands):
  /// that pixel, and only it, is painted magenta.
  @Test func saturatedPixelsArePaintedInTheWarningColour() throws {
    let output = try DemoReport.shared.get()
    var data = try BlotPictureData(
      blot: output.result.blots[0], experiment: output.result.experiment)
    #expect(data.analysis.polarity.polarity == .darkBands)
    var image = data.image
    image[100, 100] = 0
    data.image = image
    let overlay = BlotOverlay(data)
    let canvas = overlay.canvas()
    let layout = overlay.layout
    #expect(layout.zoom == BlotOverlay.zoom(forWidth: image.width))
    #expect(layout.scanY == BlotOverlay.margin + BitmapFont.lineHeight * BlotOverlay.textScale * 3 + 4)
    let p = layout.canvasPixel(x: 100, y: 100)
    for dy in 0..<layout.zoom {
      for dx in 0..<layout.zoom { #expect(canvas[p.x + dx, p.y + dy] == .saturatedMagenta) }
    }
    let next = layout.canvasPixel(x: 101, y: 100)
    #expect(canvas[next.x, next.y] != .saturatedMagenta)
  }

  /// The pictures come from a second analysis of each image: it found the recorded bands
  /// (or the report would say so).
  @Test func reanalysisReproducesTheRecordedBands() throws {
    let html = try DemoReport.text("report.html")
    #expect(!html.contains("re-analysis differs"))
  }
}
