import Foundation

extension LaneFinder {
  /// Width (columns, odd) of the closing that tells a gap between lanes from a dip inside a
  /// lane: a tenth of the typical run width, at least 5. The typical run is the one holding
  /// the median column among all columns above the threshold (a run is one lane or several
  /// touching lanes; weighting by width keeps narrow specks and labels from setting it).
  /// A gap between touching lanes is two lane edges back to back, narrower than this; a dip
  /// inside a lane (band ends darker than its middle, uneven band tops, JPEG blocks) spans a
  /// good part of the lane and is wider.
  static func gapWindow(runs: [(Int, Int)]) -> Int {
    let widths = runs.map { $0.1 - $0.0 + 1 }.sorted()
    let total = widths.reduce(0, +)
    var seen = 0
    var typical = widths.last ?? 0
    for w in widths {
      seen += w
      if 2 * seen >= total {
        typical = w
        break
      }
    }
    return max(5, Int((0.1 * Double(typical)).rounded())) | 1
  }

  /// Grayscale closing (dilation then erosion) of `x` with a flat window `window` columns
  /// wide, edges extended with the end values: fills every valley narrower than the window
  /// up to the lower of the two walls enclosing it, and leaves broader valleys as they are.
  static func closing(_ x: [Double], window: Int) -> [Double] {
    let n = x.count
    let h = max(1, window / 2)
    guard n > 1 else { return x }
    func pass(_ v: [Double], _ pick: (Double, Double) -> Double) -> [Double] {
      var out = v
      for i in 0..<n {
        var m = v[i]
        for j in max(0, i - h)...min(n - 1, i + h) { m = pick(m, v[j]) }
        out[i] = m
      }
      return out
    }
    return pass(pass(x, max), min)
  }
}
