import Foundation

extension LaneFinder {
  /// Splits a lane that sits off the lane lattice between two neighbours on it, where the
  /// neighbours' band rows show the lanes the lattice puts there.
  ///
  /// Two touching lanes joined by a smear or a shallow gap come out as one lane between the
  /// lattice positions of the two: its spacing to a neighbour is not within ¼ pitch of a whole
  /// multiple of the pitch, while its two neighbours are k ≥ 3 pitches apart (within ¼ pitch).
  /// The lattice then predicts k − 1 lanes between them, evenly spaced. They replace the lane
  /// when, in the band rows of the two neighbours (``laneBandRows(evidence:lanes:)``, each
  /// found neighbour's own; an inferred neighbour is empty), the column profile (7-px running
  /// median along rows against specks, smoothed with σ = 1 column) has a maximum inside each
  /// predicted lane (median lane width)
  /// and between each two consecutive predicted lanes falls more than 6σ below the lower of
  /// their two maxima (σ from second differences of the same profile without the median
  /// filter): touching lanes are separate where their bands are, however joined the rest of
  /// the lane is.
  static func splitOffLatticeLanes(
    _ lanes: [LaneGeometry], evidence: LaneEvidence, notes: inout [String]
  ) -> [LaneGeometry] {
    let p = evidence.profile
    let found = lanes.filter { !$0.inferred }
    guard lanes.count >= 3, found.count >= 3, let pitch = latticePitch(lanes),
      let first = p.firstIndex(where: \.isFinite), let last = p.lastIndex(where: \.isFinite),
      evidence.plane.width == p.count, evidence.plane.height > 0
    else { return lanes }
    func offLattice(_ d: Double) -> Bool { abs(d - (d / pitch).rounded() * pitch) > 0.25 * pitch }
    let width = ProfileMath.median(found.map(\.width))
    var out: [LaneGeometry] = [lanes[0]]
    var i = 1
    while i < lanes.count {
      let lane = lanes[i]
      guard i + 1 < lanes.count, !lane.inferred, let left = out.last else {
        out.append(lane)
        i += 1
        continue
      }
      let right = lanes[i + 1]
      let d = right.center - left.center
      let k = Int((d / pitch).rounded())
      guard k >= 3, !offLattice(d),
        offLattice(lane.center - left.center) || offLattice(right.center - lane.center)
      else {
        out.append(lane)
        i += 1
        continue
      }
      let centres = (1..<k).map { left.center + Double($0) * d / Double(k) }
      // Band rows of the neighbours that were found (an inferred, empty lane has none).
      var rows = [Bool](repeating: false, count: evidence.plane.height)
      for neighbour in [left, right] where !neighbour.inferred {
        for (y, inRow) in laneBandRows(evidence: evidence, lanes: [neighbour]).enumerated()
        where inRow && y < rows.count {
          rows[y] = true
        }
      }
      if let margin = splitMargin(
        evidence: evidence, despeckled: ColumnProfile.RowMedian7View(plane: evidence.plane),
        rows: rows, centres: centres, width: width,
        columns: first...last), margin > 6
      {
        for c in centres {
          out.append(LaneGeometry(center: c, width: width, level: 0, inferred: true))
        }
        notes.append(
          "split the lane at x ≈ \(fmt(lane.center.rounded())) into \(k - 1) lanes at the lane "
            + "spacing: in its neighbours' band rows they are apart by \(fmt(margin.rounded()))σ")
      } else {
        out.append(lane)
      }
      i += 1
    }
    return out
  }

  /// The smallest depth, in σ of the band-row column profile, of the dip between two
  /// consecutive predicted lanes below the lower of their maxima (see
  /// ``splitOffLatticeLanes(_:evidence:notes:)``); nil without rows or columns.
  static func splitMargin(
    evidence: LaneEvidence, despeckled: ColumnProfile.RowMedian7View, rows: [Bool],
    centres: [Double], width: Double, columns: ClosedRange<Int>
  ) -> Double? {
    let w = evidence.plane.width
    let h = evidence.plane.height
    let band = (0..<min(h, rows.count)).filter { rows[$0] }
    guard !band.isEmpty, centres.count >= 2, evidence.plane.width == w else { return nil }
    let yc = Double(h - 1) / 2
    func mean(_ x: Int, _ sample: (Int) -> Float) -> Double {
      var sum = 0.0
      for y in band {
        let k = Int((evidence.shiftPerRow * (Double(y) - yc)).rounded())
        sum += Double(sample(y * w + min(max(x + k, 0), w - 1)))
      }
      return sum / Double(band.count)
    }
    let xs = Array(columns)
    let raw = evidence.plane.values
    let plain = xs.map { mean($0) { raw[$0] } }
    let sigma = max(ProfileMath.noise(plain), 1e-6 * (plain.map(abs).max() ?? 0))
    let profile = ProfileMath.smooth(xs.map { mean($0) { despeckled[$0] } }, sigma: 1)
    func column(_ x: Double) -> Int {
      min(max(Int(x.rounded()), columns.lowerBound), columns.upperBound)
    }
    func value(_ x: Int) -> Double { profile[x - columns.lowerBound] }
    // Each predicted lane's maximum.
    let peaks = centres.map { c -> Int in
      var m = column(c - width / 2)
      for x in m...column(c + width / 2) where value(x) > value(m) { m = x }
      return m
    }
    var margin = Double.infinity
    for (a, b) in zip(peaks, peaks.dropFirst()) {
      guard a < b else { return 0 }
      let dip = (a...b).map(value).min() ?? value(a)
      margin = min(margin, (min(value(a), value(b)) - dip) / sigma)
    }
    return margin
  }
}
