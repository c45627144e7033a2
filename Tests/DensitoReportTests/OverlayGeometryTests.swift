import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing
@testable import DensitoExperiment
@testable import DensitoReport

/// Synthetic blots of known smile and tilt, analysed as lone scans (as
/// `densito bands --overlay` does).
enum GeometryBlots {
  /// `lanes` lanes 30 px wide and 50 px apart, band rows at `rows` (σ 4, peaks 6000 to
  /// 12000 counts), light-band counts stored as a dark-band (MinIsWhite) scan. With 7 lanes
  /// the scan is 390 px wide, so the overlay draws it at 2×. (Tilt is measured from the lane
  /// edges of the bands: a tilted blot needs rows far apart.)
  static func spec(lanes: Int = 7, smile: Double, rotation: Double = 0, rows: [Double] = [120])
    -> SyntheticBlot
  {
    let laneList = (0..<lanes).map { i in
      let peak = 6000 + 1000 * Double(i)
      let amount = peak * 4 * (2 * Double.pi).squareRoot() * 30
      return SyntheticLane(
        centerX: 45 + 50 * Double(i), width: 30,
        bands: rows.map { SyntheticBand(y: $0, amount: amount, sigma: 4) })
    }
    return SyntheticBlot(
      width: 40 + 50 * lanes, height: 240, lanes: laneList,
      detector: .linear(LinearDetector(readNoise: 3, gain: 1)), rotationDegrees: rotation,
      smile: smile, seed: 5)
  }

  struct NotRendered: Error {}

  /// The overlay data of `spec`, analysed with default options.
  static func data(_ spec: SyntheticBlot) throws -> BlotPictureData {
    guard let image = spec.render().asDecodedMinIsWhite else { throw NotRendered() }
    return try BlotPictureData(
      image: image, path: "/tmp/geometry.tif", spec: BlotSpec(target: "", image: "geometry.tif"),
      parameters: AnalysisParameters())
  }

  /// Canvas positions holding `colour` within the scan area.
  static func pixels(of colour: RGB, in canvas: RGBCanvas, _ layout: BlotOverlay.Layout, image: GrayImage)
    -> [(x: Int, y: Int)]
  {
    var out: [(x: Int, y: Int)] = []
    for y in layout.scanY..<(layout.scanY + image.height * layout.zoom) {
      for x in layout.scanX..<(layout.scanX + image.width * layout.zoom) where canvas[x, y] == colour {
        out.append((x, y))
      }
    }
    return out
  }
}

@Suite struct BandRowCurveSpec {
  /// The overlay draws the analysis's own band-row fit: its curvature is the smile reported.
  @Test(arguments: [-6.0, 0, 4, 8])
  func curvatureIsTheAnalysisSmile(_ smile: Double) throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(smile: smile))
    let reported = try #require(data.analysis.smile)
    let curve = try #require(data.analysis.bandRow)
    #expect(curve.c == reported)
    #expect(curve.pointsX.count == 7)
  }

  /// The demo's blots: the ladder lane is not on the row (its markers sit at other heights),
  /// and the six sample lanes' bands lie on one straight row (the demo has no smile), so the
  /// fitted smile is under 1 px.
  @Test func theDemoRowLeavesOutTheLadder() throws {
    let output = try DemoReport.shared.get()
    for blot in output.result.blots.prefix(3) {
      let data = try BlotPictureData(blot: blot, experiment: output.result.experiment)
      let curve = try #require(data.analysis.bandRow)
      #expect(abs(curve.c) < 1, "\(blot.target): smile \(curve.c)")
    }
  }

  /// The fitted row passes near each lane's band on a clean smiling blot (within 1 px: the
  /// synthetic smile is exactly quadratic in the column, noise moves band centres by less).
  @Test func theCurvePassesThroughTheBands() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(smile: 8))
    let curve = try #require(data.analysis.bandRow)
    for lane in data.analysis.lanes {
      let band = try #require(lane.bands.first)
      #expect(abs(curve.row(atColumn: lane.centerX) - band.y) < 1, "lane \(lane.index + 1)")
    }
  }

  @Test func fewerThanThreeLanesGiveNoCurve() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(lanes: 2, smile: 5))
    #expect(data.analysis.smile == nil)
    #expect(data.analysis.bandRow == nil)
  }
}

@Suite struct OverlayGeometrySpec {
  /// A smiling blot (edge bands 8 px lower): every point of the fitted band row across the
  /// analysed region, outside the band boxes, is painted
  /// vermilion (within one canvas pixel of the curve: the line is 2 px thick and drawn on the
  /// rounded points), and no vermilion is painted anywhere else on the scan.
  @Test func aSmilingBlotShowsItsFittedBandRow() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(smile: 8))
    let overlay = BlotOverlay(data)
    let layout = overlay.layout
    #expect(layout.zoom == 2)
    let canvas = overlay.canvas()
    let curve = try #require(data.analysis.bandRow)
    let lanes = data.analysis.lanes
    let first = try #require(lanes.first)
    let boxes = overlay.bandBoxes(layout)
    let region = data.analysis.region
    var u = Double(region.x)
    var checked = 0
    while u <= Double(region.x + region.width - 1) {
      let p = layout.canvasPoint(x: u, y: curve.row(atColumn: u))
      u += 0.5
      // Inside a band box (and 3 px around it) the curve gives way to the band.
      if boxes.contains(where: { p.x >= $0.x0 - 3 && p.x <= $0.x1 + 3 && p.y >= $0.y0 - 3 && p.y <= $0.y1 + 3 }) {
        continue
      }
      checked += 1
      let near = (-1...1).contains { canvas[p.x, p.y + $0] == .smileVermilion }
      #expect(near, "column \(u): no curve at canvas (\(p.x), \(p.y))")
    }
    #expect(checked >= 6 * 10, "the curve is checked in every gap between lanes (~11 px each)")
    let painted = GeometryBlots.pixels(of: .smileVermilion, in: canvas, layout, image: data.image)
    for p in painted {
      let column = (Double(p.x - layout.scanX) + 0.5) / Double(layout.zoom) - 0.5
      let expected = layout.canvasPoint(x: column, y: curve.row(atColumn: column)).y
      #expect(abs(p.y - expected) <= 2, "stray vermilion at (\(p.x), \(p.y))")
    }
    // The curve bends the right way: lower (larger row) at the edge lanes than at the centre,
    // by about the smile times the zoom.
    let centre = curve.row(atColumn: lanes[3].centerX)
    let edge = curve.row(atColumn: first.centerX)
    #expect(edge - centre > 4, "edge \(edge), centre \(centre)")
  }

  /// The legend names the curve and states the estimate in words.
  @Test func theLegendStatesTheSmile() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(smile: 8))
    let overlay = BlotOverlay(data)
    let smile = try #require(data.analysis.smile)
    let words = overlay.footerLines(width: 2000).flatMap { $0.map(\.text) }
    #expect(words.contains("band row fit"))
    #expect(words.contains("smile " + String(format: "%.1f", smile) + " px (edges lower)"))
  }

  /// Without a smile estimate (two lanes) there is no curve and no legend entry for it.
  @Test func noEstimateNoCurve() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(lanes: 2, smile: 5))
    let overlay = BlotOverlay(data)
    let canvas = overlay.canvas()
    #expect(GeometryBlots.pixels(of: .smileVermilion, in: canvas, overlay.layout, image: data.image).isEmpty)
    #expect(!overlay.footerLines(width: 2000).flatMap { $0.map(\.text) }.contains("band row fit"))
  }

  /// A blot turned 3° clockwise: the skew is written with its direction, and each lane's
  /// axis is dotted in lane blue along the tilted centre line (every 6-pixel stretch of the
  /// axis between the two bands holds a blue pixel within one pixel of it).
  @Test func aTiltedBlotShowsItsLaneAxes() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(smile: 0, rotation: 3, rows: [50, 190]))
    let skew = data.analysis.skewDegrees
    #expect(abs(skew - 3) < 0.5, "skew \(skew)")
    let overlay = BlotOverlay(data)
    let layout = overlay.layout
    let canvas = overlay.canvas()
    let words = overlay.footerLines(width: 2000).flatMap { $0.map(\.text) }
    #expect(words.contains("lane axis"))
    #expect(words.contains { $0.hasPrefix("skew " + String(format: "%.2f", skew) + " deg (lane bottoms left)") })
    let slope = tan(skew * .pi / 180)
    let lane = data.analysis.lanes[3]
    let midRow = Double(lane.y0 + lane.y1 - 1) / 2
    for row in stride(from: Double(70), to: 170, by: 3) {
      let x = layout.scanX + Int(((lane.centerX + 0.5 - slope * (row - midRow)) * 2).rounded())
      let y = layout.scanY + Int((row * 2).rounded())
      let found = (-1...1).contains { dx in (0..<6).contains { dy in canvas[x + dx, y + dy] == .laneBlue } }
      #expect(found, "no axis near row \(row)")
    }
  }

  /// An untilted blot has no axis line, and says "skew 0.00 deg" (never "-0.00").
  @Test func anUprightBlotHasNoAxis() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(smile: 0))
    let overlay = BlotOverlay(data)
    #expect(!overlay.footerLines(width: 2000).flatMap { $0.map(\.text) }.contains("lane axis"))
    #expect(BlotOverlay.signedFixed(-0.0001, 2) == "0.00")
    #expect(BlotOverlay.signedFixed(-0.02, 1) == "0.0")
    #expect(BlotOverlay.signedFixed(-1.25, 1) == "-1.2" || BlotOverlay.signedFixed(-1.25, 1) == "-1.3")
  }

  /// A lone scan has lane numbers but no sample-name row, and its title is the file name.
  @Test func aLoneScanIsTitledByItsFileName() throws {
    let data = try GeometryBlots.data(GeometryBlots.spec(smile: 0))
    let overlay = BlotOverlay(data)
    #expect(overlay.titleText == "geometry.tif")
    #expect(overlay.layout.scanY == BlotOverlay.margin + BlotOverlay.line * 2 + 4)
    #expect(!overlay.footerLines(width: 2000).flatMap { $0.map(\.text) }.contains("used"))
  }

  /// A crop is outlined (dotted gray, with a legend entry); the whole scan is not.
  @Test func aCropIsOutlined() throws {
    guard let image = GeometryBlots.spec(smile: 0).render().asDecodedMinIsWhite else {
      throw GeometryBlots.NotRendered()
    }
    var spec = BlotSpec(target: "", image: "geometry.tif")
    spec.region = PixelRegion(x: 20, y: 60, width: 300, height: 120)
    let data = try BlotPictureData(
      image: image, path: "geometry.tif", spec: spec, parameters: AnalysisParameters())
    #expect(data.analysis.region == PixelRect(x: 20, y: 60, width: 300, height: 120))
    let overlay = BlotOverlay(data)
    let layout = overlay.layout
    let canvas = overlay.canvas()
    #expect(overlay.footerLines(width: 2000).flatMap { $0.map(\.text) }.contains("analysed region"))
    // The top edge: dots of 4 on, 3 off from 2 px outside the region's corner (image
    // pixel (20, 60) at 2×).
    let inside = layout.canvasPixel(x: 20, y: 60)
    let corner = (x: inside.x - 2, y: inside.y - 2)
    #expect((0..<4).allSatisfy { canvas[corner.x + $0, corner.y] == .mutedGray })
    #expect((4..<7).allSatisfy { canvas[corner.x + $0, corner.y] != .mutedGray })
    let whole = BlotOverlay(try GeometryBlots.data(GeometryBlots.spec(smile: 0)))
    #expect(!whole.footerLines(width: 2000).flatMap { $0.map(\.text) }.contains("analysed region"))
  }

  /// The overlay of a lone scan shows the lanes and bands `densito bands` reports: the
  /// same options through `DensitoAnalysisAdapter` give the same lane centres and the same
  /// band volumes, bit for bit (both run the deterministic analysis on the same image).
  @Test(arguments: ["none", "rolling-ball"])
  func aLoneScanOverlayShowsTheBandsTheCommandReports(_ background: String) throws {
    guard let image = GeometryBlots.spec(smile: 4, rotation: 1).render().asDecodedMinIsWhite else {
      throw GeometryBlots.NotRendered()
    }
    let spec = BlotSpec(target: "", image: "geometry.tif")
    var parameters = AnalysisParameters()
    if background != "none" {
      parameters.background = background
      parameters.backgroundRadius = 40
    }
    let data = try BlotPictureData(image: image, path: "geometry.tif", spec: spec, parameters: parameters)
    let findings = try DensitoAnalysisAdapter().analyze(image, blot: spec, layout: [], parameters: parameters)
    #expect(data.analysis.lanes.count == findings.lanes.count)
    for (lane, found) in zip(data.analysis.lanes, findings.lanes) {
      #expect(lane.centerX == found.x)
      #expect(lane.bands.map(\.volume) == found.bands.map(\.volume))
    }
  }

  /// Footer items flow onto a new line only when the next one would not fit.
  @Test func footerItemsWrapAtTheWidth() {
    let items = ["aaaa", "bbbb", "cccc"].map { BlotOverlay.FooterItem(text: $0) }
    let w = items[0].width
    #expect(BlotOverlay.flow(items, width: 3 * w + 2 * BlotOverlay.itemGap).count == 1)
    #expect(BlotOverlay.flow(items, width: 3 * w + 2 * BlotOverlay.itemGap - 1).map(\.count) == [2, 1])
    #expect(BlotOverlay.flow(items, width: 1).map(\.count) == [1, 1, 1])
  }
}
