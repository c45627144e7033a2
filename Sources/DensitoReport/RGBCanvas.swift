import DensitoRaster

/// An sRGB colour, 8 bits per channel.
public struct RGB: Sendable, Equatable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }

  public static let black = RGB(0, 0, 0)
  public static let white = RGB(255, 255, 255)
  /// Lane boxes.
  public static let laneBlue = RGB(0, 114, 178)
  /// Band outlines.
  public static let bandGreen = RGB(0, 158, 115)
  /// The band used for the ratio.
  public static let chosenOrange = RGB(230, 159, 0)
  /// Saturated pixels: a magenta that no gray scan contains.
  public static let saturatedMagenta = RGB(255, 0, 255)
  /// The fitted band row that shows the smile (Okabe–Ito vermilion).
  public static let smileVermilion = RGB(213, 94, 0)
  /// Excluded or empty lanes.
  public static let mutedGray = RGB(150, 150, 150)
}

/// A raster of RGB pixels with the few drawing operations the report pictures need: filled
/// and outlined rectangles, lines of a given thickness, dashed lines, discs, and text in the
/// built-in ``BitmapFont``. Coordinates are integer pixels, origin top-left; everything
/// outside the canvas is clipped. Drawing is exact integer arithmetic, so the same calls
/// always give the same pixels.
public struct RGBCanvas: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// Row-major R, G, B bytes.
  public private(set) var pixels: [UInt8]

  public init(width: Int, height: Int, background: RGB = .white) {
    self.width = max(width, 0)
    self.height = max(height, 0)
    var p = [UInt8](repeating: 0, count: self.width * self.height * 3)
    for i in stride(from: 0, to: p.count, by: 3) {
      p[i] = background.r
      p[i + 1] = background.g
      p[i + 2] = background.b
    }
    pixels = p
  }

  public subscript(x: Int, y: Int) -> RGB {
    let i = (y * width + x) * 3
    return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
  }

  public mutating func set(_ x: Int, _ y: Int, _ c: RGB) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    let i = (y * width + x) * 3
    pixels[i] = c.r
    pixels[i + 1] = c.g
    pixels[i + 2] = c.b
  }

  /// Fills columns x0..<x1, rows y0..<y1 (clipped).
  public mutating func fill(x0: Int, y0: Int, x1: Int, y1: Int, _ c: RGB) {
    let xa = max(x0, 0), xb = min(x1, width), ya = max(y0, 0), yb = min(y1, height)
    guard xa < xb, ya < yb else { return }
    for y in ya..<yb {
      for x in xa..<xb { set(x, y, c) }
    }
  }

  /// Outlines the rectangle x0...x1, y0...y1 (inclusive) with lines `thickness` pixels wide,
  /// drawn inwards.
  public mutating func strokeRect(x0: Int, y0: Int, x1: Int, y1: Int, thickness: Int = 1, _ c: RGB) {
    let t = max(thickness, 1)
    fill(x0: x0, y0: y0, x1: x1 + 1, y1: y0 + t, c)
    fill(x0: x0, y0: y1 - t + 1, x1: x1 + 1, y1: y1 + 1, c)
    fill(x0: x0, y0: y0, x1: x0 + t, y1: y1 + 1, c)
    fill(x0: x1 - t + 1, y0: y0, x1: x1 + 1, y1: y1 + 1, c)
  }

  /// A straight line from (x0, y0) to (x1, y1) (Bresenham), each point a square of side
  /// `thickness` centred on the line.
  public mutating func line(x0: Int, y0: Int, x1: Int, y1: Int, thickness: Int = 1, _ c: RGB) {
    var x = x0, y = y0
    let dx = abs(x1 - x0), dy = -abs(y1 - y0)
    let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
    var err = dx + dy
    let t = max(thickness, 1), h = (t - 1) / 2
    while true {
      fill(x0: x - h, y0: y - h, x1: x - h + t, y1: y - h + t, c)
      if x == x1 && y == y1 { break }
      let e2 = 2 * err
      if e2 >= dy { err += dy; x += sx }
      if e2 <= dx { err += dx; y += sy }
    }
  }

  /// A dotted straight line from (x0, y0) to (x1, y1): along the Bresenham path, `on` pixels
  /// drawn, then `off` skipped, starting with a drawn run at (x0, y0).
  public mutating func dottedLine(x0: Int, y0: Int, x1: Int, y1: Int, on: Int, off: Int, _ c: RGB) {
    var x = x0, y = y0
    let dx = abs(x1 - x0), dy = -abs(y1 - y0)
    let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
    var err = dx + dy
    let period = max(on, 1) + max(off, 0)
    var step = 0
    while true {
      if step % period < max(on, 1) { set(x, y, c) }
      if x == x1 && y == y1 { break }
      let e2 = 2 * err
      if e2 >= dy { err += dy; x += sx }
      if e2 <= dx { err += dx; y += sy }
      step += 1
    }
  }

  /// A horizontal dashed line: `dash` pixels on, `gap` off, starting with a dash at x0.
  public mutating func dashedHorizontal(
    x0: Int, x1: Int, y: Int, dash: Int, gap: Int, thickness: Int = 1, _ c: RGB
  ) {
    var x = x0
    while x <= x1 {
      fill(x0: x, y0: y - (thickness - 1) / 2, x1: min(x + dash, x1 + 1),
           y1: y - (thickness - 1) / 2 + thickness, c)
      x += dash + gap
    }
  }

  /// A filled disc of `radius` pixels around (cx, cy): pixels with dx² + dy² ≤ r² + r.
  public mutating func disc(cx: Int, cy: Int, radius: Int, _ c: RGB) {
    let r = max(radius, 0)
    for dy in -r...r {
      for dx in -r...r where dx * dx + dy * dy <= r * r + r { set(cx + dx, cy + dy, c) }
    }
  }

  /// Draws `text` with its top-left corner at (x, y), each font pixel a `scale`×`scale`
  /// square. Returns the width drawn.
  @discardableResult
  public mutating func text(_ text: String, x: Int, y: Int, scale: Int = 2, _ c: RGB) -> Int {
    let s = max(scale, 1)
    var cx = x
    for ch in text {
      let rows = BitmapFont.rows(of: ch)
      let drop = BitmapFont.descent(of: ch)
      for (ry, bits) in rows.enumerated() {
        for rx in 0..<BitmapFont.glyphWidth where bits & (0x10 >> UInt8(rx)) != 0 {
          let top = y + (ry + drop) * s
          fill(x0: cx + rx * s, y0: top, x1: cx + (rx + 1) * s, y1: top + s, c)
        }
      }
      cx += BitmapFont.advance * s
    }
    return BitmapFont.width(of: text, scale: s)
  }

  /// Text with a 1-pixel halo of `halo` around every glyph pixel, readable on any background.
  public mutating func haloText(_ t: String, x: Int, y: Int, scale: Int = 2, _ c: RGB, halo: RGB) {
    for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)] {
      text(t, x: x + dx, y: y + dy, scale: scale, halo)
    }
    text(t, x: x, y: y, scale: scale, c)
  }

  /// Draws `text` turned 90° anticlockwise (reading bottom to top), with the start of the
  /// text at the bottom: its bounding box is x...x+7s, y−width...y.
  public mutating func verticalText(_ text: String, x: Int, y: Int, scale: Int = 2, _ c: RGB) {
    let s = max(scale, 1)
    var cy = y
    for ch in text {
      let rows = BitmapFont.rows(of: ch)
      let drop = BitmapFont.descent(of: ch)
      for (ry, bits) in rows.enumerated() {
        for rx in 0..<BitmapFont.glyphWidth where bits & (0x10 >> UInt8(rx)) != 0 {
          // Glyph column rx goes up from cy; glyph row ry goes right from x.
          let left = x + (ry + drop) * s
          fill(x0: left, y0: cy - (rx + 1) * s, x1: left + s, y1: cy - rx * s, c)
        }
      }
      cy -= BitmapFont.advance * s
    }
  }

  /// The canvas as a PNG file (8-bit RGB).
  public func png() throws -> [UInt8] {
    try PNGEncoder.encodeRGB8(pixels, width: width, height: height)
  }
}
