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
    let typical = typicalRun(runs.map { Double($0.1 - $0.0 + 1) })
    return max(5, Int((0.1 * typical).rounded())) | 1
  }

  /// The width that holds the median column: the column-weighted median of `widths`
  /// (0 when empty). Many narrow features cannot set it; a few wide ones cannot either.
  static func typicalRun(_ widths: [Double]) -> Double {
    let sorted = widths.sorted()
    let total = sorted.reduce(0, +)
    var seen = 0.0
    for w in sorted {
      seen += w
      if 2 * seen >= total { return w }
    }
    return sorted.last ?? 0
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

extension LaneFinder {
  /// Joins the two ends of one lane whose middle is as light as the gaps.
  ///
  /// A band that is darker at its ends than in its middle (the edge effect of a band that
  /// ran faster or was transferred unevenly at its centre) can leave its middle at the gap
  /// level in the column profile; its two dark ends then come out as two narrow pieces
  /// separated by a gap. Two neighbouring pieces are one lane when each is narrower than half
  /// the typical lane width w (so neither can be a lane by itself: lanes of one blot differ
  /// in width by far less than 2×) and together (outer half-level edges) they span no more
  /// than 1.5 w (the midpoint between one lane, w, and two touching lanes, 2 w). The stronger
  /// (whose level the joined lane takes) must rise above half the median lane level, the
  /// level below which step 6 takes a stretch for background residue: narrow residues at the
  /// image edges (a background gradient the baseline did not follow) are far weaker than band
  /// ends, and come in pairs of weak pieces.
  ///
  /// w is the width of the lane holding the median column among all lane columns, so that
  /// many narrow pieces (labels, lane ends) do not set it, as in ``gapWindow(runs:)``.
  ///
  /// `origin` is added to the positions quoted in `notes` (the first column of the profile in
  /// the analysed region).
  static func joinLaneEnds(_ lanes: [LaneGeometry], notes: inout [String], origin: Double = 0)
    -> [LaneGeometry]
  {
    let found = lanes.filter { !$0.inferred }
    let w = typicalRun(found.map(\.width))
    let weak = 0.5 * ProfileMath.median(found.map(\.level))
    var out: [LaneGeometry] = []
    for lane in lanes {
      if let last = out.last, !last.inferred, !lane.inferred,
        last.width < 0.5 * w, lane.width < 0.5 * w, lane.right - last.left <= 1.5 * w,
        max(last.level, lane.level) >= weak
      {
        let lower = min(last.base?.lowerBound ?? last.left, last.left)
        let upper = max(lane.base?.upperBound ?? lane.right, lane.right)
        notes.append(
          "joined two narrow pieces at x ≈ \(fmt((origin + last.center).rounded())) and "
            + "\(fmt((origin + lane.center).rounded())) into one lane "
            + "(dark lane ends, light middle)")
        out[out.count - 1] = LaneGeometry(
          center: (last.left + lane.right) / 2, width: lane.right - last.left,
          level: max(last.level, lane.level), inferred: false, base: lower...upper)
        continue
      }
      out.append(lane)
    }
    return out
  }
}

extension LaneFinder {
  /// Marks the lanes whose residual profile falls below `threshold` on both sides before
  /// reaching the neighbouring lane's centre (or the profile's end): lanes standing alone on
  /// background, whose bases are their own (``LaneGeometry/position``).
  static func markIsolated(
    _ lanes: inout [LaneGeometry], residual r: [Double], threshold: Double
  ) {
    let n = r.count
    guard n > 0 else { return }
    func column(_ x: Double) -> Int { min(max(Int(x.rounded()), 0), n - 1) }
    func dips(_ a: Int, _ b: Int) -> Bool { a <= b && r[a...b].contains { $0 < threshold } }
    for i in lanes.indices {
      let c = column(lanes[i].center)
      let left = i > 0 ? column(lanes[i - 1].center) : 0
      let right = i + 1 < lanes.count ? column(lanes[i + 1].center) : n - 1
      lanes[i].isolated = dips(left, c) && dips(c, right)
    }
  }
}
