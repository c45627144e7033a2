import DensitoAnalysis
import DensitoExperiment
import DensitoRaster
import Foundation

/// The overlay picture of one blot (`overlay-<target>.png`): where Densito found the lanes
/// and bands, drawn over the scan.
///
/// - The scan in gray, contrast-stretched for display only: the 1st percentile of the raw
///   samples maps to black and the 99.5th to white (linear in between, clipped), with the
///   image's own polarity (dark bands stay dark). Small scans are enlarged by an integer
///   factor (nearest neighbour) so that lanes are wide enough to label.
/// - Saturated pixels (raw value at the detector limit in the band direction: 0 for dark
///   bands, `maxValue` for light bands) painted magenta.
/// - Each lane's integration columns as a blue box following the detected skew, its number
///   above, and its sample name (or "ladder"; excluded samples in gray and struck through).
/// - Every band's integration window outlined in green; the band used for the ratio in
///   thick orange.
/// - Below: a legend and the detected skew and smile.
///
/// Text is drawn with ``BitmapFont`` at 2× (10×14 pixel glyphs).
public struct BlotOverlay: Sendable {
  public var data: BlotPictureData

  public init(_ data: BlotPictureData) {
    self.data = data
  }

  /// Percentiles for the display stretch.
  public static let lowPercentile = 1.0
  public static let highPercentile = 99.5

  /// The `p`th percentile (0...100) of the non-NaN samples: the sorted sample at index
  /// round(p/100 · (n − 1)). NaN when there is none.
  public static func percentile(_ sorted: [Float], _ p: Double) -> Float {
    guard !sorted.isEmpty else { return .nan }
    let i = Int((p / 100 * Double(sorted.count - 1)).rounded())
    return sorted[min(max(i, 0), sorted.count - 1)]
  }

  /// Display gray level (0...255) of raw sample `v` for a stretch from `lo` to `hi`.
  public static func displayLevel(_ v: Float, lo: Float, hi: Float) -> UInt8 {
    guard v.isFinite else { return 0 }
    guard hi > lo else { return v >= hi ? 255 : 0 }
    let t = (Double(v) - Double(lo)) / (Double(hi) - Double(lo))
    return UInt8(min(max((t * 255).rounded(), 0), 255))
  }

  /// Integer enlargement for a scan `width` pixels wide: 2 below 400 pixels, 3 below 200.
  static func zoom(forWidth width: Int) -> Int { width < 200 ? 3 : (width < 400 ? 2 : 1) }

  static let textScale = 2
  static let margin = 8

  /// The overlay picture.
  public func canvas() -> RGBCanvas {
    let image = data.image
    let k = Self.zoom(forWidth: image.width)
    let line = BitmapFont.lineHeight * Self.textScale
    let header = Self.margin + line * 3 + 4
    let footer = line * 3 + Self.margin
    let plotW = image.width * k, plotH = image.height * k
    let geometry = geometryText
    let textW = max(BitmapFont.width(of: geometry, scale: Self.textScale),
                    BitmapFont.width(of: titleText, scale: Self.textScale), Self.legendWidth)
    var c = RGBCanvas(width: max(plotW, textW) + 2 * Self.margin, height: header + plotH + footer)
    let ox = Self.margin, oy = header

    // The scan.
    let sorted = image.samples.filter { !$0.isNaN }.sorted()
    let lo = Self.percentile(sorted, Self.lowPercentile)
    let hi = Self.percentile(sorted, Self.highPercentile)
    for y in 0..<image.height {
      for x in 0..<image.width {
        let v = image[y, x]
        let colour: RGB
        if data.isSaturated(v) {
          colour = .saturatedMagenta
        } else {
          let g = Self.displayLevel(v, lo: lo, hi: hi)
          colour = RGB(g, g, g)
        }
        c.fill(x0: ox + x * k, y0: oy + y * k, x1: ox + (x + 1) * k, y1: oy + (y + 1) * k, colour)
      }
    }

    // Title.
    c.text(titleText, x: ox, y: Self.margin, scale: Self.textScale, .black)

    let slope = tan(data.analysis.skewDegrees * .pi / 180)
    for (li, lane) in data.analysis.lanes.enumerated() {
      let record = data.blot.lanes.indices.contains(li) ? data.blot.lanes[li] : nil
      let assignment = data.layout.indices.contains(li) ? data.layout[li] : nil
      let excluded = assignment?.sample.map { data.spec.exclude.contains($0.name) } ?? false
      let midRow = Double(lane.y0 + lane.y1 - 1) / 2
      /// Image column of a lane edge at `row`, following the skew (positive skew: bottoms left).
      func shifted(_ x: Double, _ row: Double) -> Double { x - slope * (row - midRow) }
      func px(_ x: Double) -> Int { ox + Int((x * Double(k)).rounded()) }
      func py(_ y: Double) -> Int { oy + Int((y * Double(k)).rounded()) }
      let laneColour: RGB = excluded || assignment == nil ? .mutedGray : .laneBlue
      // Lane box: columns x0..<x1 → edges at x0 and x1 (pixel boundaries), rows y0..<y1.
      let top = Double(lane.y0), bottom = Double(lane.y1)
      let l0 = Double(lane.x0), r0 = Double(lane.x1)
      c.line(x0: px(shifted(l0, top)), y0: py(top), x1: px(shifted(l0, bottom)), y1: py(bottom), laneColour)
      c.line(x0: px(shifted(r0, top)), y0: py(top), x1: px(shifted(r0, bottom)), y1: py(bottom), laneColour)
      c.line(x0: px(shifted(l0, top)), y0: py(top), x1: px(shifted(r0, top)), y1: py(top), laneColour)
      c.line(x0: px(shifted(l0, bottom)), y0: py(bottom), x1: px(shifted(r0, bottom)), y1: py(bottom), laneColour)

      // Bands: rows top...bottom → edges at top and bottom + 1.
      for (bi, band) in lane.bands.enumerated() {
        let chosen = record?.chosen == bi
        let bt = Double(band.top), bb = Double(band.bottom + 1)
        let colour: RGB = chosen ? .chosenOrange : .bandGreen
        let t = chosen ? 3 : 1
        let midY = (bt + bb) / 2
        let left = px(shifted(l0, midY)) + 2, right = px(shifted(r0, midY)) - 2
        c.strokeRect(x0: left, y0: py(bt), x1: right, y1: py(bb), thickness: t, colour)
      }

      // Labels above the scan, centred on the lane's top.
      let centre = px(shifted(lane.centerX, top))
      let number = String(li + 1)
      let labelColour: RGB = excluded ? .mutedGray : .black
      c.text(number, x: centre - BitmapFont.width(of: number, scale: Self.textScale) / 2,
             y: Self.margin + line + 2, scale: Self.textScale, labelColour)
      let name: String
      switch assignment {
      case .ladder?: name = "ladder"
      case .empty?: name = "empty"
      case .sample(let s)?: name = s.name
      case nil: name = "?"
      }
      let maxChars = max(1, Int(r0 - l0) * k / (BitmapFont.advance * Self.textScale) + 2)
      let shown = name.count > maxChars ? String(name.prefix(maxChars - 1)) + "." : name
      let w = BitmapFont.width(of: shown, scale: Self.textScale)
      let ny = Self.margin + 2 * line + 2
      c.text(shown, x: centre - w / 2, y: ny, scale: Self.textScale, labelColour)
      if excluded {
        c.line(x0: centre - w / 2 - 1, y0: ny + line / 2 - 1, x1: centre + w / 2, y1: ny + line / 2 - 1, thickness: 2, .mutedGray)
      }
    }

    // Legend and geometry.
    var lx = ox
    let ly = oy + plotH + 6
    let items: [(RGB, String, Int)] = [
      (.laneBlue, "lane", 1), (.bandGreen, "band", 1), (.chosenOrange, "used", 3),
      (.saturatedMagenta, "saturated", 0),
    ]
    for (colour, label, t) in items {
      if t == 0 {
        c.fill(x0: lx, y0: ly + 2, x1: lx + 14, y1: ly + 12, colour)
      } else {
        c.strokeRect(x0: lx, y0: ly + 1, x1: lx + 14, y1: ly + 12, thickness: t, colour)
      }
      lx += 18
      lx += c.text(label, x: lx, y: ly, scale: Self.textScale, .black) + 14
    }
    c.text(geometry, x: ox, y: ly + line + 2, scale: Self.textScale, .black)
    return c
  }

  var titleText: String { "\(data.blot.target)  (\(data.blot.image))" }

  /// Detected skew and smile, and the display stretch.
  var geometryText: String {
    var g = "skew " + String(format: "%.2f", data.analysis.skewDegrees) + " deg"
    if let smile = data.analysis.smile { g += ", smile " + String(format: "%.1f", smile) + " px" }
    return g + ", display " + Self.lowPercentile.formatted1 + "-" + Self.highPercentile.formatted1 + " pct"
  }

  /// Width of the legend line (4 swatches and labels).
  static var legendWidth: Int {
    ["lane", "band", "used", "saturated"].map { 18 + BitmapFont.width(of: $0, scale: textScale) + 14 }
      .reduce(0, +)
  }

  /// The overlay as PNG bytes.
  public func png() throws -> [UInt8] { try canvas().png() }
}

extension Double {
  var formatted1: String {
    self == rounded() ? String(Int(self)) : String(format: "%.1f", self)
  }
}
