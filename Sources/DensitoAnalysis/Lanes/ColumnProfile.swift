import Foundation

enum ColumnProfile {
  /// Mean of each column of `p` followed along lanes that move by `shiftPerRow` columns per
  /// row (0 at the middle row), sampled with linear interpolation. Columns whose sheared
  /// path leaves the image use the rows that stay inside; `coverage` is that row fraction.
  static func compute(_ p: Plane, shiftPerRow: Double) -> (mean: [Double], coverage: [Double]) {
    let w = p.width
    let h = p.height
    var acc = [Double](repeating: 0, count: w)
    var cnt = [Double](repeating: 0, count: w)
    let yc = Double(h - 1) / 2
    p.values.withUnsafeBufferPointer { v in
      for y in 0..<h {
        let off = shiftPerRow * (Double(y) - yc)
        let k0 = Int(off.rounded(.down))
        let f = off - Double(k0)
        let g = 1 - f
        let row = y * w
        let xStart = max(0, -k0)
        let xEnd = min(w, w - 1 - k0)  // need k0 + x + 1 < w
        if xStart >= xEnd { continue }
        for x in xStart..<xEnd {
          let k = row + x + k0
          acc[x] += g * Double(v[k]) + f * Double(v[k + 1])
          cnt[x] += 1
        }
      }
    }
    var mean = [Double](repeating: 0, count: w)
    var coverage = [Double](repeating: 0, count: w)
    var last = 0.0
    for x in 0..<w {
      if cnt[x] > 0 { last = acc[x] / cnt[x] }
      mean[x] = last
      coverage[x] = cnt[x] / Double(max(h, 1))
    }
    return (mean, coverage)
  }

  /// Trimmed mean of each sheared column: the lowest and highest `trim` fraction of its
  /// values are dropped before averaging, so features shorter than that fraction of the
  /// lane length (dust, hot pixels) cannot make or split lanes. Bands, which span the lane's
  /// width, still raise every column of their lane.
  static func trimmedMean(_ p: Plane, shiftPerRow: Double, trim: Double) -> [Double] {
    let w = p.width
    let h = p.height
    let yc = Double(h - 1) / 2
    var out = [Double](repeating: 0, count: w)
    var column = [Float]()
    column.reserveCapacity(h)
    var offsets: [(Int, Float)] = []
    for y in 0..<h {
      let off = shiftPerRow * (Double(y) - yc)
      let k0 = Int(off.rounded(.down))
      offsets.append((k0, Float(off - Double(k0))))
    }
    var last = 0.0
    p.values.withUnsafeBufferPointer { v in
      for x in 0..<w {
        column.removeAll(keepingCapacity: true)
        for y in 0..<h {
          let (k0, f) = offsets[y]
          let a = x + k0
          if a < 0 || a + 1 >= w { continue }
          let row = y * w
          column.append((1 - f) * v[row + a] + f * v[row + a + 1])
        }
        if column.isEmpty {
          out[x] = last
          continue
        }
        column.sort()
        let cut = Int(Double(column.count) * trim)
        var s = 0.0
        for i in cut..<(column.count - cut) { s += Double(column[i]) }
        last = s / Double(column.count - 2 * cut)
        out[x] = last
      }
    }
    return out
  }

  /// 3×3 median filter (edges use the nearest pixels); removes isolated specks.
  static func median3x3(_ p: Plane) -> Plane {
    let w = p.width
    let h = p.height
    guard w >= 3, h >= 3 else { return p }
    var out = p.values
    var nine = [Float](repeating: 0, count: 9)
    p.values.withUnsafeBufferPointer { v in
      for y in 0..<h {
        for x in 0..<w {
          var k = 0
          for dy in -1...1 {
            let yy = min(max(y + dy, 0), h - 1)
            for dx in -1...1 {
              let xx = min(max(x + dx, 0), w - 1)
              nine[k] = v[yy * w + xx]
              k += 1
            }
          }
          nine.sort()
          out[y * w + x] = nine[4]
        }
      }
    }
    return Plane(width: w, height: h, values: out)
  }

  /// Block-mean downsampling by an integer factor.
  static func downsample(_ p: Plane, factor: Int) -> Plane {
    guard factor > 1 else { return p }
    let w = p.width / factor
    let h = p.height / factor
    guard w >= 1, h >= 1 else { return p }
    var out = [Float](repeating: 0, count: w * h)
    let scale = 1 / Float(factor * factor)
    p.values.withUnsafeBufferPointer { v in
      for y in 0..<h {
        for dy in 0..<factor {
          let row = (y * factor + dy) * p.width
          for x in 0..<w {
            var s: Float = 0
            let base = row + x * factor
            for dx in 0..<factor { s += v[base + dx] }
            out[y * w + x] += s
          }
        }
      }
    }
    for i in out.indices { out[i] *= scale }
    return Plane(width: w, height: h, values: out)
  }
}

/// Estimates lane tilt: the angle whose sheared column profile is sharpest.
///
/// Lanes are bright (in signal) vertical stripes; summing columns along the true lane
/// direction gives the sharpest column profile, tilted sums blur the lane edges. Sharpness
/// is the sum of squared differences of neighbouring profile values (over columns whose
/// path stays inside for ≥ 80 % of rows). The search runs on a block-mean copy at most ~400
/// pixels on a side: −6°...6° in 0.25° steps, then ±0.25° around the best in 0.02° steps.
enum SkewEstimator {
  static func estimate(_ signal: Plane) -> Double {
    let factor = max(1, Int((Double(max(signal.width, signal.height)) / 400).rounded(.up)))
    // Specks would dominate the sharpness measure; a 3×3 median on the reduced copy (where a
    // speck is a pixel or two) removes them.
    let small = ColumnProfile.median3x3(ColumnProfile.downsample(signal, factor: factor))
    guard small.width >= 8, small.height >= 8 else { return 0 }
    func sharpness(_ degrees: Double) -> Double {
      let t = -tan(degrees * Double.pi / 180)
      let (m, c) = ColumnProfile.compute(small, shiftPerRow: t)
      var s = 0.0
      for x in 0..<(m.count - 1) where c[x] >= 0.8 && c[x + 1] >= 0.8 {
        let d = m[x + 1] - m[x]
        s += d * d
      }
      return s
    }
    var best = 0.0
    var bestScore = sharpness(0)
    for k in -24...24 where k != 0 {
      let a = Double(k) * 0.25
      let s = sharpness(a)
      if s > bestScore * (1 + 1e-9) {
        best = a
        bestScore = s
      }
    }
    let centre = best
    for k in -12...12 where k != 0 {
      let a = centre + Double(k) * 0.02
      let s = sharpness(a)
      if s > bestScore * (1 + 1e-9) {
        best = a
        bestScore = s
      }
    }
    return best
  }
}
