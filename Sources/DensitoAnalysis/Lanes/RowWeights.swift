import Foundation

/// Weights of the rows in the lane-finding column profile: each row counts in proportion to
/// the amplitude of the lane pattern it carries.
///
/// A plain column mean gives every row the same say, so on a blot whose bands fill a few
/// rows of a tall image (a whole membrane photographed around one band row, a ladder
/// running the full height beside samples with one band) the lanes drown in empty rows,
/// whose texture (JPEG blocks, membrane grain, smears) then shapes the profile. Summing a
/// pattern seen with amplitude a_y in row y under noise of equal variance, the weights that
/// maximise the signal-to-noise ratio of the sum are w_y ∝ a_y (the matched filter; e.g.
/// Kay, *Fundamentals of Statistical Signal Processing, Vol. II: Detection Theory*, 1998,
/// §4.3). The amplitude of row y is estimated from its variance across columns:
///
/// ```
/// a_y = √max(0, Var_x S(x, y) − σ²)
/// ```
///
/// where σ is the pixel noise, the median over rows of each row's MAD-based σ of second
/// differences along the row (``ProfileMath/noise(_:)``); rows holding only noise get
/// weight ≈ 0. The tilt is ignored here: shifting a row changes neither its variance nor
/// its second differences (except at the ends). A
/// background gradient across a row also adds variance; it then weighs that row as if it
/// held lanes, which is no worse than the plain mean.
enum RowWeights {
  static let relativeCut = 0.1

  static func matchedFilter(_ p: Plane) -> [Double] {
    let w = p.width
    let h = p.height
    guard w >= 5, h >= 1 else { return [Double](repeating: 1, count: h) }
    var variance = [Double](repeating: 0, count: h)
    var noise = [Double](repeating: 0, count: h)
    var row = [Double](repeating: 0, count: w)
    p.values.withUnsafeBufferPointer { v in
      for y in 0..<h {
        var mean = 0.0
        for x in 0..<w {
          row[x] = Double(v[y * w + x])
          mean += row[x]
        }
        mean /= Double(w)
        var ss = 0.0
        for x in 0..<w { ss += (row[x] - mean) * (row[x] - mean) }
        variance[y] = ss / Double(w - 1)
        noise[y] = ProfileMath.noise(row)
      }
    }
    let sigma = ProfileMath.median(noise)
    let amplitude = variance.map { max(0, $0 - sigma * sigma).squareRoot() }
    // Significance: the sample variance of w noise samples has standard deviation
    // σ²·√(2/(w − 1)); a row carries a pattern when its excess variance is 6 of those.
    let significant = 6 * sigma * sigma * (2 / Double(w - 1)).squareRoot()
    let top = amplitude.max() ?? 0
    let cut = max(significant.squareRoot(), relativeCut * top)
    let weights = amplitude.map { $0 >= cut && $0 > 0 ? 1.0 : 0.0 }
    // No row carries a pattern: fall back to equal weights.
    guard weights.contains(where: { $0 > 0 }) else { return [Double](repeating: 1, count: h) }
    return weights
  }
}
