import Foundation

/// Why a band is flagged saturated.
public enum SaturationReason: String, Sendable, Equatable {
  /// Stored samples at the detector limit (0 or the bit depth's maximum, or the given
  /// `detectorLimit`).
  case detectorLimit
  /// A flat top at the extreme level of the image that is not the detector limit: a film at
  /// its maximum density (the scan bottoms out above 0), or a camera whose range ends below
  /// the file's maximum. See ``ResponsePlateau``.
  case responsePlateau
}

/// Saturation at the top of the detector's response that is not the stored limit.
///
/// A film saturates at its maximum density: the darkest bands scan as a plateau at some gray
/// level above 0 (with grain and scanner noise), and no pixel is at 0. The plateau is found
/// on the stored values, row by row, with each row summarised by the mean m of the lane's
/// central 60 % after dropping outliers (pixels beyond max(3·1.4826·MAD, 1.5 levels) from the
/// row median: a speck of dust; a mean is continuous even for 8-bit data, a median is not):
///
/// 1. **Level.** Over all lanes, the largest third-highest m of a lane (a plateau has three
///    rows at least; the single highest of many noisy rows is an outlier), oriented so that
///    larger is more signal. When the lanes' median profiles reach the detector limit, the
///    limit rule (``ClippedCore``) applies instead.
/// 2. **Noise.** On that row and its neighbours (every row tied at the level, averaged), the
///    pixel noise s = the pooled standard deviation of the kept pixels (at least 0.3 level
///    for integer data, the rounding); the mean of n pixels has a standard error s/√n, and
///    rows within τ = 3.5·s/√n of the level are *plateau rows*.
/// 3. **Above the lane.** The level must exceed the median row of its lane by more than 2τ:
///    a plateau is the top of a band, and a lane that is flat from end to end (no band, or
///    one level with noise) would otherwise make every row a "plateau row".
/// 4. **Flat top.** Runs of plateau rows become band cores (``ClippedCore``), but only when a
///    run is at least max(5, σ) rows long, σ the band width measured from the run and the
///    half-level width. (Five, not three: the level is a lane's third-highest row, so the
///    three top rows of any peaked band are at or above it by construction; its next rows,
///    two away from the peak, have fallen by 1 − e^(−2/σ²) of its height, 20 % for σ = 3.)
///    A Gaussian top of height H stays within τ of its peak only for |t| < σ·√(2τ/H), i.e.
///    2σ·√(2τ/H) rows: fewer than σ rows unless H < 8τ, i.e. unless the whole top lies
///    within the noise of the extreme, which is what a plateau is. Through a film's
///    compressive shoulder the same holds with H the local height in scan levels.
/// 5. **Nothing beyond.** A detector at the top of its response records nothing beyond that
///    level: no structure in any lane lies beyond the plateau level by more than its noise.
///    A pixel whose 5 × 5 median (specks and single noisy pixels vanish; a structure of 13
///    pixels or more stays) lies beyond the level by more than the pixel tolerance
///    max(2s, 1 level) plus 6 standard errors of that median (1.2533·s/5, the median's
///    efficiency for Gaussian noise) shows that the "plateau" is only the darkest *row
///    mean* of the lanes, not the end of the detector's range: a dark shadow across the top
///    of a lane, under lane edges that are darker still (facuperezt_img_shadow), is not a
///    saturated band.
///
/// The plateau's pixels are counted like those at the detector limit: the band rectangle's
/// samples within max(2s, 1 level) of the plateau level; the band is flagged when their
/// fraction exceeds the saturation threshold.
struct ResponsePlateau: Equatable {
  /// The plateau level in stored values, oriented so that larger is more signal (dark
  /// bands: −value).
  var level: Double
  /// Pixel noise on the plateau (s), stored units.
  var noise: Double
  /// Per lane, the plateau rows (lane rows).
  var rows: [[Bool]]
  /// Pixels at or beyond `level − pixelTolerance` (oriented) are on the plateau.
  var pixelTolerance: Double

  /// The image's response plateau candidate, or nil when the lanes' median profiles reach
  /// the detector limit (`limitSignal`) or there is no lane. `medians` are the lanes' median
  /// profiles (signal).
  static func estimate(
    sampler: LaneSampler, geometry: [LaneLayout], medians: [[Double]], limitSignal: Double,
    integer: Bool
  ) -> ResponsePlateau? {
    let highest = medians.compactMap { $0.max() }.max() ?? -.infinity
    let margin = limitSignal.isFinite ? 1e-6 * max(abs(limitSignal), 1) : 0
    guard highest.isFinite, highest < limitSignal - margin else {
      return nil
    }
    let means = geometry.map { sampler.clippedMeans($0) }
    // Each lane's third-highest row (nil without rows); the level is the highest of them, in
    // the first lane that has it.
    let third = means.map { m in m.isEmpty ? nil : m.sorted(by: >)[min(2, m.count - 1)] }
    guard let level = third.compactMap({ $0 }).max(),
      let lane = third.firstIndex(where: { $0 == level })
    else { return nil }
    // Rows tied at the level (common in integer data) all give the noise, so that it does not
    // depend on which of them a sort puts first (on a flipped image, another one).
    var noises: [Double] = []
    for (li, m) in means.enumerated() where third[li] == level {
      let g = geometry[li]
      for r in m.indices where m[r] == level {
        if let v = sampler.topNoise(g, row: g.y0 + r) { noises.append(v) }
      }
    }
    guard !noises.isEmpty else { return nil }
    var noise = noises.reduce(0, +) / Double(noises.count)
    if integer { noise = max(noise, 0.3) }
    let n = Double(sampler.centralColumns(geometry[lane]).count)
    let tolerance = 3.5 * noise / n.squareRoot()
    // A plateau is the flat top of a band, so it stands above the lane's own level: a lane
    // flat from end to end (no band at all, or only noise) has its third-highest row within
    // the noise of its median row, and holds no plateau.
    var rows = means[lane]
    rows.sort()
    guard level - rows[rows.count / 2] > 2 * tolerance else { return nil }
    let pixelTolerance = max(2 * noise, integer ? 1 : 0)
    let beyond = level + pixelTolerance + 6 * 1.2533 * noise / 5
    guard !geometry.contains(where: { sampler.holdsStructure(beyond: beyond, in: $0) }) else {
      return nil
    }
    return ResponsePlateau(
      level: level, noise: noise,
      rows: means.map { $0.map { $0 >= level - tolerance } },
      pixelTolerance: pixelTolerance)
  }
}

extension LaneSampler {
  /// Central columns (the lane's central 60 %), as the median profile uses.
  func centralColumns(_ g: LaneLayout) -> Range<Int> {
    let c0 = min(max(g.x0, Int((g.center - 0.3 * g.width).rounded(.up))), g.x1 - 1)
    let c1 = min(g.x1, max(c0 + 1, Int((g.center + 0.3 * g.width).rounded(.down)) + 1))
    return c0..<c1
  }

  /// Stored sample at column `x` of image row `y`, following the lane tilt, oriented (dark
  /// bands: negated).
  @inline(__always) func oriented(_ v: UnsafeBufferPointer<Float>, _ x: Int, _ y: Int) -> Double {
    let k0 = Int(offset(y).rounded())
    let c = min(max(x + k0, 0), raw.width - 1)
    let s = Double(v[y * raw.width + c])
    return darkBands ? -s : s
  }

  /// A row's central pixels (oriented) without outliers: those within max(3·1.4826·MAD, 1.5)
  /// of the row median (a speck of dust is dropped; rounding to integers is not).
  func centralRow(_ v: UnsafeBufferPointer<Float>, _ cols: Range<Int>, _ y: Int) -> [Double] {
    var r = cols.map { oriented(v, $0, y) }
    let m = LaneSampler.median(&r)
    var dev = r.map { abs($0 - m) }
    let cut = max(3 * 1.4826 * LaneSampler.median(&dev), 1.5)
    return r.filter { abs($0 - m) <= cut }
  }

  /// Per lane row, the clipped mean of the oriented central pixels (``centralRow``).
  func clippedMeans(_ g: LaneLayout) -> [Double] {
    let cols = centralColumns(g)
    var out: [Double] = []
    out.reserveCapacity(g.y1 - g.y0)
    raw.values.withUnsafeBufferPointer { v in
      for y in g.y0..<g.y1 {
        let row = centralRow(v, cols, y)
        out.append(row.reduce(0, +) / Double(max(row.count, 1)))
      }
    }
    return out
  }

  /// Pixel noise on image row `row` and its neighbours: the standard deviation of the kept
  /// central pixels (``centralRow``) around their row means, pooled.
  func topNoise(_ g: LaneLayout, row: Int) -> Double? {
    let y0 = max(row - 1, 0)
    let y1 = min(row + 1, raw.height - 1)
    guard y1 >= y0 else { return nil }
    let cols = centralColumns(g)
    var sum = 0.0
    var dof = 0
    raw.values.withUnsafeBufferPointer { v in
      for y in y0...y1 {
        let r = centralRow(v, cols, y)
        guard r.count > 1 else { continue }
        let m = r.reduce(0, +) / Double(r.count)
        sum += r.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        dof += r.count - 1
      }
    }
    return dof > 0 ? (sum / Double(dof)).squareRoot() : nil
  }

  /// True when some sample of the lane (its integration columns and rows) has a 5 × 5 median
  /// (oriented, following the tilt, clamped at the image's edges) above `level`. Only samples
  /// that are themselves above it are examined, so a lane with nothing beyond costs one
  /// comparison per sample.
  func holdsStructure(beyond level: Double, in g: LaneLayout) -> Bool {
    raw.values.withUnsafeBufferPointer { v in
      var window = [Double](repeating: 0, count: 25)
      for y in g.y0..<g.y1 {
        for x in g.x0..<g.x1 where oriented(v, x, y) > level {
          var k = 0
          for dy in -2...2 {
            let yy = min(max(y + dy, 0), raw.height - 1)
            for dx in -2...2 {
              window[k] = oriented(v, x + dx, yy)
              k += 1
            }
          }
          window.sort()
          if window[12] > level { return true }
        }
      }
      return false
    }
  }

  /// Samples of the lane's integration columns in rows top...bottom whose oriented value is
  /// at least `level`.
  func count(_ g: LaneLayout, top: Int, bottom: Int, atLeast level: Double) -> Int {
    let y0 = max(top, 0)
    let y1 = min(bottom, raw.height - 1)
    guard y1 >= y0 else { return 0 }
    var n = 0
    raw.values.withUnsafeBufferPointer { v in
      for y in y0...y1 {
        for x in g.x0..<g.x1 where oriented(v, x, y) >= level { n += 1 }
      }
    }
    return n
  }
}
