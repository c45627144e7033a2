import Foundation

/// A lane found in the column profile (columns of the analysed region, middle row).
struct LaneGeometry: Sendable, Equatable {
  var center: Double
  var width: Double
  /// Level of the lane above the profile baseline (signal units); 0 for inferred lanes.
  var level: Double
  var inferred: Bool
  /// Columns where the lane rises above a tenth of its level (within its run above the
  /// threshold); nil for inferred lanes. Used to tell specks from lanes with peaked profiles.
  var base: ClosedRange<Double>? = nil
  var baseWidth: Double { base.map { $0.upperBound - $0.lowerBound } ?? width }
  /// True when the profile falls to background (below the detection threshold) on both
  /// sides of the lane before its neighbours or the profile's ends: its base is its own.
  var isolated = false
  /// A second estimate of where the lane is, for the spacing test of
  /// ``LaneFinder/inferEmptyLanes(_:minimumLanes:notes:origin:isEmpty:)``: the middle of its
  /// base when the lane is isolated, else its half-level centre. A band that fades towards
  /// one side, or is dark only along its two edges, moves the half-level centre away from
  /// the lane's middle; the base (a tenth of the level) still spans the whole lane. Only an
  /// isolated lane's base is its own: between touching lanes it reaches into the neighbour.
  var position: Double {
    guard isolated, let base else { return center }
    return (base.lowerBound + base.upperBound) / 2
  }
  /// The half-level centre of the lane's strongest piece when the lane was joined from a
  /// shoulder and a stronger piece (``LaneFinder/isShoulder(_:of:)``), else nil.
  var strongestPiece: Double? = nil
  /// A third estimate of where the lane is, for the spacing test: the centre of its strongest
  /// piece (its darkest part) for a lane joined from a shoulder, else its half-level centre.
  /// A ramp-shaped lane (a band darker at one end) lies between its extent's middle and its
  /// darkest part.
  var darkest: Double { strongestPiece ?? center }
  var left: Double { center - width / 2 }
  var right: Double { center + width / 2 }

  /// The same lane in a profile of `n` columns read from its other end (column x at n − 1 − x).
  func mirrored(in n: Int) -> LaneGeometry {
    let m = Double(n - 1)
    var out = self
    out.center = m - center
    out.base = base.map { (m - $0.upperBound)...(m - $0.lowerBound) }
    out.strongestPiece = strongestPiece.map { m - $0 }
    return out
  }
}

/// Finds lanes in the column profile of the signal.
///
/// 1. Profile P(x): mean signal of each column (of a copy with a 7-px running median along
///    rows, so specks vanish) followed along the lane tilt.
/// 2. Baseline B(x): the lower envelope of P as a quadratic (smooth gradients across the
///    blot) gives the lane width scale; then a morphological opening 1.5 widths wide follows
///    slower trends (kept unless it cuts lanes into pieces narrower than 60 % of the first
///    pass's); R = P − B, lightly smoothed (σ = 1 column).
/// 3. Noise σ of R from second differences. A column belongs to a lane candidate when
///    R > T with T = max(6σ, 5 % of the median candidate level): 6σ keeps noise out (false
///    alarm ≈ 10⁻⁹ per column for Gaussian noise), 5 % keeps slow background residue out.
/// 4. Each candidate's edges are the half-level crossings (for a flat-topped lane with soft
///    edges this is its full width). Neighbours are pieces of one lane, and are joined, when
///    the lowest point between them stays above half the weaker one's level, or stays above
///    T and is a broad dip rather than a gap: the closing of R with a window a tenth of the
///    typical run width (``gapWindow(runs:)``) does not fill it. Two narrow pieces that are
///    the dark ends of one lane with a light middle are joined
///    (``joinLaneEnds(_:notes:origin:)``). A weaker piece whose half-level extent runs into
///    a stronger one, lies inside its base and overlaps no other piece is its shoulder (a
///    band darker at one end) and is joined to it (``isShoulder(_:of:)``).
///    Candidates narrower than 30 % of the median width at half level and at their base (10 %
///    level) are dropped (dust, scratches, labels).
/// 5. Empty lanes: with ≥ 3 lanes the pitch is the median of the spacings below 1.5× the
///    smallest, between lanes at least half the typical width; if it explains most spacings,
///    a spacing within 25 % of k·pitch (k ≥ 2; between half-level centres, or between base
///    middles of isolated lanes) gets k−1 inferred lanes where the central half of each
///    inferred lane stays below half the median lane level
///    (``inferEmptyLanes(_:minimumLanes:notes:origin:isEmpty:)``). A lane one pitch beyond
///    the outermost is added where the rows of its own band show one
///    (``addEndLanes(_:evidence:notes:)``, given the plane through ``LaneEvidence``); a lane
///    off the lattice is split into the lanes the lattice puts there where its neighbours'
///    band rows show them (``splitOffLatticeLanes(_:evidence:notes:)``). Before both, lanes at
///    no regular spacing whose bands continue between neighbours (two dark edges of one lane)
///    are joined where the joined lanes are regularly spaced
///    (``joinLaneEdges(_:evidence:notes:)``).
///
/// On a blot pasted on a flat software surround only the membrane is searched
/// (``columnProfiles(_:shiftPerRow:)``, ``MembraneExtent``).
///
/// Docs/lanes.md has the reasoning and the results on real scans.
enum LaneFinder {
  struct Result {
    var lanes: [LaneGeometry]
    /// Estimated soft-edge σ (columns).
    var edgeSoftness: Double
    var notes: [String]
  }

  /// - Parameters:
  ///   - p: The column profile to search (specks already filtered out).
  ///   - noiseFloor: A lower bound for its noise: filtering correlates neighbouring columns,
  ///     which makes second differences underestimate the noise, so the caller passes the
  ///     noise of the unfiltered profile.
  ///   Non-finite values at either end mark columns without data (outside the membrane, see
  ///   ``columnProfiles(_:shiftPerRow:)``): lanes are searched in the columns between them
  ///   and reported in the coordinates of the whole profile.
  static func find(columnProfile p: [Double], noiseFloor floorSigma: Double = 0, expected: Int?)
    throws(AnalysisError) -> Result
  {
    guard let first = p.firstIndex(where: \.isFinite), let last = p.lastIndex(where: \.isFinite),
      p[first...last].allSatisfy(\.isFinite)
    else { throw .noLanesFound(reason: "the column profile has no data between its ends") }
    guard first > 0 || last < p.count - 1 else {
      return try findInside(p, noiseFloor: floorSigma, expected: expected, origin: 0)
    }
    let shift = Double(first)
    var result = try findInside(
      Array(p[first...last]), noiseFloor: floorSigma, expected: expected, origin: shift)
    for i in result.lanes.indices {
      result.lanes[i].center += shift
      result.lanes[i].base = result.lanes[i].base.map {
        ($0.lowerBound + shift)...($0.upperBound + shift)
      }
    }
    result.notes.insert(
      "lanes searched only in columns \(first)...\(last), the membrane: the columns beside it "
        + "are a flat surround (its pixels all at the lowest signal) whose labels are not lanes",
      at: 0)
    return result
  }

  /// ``find(columnProfile:noiseFloor:expected:)`` on a profile with data in every column;
  /// `origin` (the profile's first column in the whole profile) is added to positions quoted
  /// in notes.
  static func findInside(_ p: [Double], noiseFloor floorSigma: Double, expected: Int?,
    origin: Double) throws(AnalysisError) -> Result
  {
    let n = p.count
    guard n >= 5 else { throw .noLanesFound(reason: "the image is only \(n) columns wide") }
    // Pass 1 with a quadratic lower envelope gives the lane width scale; pass 2 uses a
    // morphological opening 1.5 lane widths wide, which follows any background trend slower
    // than the lane pitch (a quadratic can sag between lanes and merge them).
    // The opening's window comes from whole lanes (broad dips joined: an opening narrower
    // than a lane would take the lane's floor for background). The passes are compared on
    // their pieces as cut at half level (joining under a poor first baseline can make lanes
    // look wider than they are); the chosen baseline is then searched with dips joined.
    var base = ProfileMath.lowerQuadratic(p)
    let first = detect(p, base: base, noiseFloor: floorSigma, joinBroadDips: false)
    if !first.lanes.isEmpty {
      let width1 = ProfileMath.median(first.lanes.map(\.width))
      let joined = detect(p, base: base, noiseFloor: floorSigma, joinBroadDips: true)
      let window = Int((1.5 * max(width1, ProfileMath.median(joined.lanes.map(\.width))))
        .rounded(.up))
      let opened = ProfileMath.opening(p, window: window)
      let second = detect(p, base: opened, noiseFloor: floorSigma, joinBroadDips: false)
      // If the opening cut the lanes into pieces (lanes with uneven tops are wider than
      // their half-level width, so the window fell inside them), keep the first pass.
      let width2 = ProfileMath.median(second.lanes.map(\.width))
      if !second.lanes.isEmpty && width2 >= 0.6 * width1 { base = opened }
    }
    let pass = detect(
      p, base: base, noiseFloor: floorSigma, joinBroadDips: true, joinShoulders: true)
    var lanes = pass.lanes
    let threshold = pass.threshold
    let softness = pass.softness
    var notes: [String] = []
    lanes = joinLaneEnds(lanes, notes: &notes, origin: origin)
    let medianWidth = ProfileMath.median(lanes.map(\.width))
    // A speck, scratch or label is narrow at its base too; a lane with a peaked profile
    // (bands darker in the lane's middle, e.g. a ladder) is narrow only at half level.
    func isNarrow(_ lane: LaneGeometry) -> Bool {
      max(lane.width, lane.baseWidth) < 0.3 * medianWidth
    }
    let narrow = lanes.filter(isNarrow)
    if !narrow.isEmpty {
      notes.append(
        "ignored \(narrow.count) narrow column feature(s) at x ≈ "
          + narrow.map { fmt((origin + $0.center).rounded()) }.joined(separator: ", ")
          + " (narrower than 30 % of the median lane width \(fmt(medianWidth)))")
      lanes.removeAll(where: isNarrow)
    }
    guard !lanes.isEmpty else {
      throw .noLanesFound(
        reason: "no column run rises above \(fmt(threshold)) (6× the column-profile noise "
          + "or 5 % of the median lane level)")
    }
    let edge = max(0.5, softness.isEmpty ? 1 : ProfileMath.median(softness))
    // An empty lane is a stretch of the profile that stays below half the median lane level
    // (background residue may exceed the threshold; a lane joined to a neighbour does not
    // stay that low).
    let residual = pass.residual
    markIsolated(&lanes, residual: residual, threshold: threshold)
    let emptyLevel = 0.5 * ProfileMath.median(lanes.map(\.level))
    lanes = inferEmptyLanes(lanes, minimumLanes: 3, notes: &notes, origin: origin) { lo, hi in
      let a = min(max(Int(lo.rounded(.up)), 0), n - 1)
      let b = min(max(Int(hi.rounded(.down)), a), n - 1)
      return residual[a...b].allSatisfy { $0 < emptyLevel }
    }
    if let expected {
      lanes = fit(lanes, count: expected, width: n, notes: &notes, origin: origin)
    }
    return Result(lanes: lanes, edgeSoftness: edge, notes: notes)
  }


  /// What one detection pass found.
  struct Detection {
    var lanes: [LaneGeometry]
    /// Edge σ estimates, one per lane with both 10 % crossings.
    var softness: [Double]
    /// The level a lane must exceed.
    var threshold: Double
    /// Noise σ of the residual profile.
    var sigma: Double
    /// Profile minus baseline, smoothed with σ = 1 column.
    var residual: [Double]
  }

  /// Lane candidates above `base`.
  static func detect(
    _ p: [Double], base: [Double], noiseFloor floorSigma: Double, joinBroadDips: Bool,
    joinShoulders: Bool = false
  ) -> Detection {
    let n = p.count
    var r = [Double](repeating: 0, count: n)
    for i in 0..<n { r[i] = p[i] - base[i] }
    let sigma = max(ProfileMath.noise(r), floorSigma)
    let rs = ProfileMath.smooth(r, sigma: 1)
    let top = rs.max() ?? 0
    let noiseFloor = 6 * sigma
    guard top > noiseFloor, top > 0 else {
      return Detection(
        lanes: [], softness: [], threshold: max(noiseFloor, top), sigma: sigma, residual: rs)
    }
    func segments(_ threshold: Double) -> [(Int, Int)] {
      var out: [(Int, Int)] = []
      var start: Int? = nil
      for i in 0..<n {
        if rs[i] > threshold {
          if start == nil { start = i }
        } else if let s = start {
          out.append((s, i - 1))
          start = nil
        }
      }
      if let s = start { out.append((s, n - 1)) }
      return out
    }
    let first = segments(max(noiseFloor, 0.05 * top))
    let levels = first.map { seg in rs[seg.0...seg.1].max() ?? 0 }
    let threshold = max(noiseFloor, 0.05 * ProfileMath.median(levels))
    var lanes: [LaneGeometry] = []
    var softness: [Double] = []
    // Each run above the threshold may hold several lanes whose gap does not reach the
    // threshold: take the highest, cut it out at its half-level edges, repeat on the rest.
    var pending = segments(threshold)
    while let seg = pending.popLast() {
      guard seg.1 >= seg.0 else { continue }
      var m = seg.0
      for i in seg.0...seg.1 where rs[i] > rs[m] { m = i }
      let level = rs[m]
      guard level > threshold else { continue }
      let l50 = ProfileMath.crossing(rs, from: m, step: -1, level: level / 2, limit: 0) ?? 0
      let r50 =
        ProfileMath.crossing(rs, from: m, step: 1, level: level / 2, limit: n - 1)
        ?? Double(n - 1)
      if let l10 = ProfileMath.crossing(rs, from: m, step: -1, level: level / 10, limit: 0),
        let r10 = ProfileMath.crossing(rs, from: m, step: 1, level: level / 10, limit: n - 1)
      {
        // For an erf edge the 10 % point lies 1.2816 σ outside the 50 % point.
        softness.append(((l50 - l10) + (r10 - r50)) / 2 / 1.2816)
      }
      let base0 = max(
        ProfileMath.crossing(rs, from: m, step: -1, level: level / 10, limit: seg.0)
          ?? Double(seg.0), Double(seg.0))
      let base1 = min(
        ProfileMath.crossing(rs, from: m, step: 1, level: level / 10, limit: seg.1)
          ?? Double(seg.1), Double(seg.1))
      lanes.append(
        LaneGeometry(
          center: (l50 + r50) / 2, width: max(r50 - l50, 1), level: level, inferred: false,
          base: base0...max(base1, base0)))
      // The rest of the run, beyond this lane's falling edges, if a separate rise remains.
      var a = Int(l50.rounded(.down))
      while a > seg.0 && rs[a - 1] <= rs[a] { a -= 1 }
      if a - 1 >= seg.0 { pending.append((seg.0, a - 1)) }
      var b = Int(r50.rounded(.up))
      while b < seg.1 && rs[b + 1] <= rs[b] { b += 1 }
      if b + 1 <= seg.1 { pending.append((b + 1, seg.1)) }
    }
    lanes.sort { $0.center < $1.center }
    let closed = closing(rs, window: gapWindow(runs: segments(threshold)))
    // How many other pieces each piece's half-level extent overlaps: a shoulder of one lane
    // overlaps that lane alone; a pedestal under several lanes overlaps them all.
    let overlaps = lanes.map { a in
      lanes.filter { b in b != a && b.left < a.right && a.left < b.right }.count
    }
    // The merge compares each piece with the result so far, so it depends on the direction it
    // reads in: it reads both ways and keeps the reading with more lanes (fewer joins), then
    // the one whose lanes cover fewer columns. Both criteria are the same for a mirrored
    // profile, so the lanes of a mirrored image are the mirrored lanes.
    let forward = mergePieces(
      lanes, overlaps: overlaps, rs: rs, closed: closed, threshold: threshold,
      joinBroadDips: joinBroadDips, joinShoulders: joinShoulders)
    let backward = mergePieces(
      lanes.reversed().map { $0.mirrored(in: n) }, overlaps: overlaps.reversed(),
      rs: rs.reversed(), closed: closed.reversed(), threshold: threshold,
      joinBroadDips: joinBroadDips, joinShoulders: joinShoulders
    ).reversed().map { $0.mirrored(in: n) }
    // (Widths within 1e-9 columns are the same reading: mirroring twice rounds.)
    func covered(_ l: [LaneGeometry]) -> Double { l.reduce(0) { $0 + $1.width } }
    let merged = backward.count != forward.count
      ? (backward.count > forward.count ? backward : forward)
      : (covered(backward) < covered(forward) - 1e-9 ? backward : forward)
    return Detection(
      lanes: merged, softness: softness, threshold: threshold, sigma: sigma, residual: rs)
  }

  /// The pieces of ``detect`` (sorted by centre) merged from left to right: overlapping pieces
  /// keep the stronger (or are joined when the weaker is its shoulder), and neighbours are
  /// joined across a dip that stays above half the weaker piece or is broad.
  static func mergePieces(
    _ lanes: [LaneGeometry], overlaps: [Int], rs: [Double], closed: [Double], threshold: Double,
    joinBroadDips: Bool, joinShoulders: Bool
  ) -> [LaneGeometry] {
    let n = rs.count
    var merged: [LaneGeometry] = []
    var mergedOverlaps: [Int] = []
    for (lane, count) in zip(lanes, overlaps) {
      if let last = merged.last, lane.left < last.right {
        let lastCount = mergedOverlaps[merged.count - 1]
        let (weak, strong, weakCount) =
          lane.level > last.level ? (last, lane, lastCount) : (lane, last, count)
        let shoulder = joinShoulders && weakCount == 1 && isShoulder(weak, of: strong)
        merged[merged.count - 1] = shoulder ? union(weak, strong) : strong
        mergedOverlaps[merged.count - 1] = shoulder ? Int.max : (weak == lane ? lastCount : count)
        continue
      }
      // Pieces of one lane: an uneven lane top (rounded bands, JPEG blocks) can leave a
      // second rise inside the same lane. Lanes are separated by a gap that falls below half
      // of the weaker one's level; pieces are joined when the profile between them stays
      // above that.
      if let last = merged.last {
        let a = min(max(Int(last.center.rounded()), 0), n - 1)
        let b = min(max(Int(lane.center.rounded()), a), n - 1)
        var m = a
        for i in a...b where rs[i] < rs[m] { m = i }
        let dip = rs[m]
        // A dip that stays above half the weaker piece, or a broad dip (not filled by the
        // gap-sized closing) that stays above the threshold, lies inside one lane: a gap
        // between lanes is narrow, or falls below the threshold.
        let weaker = min(last.level, lane.level)
        let broadDip = joinBroadDips && dip > threshold && closed[m] - dip < 0.5 * closed[m]
        if dip > 0.5 * weaker || broadDip {
          let left = last.left
          let right = lane.right
          let baseLeft = min(last.base?.lowerBound ?? left, left)
          let baseRight = max(lane.base?.upperBound ?? right, right)
          merged[merged.count - 1] = LaneGeometry(
            center: (left + right) / 2, width: right - left, level: max(last.level, lane.level),
            inferred: false, base: baseLeft...baseRight)
          mergedOverlaps[merged.count - 1] = Int.max
          continue
        }
      }
      merged.append(lane)
      mergedOverlaps.append(count)
    }
    return merged
  }

  /// True when `weak`, a piece whose half-level extent overlaps the stronger piece `strong`,
  /// is a shoulder of the same lane: its extent, which runs into `strong` because the profile
  /// between them never falls below half its level, ends inside `strong`'s base (the profile
  /// falls below half the weak level before it leaves the strong piece). A lane whose band is
  /// darker at one end is such a ramp. A weak piece whose extent runs past the strong piece's
  /// base lies on a pedestal under several lanes, and is not one of them.
  static func isShoulder(_ weak: LaneGeometry, of strong: LaneGeometry) -> Bool {
    guard let base = strong.base else { return false }
    return weak.left >= base.lowerBound && weak.right <= base.upperBound
  }

  /// The lane spanning both pieces (outer half-level edges, outer base edges).
  static func union(_ a: LaneGeometry, _ b: LaneGeometry) -> LaneGeometry {
    let left = min(a.left, b.left)
    let right = max(a.right, b.right)
    let baseLeft = min(a.base?.lowerBound ?? a.left, b.base?.lowerBound ?? b.left, left)
    let baseRight = max(a.base?.upperBound ?? a.right, b.base?.upperBound ?? b.right, right)
    let strong = a.level >= b.level ? a : b
    return LaneGeometry(
      center: (left + right) / 2, width: right - left, level: max(a.level, b.level),
      inferred: false, base: baseLeft...baseRight,
      strongestPiece: strong.strongestPiece ?? strong.center)
  }

  /// Inserts lanes in gaps that are whole multiples of the regular pitch.
  ///
  /// Nothing is inferred unless the pitch explains most spacings (more than half of them lie
  /// within 25 % of a whole multiple of it): lanes found at irregular places (e.g. the dark
  /// edges of lanes, facuperezt_img_shadow) have no lattice to fill. A spacing d between two
  /// lanes is k pitches when |d − k·pitch| ≤ ¼ pitch, measured between the half-level centres
  /// or, failing that, between the ``LaneGeometry/position``s (base middles of isolated
  /// lanes: a lane whose band fades to one side has its half-level centre off its middle).
  ///
  /// `isEmpty(lo, hi)` says whether the columns lo...hi hold no signal; a gap is filled only
  /// where the inferred lane's central half is empty (a lane that is there but was merged
  /// into a neighbour is not an empty lane). With base-middle spacing the inferred lanes must
  /// also fit, their whole width clear of the neighbours' bases.
  static func inferEmptyLanes(
    _ lanes: [LaneGeometry], minimumLanes: Int, notes: inout [String], origin: Double = 0,
    isEmpty: (Double, Double) -> Bool = { _, _ in true }
  ) -> [LaneGeometry] {
    guard lanes.count >= minimumLanes, let pitch = latticePitch(lanes) else { return lanes }
    let width = ProfileMath.median(lanes.filter { !$0.inferred }.map(\.width))
    var out: [LaneGeometry] = [lanes[0]]
    for i in 1..<lanes.count {
      let (a, b) = (lanes[i - 1], lanes[i])
      // Each lane's position is known to within its two estimates (half-level centre and,
      // when isolated, base middle): the spacing is a multiple of the pitch if either says so.
      for (from, d, needsRoom) in [
        (a.center, b.center - a.center, false), (a.position, b.position - a.position, true),
        (a.darkest, b.darkest - a.darkest, true),
      ] {
        let k = Int((d / pitch).rounded())
        guard k >= 2 && abs(d - Double(k) * pitch) <= 0.25 * pitch else { continue }
        let centres = (1..<k).map { from + Double($0) * d / Double(k) }
        // An empty lane needs room: its central half stays at background, and its whole
        // width lies clear of the neighbours' bases.
        let left = a.base?.upperBound ?? a.right
        let right = b.base?.lowerBound ?? b.left
        guard centres.allSatisfy({ c in
          isEmpty(c - width / 4, c + width / 4)
            && (!needsRoom || (c - width / 2 >= left && c + width / 2 <= right))
        }) else { continue }
        for c in centres {
          out.append(LaneGeometry(center: c, width: width, level: 0, inferred: true))
          notes.append(
            "inferred an empty lane at x ≈ \(fmt((origin + c).rounded())) from the lane spacing")
        }
        break
      }
      out.append(lanes[i])
    }
    return out
  }

  /// The ``pitch(of:)`` when it explains most spacings (more than half of them lie within
  /// 25 % of a whole multiple of it), else nil: lanes found at irregular places have no
  /// lattice.
  static func latticePitch(_ lanes: [LaneGeometry]) -> Double? {
    guard let pitch = pitch(of: lanes) else { return nil }
    let spacings = zip(lanes.dropFirst(), lanes).map { $0.center - $1.center }
    let onLattice = spacings.filter { d in
      abs(d - (d / pitch).rounded() * pitch) <= 0.25 * pitch
    }.count
    return 2 * onLattice > spacings.count ? pitch : nil
  }

  /// The lane pitch: the median of the spacings below 1.5× the smallest, between lanes at
  /// least half the typical width (``typicalRun(_:)``): a piece of a lane (a dark lane end)
  /// sits closer to its neighbours than the pitch and would set the smallest spacing.
  static func pitch(of all: [LaneGeometry]) -> Double? {
    let typical = typicalRun(all.filter { !$0.inferred }.map(\.width))
    let whole = all.filter { $0.inferred || $0.width >= 0.5 * typical }
    let lanes = whole.count >= 2 ? whole : all
    guard lanes.count >= 2 else { return nil }
    var d: [Double] = []
    for i in 1..<lanes.count { d.append(lanes[i].center - lanes[i - 1].center) }
    guard let dmin = d.min(), dmin > 0 else { return nil }
    return ProfileMath.median(d.filter { $0 < 1.5 * dmin })
  }

  /// Makes exactly `count` lanes: the strongest if there are more; regular spacing to fill
  /// interior gaps, then the ends (the side with more room first) if there are fewer.
  static func fit(
    _ found: [LaneGeometry], count: Int, width: Int, notes: inout [String], origin: Double = 0
  ) -> [LaneGeometry] {
    var lanes = found
    if lanes.count > count {
      let real = lanes.filter { !$0.inferred }
      let pool = real.count >= count ? real : lanes
      let keep = pool.sorted { ($0.level * $0.width, -$0.center) > ($1.level * $1.width, -$1.center) }
        .prefix(count)
      lanes = keep.sorted { $0.center < $1.center }
      notes.append("kept the \(count) strongest of \(found.count) lanes")
      return lanes
    }
    if lanes.count < count {
      lanes = inferEmptyLanes(lanes, minimumLanes: 2, notes: &notes, origin: origin)
      if lanes.count > count {
        return fit(lanes, count: count, width: width, notes: &notes, origin: origin)
      }
    }
    let laneWidth = ProfileMath.median(lanes.map(\.width))
    let step = pitch(of: lanes) ?? (Double(width) / Double(count))
    while lanes.count < count, let first = lanes.first, let last = lanes.last {
      let leftC = first.center - step
      let rightC = last.center + step
      let leftFits = leftC - laneWidth / 2 >= 0
      let rightFits = rightC + laneWidth / 2 <= Double(width)
      if !leftFits && !rightFits { break }
      let roomLeft = first.left
      let roomRight = Double(width) - last.right
      if rightFits && (!leftFits || roomRight >= roomLeft) {
        lanes.append(LaneGeometry(center: rightC, width: laneWidth, level: 0, inferred: true))
      } else {
        lanes.insert(LaneGeometry(center: leftC, width: laneWidth, level: 0, inferred: true), at: 0)
      }
    }
    if lanes.count < count {
      notes.append("only \(lanes.count) of the \(count) requested lanes fit in the image")
    } else if found.count < count {
      notes.append("added \(count - found.count) lane(s) by regular spacing to reach \(count)")
    }
    return lanes
  }
}
