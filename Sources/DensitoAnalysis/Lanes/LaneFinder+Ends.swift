import Foundation

/// What the lane finder searches: the column profile, and the plane it was taken from.
///
/// The plane lets the finder test a lane predicted beyond the outermost lane found
/// (``LaneFinder/addEndLanes(_:evidence:notes:)``) on the rows of its own band, where a faint
/// lane can have a maximum that the mean over all rows does not show.
struct LaneEvidence: Sendable {
  /// Column profile (NaN outside the membrane, see ``LaneFinder/columnProfiles(_:shiftPerRow:)``).
  var profile: [Double]
  /// The signal plane the profile was taken from (after ``MembraneExtent/cleaned(_:)``).
  var plane: Plane
  /// Lane tilt: columns moved per row, 0 at the middle row.
  var shiftPerRow: Double
}

extension LaneFinder {
  /// ``find(columnProfile:noiseFloor:expected:)`` on the evidence's profile. In automatic mode
  /// (`expected` nil) lanes at no regular spacing whose bands continue between neighbours are
  /// joined (``joinLaneEdges(_:evidence:notes:)``), lanes off the lattice are tested for two
  /// joined lanes (``splitOffLatticeLanes(_:evidence:notes:)``) and lanes predicted beyond the
  /// outermost ones are tested (``addEndLanes(_:evidence:notes:)``), all on band rows. With a
  /// lane count, the joined lanes are taken when they are exactly that many (otherwise the
  /// count keeps the strongest of the lanes found, and a lane's two edges would count as two).
  static func find(columnProfile evidence: LaneEvidence, noiseFloor: Double = 0, expected: Int?)
    throws(AnalysisError) -> Result
  {
    if let expected {
      if var free = try? find(
        columnProfile: evidence.profile, noiseFloor: noiseFloor, expected: nil),
        let lanes = joinLaneEdges(free.lanes, evidence: evidence, notes: &free.notes),
        lanes.count == expected
      {
        free.lanes = lanes
        return free
      }
      return try find(columnProfile: evidence.profile, noiseFloor: noiseFloor, expected: expected)
    }
    var result = try find(columnProfile: evidence.profile, noiseFloor: noiseFloor, expected: nil)
    if let lanes = joinLaneEdges(result.lanes, evidence: evidence, notes: &result.notes) {
      result.lanes = lanes
    }
    result.lanes = splitOffLatticeLanes(result.lanes, evidence: evidence, notes: &result.notes)
    result.lanes = addEndLanes(result.lanes, evidence: evidence, notes: &result.notes)
    return result
  }

  /// The outcome of the band-row test of one predicted lane (signal units).
  struct EndLaneTest: Equatable {
    /// The predicted lane's band rows.
    var rows: ClosedRange<Int>
    /// In those rows: the profile's highest point inside the predicted lane, the lowest point
    /// between the neighbour's centre and it, and the lowest point beyond it (up to half a
    /// lane past the predicted lane).
    var peak: Double
    var dip: Double
    var far: Double
    /// Noise σ of the column profile over those rows (second differences).
    var sigma: Double
    /// True when ``rows`` share a row with the band rows of the two found lanes nearest
    /// this end.
    var inBandRows: Bool
    /// In the blot's band rows, and the peak above both the dip and the far side by more
    /// than 6σ.
    var accepted: Bool { inBandRows && peak - dip > 6 * sigma && peak - far > 6 * sigma }
  }

  /// Adds the lanes that the lane pitch predicts beyond the outermost lanes, where the rows of
  /// their own band show a lane.
  ///
  /// Lanes are inferred between found lanes from their spacing alone (they may be empty); a lane
  /// beyond the outermost one cannot be inferred that way (the number of lanes is unknown), but
  /// a faint lane there can be *seen* in the rows of its band even when it stays below the
  /// threshold in the mean over all rows (where it is a shoulder of its bright neighbour's
  /// halo). With a lattice (≥ 3 found lanes, the pitch explaining most spacings, as for empty
  /// lanes) the lane one pitch beyond the outermost lane, of the median lane width, is tested:
  ///
  /// 1. Its band rows: the contiguous rows around the maximum of its row profile (mean over
  ///    its columns, smoothed with σ = 2 rows) that lie above the midpoint of that profile's
  ///    lowest and highest values. Both profiles are taken, like the column profile, on a copy
  ///    with a 7-px running median along rows (specks narrower than 4 columns vanish).
  /// 2. The column profile over those rows (smoothed with σ = 1 column), and its noise σ from
  ///    second differences of the same profile without the median filter (filtering
  ///    correlates neighbouring columns and would hide noise).
  /// 3. A lane of this row of lanes carries its band in the rows where its neighbours carry
  ///    theirs: its band rows share a row with those of the two found lanes nearest this end
  ///    (each lane's rows above the midpoint of its own row profile's lowest and highest
  ///    values). A speck or smudge in other rows is not a lane.
  /// 4. A lane has a maximum of its own: its highest point inside the predicted lane rises more
  ///    than 6σ above the lowest point between it and the neighbour's centre (a halo or tail of
  ///    the neighbour falls monotonically away from it, so the two are equal), and more than 6σ
  ///    above the lowest point on its far side up to half a lane beyond it (a lane comes back
  ///    down; a rise towards the image edge does not). 6σ is the detection threshold's false
  ///    alarm rate (≈ 10⁻⁹ per column for Gaussian noise).
  ///
  /// The predicted lane, and half a lane beyond it (its far side), must lie inside the columns
  /// with data. Added lanes are marked inferred (placed by spacing), and the test is repeated
  /// outwards while it passes. The despeckled plane is read through
  /// ``ColumnProfile/RowMedian7View`` (filtered where read): no image-sized copy.
  static func addEndLanes(_ lanes: [LaneGeometry], evidence: LaneEvidence, notes: inout [String])
    -> [LaneGeometry]
  {
    let p = evidence.profile
    let found = lanes.filter { !$0.inferred }
    guard found.count >= 3, let pitch = latticePitch(lanes),
      let first = p.firstIndex(where: \.isFinite), let last = p.lastIndex(where: \.isFinite),
      evidence.plane.width == p.count, evidence.plane.height > 0
    else { return lanes }
    let width = ProfileMath.median(found.map(\.width))
    var out = lanes
    for side in [-1.0, 1.0] {
      // The band rows of the two found lanes nearest this end, each lane's own (the band row
      // smiles and tilts across a blot, so only the neighbours say where it is here).
      let nearest = side < 0 ? found.prefix(2) : found.suffix(2)
      var neighbourRows = [Bool](repeating: false, count: evidence.plane.height)
      for lane in nearest {
        let rows: [Bool] = laneBandRows(evidence: evidence, lanes: [lane])
        for y in neighbourRows.indices where y < rows.count && rows[y] { neighbourRows[y] = true }
      }
      while let outer = side < 0 ? out.first : out.last {
        let c = outer.center + side * pitch
        // The lane and half a lane beyond it (where it must come back down) hold data.
        guard c - width >= Double(first), c + width <= Double(last) else { break }
        guard
          let test = endLaneTest(
            evidence: evidence, despeckled: ColumnProfile.RowMedian7View(plane: evidence.plane),
            outer: outer, center: c, width: width,
            side: side, columns: first...last, bandRows: neighbourRows),
          test.accepted
        else { break }
        let lane = LaneGeometry(center: c, width: width, level: 0, inferred: true)
        if side < 0 { out.insert(lane, at: 0) } else { out.append(lane) }
        notes.append(
          "added a lane at x ≈ \(fmt(c.rounded())) one pitch beyond the outermost lane: in its "
            + "band rows \(test.rows.lowerBound)...\(test.rows.upperBound) it rises "
            + "\(fmt((min(test.peak - test.dip, test.peak - test.far) / test.sigma).rounded()))σ "
            + "above its surroundings")
      }
    }
    return out
  }

  /// The band-row test of a lane predicted at `center` (see ``addEndLanes(_:evidence:notes:)``);
  /// nil when it has no columns or rows to test. `side` is −1 left of `outer`, +1 right of it.
  static func endLaneTest(
    evidence: LaneEvidence, despeckled: ColumnProfile.RowMedian7View, outer: LaneGeometry,
    center c: Double, width: Double, side: Double, columns: ClosedRange<Int>, bandRows: [Bool]
  ) -> EndLaneTest? {
    let raw = evidence.plane
    let w = raw.width
    let h = raw.height
    let x0 = max(columns.lowerBound, Int((c - width / 2).rounded(.up)))
    let x1 = min(columns.upperBound, Int((c + width / 2).rounded(.down)))
    guard x0 < x1, h >= 5 else { return nil }
    let yc = Double(h - 1) / 2
    func shift(_ y: Int) -> Int { Int((evidence.shiftPerRow * (Double(y) - yc)).rounded()) }
    func index(_ y: Int, _ x: Int) -> Int { y * w + min(max(x + shift(y), 0), w - 1) }
    func at(_ y: Int, _ x: Int) -> Double { Double(despeckled[index(y, x)]) }
    func atRaw(_ y: Int, _ x: Int) -> Double { Double(raw.values[index(y, x)]) }
    // 1. Band rows of the predicted lane.
    let q = (0..<h).map { y in (x0...x1).reduce(0.0) { $0 + at(y, $1) } / Double(x1 - x0 + 1) }
    let qs = ProfileMath.smooth(q, sigma: 2)
    guard let hi = qs.max(), let lo = qs.min(), let ym = qs.firstIndex(of: hi), hi > lo else {
      return nil
    }
    let half = (hi + lo) / 2
    var y0 = ym
    while y0 > 0 && qs[y0 - 1] >= half { y0 -= 1 }
    var y1 = ym
    while y1 < h - 1 && qs[y1 + 1] >= half { y1 += 1 }
    // 2. Column profile over those rows, on the columns with data.
    let xs = Array(columns)
    let rows = Double(y1 - y0 + 1)
    let plain = xs.map { x in (y0...y1).reduce(0.0) { $0 + atRaw($1, x) } / rows }
    // Floor: a noise-free (synthetic) profile has σ = 0, where any rounding would pass.
    let sigma = max(ProfileMath.noise(plain), 1e-6 * (plain.map(abs).max() ?? 0))
    let filtered = xs.map { x in (y0...y1).reduce(0.0) { $0 + at($1, x) } / rows }
    let profile = ProfileMath.smooth(filtered, sigma: 1)
    func value(_ x: Int) -> Double { profile[min(max(x - columns.lowerBound, 0), xs.count - 1)] }
    // 3. Peak inside the lane, dip towards the neighbour, far side.
    var xm = x0
    for x in x0...x1 where value(x) > value(xm) { xm = x }
    let inner = min(max(Int(outer.center.rounded()), columns.lowerBound), columns.upperBound)
    let farEnd = min(
      max(Int((c + side * width).rounded()), columns.lowerBound), columns.upperBound)
    let between = side > 0 ? inner...max(inner, xm) : min(inner, xm)...inner
    let beyond = side > 0 ? xm...max(xm, farEnd) : min(xm, farEnd)...xm
    return EndLaneTest(
      rows: y0...y1, peak: value(xm), dip: between.map(value).min() ?? value(xm),
      far: beyond.map(value).min() ?? value(xm), sigma: sigma,
      inBandRows: (y0...y1).contains { $0 < bandRows.count && bandRows[$0] })
  }

  /// The band rows of `lanes`: rows where the mean signal over their columns (half-level
  /// extents, along the tilt), smoothed with σ = 2 rows, lies above the midpoint of its lowest
  /// and highest values.
  static func laneBandRows(evidence: LaneEvidence, lanes: [LaneGeometry]) -> [Bool] {
    let plane = evidence.plane
    let w = plane.width
    let h = plane.height
    let columns = lanes.flatMap { lane -> [Int] in
      let a = max(0, Int((lane.left).rounded(.up)))
      let b = min(w - 1, Int((lane.right).rounded(.down)))
      return a <= b ? Array(a...b) : []
    }
    guard !columns.isEmpty, h > 0 else { return [] }
    let yc = Double(h - 1) / 2
    let q = (0..<h).map { y -> Double in
      let k = Int((evidence.shiftPerRow * (Double(y) - yc)).rounded())
      var sum = 0.0
      for x in columns { sum += Double(plane.values[y * w + min(max(x + k, 0), w - 1)]) }
      return sum / Double(columns.count)
    }
    let qs = ProfileMath.smooth(q, sigma: 2)
    guard let hi = qs.max(), let lo = qs.min() else { return [] }
    return qs.map { $0 >= (hi + lo) / 2 }
  }
}
