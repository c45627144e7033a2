/// Which way bands differ from the background in the *stored brightness* of an image.
public enum Polarity: String, Sendable, Equatable, Codable, CaseIterable {
  /// Dark bands on a light background: film, flatbed scans, chemiluminescence shown as a
  /// viewer shows it (MinIsWhite data after the decoder's inversion).
  case darkBands = "dark-bands"
  /// Light bands on a dark background: fluorescence, DNA gels, raw detector counts.
  case lightBands = "light-bands"
}

/// How the polarity was decided, with the numbers behind it.
///
/// Automatic rule: in a blot most pixels are background, so the median is a background
/// level; bands form a one-sided tail of the histogram. With q₁ and q₉₉ the 1st and 99th
/// percentiles,
///
/// ```
/// darkTail  = median − q₁        lightTail = q₉₉ − median
/// darkBands  if darkTail > lightTail, else lightBands
/// ```
/// `ratio` = larger tail / smaller tail; a ratio below 1.5 is reported as a weak decision.
public struct PolarityDecision: Sendable, Equatable {
  public var polarity: Polarity
  /// False when the caller fixed the polarity.
  public var automatic: Bool
  public var median: Double
  public var lowPercentile: Double
  public var highPercentile: Double
  public var darkTail: Double { median - lowPercentile }
  public var lightTail: Double { highPercentile - median }
  /// Larger tail over smaller tail (∞ when the smaller is 0).
  public var ratio: Double {
    let lo = min(darkTail, lightTail)
    let hi = max(darkTail, lightTail)
    return lo > 0 ? hi / lo : (hi > 0 ? .infinity : 1)
  }
  /// One sentence for reports.
  public var reason: String {
    let how = automatic ? "automatic" : "given"
    return "\(polarity.rawValue) (\(how)): median \(fmt(median)), 1st percentile "
      + "\(fmt(lowPercentile)), 99th percentile \(fmt(highPercentile)); dark tail "
      + "\(fmt(darkTail)) vs light tail \(fmt(lightTail))"
  }
}

func fmt(_ v: Double) -> String {
  if !v.isFinite { return v > 0 ? "inf" : (v < 0 ? "-inf" : "nan") }
  let r = (v * 1000).rounded() / 1000
  return r == r.rounded() ? String(Int(r)) : String(r)
}

extension PolarityDecision {
  /// The decision of `SignalConversion.decidePolarity` (same subsample: every k-th pixel,
  /// k = max(1, n / 100 000); same type-7 percentiles), without sorting the subsample.
  ///
  /// A type-7 quantile needs only the order statistics of rank ⌊h⌋ and ⌊h⌋ + 1; these six
  /// ranks are found by multiple quickselect (``OrderStatistics``), O(n) instead of the
  /// O(n log n) sort. The values are the same samples the sort would put at those ranks, and
  /// the interpolation is the same Double arithmetic, so every field is bit-identical
  /// (pinned by `PolarityDecisionSpec` against the sorting version).
  static func decide(_ raw: Plane, given: Polarity?) -> PolarityDecision {
    let n = raw.values.count
    let stride = max(1, n / 100_000)
    var sample: [Float]
    if stride == 1 {
      sample = raw.values
    } else {
      sample = []
      sample.reserveCapacity(n / stride + 1)
      var i = 0
      while i < n {
        sample.append(raw.values[i])
        i += stride
      }
    }
    let q = OrderStatistics.quantiles(&sample, [0.5, 0.01, 0.99])
    let (median, lo, hi) = (q[0], q[1], q[2])
    let auto = (median - lo) > (hi - median) ? Polarity.darkBands : .lightBands
    return PolarityDecision(
      polarity: given ?? auto, automatic: given == nil, median: median, lowPercentile: lo,
      highPercentile: hi)
  }
}

/// Quantiles by selection instead of sorting.
public enum OrderStatistics {
  /// The values `values.sorted()` would hold at `ranks` (each in 0..<count), found by
  /// multiple quickselect in O(n); `values` is reordered. Falls back to sorting when a value
  /// is NaN or −0 (see ``quantiles(_:_:)``), so the answer is always the sorted one, bit for
  /// bit.
  public static func values(_ values: inout [Float], atRanks ranks: [Int]) -> [Float] {
    let n = values.count
    precondition(ranks.allSatisfy { (0..<n).contains($0) }, "rank outside 0..<\(n)")
    if values.contains(where: { $0.isNaN || ($0 == 0 && $0.sign == .minus) }) {
      values.sort()
    } else {
      let distinct = Array(Set(ranks)).sorted()
      values.withUnsafeMutableBufferPointer { b in select(b, 0, n - 1, distinct[...]) }
    }
    return ranks.map { values[$0] }
  }

  /// Type-7 quantiles (linear interpolation between order statistics, as
  /// `ProfileMath.quantile(sorted:)`) of `values`, which are reordered. Equal, bit for bit,
  /// to `ProfileMath.quantile(sorted: values.map(Double.init).sorted(), p)` for each `p`; 0
  /// for no values.
  static func quantiles(_ values: inout [Float], _ ps: [Double]) -> [Double] {
    let n = values.count
    guard n > 0 else { return ps.map { _ in 0 } }
    let positions = ps.map { p -> (lo: Int, hi: Int, h: Double) in
      let h = Double(n - 1) * min(max(p, 0), 1)
      let lo = Int(h.rounded(.down))
      return (lo, min(lo + 1, n - 1), h)
    }
    // NaN has no order; −0 and +0 compare equal but differ as Double, and the stable sort
    // keeps their input order, which selection does not: sort in those rare cases.
    if values.contains(where: { $0.isNaN || ($0 == 0 && $0.sign == .minus) }) {
      values.sort()
    } else {
      let ranks = Array(Set(positions.flatMap { [$0.lo, $0.hi] })).sorted()
      values.withUnsafeMutableBufferPointer { b in select(b, 0, n - 1, ranks[...]) }
    }
    return positions.map { pos in
      let a = Double(values[pos.lo])
      let b = Double(values[pos.hi])
      return a + (pos.h - Double(pos.lo)) * (b - a)
    }
  }

  /// Puts the value of each rank of `ranks` (ascending, all within lo...hi) at its sorted
  /// position: select the middle rank, then the lower ranks left of it and the higher ones
  /// right of it (every value left of a selected position is ≤ it, every value right ≥).
  static func select(
    _ b: UnsafeMutableBufferPointer<Float>, _ lo: Int, _ hi: Int, _ ranks: ArraySlice<Int>
  ) {
    guard !ranks.isEmpty, lo < hi else { return }
    let m = ranks.startIndex + ranks.count / 2
    let k = ranks[m]
    ColumnProfile.select(b, lo, hi, k)
    select(b, lo, k - 1, ranks[ranks.startIndex..<m])
    select(b, k + 1, hi, ranks[(m + 1)...])
  }
}
