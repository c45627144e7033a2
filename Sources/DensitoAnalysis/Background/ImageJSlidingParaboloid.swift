/// ImageJ 1.53t's sliding-paraboloid background, reproduced from its documented behaviour
/// and measured against its output.
///
/// A parabola `v(d) = v₁ + m·d − c·d²` (curvature `c = 1/(2r)` along rows and columns,
/// `c = 1/r` along diagonals, whose pixel spacing is √2) slides under each 1-D line of the
/// image; between the points it touches, the line is replaced by the parabola. Passes, in
/// order: corner correction (below), rows, columns, rows again, the four diagonal families,
/// and the first two diagonal families again. Before that, when smoothing is on, a 3×3
/// maximum (to lift dark outliers) then a 3×3 mean, and the background is finally lowered
/// by the mean lift of the maximum filter.
///
/// The touching points along a line are the vertices of the lower convex hull of
/// (j, v_j + c·j²) over the points that can be touched (see `slide`); ImageJ finds the same
/// points by scanning, Densito in O(n) per line.
///
/// Corner correction: each edge line and each corner diagonal is slid first; from the
/// touching points away from the ends (ignored if within a quarter of the length from the
/// end) a line plus a 6th-order term fitted to the middle third estimates what the edge
/// value would be without an object in the corner. Each corner is capped at the mean of its
/// three estimates.
enum ImageJSlidingParaboloid {
  /// The background of `plane` (already negated for a light background).
  static func background(of plane: FloatPlane, radius: Double, smooth: Bool) -> FloatPlane {
    // A fresh plane on huge pages (see `HugePages`): the later passes walk it by columns.
    // With smoothing, the 3×3 maximum and mean are written straight into it.
    var work: FloatPlane
    var shift: Float = 0
    if smooth {
      let (smoothed, lift) = ImageJSlidingParaboloidSmoothing.maximumThenMean(plane)
      work = smoothed
      shift = Float(lift)
    } else {
      work = FloatPlane(
        width: plane.width, height: plane.height,
        samples: HugePages.floats(count: plane.samples.count) { out in
          plane.samples.withUnsafeBufferPointer { source in
            guard let first = source.baseAddress, let target = out.baseAddress else { return }
            let from = UncheckedSendable(first), to = UncheckedSendable(target)
            // In parallel: the first touch of each page (and its zeroing) is part of the copy.
            parallelChunks(source.count, minimumChunk: 1 << 18) { range in
              (to.value + range.lowerBound).initialize(
                from: from.value + range.lowerBound, count: range.count)
            }
          }
        })
    }
    let coeff2 = Float(0.5 / radius)
    let coeff2Diagonal = Float(1.0 / radius)
    correctCorners(&work, coeff2: coeff2)
    for direction in passes {
      filter(&work, direction, coeff2: direction.isDiagonal ? coeff2Diagonal : coeff2)
    }
    if shift != 0 {
      work.samples.withUnsafeMutableBufferPointer { p in
        guard let first = p.baseAddress else { return }
        let base = UncheckedSendable(first)
        parallelChunks(p.count, minimumChunk: 1 << 18) { range in
          for i in range { base.value[i] -= shift }
        }
      }
    }
    return work
  }

  /// The line passes after the corner correction, in ImageJ's order.
  static let passes: [Direction] = [
    .rows, .columns, .rows,
    .diagonalDownRightFromTop, .diagonalDownRightFromLeft,
    .diagonalDownLeftFromTop, .diagonalDownLeftFromRight,
    .diagonalDownRightFromTop, .diagonalDownRightFromLeft,
  ]

  /// Families of parallel lines the parabola slides along.
  enum Direction {
    case rows, columns
    /// Down-right diagonals starting on the top edge (x = 0 ... width − 3).
    case diagonalDownRightFromTop
    /// Down-right diagonals starting on the left edge (y = 1 ... height − 3).
    case diagonalDownRightFromLeft
    /// Down-left diagonals starting on the top edge (x = 2 ... width − 1).
    case diagonalDownLeftFromTop
    /// Down-left diagonals starting on the right edge (y = 1 ... height − 3).
    case diagonalDownLeftFromRight

    /// Whether the lines are diagonals (pixel spacing √2: curvature `1/r` per step).
    var isDiagonal: Bool { self != .rows && self != .columns }
  }

  /// A line: first sample index, step between samples and sample count.
  struct Line { var start: Int; var step: Int; var count: Int }

  static func lines(_ direction: Direction, width w: Int, height h: Int) -> [Line] {
    switch direction {
    case .rows:
      return (0..<h).map { Line(start: $0 * w, step: 1, count: w) }
    case .columns:
      return (0..<w).map { Line(start: $0, step: w, count: h) }
    case .diagonalDownRightFromTop:
      return stride(from: 0, to: w - 2, by: 1).map {
        Line(start: $0, step: w + 1, count: min(h, w - $0))
      }
    case .diagonalDownRightFromLeft:
      return stride(from: 1, to: h - 2, by: 1).map {
        Line(start: $0 * w, step: w + 1, count: min(w, h - $0))
      }
    case .diagonalDownLeftFromTop:
      return stride(from: 2, to: w, by: 1).map {
        Line(start: $0, step: w - 1, count: min(h, $0 + 1))
      }
    case .diagonalDownLeftFromRight:
      return stride(from: 1, to: h - 2, by: 1).map {
        Line(start: $0 * w + w - 1, step: w - 1, count: min(w, h - $0))
      }
    }
  }

  /// Slides the parabola along every line of one family; lines are independent.
  ///
  /// Rows are slid in place. Other families are slid in blocks of `block` neighbouring
  /// lines, copied into a buffer where each line is contiguous (`transfer`), slid there and
  /// copied back. Neighbouring lines cross each image row at neighbouring columns, so both
  /// copies read or write whole 128-byte runs of the image. The values are those of sliding
  /// in place.
  static func filter(_ plane: inout FloatPlane, _ direction: Direction, coeff2: Float) {
    let w = plane.width, h = plane.height
    let all = lines(direction, width: w, height: h)
    let longest = max(w, h)
    let block = direction == .rows ? 1 : ImageJSlidingParaboloidBlocks.blockLines
    let blocks = (all.count + block - 1) / block
    plane.samples.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let pixels = UncheckedSendable(base)
      let linesS = UncheckedSendable(all)
      parallelChunks(blocks, minimumChunk: 2) { range in
        let scratch = LineScratch(capacity: longest)
        if block == 1 {
          for index in range {
            _ = slide(pixels.value, linesS.value[index], coeff2: coeff2, scratch: scratch,
                      edges: false)
          }
          return
        }
        // Every line lies within the image's h rows: line l of a block at l·h.
        let copies = UnsafeMutablePointer<Float>.allocate(capacity: block * h)
        defer { copies.deallocate() }
        for b in range {
          let group = linesS.value[(b * block)..<min(all.count, (b + 1) * block)]
          ImageJSlidingParaboloidBlocks.transfer(
            group, pixels.value, width: w, copies, length: h, gather: true)
          for (l, line) in group.enumerated() {
            _ = slideContiguous(copies + l * h, count: line.count, coeff2: coeff2,
                                scratch: scratch, edges: false)
          }
          ImageJSlidingParaboloidBlocks.transfer(
            group, pixels.value, width: w, copies, length: h, gather: false)
        }
      }
    }
  }

  /// Slides the parabola along the four edges and the four corner diagonals, then caps
  /// each corner pixel at the mean of its three edge-free estimates.
  /// `slideLine` is the line pass (`slide`; the tests pass `slideReference`).
  static func correctCorners(
    _ plane: inout FloatPlane, coeff2: Float,
    slideLine: SlideLine = { slide($0, $1, coeff2: $2, scratch: $3, edges: $4) }
  ) {
    let w = plane.width, h = plane.height
    guard w > 0, h > 0 else { return }
    let scratch = LineScratch(capacity: max(w, h))
    var corners = [Float](repeating: 0, count: 4)
    plane.samples.withUnsafeMutableBufferPointer { buffer in
      guard let px = buffer.baseAddress else { return }
      func edges(_ start: Int, _ step: Int, _ count: Int, _ c: Float) -> (Float, Float) {
        slideLine(px, Line(start: start, step: step, count: count), c, scratch, true)
      }
      var e = edges(0, 1, w, coeff2)
      corners[0] = e.0; corners[1] = e.1
      e = edges((h - 1) * w, 1, w, coeff2)
      corners[2] = e.0; corners[3] = e.1
      e = edges(0, w, h, coeff2)
      corners[0] += e.0; corners[2] += e.1
      e = edges(w - 1, w, h, coeff2)
      corners[1] += e.0; corners[3] += e.1
      let diagonal = min(w, h)
      let c2 = 2 * coeff2
      corners[0] += edges(0, w + 1, diagonal, c2).0
      corners[1] += edges(w - 1, w - 1, diagonal, c2).0
      corners[2] += edges((h - 1) * w, 1 - w, diagonal, c2).0
      corners[3] += edges(w * h - 1, -1 - w, diagonal, c2).0
      let positions = [0, w - 1, (h - 1) * w, w * h - 1]
      for (corner, p) in positions.enumerated() where px[p] > corners[corner] / 3 {
        px[p] = corners[corner] / 3
      }
    }
  }

  /// A line pass: pixels, line, curvature, scratch, whether to return the end estimates.
  typealias SlideLine = (UnsafeMutablePointer<Float>, Line, Float, LineScratch, Bool)
    -> (Float, Float)
}
