/// The 3×3 filters ImageJ's Subtract Background applies before estimating a background.
///
/// Both are separable: a 3-point pass along every row, then along every column, with the
/// edge pixel repeated outside the image. The mean of three is computed in Float as
/// `(a + b + c) * 0.33333333`, left to right, as ImageJ does, so results agree bit for bit.
enum ImageJSmoothing {
  /// The Float nearest to 0.33333333, ImageJ's factor for the 3-point mean.
  static let oneThird: Float = 0.33333333

  /// 3-point mean along rows, then columns.
  static func mean3x3(_ plane: inout FloatPlane) {
    _ = filter(&plane, maximum: false)
  }

  /// 3-point maximum along rows, then columns. Returns the mean amount by which the
  /// filter raised the samples: Σ(max − v) over both passes, divided by the pixel count,
  /// summed in Double line by line in the order ImageJ uses.
  @discardableResult
  static func maximum3x3(_ plane: inout FloatPlane) -> Double {
    filter(&plane, maximum: true) / Double(plane.width) / Double(plane.height)
  }

  private static func filter(_ plane: inout FloatPlane, maximum: Bool) -> Double {
    let w = plane.width, h = plane.height
    var rowShift = [Double](repeating: 0, count: h)
    var columnShift = [Double](repeating: 0, count: w)
    plane.samples.withUnsafeMutableBufferPointer { buffer in
      let pixels = UncheckedSendable(buffer.baseAddress!)
      rowShift.withUnsafeMutableBufferPointer { shifts in
        let out = UncheckedSendable(shifts.baseAddress!)
        parallelChunks(h, minimumChunk: 16) { rows in
          for y in rows {
            out.value[y] = filter3(pixels.value + y * w, count: w, stride: 1, maximum: maximum)
          }
        }
      }
      columnShift.withUnsafeMutableBufferPointer { shifts in
        let out = UncheckedSendable(shifts.baseAddress!)
        parallelChunks(w, minimumChunk: 500) { columns in
          filterColumns(pixels.value, width: w, height: h, columns: columns,
                        maximum: maximum, shifts: out.value)
        }
      }
    }
    // The sum runs in a fixed order whatever the threading: rows, then columns.
    var total = 0.0
    for s in rowShift { total += s }
    for s in columnShift { total += s }
    return total
  }

  /// The 3-point pass along the columns `columns`, visiting the image row by row (each row
  /// a contiguous run, read once: no cache line fetched per sample down a column). The
  /// same values and, per column, the same Double sum of `max − v` in the same order (top
  /// to bottom) as `filter3` down each column; `shifts[x]` receives column x's sum.
  private static func filterColumns(
    _ pixels: UnsafeMutablePointer<Float>, width w: Int, height h: Int, columns: Range<Int>,
    maximum: Bool, shifts: UnsafeMutablePointer<Double>
  ) {
    let x0 = columns.lowerBound, n = columns.count
    guard n > 0, h > 0 else { return }
    // The previous row's original values (the rows above are already filtered).
    let previousRow = UnsafeMutablePointer<Float>.allocate(capacity: n)
    defer { previousRow.deallocate() }
    let sums = shifts + x0
    for k in 0..<n {
      previousRow[k] = pixels[x0 + k]
      sums[k] = 0
    }
    for y in 0..<h {
      let row = pixels + y * w + x0
      let below = y < h - 1 ? row + w : row
      for k in 0..<n {
        let previous = previousRow[k], current = row[k], next = below[k]
        previousRow[k] = current
        if maximum {
          var m = previous > current ? previous : current
          m = next > m ? next : m
          sums[k] += Double(m - current)
          row[k] = m
        } else {
          row[k] = (previous + current + next) * oneThird
        }
      }
    }
  }

  /// One 3-point pass along a line of `count` samples `stride` apart; returns Σ(max − v)
  /// for the maximum filter (0 for the mean).
  private static func filter3(
    _ line: UnsafeMutablePointer<Float>, count: Int, stride: Int, maximum: Bool
  ) -> Double {
    guard count > 0 else { return 0 }
    var shift = 0.0
    var next = line[0]
    var current = next
    var previous: Float
    var p = 0
    for i in 0..<count {
      previous = current
      current = next
      if i < count - 1 { next = line[p + stride] }
      if maximum {
        var m = previous > current ? previous : current
        m = next > m ? next : m
        shift += Double(m - current)
        line[p] = m
      } else {
        line[p] = (previous + current + next) * oneThird
      }
      p += stride
    }
    return shift
  }
}
