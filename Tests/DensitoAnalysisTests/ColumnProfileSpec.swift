@testable import DensitoAnalysis
import Testing

/// The lane finder's column profile of the row-median-filtered signal is computed one row at
/// a time (no filtered copy of the plane, for memory): it must equal the profile of the
/// filtered copy exactly, for every tilt and edge rule.
@Suite struct ColumnProfileSpec {
  @Test(arguments: [0.0, 0.013, -0.04, 0.5])
  func rowByRowFilteringEqualsTheFilteredCopy(_ shift: Double) {
    var rng = SplitMix64(seed: 20261127)
    let w = 53, h = 31
    let values = (0..<(w * h)).map { _ in Float(rng.uniform(0, 1000)) }
    let plane = Plane(width: w, height: h, values: values)
    for clamp in [false, true] {
      let copy = ColumnProfile.compute(
        ColumnProfile.rowMedian7(plane), shiftPerRow: shift, clampEdges: clamp)
      let streamed = ColumnProfile.compute(
        plane, shiftPerRow: shift, clampEdges: clamp, rowMedian7: true)
      #expect(copy.mean == streamed.mean)
      #expect(copy.coverage == streamed.coverage)
    }
  }

  /// The filtered view (read where needed, by the end-lane and split tests) holds the filtered
  /// copy's values at every index, bit for bit, for widths below, at and above the filter's 7.
  @Test(arguments: [1, 6, 7, 8, 53])
  func rowMedianViewEqualsTheFilteredCopy(_ w: Int) {
    var rng = SplitMix64(seed: UInt64(w))
    let h = 9
    let plane = Plane(
      width: w, height: h, values: (0..<(w * h)).map { _ in Float(rng.uniform(0, 1000)) })
    let copy = ColumnProfile.rowMedian7(plane).values
    let view = ColumnProfile.RowMedian7View(plane: plane)
    #expect(copy.indices.allSatisfy { view[$0].bitPattern == copy[$0].bitPattern })
  }

  /// Rows narrower than the filter are left as they are, as `rowMedian7` does.
  @Test func narrowPlanesAreNotFiltered() {
    let plane = Plane(width: 5, height: 2, values: [1, 9, 2, 8, 3, 7, 4, 6, 5, 0])
    #expect(
      ColumnProfile.compute(plane, shiftPerRow: 0, rowMedian7: true).mean
        == ColumnProfile.compute(plane, shiftPerRow: 0).mean)
  }
  /// The definition of the sheared column mean, written the plain way (per-pixel counts,
  /// array subscripts): the pointer-walking `compute` must give the same bits, since the
  /// tilt search compares scores of nearly equal angles.
  static func plainProfile(
    _ p: Plane, shiftPerRow: Double, nearest: Bool, clampEdges: Bool
  ) -> (mean: [Double], coverage: [Double]) {
    let w = p.width, h = p.height
    var acc = [Double](repeating: 0, count: w)
    var cnt = [Double](repeating: 0, count: w)
    let yc = Double(h - 1) / 2
    for y in 0..<h {
      let off = shiftPerRow * (Double(y) - yc)
      let k0 = Int(nearest ? off.rounded() : off.rounded(.down))
      let f = nearest ? 0 : off - Double(k0)
      let g = 1 - f
      let row = y * w
      for x in 0..<w {
        if x + k0 >= 0 && x + k0 + 1 < w {
          acc[x] += g * Double(p.values[row + x + k0]) + f * Double(p.values[row + x + k0 + 1])
          cnt[x] += 1
        } else if clampEdges {
          let a = min(max(x + k0, 0), w - 1)
          let b = min(max(x + k0 + 1, 0), w - 1)
          acc[x] += g * Double(p.values[row + a]) + f * Double(p.values[row + b])
        }
      }
    }
    var mean = [Double](repeating: 0, count: w)
    var last = 0.0
    for x in 0..<w {
      if clampEdges {
        mean[x] = acc[x] / Double(h)
      } else {
        if cnt[x] > 0 { last = acc[x] / cnt[x] }
        mean[x] = last
      }
    }
    return (mean, cnt.map { $0 / Double(h) })
  }

  @Test(arguments: [0.0, 0.0037, -0.021, 0.105, -0.7, 3.0])
  func computeEqualsThePlainDefinition(_ shift: Double) {
    var rng = SplitMix64(seed: 1127)
    let w = 61, h = 37
    let values = (0..<(w * h)).map { _ in Float(rng.uniform(0, 65535)) }
    let plane = Plane(width: w, height: h, values: values)
    for nearest in [false, true] {
      for clamp in [false, true] {
        let fast = ColumnProfile.compute(plane, shiftPerRow: shift, nearest: nearest, clampEdges: clamp)
        let plain = Self.plainProfile(plane, shiftPerRow: shift, nearest: nearest, clampEdges: clamp)
        #expect(fast.mean.map(\.bitPattern) == plain.mean.map(\.bitPattern))
        #expect(fast.coverage == plain.coverage)
      }
    }
  }
}
