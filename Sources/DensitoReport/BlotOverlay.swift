import DensitoAnalysis
import DensitoExperiment
import DensitoRaster
import Foundation

/// The overlay picture of one blot (`overlay-<target>.png`, `densito bands --overlay F`):
/// where Densito found the lanes and bands, drawn over the scan.
///
/// - The scan in gray, contrast-stretched for display only: the 1st percentile of the raw
///   samples maps to black and the 99.5th to white (linear in between, clipped), with the
///   image's own polarity (dark bands stay dark). Small scans are enlarged by an integer
///   factor (nearest neighbour) so that lanes are wide enough to label.
/// - Saturated pixels (raw value at the detector limit in the band direction: 0 for dark
///   bands, `maxValue` for light bands) painted magenta.
/// - Each lane's integration columns as a blue box following the detected skew, its number
///   above, and its sample name (or "ladder"; excluded samples in gray and struck through).
///   A scan analysed on its own (no experiment) shows lane numbers only.
/// - Every band's integration window outlined in green; the band used for the ratio in
///   thick orange.
/// - The detected geometry: when the lanes are tilted (skew ≠ 0), each lane's axis dotted
///   in blue; when a smile was estimated, the fitted band row (`BlotAnalysis.bandRow`) as a
///   vermilion curve across the analysed region, interrupted inside band boxes (it never
///   hides a band).
/// - The analysed region dotted in gray when a crop or border trim made it smaller than the
///   scan.
/// - Below: a legend and the skew and smile estimates in words.
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

  /// Skews smaller than this (degrees) count as untilted: no lane axis is drawn.
  public static let tiltThreshold = 0.05

  /// The `p`th percentile (0...100) of the non-NaN samples: the sorted sample at index
  /// round(p/100 · (n − 1)). NaN when there is none.
  public static func percentile(_ sorted: [Float], _ p: Double) -> Float {
    guard !sorted.isEmpty else { return .nan }
    let i = Int((p / 100 * Double(sorted.count - 1)).rounded())
    return sorted[min(max(i, 0), sorted.count - 1)]
  }

  /// `percentile(sorted, lowPercentile)` and `percentile(sorted, highPercentile)` of the
  /// non-NaN samples, without sorting them (two order statistics by ``RadixSelect``, O(n):
  /// the same values; sorting 24 megapixels took seconds) and without copying them (a copy
  /// for quickselect was the largest allocation of the overlay: the image's bytes again).
  static func stretch(_ samples: [Float]) -> (lo: Float, hi: Float) {
    let n = RadixSelect.count(samples)
    guard n > 0 else { return (.nan, .nan) }
    let rank = { (p: Double) in min(max(Int((p / 100 * Double(n - 1)).rounded()), 0), n - 1) }
    let v = RadixSelect.values(samples, atRanks: [rank(lowPercentile), rank(highPercentile)])
    return (v[0], v[1])
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
  static var line: Int { BitmapFont.lineHeight * textScale }
  /// Text lines need at least this width (pixels) before the footer wraps.
  static let minimumTextWidth = 560

  // MARK: - Layout

  /// Where the scan sits on the canvas, and the canvas size.
  public struct Layout: Sendable, Equatable {
    /// Canvas pixels per image pixel.
    public var zoom: Int
    /// Canvas position of the scan's top-left corner (image pixel (0, 0) covers
    /// scanX..<scanX+zoom, scanY..<scanY+zoom).
    public var scanX: Int
    public var scanY: Int
    public var width: Int
    public var height: Int

    /// The canvas pixel at the top-left of image pixel (column x, row y).
    public func canvasPixel(x: Int, y: Int) -> (x: Int, y: Int) {
      (scanX + x * zoom, scanY + y * zoom)
    }

    /// The canvas point of a continuous image position (pixel centres at integers).
    public func canvasPoint(x: Double, y: Double) -> (x: Int, y: Int) {
      (scanX + Int(((x + 0.5) * Double(zoom)).rounded(.down)),
       scanY + Int(((y + 0.5) * Double(zoom)).rounded(.down)))
    }
  }

  /// True when the analysed region (after a crop or border trim) is smaller than the scan.
  var croppedRegion: Bool {
    let r = data.analysis.region
    return r.x > 0 || r.y > 0 || r.width < data.image.width || r.height < data.image.height
  }

  /// True when the lanes carry sample names (an experiment's blot, not a lone scan).
  var hasNames: Bool { !data.layout.isEmpty }

  /// The canvas geometry.
  public var layout: Layout {
    let image = data.image
    let k = Self.zoom(forWidth: image.width)
    let plotW = image.width * k, plotH = image.height * k
    let header = Self.margin + Self.line * (hasNames ? 3 : 2) + 4
    let textWidth = max(plotW, Self.minimumTextWidth, BitmapFont.width(of: titleText, scale: Self.textScale))
    let footer = 6 + footerLines(width: textWidth).count * (Self.line + 2) + Self.margin
    return Layout(
      zoom: k, scanX: Self.margin, scanY: header, width: textWidth + 2 * Self.margin,
      height: header + plotH + footer)
  }

  // MARK: - Drawing

  /// The overlay picture.
  ///
  /// Memory: the scan is first reduced to its display levels (``ScanLevels``, 1.1 bytes per
  /// pixel) and then let go, before the canvas (3 bytes per pixel) is made; so when the
  /// caller hands its only copy of the picture data over (`BlotOverlay(consume data)`, as
  /// the report does) the 4-byte samples and the canvas are never held together.
  public consuming func canvas() -> RGBCanvas {
    let geometry = layout
    let cropped = croppedRegion
    let footer = footerLines(width: geometry.width - 2 * Self.margin)
    let scanHeight = data.image.height
    let scan = ScanLevels(data)
    data.image = GrayImage(width: 0, height: 0, maxValue: data.image.maxValue, samples: [])
    let k = geometry.zoom
    let line = Self.line
    var c = RGBCanvas(width: geometry.width, height: geometry.height)
    let ox = geometry.scanX, oy = geometry.scanY

    // The scan.
    for y in 0..<scan.height {
      for x in 0..<scan.width {
        let colour: RGB
        if scan.isSaturated(x: x, y: y) {
          colour = .saturatedMagenta
        } else {
          let g = scan.level(x: x, y: y)
          colour = RGB(g, g, g)
        }
        c.fill(x0: ox + x * k, y0: oy + y * k, x1: ox + (x + 1) * k, y1: oy + (y + 1) * k, colour)
      }
    }

    // Title.
    c.text(titleText, x: ox, y: Self.margin, scale: Self.textScale, .black)

    // The analysed region, when a crop or border trim made it smaller than the scan.
    if cropped {
      let r = data.analysis.region
      // 2 px outside the region, so that lane boxes on its edges do not hide it.
      let x0 = ox + r.x * k - 2, y0 = oy + r.y * k - 2
      let x1 = ox + (r.x + r.width) * k + 1, y1 = oy + (r.y + r.height) * k + 1
      c.dottedLine(x0: x0, y0: y0, x1: x1, y1: y0, on: 4, off: 3, .mutedGray)
      c.dottedLine(x0: x0, y0: y1, x1: x1, y1: y1, on: 4, off: 3, .mutedGray)
      c.dottedLine(x0: x0, y0: y0, x1: x0, y1: y1, on: 4, off: 3, .mutedGray)
      c.dottedLine(x0: x1, y0: y0, x1: x1, y1: y1, on: 4, off: 3, .mutedGray)
    }

    let slope = tan(data.analysis.skewDegrees * .pi / 180)
    let tilted = abs(data.analysis.skewDegrees) >= Self.tiltThreshold
    func px(_ x: Double) -> Int { ox + Int((x * Double(k)).rounded()) }
    func py(_ y: Double) -> Int { oy + Int((y * Double(k)).rounded()) }
    let boxes = bandBoxes(geometry)
    var boxIndex = 0
    for (li, lane) in data.analysis.lanes.enumerated() {
      let record = data.blot.lanes.indices.contains(li) ? data.blot.lanes[li] : nil
      let assignment = data.layout.indices.contains(li) ? data.layout[li] : nil
      let excluded = assignment?.sample.map { data.spec.exclude.contains($0.name) } ?? false
      let midRow = Double(lane.y0 + lane.y1 - 1) / 2
      /// Image column of a lane edge at `row`, following the skew (positive skew: bottoms left).
      func shifted(_ x: Double, _ row: Double) -> Double { x - slope * (row - midRow) }
      let muted = excluded || (hasNames && assignment == nil)
      let laneColour: RGB = muted ? .mutedGray : .laneBlue
      // Lane box: columns x0..<x1 → edges at x0 and x1 (pixel boundaries), rows y0..<y1.
      let top = Double(lane.y0), bottom = Double(lane.y1)
      let l0 = Double(lane.x0), r0 = Double(lane.x1)
      c.line(x0: px(shifted(l0, top)), y0: py(top), x1: px(shifted(l0, bottom)), y1: py(bottom), laneColour)
      c.line(x0: px(shifted(r0, top)), y0: py(top), x1: px(shifted(r0, bottom)), y1: py(bottom), laneColour)
      c.line(x0: px(shifted(l0, top)), y0: py(top), x1: px(shifted(r0, top)), y1: py(top), laneColour)
      c.line(x0: px(shifted(l0, bottom)), y0: py(bottom), x1: px(shifted(r0, bottom)), y1: py(bottom), laneColour)

      // Bands.
      for bi in lane.bands.indices {
        let chosen = record?.chosen == bi
        let box = boxes[boxIndex]
        boxIndex += 1
        c.strokeRect(
          x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1, thickness: chosen ? 3 : 1,
          chosen ? .chosenOrange : .bandGreen)
      }

      // The lane axis, dotted, when the lanes are tilted.
      if tilted {
        let centre = lane.centerX + 0.5
        c.dottedLine(
          x0: px(shifted(centre, top)), y0: py(top), x1: px(shifted(centre, bottom)), y1: py(bottom),
          on: 3, off: 3, laneColour)
      }

      // Labels above the scan, centred on the lane's top.
      let centre = px(shifted(lane.centerX + 0.5, top))
      let number = String(li + 1)
      let labelColour: RGB = excluded ? .mutedGray : .black
      c.text(number, x: centre - BitmapFont.width(of: number, scale: Self.textScale) / 2,
             y: Self.margin + line + 2, scale: Self.textScale, labelColour)
      guard hasNames else { continue }
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

    // The fitted band row, drawn last so that nothing hides it.
    for segment in bandRowSegments(geometry) {
      c.line(x0: segment.0.x, y0: segment.0.y, x1: segment.1.x, y1: segment.1.y, thickness: 2, .smileVermilion)
    }

    // Legend and geometry.
    var ly = oy + scanHeight * k + 6
    for items in footer {
      var lx = ox
      for (i, item) in items.enumerated() {
        switch item.swatch {
        case .fill(let colour): c.fill(x0: lx, y0: ly + 2, x1: lx + 14, y1: ly + 12, colour)
        case .box(let colour, let t): c.strokeRect(x0: lx, y0: ly + 1, x1: lx + 14, y1: ly + 12, thickness: t, colour)
        case .line(let colour): c.fill(x0: lx, y0: ly + 6, x1: lx + 15, y1: ly + 8, colour)
        case .dots(let colour): c.dottedLine(x0: lx + 7, y0: ly, x1: lx + 7, y1: ly + 13, on: 3, off: 3, colour)
        case nil: break
        }
        if item.swatch != nil { lx += 18 }
        let text = i + 1 < items.count ? item.text + item.separator : item.text
        c.text(text, x: lx, y: ly, scale: Self.textScale, .black)
        lx += BitmapFont.width(of: text, scale: Self.textScale) + Self.itemGap
      }
      ly += line + 2
    }
    return c
  }

  /// Canvas segments of the fitted band row across the lanes (empty without a smile).
  ///
  /// The curve is a function of the lane-centre column on the region's middle row; a point
  /// at row y of a tilted blot sits `tan(skew)·(y − middle row)` further left, as the lanes do.
  /// It spans the analysed region, whose edges are where the smile is measured (t = ±1).
  /// It is interrupted inside band boxes so that it never hides a band's pixels (nor the
  /// magenta of a saturated one): it runs between the lanes and points at each band.
  func bandRowSegments(_ geometry: Layout) -> [((x: Int, y: Int), (x: Int, y: Int))] {
    guard let curve = data.analysis.bandRow else { return [] }
    let slope = tan(data.analysis.skewDegrees * .pi / 180)
    let region = data.analysis.region
    let midRow = Double(region.y) + Double(region.height - 1) / 2
    let step = 1 / Double(geometry.zoom)
    let from = Double(region.x), to = Double(region.x + region.width - 1)
    let boxes = bandBoxes(geometry)
    func hidden(_ p: (x: Int, y: Int)) -> Bool {
      boxes.contains { p.x >= $0.x0 - 2 && p.x <= $0.x1 + 2 && p.y >= $0.y0 - 2 && p.y <= $0.y1 + 2 }
    }
    var points: [(x: Int, y: Int)] = []
    var u = from
    while u <= to + 1e-9 {
      let y = curve.row(atColumn: u)
      points.append(geometry.canvasPoint(x: u - slope * (y - midRow), y: y))
      u += step
    }
    return zip(points, points.dropFirst()).filter { !hidden($0) && !hidden($1) }.map { ($0, $1) }
  }

  /// Every band's outline (canvas pixels, inclusive), lane by lane, top to bottom: rows
  /// top...bottom (edges at top and bottom + 1), the lane's columns 2 px inside its box, at
  /// the band's middle row of a tilted lane.
  func bandBoxes(_ geometry: Layout) -> [(x0: Int, y0: Int, x1: Int, y1: Int)] {
    let k = Double(geometry.zoom)
    let slope = tan(data.analysis.skewDegrees * .pi / 180)
    var boxes: [(x0: Int, y0: Int, x1: Int, y1: Int)] = []
    for lane in data.analysis.lanes {
      let midRow = Double(lane.y0 + lane.y1 - 1) / 2
      for band in lane.bands {
        let bt = Double(band.top), bb = Double(band.bottom + 1)
        let shift = slope * ((bt + bb) / 2 - midRow)
        boxes.append((
          geometry.scanX + Int(((Double(lane.x0) - shift) * k).rounded()) + 2,
          geometry.scanY + Int((bt * k).rounded()),
          geometry.scanX + Int(((Double(lane.x1) - shift) * k).rounded()) - 2,
          geometry.scanY + Int((bb * k).rounded())))
      }
    }
    return boxes
  }

  // MARK: - Text

  var titleText: String {
    let name = data.blot.image
    return data.blot.target.isEmpty ? name : "\(data.blot.target)  (\(name))"
  }

  /// The skew estimate in words.
  var skewText: String {
    let degrees = data.analysis.skewDegrees
    var text = "skew " + Self.signedFixed(degrees, 2) + " deg"
    if abs(degrees) >= Self.tiltThreshold {
      text += degrees > 0 ? " (lane bottoms left)" : " (lane bottoms right)"
    }
    return text
  }

  /// The smile estimate in words (nil when none was estimated).
  var smileText: String? {
    guard let smile = data.analysis.smile else { return nil }
    let value = Self.signedFixed(smile, 1)
    if value == "0.0" { return "smile 0.0 px" }
    return "smile " + value + " px (edges " + (smile > 0 ? "lower)" : "higher)")
  }

  /// `value` with `digits` decimals, never "-0.00".
  static func signedFixed(_ value: Double, _ digits: Int) -> String {
    let text = String(format: "%.\(digits)f", value)
    return Double(text) == 0 ? String(format: "%.\(digits)f", 0.0) : text
  }

  enum Swatch: Equatable {
    case fill(RGB)
    case box(RGB, Int)
    case line(RGB)
    case dots(RGB)
  }

  struct FooterItem: Equatable {
    var swatch: Swatch?
    var text: String
    /// Drawn after `text` when another item follows on the same line.
    var separator = ""
    /// Width including the separator (pixels).
    var width: Int {
      (swatch == nil ? 0 : 18) + BitmapFont.width(of: text + separator, scale: BlotOverlay.textScale)
    }
  }

  static let itemGap = 14

  /// Legend entries, then the estimates, flowed into lines no wider than `width` pixels.
  func footerLines(width: Int) -> [[FooterItem]] {
    var legend: [FooterItem] = [
      FooterItem(swatch: .box(.laneBlue, 1), text: "lane"),
      FooterItem(swatch: .box(.bandGreen, 1), text: "band"),
    ]
    if hasNames { legend.append(FooterItem(swatch: .box(.chosenOrange, 3), text: "used")) }
    legend.append(FooterItem(swatch: .fill(.saturatedMagenta), text: "saturated"))
    if abs(data.analysis.skewDegrees) >= Self.tiltThreshold {
      legend.append(FooterItem(swatch: .dots(.laneBlue), text: "lane axis"))
    }
    if smileText != nil { legend.append(FooterItem(swatch: .line(.smileVermilion), text: "band row fit")) }
    if croppedRegion { legend.append(FooterItem(swatch: .dots(.mutedGray), text: "analysed region")) }
    var estimates = [FooterItem(text: skewText, separator: ",")]
    if let smile = smileText { estimates.append(FooterItem(text: smile, separator: ",")) }
    estimates.append(FooterItem(
      text: "display " + Self.lowPercentile.formatted1 + "-" + Self.highPercentile.formatted1 + " pct"))
    return Self.flow(legend, width: width) + Self.flow(estimates, width: width)
  }

  /// Items left to right, a new line whenever the next one would pass `width`.
  static func flow(_ items: [FooterItem], width: Int) -> [[FooterItem]] {
    var lines: [[FooterItem]] = []
    var current: [FooterItem] = []
    var used = 0
    for item in items {
      let needed = (current.isEmpty ? 0 : itemGap) + item.width
      if !current.isEmpty && used + needed > width {
        lines.append(current)
        current = []
        used = 0
      }
      used += current.isEmpty ? item.width : itemGap + item.width
      current.append(item)
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  /// The overlay as PNG bytes.
  public consuming func png() throws -> [UInt8] { try canvas().png() }
}

/// A scan as the overlay shows it: per pixel its display gray level (``BlotOverlay``'s
/// stretch) and whether it is saturated (``BlotPictureData/isSaturated(_:)``), one byte and
/// one bit, so that the overlay can be drawn after the samples are gone.
struct ScanLevels {
  let width: Int
  let height: Int
  /// Row-major gray levels 0...255.
  private var levels: [UInt8]
  /// Bit `i % 8` of byte `i / 8` set when pixel `i` (row-major) is saturated.
  private var saturated: [UInt8]

  init(_ data: BlotPictureData) {
    let image = data.image
    width = image.width
    height = image.height
    let n = image.width * image.height
    var levels = [UInt8](repeating: 0, count: n)
    var saturated = [UInt8](repeating: 0, count: (n + 7) / 8)
    let (lo, hi) = BlotOverlay.stretch(image.samples)
    image.samples.withUnsafeBufferPointer { v in
      for i in 0..<n {
        if data.isSaturated(v[i]) {
          saturated[i >> 3] |= 1 << UInt8(i & 7)
        } else {
          levels[i] = BlotOverlay.displayLevel(v[i], lo: lo, hi: hi)
        }
      }
    }
    self.levels = levels
    self.saturated = saturated
  }

  func isSaturated(x: Int, y: Int) -> Bool {
    let i = y * width + x
    return saturated[i >> 3] & (1 << UInt8(i & 7)) != 0
  }

  func level(x: Int, y: Int) -> UInt8 { levels[y * width + x] }
}

extension Double {
  var formatted1: String {
    self == rounded() ? String(Int(self)) : String(format: "%.1f", self)
  }
}
