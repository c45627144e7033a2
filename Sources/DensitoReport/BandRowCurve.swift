import DensitoAnalysis

/// The band row that a blot's smile estimate follows, as a curve across the lanes: what the
/// overlay draws so that a reader can see the smile (``BlotAnalysis/smile``) and judge it.
///
/// The analysis reports only the smile coefficient; this repeats its fit (the rule of
/// `SmileEstimator` in DensitoAnalysis, restated here) to get the whole curve:
///
/// - reference row r = the median of each lane's strongest band's centre row;
/// - each lane contributes its band nearest to r, when within
///   max(5, 4 · median σ of the strongest bands) rows;
/// - a least-squares quadratic through those (t, y) points, with
///
/// ```
/// y(t) = a + b·t + c·t²,   t = (lane centre − region.x − W/2) / (W/2)
/// ```
///
/// where W is the analysed region's width. `c` is the smile: the offset of the band row at
/// the region's outer edges relative to its centre (positive: edges lower). Nil under the
/// same conditions as the analysis's smile (fewer than 3 lanes on the row).
public struct BandRowCurve: Sendable, Equatable {
  public var a: Double
  public var b: Double
  /// The smile, pixels (equals ``BlotAnalysis/smile``).
  public var c: Double
  /// Left edge and half width W/2 of the analysed region, columns.
  public var regionX: Double
  public var halfWidth: Double
  /// The lane centres (columns on the region's middle row) and band rows that were fitted.
  public var pointsX: [Double]
  public var pointsY: [Double]

  /// The fitted row at lane-centre column `x` (middle-row coordinates).
  public func row(atColumn x: Double) -> Double {
    let t = (x - regionX - halfWidth) / halfWidth
    return a + b * t + c * t * t
  }

  /// Fits the curve to `analysis`'s lanes; nil with fewer than 3 lanes on the band row.
  public static func fit(_ analysis: BlotAnalysis) -> BandRowCurve? {
    let strongest = analysis.lanes.compactMap { lane in lane.bands.max { $0.volume < $1.volume } }
    guard strongest.count >= 3 else { return nil }
    let reference = median(strongest.map(\.y))
    let tolerance = max(5, 4 * median(strongest.map(\.sigma)))
    let regionX = Double(analysis.region.x)
    let half = Double(analysis.region.width) / 2
    var xs: [Double] = []
    var ts: [Double] = []
    var ys: [Double] = []
    for lane in analysis.lanes {
      guard let band = lane.bands.min(by: { abs($0.y - reference) < abs($1.y - reference) }),
        abs(band.y - reference) <= tolerance
      else { continue }
      xs.append(lane.centerX)
      ts.append((lane.centerX - regionX - half) / half)
      ys.append(band.y)
    }
    guard ts.count >= 3, let coefficients = quadratic(ts, ys) else { return nil }
    return BandRowCurve(
      a: coefficients[0], b: coefficients[1], c: coefficients[2], regionX: regionX,
      halfWidth: half, pointsX: xs, pointsY: ys)
  }

  /// Median (mean of the middle two for an even count); 0 for none.
  static func median(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return 0 }
    let s = x.sorted()
    let n = s.count
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
  }

  /// Least-squares coefficients (a, b, c) of y = a + b·t + c·t² from the normal equations,
  /// solved by Cramer's rule; nil when singular.
  static func quadratic(_ ts: [Double], _ ys: [Double]) -> [Double]? {
    var s = [Double](repeating: 0, count: 5)
    var r = [Double](repeating: 0, count: 3)
    for (t, y) in zip(ts, ys) {
      var p = 1.0
      for k in 0..<5 {
        s[k] += p
        if k < 3 { r[k] += p * y }
        p *= t
      }
    }
    let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
    func det(_ a: [[Double]]) -> Double {
      a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
        - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
    }
    let d = det(m)
    guard d.isFinite, abs(d) > 1e-300 else { return nil }
    var out: [Double] = []
    for column in 0..<3 {
      var mc = m
      for row in 0..<3 { mc[row][column] = r[row] }
      out.append(det(mc) / d)
    }
    return out.allSatisfy(\.isFinite) ? out : nil
  }
}
