import Foundation

/// Chooses, in each lane, the band that is the blot's target.
///
/// In order of precedence:
/// 1. `band: {y: [top, bottom]}` in the experiment file: the band with the largest volume
///    whose centre lies in the window.
/// 2. `kDa:` when the bands carry kDa estimates (a ladder lane was given): the band whose
///    estimate is nearest in log(kDa), if within a factor of `kDaFactor` (default 1.3).
/// 3. Otherwise the band row of the blot: the band position shared by the most sample lanes
///    (a band counts for a position when its centre lies within `tolerance` of it, where
///    `tolerance` is the median band height, bottom − top; ties go to the larger total
///    volume). The row is the median centre of those bands, and each lane gets its band
///    nearest the row within `tolerance`. This follows the row even when some lanes have a
///    stronger unrelated band.
///
/// A lane with no band meeting the rule gets no band (reported as "no target band found").
public enum BandChooser {
  public static let kDaFactor = 1.3

  /// The index of the chosen band in each lane (nil: none).
  public static func choose(lanes: [LaneFinding], sampleLanes: Set<Int>, blot: BlotSpec) -> [Int?] {
    if let window = blot.bandWindow {
      return lanes.map { lane in
        largest(lane.bands.indices.filter { window.contains(lane.bands[$0].y) }, in: lane.bands)
      }
    }
    if let kDa = blot.kDa, lanes.contains(where: { $0.bands.contains { $0.kDa != nil } }) {
      return lanes.map { lane in
        let scored = lane.bands.indices.compactMap { i -> (Int, Double)? in
          guard let k = lane.bands[i].kDa, k > 0 else { return nil }
          let distance = abs(log(k / kDa))
          return distance <= log(kDaFactor) ? (i, distance) : nil
        }
        return scored.min { $0.1 < $1.1 }?.0
      }
    }
    let sample = lanes.indices.filter { sampleLanes.contains($0) && !lanes[$0].bands.isEmpty }
    let allBands = sample.flatMap { lanes[$0].bands }
    guard !allBands.isEmpty else { return lanes.map { _ in nil } }
    let tolerance = max(median(allBands.map { $0.bottom - $0.top }), 1)
    // The row every lane agrees on: the band position shared by most sample lanes
    // (ties: the larger total volume).
    func nearest(_ lane: LaneFinding, to y: Double) -> Int? {
      let near = lane.bands.indices.filter { abs(lane.bands[$0].y - y) <= tolerance }
      return near.min { abs(lane.bands[$0].y - y) < abs(lane.bands[$1].y - y) }
    }
    var best: (support: Int, volume: Double, y: Double)?
    for candidate in allBands {
      var support = 0
      var volume = 0.0
      for i in sample {
        if let j = nearest(lanes[i], to: candidate.y) {
          support += 1
          volume += lanes[i].bands[j].volume
        }
      }
      if let b = best, support < b.support || (support == b.support && volume <= b.volume) {
        continue
      }
      best = (support, volume, candidate.y)
    }
    guard let seed = best?.y else { return lanes.map { _ in nil } }
    let rowY = median(sample.compactMap { i in nearest(lanes[i], to: seed).map { lanes[i].bands[$0].y } })
    return lanes.map { nearest($0, to: rowY) }
  }

  static func largest(_ indices: [Int], in bands: [BandRecord]) -> Int? {
    indices.max { bands[$0].volume < bands[$1].volume }
  }

  static func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    let n = s.count
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
  }
}
