import Foundation

/// A lane's integration geometry in region coordinates (columns on the middle row).
struct LaneLayout: Sendable, Equatable {
  var center: Double
  var width: Double
  /// Integration columns x0..<x1.
  var x0: Int
  var x1: Int
  /// Rows y0..<y1.
  var y0: Int
  var y1: Int
  var inferred: Bool
  /// Columns beside the lane used by the lane-border baseline (nil: no room).
  var borderLeft: Range<Int>?
  var borderRight: Range<Int>?

  /// Integration columns: the half-maximum edges widened by 3 edge σ (99.9 % of an erf edge
  /// is inside), but never past the midpoint between neighbouring lanes' edges. Border
  /// strips: up to a quarter lane width of the columns between neighbouring regions.
  static func layout(_ lanes: [LaneGeometry], edgeSoftness: Double, width: Int, height: Int)
    -> [LaneLayout]
  {
    let margin = 3 * edgeSoftness
    var out: [LaneLayout] = []
    for (i, g) in lanes.enumerated() {
      var lo = g.left - margin
      var hi = g.right + margin
      if i > 0 { lo = max(lo, (lanes[i - 1].right + g.left) / 2) }
      if i + 1 < lanes.count { hi = min(hi, (g.right + lanes[i + 1].left) / 2) }
      let x0 = min(max(0, Int(lo.rounded(.up))), width - 1)
      let x1 = max(min(width, Int(hi.rounded(.down)) + 1), x0 + 1)
      out.append(
        LaneLayout(
          center: g.center, width: g.width, x0: x0, x1: x1, y0: 0, y1: height,
          inferred: g.inferred, borderLeft: nil, borderRight: nil))
    }
    for i in out.indices {
      let strip = max(2, Int(out[i].width / 4))
      let leftLimit = i > 0 ? out[i - 1].x1 : 0
      let rightLimit = i + 1 < out.count ? out[i + 1].x0 : width
      let l0 = max(leftLimit, out[i].x0 - strip)
      if out[i].x0 - l0 >= 2 { out[i].borderLeft = l0..<out[i].x0 }
      let r1 = min(rightLimit, out[i].x1 + strip)
      if r1 - out[i].x1 >= 2 { out[i].borderRight = out[i].x1..<r1 }
    }
    return out
  }
}

/// Samples lane profiles from the signal plane, following the lane tilt.
struct LaneSampler {
  let signal: Plane
  let raw: Plane
  let shiftPerRow: Double
  let limit: Double
  let darkBands: Bool

  struct Profiles {
    /// Mean over the integration columns.
    var mean: [Double]
    /// Median over the central 60 % of the lane's half-maximum width.
    var median: [Double]
    /// Median of the border strips, smoothed along the lane (σ = 3 rows); nil without room.
    var border: [Double]?
  }

  func offset(_ y: Int) -> Double { shiftPerRow * (Double(y) - Double(signal.height - 1) / 2) }

  func profiles(_ g: LaneLayout) -> Profiles {
    let w = signal.width
    let rows = g.y1 - g.y0
    var mean = [Double](repeating: 0, count: rows)
    var median = [Double](repeating: 0, count: rows)
    var border = [Double](repeating: 0, count: rows)
    // Central columns, kept inside x0..<x1 and never empty (a lane squeezed by its
    // neighbours can have its half-maximum centre near or past its integration edge).
    let c0 = min(max(g.x0, Int((g.center - 0.3 * g.width).rounded(.up))), g.x1 - 1)
    let c1 = min(g.x1, max(c0 + 1, Int((g.center + 0.3 * g.width).rounded(.down)) + 1))
    let hasBorder = g.borderLeft != nil || g.borderRight != nil
    var central = [Double](repeating: 0, count: c1 - c0)
    var strip: [Double] = []
    signal.values.withUnsafeBufferPointer { v in
      @inline(__always) func sample(_ row: Int, _ x: Int, _ k0: Int, _ f: Double) -> Double {
        let a = min(max(x + k0, 0), w - 1)
        let b = min(max(x + k0 + 1, 0), w - 1)
        return (1 - f) * Double(v[row + a]) + f * Double(v[row + b])
      }
      for r in 0..<rows {
        let y = g.y0 + r
        let off = offset(y)
        let k0 = Int(off.rounded(.down))
        let f = off - Double(k0)
        let row = y * w
        var s = 0.0
        for x in g.x0..<g.x1 { s += sample(row, x, k0, f) }
        mean[r] = s / Double(g.x1 - g.x0)
        for x in c0..<c1 { central[x - c0] = sample(row, x, k0, f) }
        median[r] = Self.median(&central)
        if hasBorder {
          strip.removeAll(keepingCapacity: true)
          for range in [g.borderLeft, g.borderRight].compactMap({ $0 }) {
            for x in range { strip.append(sample(row, x, k0, f)) }
          }
          border[r] = Self.median(&strip)
        }
      }
    }
    return Profiles(
      mean: mean, median: median,
      border: hasBorder ? ProfileMath.smooth(border, sigma: 3) : nil)
  }

  /// The median of `values` (reordered in place; mean of the middle two for even counts).
  static func median(_ values: inout [Double]) -> Double {
    ProfileMath.median(reordering: &values)
  }

  /// Stored samples at the detector limit in rows top...bottom of the lane's columns.
  func saturatedCount(_ g: LaneLayout, top: Int, bottom: Int) -> Int {
    let w = raw.width
    let lim = Float(limit)
    var count = 0
    raw.values.withUnsafeBufferPointer { v in
      for y in max(top, 0)...min(bottom, raw.height - 1) {
        let k0 = Int(offset(y).rounded())
        let row = y * w
        for x in g.x0..<g.x1 {
          let c = min(max(x + k0, 0), w - 1)
          let s = v[row + c]
          if darkBands ? s <= lim : s >= lim { count += 1 }
        }
      }
    }
    return count
  }
}
