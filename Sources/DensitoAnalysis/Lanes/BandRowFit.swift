/// One band row followed across the lanes, and the quadratic through it: how the smile is
/// measured, kept whole so that a report can draw the curve it was measured on.
///
/// The curve is a function of the lane-centre column u (on the analysed region's middle row):
///
/// ```
/// y(u) = a + b·t + c·t²,   t = (u − regionX − W/2) / (W/2)
/// ```
///
/// with W the analysed region's width. `c` is the smile: the band row's offset at the
/// region's outer edges relative to its centre (positive: edges lower, the usual "smile" of
/// a gel run hotter in the middle). `b` absorbs a straight tilt.
///
/// ## How the row is chosen (``fit(_:regionX:width:excluding:)``)
/// 1. Lanes taking part: every lane with bands except the excluded ones (ladder lanes: their
///    markers sit at other heights and would join the wrong row).
/// 2. Tracking: starting from one lane's strongest band, the row is followed lane by lane
///    outwards in both directions. Each next lane contributes its band nearest to the
///    prediction (the last point, or the straight line through the last two), if that band
///    lies within a tolerance of max(3 px, 2.5 × the median band σ); otherwise the lane is
///    skipped. Following neighbours, rather than matching every lane to one global row,
///    keeps a strongly smiling or tilted row together and never jumps to the next row.
/// 3. Every lane's strongest band is tried as the start; the track through the most lanes
///    wins (ties: the larger summed volume, then the start nearer the middle).
/// 4. Least squares, then robust trimming: while more than 4 points remain, the point with
///    the largest residual is dropped if it exceeds max(1.5 px, 3 × 1.4826 × MAD of the
///    residuals), and the quadratic is refitted.
///
/// Nil with fewer than 3 lanes on the row. With exactly 3 the quadratic passes through the
/// points and the estimate has no redundancy (``rmsResidual`` is 0).
public struct BandRowFit: Sendable, Equatable, Codable {
  public var a: Double
  public var b: Double
  /// The smile, pixels (``BlotAnalysis/smile``).
  public var c: Double
  /// Left edge and half width W/2 of the analysed region, columns.
  public var regionX: Double
  public var halfWidth: Double
  /// The lanes whose bands were fitted (indices into ``BlotAnalysis/lanes``), their centre
  /// columns and their band rows.
  public var laneIndices: [Int]
  public var pointsX: [Double]
  public var pointsY: [Double]
  /// Root mean square of the fitted points' residuals, pixels.
  public var rmsResidual: Double

  /// The fitted row at lane-centre column `x`.
  public func row(atColumn x: Double) -> Double {
    let t = (x - regionX - halfWidth) / halfWidth
    return a + b * t + c * t * t
  }

  /// Follows a band row across `lanes` and fits it (see the type's documentation).
  static func fit(
    _ lanes: [Lane], regionX: Double, width: Int, excluding: Set<Int> = []
  ) -> BandRowFit? {
    let taking = lanes.filter { !excluding.contains($0.index) && !$0.bands.isEmpty }
    guard taking.count >= 3, width > 0 else { return nil }
    let sigma = ProfileMath.median(taking.flatMap { $0.bands.map(\.sigma) })
    let tolerance = max(3, 2.5 * sigma)
    let middle = regionX + Double(width) / 2

    var best: [Point] = []
    var bestVolume = -Double.infinity
    var bestDistance = Double.infinity
    for (k, lane) in taking.enumerated() {
      guard let start = lane.bands.max(by: { $0.volume < $1.volume }) else { continue }
      let track = follow(taking, from: k, start: start, tolerance: tolerance)
      let volume = track.reduce(0) { $0 + $1.volume }
      let distance = abs(lane.centerX - middle)
      let better =
        track.count > best.count
        || (track.count == best.count
          && (volume > bestVolume || (volume == bestVolume && distance < bestDistance)))
      if better {
        best = track
        bestVolume = volume
        bestDistance = distance
      }
    }
    guard best.count >= 3 else { return nil }
    return robustQuadratic(best, regionX: regionX, halfWidth: Double(width) / 2)
  }

  struct Point {
    var lane: Int
    var x: Double
    var y: Double
    var volume: Double
  }

  /// The row through `start` in lane `k` of `lanes`, followed outwards both ways.
  static func follow(_ lanes: [Lane], from k: Int, start: Band, tolerance: Double) -> [Point] {
    let first = Point(
      lane: lanes[k].index, x: lanes[k].centerX, y: start.y, volume: start.volume)
    var left: [Point] = []
    var right: [Point] = []
    for direction in [1, -1] {
      var track = [first]
      var j = k + direction
      while j >= 0 && j < lanes.count {
        let lane = lanes[j]
        let last = track[track.count - 1]
        var predicted = last.y
        if track.count >= 2 {
          let before = track[track.count - 2]
          if last.x != before.x {
            predicted += (last.y - before.y) / (last.x - before.x) * (lane.centerX - last.x)
          }
        }
        if let band = lane.bands.min(by: { abs($0.y - predicted) < abs($1.y - predicted) }),
          abs(band.y - predicted) <= tolerance
        {
          track.append(Point(lane: lane.index, x: lane.centerX, y: band.y, volume: band.volume))
        }
        j += direction
      }
      if direction == 1 { right = track } else { left = track }
    }
    return left.dropFirst().reversed() + right
  }

  /// Least-squares quadratic with iterative removal of gross outliers.
  static func robustQuadratic(_ points: [Point], regionX: Double, halfWidth: Double)
    -> BandRowFit?
  {
    var kept = points
    while true {
      let ts = kept.map { ($0.x - regionX - halfWidth) / halfWidth }
      guard let c = quadratic(ts, kept.map(\.y)) else { return nil }
      let residuals = zip(ts, kept).map { t, p in p.y - (c[0] + c[1] * t + c[2] * t * t) }
      let magnitudes = residuals.map(abs)
      if kept.count > 4, let worst = magnitudes.indices.max(by: { magnitudes[$0] < magnitudes[$1] })
      {
        let mad = ProfileMath.median(magnitudes)
        if magnitudes[worst] > max(1.5, 3 * 1.4826 * mad) {
          kept.remove(at: worst)
          continue
        }
      }
      let rms = (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
      return BandRowFit(
        a: c[0], b: c[1], c: c[2], regionX: regionX, halfWidth: halfWidth,
        laneIndices: kept.map(\.lane), pointsX: kept.map(\.x), pointsY: kept.map(\.y),
        rmsResidual: rms)
    }
  }

  /// Least-squares (a, b, c) of y = a + b·t + c·t²; nil when singular.
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
    return ProfileMath.solve3(m, r)
  }
}
