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

  /// Rows narrower than the filter are left as they are, as `rowMedian7` does.
  @Test func narrowPlanesAreNotFiltered() {
    let plane = Plane(width: 5, height: 2, values: [1, 9, 2, 8, 3, 7, 4, 6, 5, 0])
    #expect(
      ColumnProfile.compute(plane, shiftPerRow: 0, rowMedian7: true).mean
        == ColumnProfile.compute(plane, shiftPerRow: 0).mean)
  }
}
