import Foundation

/// The columns of the membrane when the image shows it on a flat software surround.
///
/// Exported blots are often pasted on a canvas of one exact value (white around a
/// dark-on-light blot), and software writes kDa labels and tick marks on that canvas beside the
/// ladders. In a column profile such text is a narrow, dark stripe: a lane. The canvas is
/// flat: every pixel of it holds exactly the lowest signal of the plane (no protein), while
/// a membrane is textured (film grain, detector noise, background) and reaches that value
/// only in rare pixels.
///
/// Definitions (`v` = the plane's lowest signal; a *surround pixel* holds exactly `v`):
/// - *membrane rows*: rows in which fewer than half the pixels are surround pixels;
/// - *surround column*: a column in which at least half the pixels of the membrane rows are
///   surround pixels (the majority of what it shows along the lanes is canvas);
/// - the *membrane* spans from the first to the last column that is not a surround column.
///   Surround columns inside that span (a lane whose background is clipped to `v`) stay.
///
/// The extent is reported only when the canvas is evident: at least one surround column
/// lies outside the span, and surround pixels make up at most 1 % of the membrane (its rows
/// × its columns). A film whose background is clipped to the extreme everywhere fails the
/// second test (its clipped gaps and empty rows are inside the span), so its faint outer
/// lanes are never cut away.
///
/// *Mark rows* are membrane rows in which a mark on the surround (a tick mark) reaches the
/// membrane's edge: the column just outside the span is not surround there. Ticks are drawn
/// up to, and often a few columns over, the membrane's edge, so in those rows the membrane's
/// edge columns show the mark too. Label text that stops short of the edge does not make a
/// mark row: a protein name written beside a band row must not take the band row away.
struct MembraneExtent: Sendable, Equatable {
  /// Membrane columns of the plane.
  var columns: ClosedRange<Int>
  /// Membrane rows that are not mark rows (ascending).
  var cleanRows: [Int]
  /// The surround's value (the plane's lowest signal).
  var surround: Float
  /// Fraction of surround pixels inside the membrane (its rows × its columns).
  var insideFraction: Double

  /// The largest share of surround pixels a membrane may hold (see the type's definition).
  static let maximumInsideFraction = 0.01

  /// The membrane's columns, or nil when the plane shows no flat surround beside it.
  static func find(_ plane: Plane) -> MembraneExtent? {
    let w = plane.width
    let h = plane.height
    guard w >= 3, h >= 1, let v = plane.values.min(), plane.values.count == w * h else {
      return nil
    }
    var rowCount = [Int](repeating: 0, count: h)
    plane.values.withUnsafeBufferPointer { p in
      for y in 0..<h {
        var c = 0
        for x in 0..<w where p[y * w + x] == v { c += 1 }
        rowCount[y] = c
      }
    }
    let rows = (0..<h).filter { 2 * rowCount[$0] < w }
    guard !rows.isEmpty else { return nil }
    var columnCount = [Int](repeating: 0, count: w)
    plane.values.withUnsafeBufferPointer { p in
      for y in rows {
        for x in 0..<w where p[y * w + x] == v { columnCount[x] += 1 }
      }
    }
    let isSurround = columnCount.map { 2 * $0 >= rows.count }
    guard let x0 = isSurround.firstIndex(of: false), let x1 = isSurround.lastIndex(of: false),
      x0 > 0 || x1 < w - 1
    else { return nil }
    let inside = columnCount[x0...x1].reduce(0, +)
    let fraction = Double(inside) / Double(rows.count * (x1 - x0 + 1))
    guard fraction <= maximumInsideFraction else { return nil }
    let clean = plane.values.withUnsafeBufferPointer { p in
      rows.filter { y in
        !(x0 > 0 && p[y * w + x0 - 1] != v) && !(x1 < w - 1 && p[y * w + x1 + 1] != v)
      }
    }
    return MembraneExtent(
      columns: x0...x1, cleanRows: clean, surround: v, insideFraction: fraction)
  }

  /// `plane` with every row that is not a clean membrane row replaced, column by column, by
  /// the mean of the clean rows: its column means are then those of the clean rows alone,
  /// while the plane keeps its size (so a lane tilt is followed as before). Unchanged when no
  /// row is clean.
  func cleaned(_ plane: Plane) -> Plane {
    let w = plane.width
    let h = plane.height
    guard !cleanRows.isEmpty, cleanRows.count < h else { return plane }
    var mean = [Double](repeating: 0, count: w)
    var out = plane
    out.values.withUnsafeMutableBufferPointer { p in
      for y in cleanRows {
        for x in 0..<w { mean[x] += Double(p[y * w + x]) }
      }
      let fill = mean.map { Float($0 / Double(cleanRows.count)) }
      var isClean = [Bool](repeating: false, count: h)
      for y in cleanRows { isClean[y] = true }
      for y in 0..<h where !isClean[y] {
        for x in 0..<w { p[y * w + x] = fill[x] }
      }
    }
    return out
  }
}
