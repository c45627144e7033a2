/// Order statistics of Float samples without copying or reordering them: a two-pass radix
/// selection on the samples' bit patterns.
///
/// Each non-NaN sample maps to a 32-bit key that sorts as the value does (IEEE 754 total
/// order: a negative value has all bits inverted, a non-negative one its sign bit set; -0
/// then sorts just before +0). Pass 1 counts the keys' upper 16 bits (65 536 bins) and finds
/// the bin holding each wanted rank; pass 2 counts the lower 16 bits of the samples in those
/// bins and finds the key. The value at rank k is the key's float: the sample a sort of the
/// non-NaN samples puts at index k. Memory: two 65 536-bin tables, whatever the image size;
/// a selection by quickselect needs a reorderable copy of all samples.
enum RadixSelect {
  static func key(_ v: Float) -> UInt32 {
    let b = v.bitPattern
    return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
  }

  static func value(ofKey k: UInt32) -> Float {
    Float(bitPattern: k & 0x8000_0000 != 0 ? k & 0x7FFF_FFFF : ~k)
  }

  /// The number of non-NaN samples.
  static func count(_ samples: [Float]) -> Int {
    samples.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
  }

  /// The sample at each rank (0-based, ascending, NaNs left out) of `ranks`; every rank
  /// must be below ``count(_:)``.
  static func values(_ samples: [Float], atRanks ranks: [Int]) -> [Float] {
    var high = [Int](repeating: 0, count: 1 << 16)
    samples.withUnsafeBufferPointer { s in
      for v in s where !v.isNaN { high[Int(key(v) >> 16)] += 1 }
    }
    // Bin of each rank and the rank within the bin.
    let located = ranks.map { rank -> (bin: Int, rest: Int) in
      var below = 0
      for bin in high.indices {
        if rank < below + high[bin] { return (bin, rank - below) }
        below += high[bin]
      }
      return (high.count - 1, 0)
    }
    let bins = Array(Set(located.map(\.bin))).sorted()
    var low = [[Int]](repeating: [Int](repeating: 0, count: 1 << 16), count: bins.count)
    samples.withUnsafeBufferPointer { s in
      for v in s where !v.isNaN {
        let k = key(v)
        if let i = bins.firstIndex(of: Int(k >> 16)) { low[i][Int(k & 0xFFFF)] += 1 }
      }
    }
    return located.map { place in
      let table = low[bins.firstIndex(of: place.bin) ?? 0]
      var below = 0
      for l in table.indices {
        if place.rest < below + table[l] {
          return value(ofKey: UInt32(place.bin) << 16 | UInt32(l))
        }
        below += table[l]
      }
      return .nan
    }
  }
}
