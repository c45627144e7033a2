/// Copies between the image and contiguous line buffers for the column and diagonal passes
/// of the ImageJ-identical sliding paraboloid (`ImageJSlidingParaboloid.filter`).
enum ImageJSlidingParaboloidBlocks {
  /// Lines per block (a multiple of 16).
  static let blockLines = 32

  /// Image rows handled per round of `transfer` (the staging buffer of one round holds
  /// `chunkRows` runs of at most `blockLines` samples: 8 KiB, in the L1 cache).
  static let chunkRows = 64

  /// Copies the lines of `group` (each advancing one image row per sample, as columns and
  /// diagonals do) to (`gather`) or from `copies`, where sample t of the group's l-th line
  /// is at `l·length + t`. `group` holds at most `blockLines` lines.
  ///
  /// The image is visited row by row, `chunkRows` rows per round. Per image row, the lines
  /// crossing it are a contiguous run of the group (lines start on consecutive rows or
  /// columns and are sorted) at consecutive columns, in the order of the lines or the
  /// reverse: one 128-byte run of the image per row for a block of 32 lines. Each round
  /// moves these runs between the image and a small staging buffer (row y at
  /// `(y − y0)·blockLines`, in image order: line l at slot l, or `blockLines − 1 − l` for
  /// the reverse order) in a tight loop, so the loads of many rows can be in flight at once
  /// (each row is a different cache line of the image, usually not cached), and separately
  /// between the staging buffer and the line buffers, in cache (`transpose`).
  static func transfer(
    _ group: ArraySlice<ImageJSlidingParaboloid.Line>, _ pixels: UnsafeMutablePointer<Float>,
    width w: Int, _ copies: UnsafeMutablePointer<Float>, length: Int, gather: Bool
  ) {
    guard let firstLine = group.first else { return }
    let dx = firstLine.step - w  // 0 for columns, ±1 for diagonals
    let count = group.count
    let width = blockLines
    precondition(count <= width, "blocks of at most blockLines lines")
    // Per line: first row, first column, last row (inclusive), offset in `copies`.
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * count) { info in
      var top = Int.max, bottom = Int.min
      for (l, line) in group.enumerated() {
        let row = line.start / w
        info[4 * l] = row
        info[4 * l + 1] = line.start % w
        info[4 * l + 2] = row + line.count - 1
        info[4 * l + 3] = l * length
        top = min(top, row)
        bottom = max(bottom, row + line.count - 1)
      }
      if top > bottom { return }
      // Column step from line l to line l + 1 within one image row.
      let direction = count > 1 ? info[5] - info[1] - (info[4] - info[0]) * dx : 1
      // Rows crossed by every line of the group (all of them for columns).
      var allFrom = Int.min, allTo = Int.max
      for l in 0..<count {
        allFrom = max(allFrom, info[4 * l])
        allTo = min(allTo, info[4 * l + 2])
      }
      withUnsafeTemporaryAllocation(of: Float.self, capacity: chunkRows * width) { buffer in
        guard let staging = buffer.baseAddress else { return }
        var y0 = top
        while y0 <= bottom {
          let y1 = min(bottom, y0 + chunkRows - 1)
          // Whole chunks crossed by all 32 lines move as 4×4 tiles.
          let tiled = count == width && y0 >= allFrom && y1 <= allTo && (y1 - y0 + 1) % 4 == 0
          if !gather && tiled {
            transpose(rows: y1 - y0 + 1, staging: staging, width: width, info: info, y0: y0,
                      reversed: direction != 1, copies: copies, gather: false)
          } else if !gather {
            for l in 0..<count {
              let from = max(y0, info[4 * l]), to = min(y1, info[4 * l + 2])
              guard from <= to else { continue }
              let line = copies + info[4 * l + 3]
              let slot = staging + (direction == 1 ? l : width - 1 - l) + (from - y0) * width
              copy(to - from + 1, from: line + (from - info[4 * l]), 1, to: slot, width)
            }
          }
          for y in y0...y1 {
            var lo = 0, hi = count
            if y < allFrom || y > allTo {
              lo = count
              hi = 0
              for l in 0..<count {
                let active = info[4 * l] <= y && y <= info[4 * l + 2]
                lo = active ? min(lo, l) : lo
                hi = active ? max(hi, l + 1) : hi
              }
            }
            if lo >= hi { continue }
            // The run in image order: lines lo ..< hi, or hi − 1 down to lo.
            let run = hi - lo
            let first = y * w + info[4 * lo + 1] + (y - info[4 * lo]) * dx
            let image = pixels + (direction == 1 ? first : first - (run - 1))
            let slots = staging + (y - y0) * width + (direction == 1 ? lo : width - hi)
            if run == width {
              for c in stride(from: 0, to: width, by: 16) {
                if gather {
                  UnsafeMutableRawPointer(slots + c).storeBytes(
                    of: UnsafeRawPointer(image + c).loadUnaligned(as: SIMD16<Float>.self),
                    as: SIMD16<Float>.self)
                } else {
                  UnsafeMutableRawPointer(image + c).storeBytes(
                    of: UnsafeRawPointer(slots + c).loadUnaligned(as: SIMD16<Float>.self),
                    as: SIMD16<Float>.self)
                }
              }
            } else if gather {
              for k in 0..<run { slots[k] = image[k] }
            } else {
              for k in 0..<run { image[k] = slots[k] }
            }
          }
          if gather && tiled {
            transpose(rows: y1 - y0 + 1, staging: staging, width: width, info: info, y0: y0,
                      reversed: direction != 1, copies: copies, gather: true)
          } else if gather {
            for l in 0..<count {
              let from = max(y0, info[4 * l]), to = min(y1, info[4 * l + 2])
              guard from <= to else { continue }
              let line = copies + info[4 * l + 3]
              let slot = staging + (direction == 1 ? l : width - 1 - l) + (from - y0) * width
              copy(to - from + 1, from: slot, width, to: line + (from - info[4 * l]), 1)
            }
          }
          y0 = y1 + 1
        }
      }
    }
  }

  /// Copies `count` samples `sourceStep` apart to `targetStep` apart.
  @inline(__always)
  private static func copy(
    _ count: Int, from source: UnsafeMutablePointer<Float>, _ sourceStep: Int,
    to target: UnsafeMutablePointer<Float>, _ targetStep: Int
  ) {
    var s = 0, t = 0
    for _ in 0..<count {
      target[t] = source[s]
      s &+= sourceStep
      t &+= targetStep
    }
  }

  /// Moves `rows` staging rows (from image row `y0`, a multiple of 4 rows, every line
  /// crossing all of them) to (`gather`) or from the line buffers, by 4×4 tiles: four
  /// staging rows of four slots are loaded, transposed, and stored as four runs of four
  /// samples, one per line (and the reverse). Line l is at slot l, or `width − 1 − l`
  /// when `reversed`.
  @inline(__always)
  private static func transpose(
    rows: Int, staging: UnsafeMutablePointer<Float>, width: Int,
    info: UnsafeMutableBufferPointer<Int>, y0: Int, reversed: Bool,
    copies: UnsafeMutablePointer<Float>, gather: Bool
  ) {
    for s in stride(from: 0, to: width, by: 4) {
      // The four lines of slots s ... s + 3, at image row y0.
      var lines: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                  UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
      @inline(__always) func line(_ slot: Int) -> UnsafeMutablePointer<Float> {
        let l = reversed ? width - 1 - slot : slot
        return copies + info[4 * l + 3] + (y0 - info[4 * l])
      }
      lines = (line(s), line(s + 1), line(s + 2), line(s + 3))
      for r in stride(from: 0, to: rows, by: 4) {
        let tile = staging + r * width + s
        if gather {
          let a = UnsafeRawPointer(tile).loadUnaligned(as: SIMD4<Float>.self)
          let b = UnsafeRawPointer(tile + width).loadUnaligned(as: SIMD4<Float>.self)
          let c = UnsafeRawPointer(tile + 2 * width).loadUnaligned(as: SIMD4<Float>.self)
          let d = UnsafeRawPointer(tile + 3 * width).loadUnaligned(as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(lines.0 + r).storeBytes(
            of: SIMD4(a[0], b[0], c[0], d[0]), as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(lines.1 + r).storeBytes(
            of: SIMD4(a[1], b[1], c[1], d[1]), as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(lines.2 + r).storeBytes(
            of: SIMD4(a[2], b[2], c[2], d[2]), as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(lines.3 + r).storeBytes(
            of: SIMD4(a[3], b[3], c[3], d[3]), as: SIMD4<Float>.self)
        } else {
          let a = UnsafeRawPointer(lines.0 + r).loadUnaligned(as: SIMD4<Float>.self)
          let b = UnsafeRawPointer(lines.1 + r).loadUnaligned(as: SIMD4<Float>.self)
          let c = UnsafeRawPointer(lines.2 + r).loadUnaligned(as: SIMD4<Float>.self)
          let d = UnsafeRawPointer(lines.3 + r).loadUnaligned(as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(tile).storeBytes(
            of: SIMD4(a[0], b[0], c[0], d[0]), as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(tile + width).storeBytes(
            of: SIMD4(a[1], b[1], c[1], d[1]), as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(tile + 2 * width).storeBytes(
            of: SIMD4(a[2], b[2], c[2], d[2]), as: SIMD4<Float>.self)
          UnsafeMutableRawPointer(tile + 3 * width).storeBytes(
            of: SIMD4(a[3], b[3], c[3], d[3]), as: SIMD4<Float>.self)
        }
      }
    }
  }
}
