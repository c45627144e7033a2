import Foundation

extension FoldChangeChart {
  /// Pixels per point in the PNG: 4 (a 241 pt wide chart becomes 964 pixels, 288 dpi).
  public static let pngScale = 4

  /// The chart as an 8-bit RGB PNG with the same layout as ``svg`` (same bars, error bars,
  /// points, dashed line at 1, stars, legend and axis text), drawn by our own rasterizer at
  /// ``pngScale`` pixels per point. Text uses ``BitmapFont`` at 3× (21-pixel glyphs ≈ 7 pt);
  /// the target labels run vertically instead of at −40°.
  public func png() throws -> [UInt8] { try canvas().png() }

  /// The rasterized chart.
  public func canvas() -> RGBCanvas {
    let k = Double(Self.pngScale)
    let barWidth = 12.0, barGap = 2.0, categoryGap = 10.0
    let groupsCount = Double(max(groups.count, 1))
    let categoryWidth = groupsCount * barWidth + (groupsCount - 1) * barGap
    let left = 40.0, right = 8.0, top = 30.0, bottom = 46.0
    let plotWidth = max(Double(categories.count) * (categoryWidth + categoryGap) + categoryGap, 160)
    let longestTarget = categories.map(\.target.count).max() ?? 0
    // Vertical labels may need more room than the SVG's slanted ones.
    let labelRoom = max(bottom, 10 + Double(BitmapFont.width(of: String(repeating: "M", count: longestTarget), scale: 3)) / k)
    let width = left + plotWidth + right
    let plotHeight = 150.0
    let height = top + plotHeight + labelRoom + 14
    var yMax = 1.0
    for c in categories {
      for b in c.bars {
        for v in b.values + [b.mean + (b.error.isFinite ? b.error : 0)] where v.isFinite { yMax = max(yMax, v) }
      }
    }
    let ticks = Self.niceTicks(upTo: yMax * 1.18)
    let yTop = ticks.last ?? 1
    func y(_ v: Double) -> Double { top + plotHeight - v / yTop * plotHeight }
    func p(_ v: Double) -> Int { Int((v * k).rounded()) }

    var c = RGBCanvas(width: p(width), height: p(height))
    let text = 3, small = 2
    let glyphH = BitmapFont.glyphHeight * text
    // Axes and ticks.
    c.line(x0: p(left), y0: p(top), x1: p(left), y1: p(top + plotHeight), thickness: 3, .black)
    c.line(x0: p(left), y0: p(top + plotHeight), x1: p(left + plotWidth), y1: p(top + plotHeight), thickness: 3, .black)
    for t in ticks {
      c.line(x0: p(left - 3), y0: p(y(t)), x1: p(left), y1: p(y(t)), thickness: 3, .black)
      let label = Self.tickLabel(t)
      c.text(label, x: p(left - 5) - BitmapFont.width(of: label, scale: text), y: p(y(t)) - glyphH / 2, scale: text, .black)
    }
    let axisLabel = "Fold change vs \(groups.first ?? "control") (mean ± \(errorLabel))"
    let axisW = BitmapFont.width(of: axisLabel, scale: text)
    c.verticalText(axisLabel, x: p(4), y: p(top + plotHeight / 2) + axisW / 2, scale: text, .black)
    c.dashedHorizontal(x0: p(left), x1: p(left + plotWidth), y: p(y(1)), dash: p(3), gap: p(2), thickness: 2, RGB(85, 85, 85))

    for (ci, cat) in categories.enumerated() {
      let x0 = left + categoryGap + Double(ci) * (categoryWidth + categoryGap)
      for (bi, bar) in cat.bars.enumerated() {
        let bx = x0 + Double(bi) * (barWidth + barGap)
        let colour = Self.rgb(Self.palette[bi % Self.palette.count])
        if bar.mean.isFinite {
          c.fill(x0: p(bx), y0: p(y(bar.mean)), x1: p(bx + barWidth), y1: p(y(0)), colour)
          c.strokeRect(x0: p(bx), y0: p(y(bar.mean)), x1: p(bx + barWidth), y1: p(y(0)), thickness: 2, .black)
        }
        let cx = bx + barWidth / 2
        if bar.mean.isFinite && bar.error.isFinite && bar.error > 0 {
          let hi = y(bar.mean + bar.error), lo = y(max(bar.mean - bar.error, 0))
          c.line(x0: p(cx), y0: p(hi), x1: p(cx), y1: p(lo), thickness: 2, .black)
          c.line(x0: p(cx - 3), y0: p(hi), x1: p(cx + 3), y1: p(hi), thickness: 2, .black)
        }
        for (pi, v) in bar.values.enumerated() where v.isFinite {
          let n = Double(bar.values.count)
          let jitter = n > 1 ? (Double(pi) / (n - 1) - 0.5) * barWidth * 0.5 : 0
          c.disc(cx: p(cx + jitter), cy: p(y(v)), radius: p(1.5), RGB(64, 64, 64))
        }
        if !bar.stars.isEmpty {
          let highest = ([bar.mean + (bar.error.isFinite ? bar.error : 0)] + bar.values).filter(\.isFinite).max() ?? bar.mean
          let scale = bar.stars == "ns" ? small : text
          let w = BitmapFont.width(of: bar.stars, scale: scale)
          let baseline = highest.isFinite ? p(y(highest) - 3) : p(top)
          c.text(bar.stars, x: p(cx) - w / 2, y: baseline - BitmapFont.glyphHeight * scale, scale: scale, .black)
        }
      }
      let labelX = x0 + categoryWidth / 2
      let w = BitmapFont.width(of: cat.target, scale: text)
      c.verticalText(cat.target, x: p(labelX) - glyphH / 2, y: p(top + plotHeight + 4) + w, scale: text, .black)
    }
    // Legend: groups, then star thresholds.
    var lx = p(left)
    for (gi, g) in groups.enumerated() {
      let colour = Self.rgb(Self.palette[gi % Self.palette.count])
      c.fill(x0: lx, y0: p(8), x1: lx + p(7), y1: p(15), colour)
      c.strokeRect(x0: lx, y0: p(8), x1: lx + p(7), y1: p(15), thickness: 2, .black)
      lx += p(10)
      lx += c.text(g, x: lx, y: p(8), scale: text, .black) + p(6)
    }
    c.text(Self.starLegend, x: p(left) - p(30), y: p(height - 4) - BitmapFont.glyphHeight * small, scale: small, .black)
    return c
  }

  /// "#rrggbb" as a colour (black when malformed).
  static func rgb(_ hex: String) -> RGB {
    let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
    guard digits.count == 6, let v = UInt32(digits, radix: 16) else { return .black }
    return RGB(UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
  }
}
