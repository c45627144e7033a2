import Foundation

extension LaneFinder {
  /// The found lanes with neighbours joined across stretches that carry bands, when they are
  /// the two edges of lanes; else nil.
  ///
  /// The column profile (mean signal of each column) sees everything that runs the full
  /// height of the blot. A lane whose band is much darker along its two edges than in its
  /// middle ("dumbbell" bands, or dark lane edges under a shadow) is then found as two narrow
  /// lanes, its edges. Between the two edges of one lane its band continues; between two
  /// lanes there is no band. The *band content* of a column says which: the column (along the
  /// lane tilt, on the copy with a 7-px running median along rows, as the column profile)
  /// minus its own morphological opening along the column over half the blot's height (the
  /// vertical top-hat: what is shorter than half a lane stays; anything monotone along the
  /// column, such as a shadow or a gradient, and anything that runs the full height, such as
  /// a lane edge, is 0), averaged over the blot's band rows
  /// (``bandContentProfile(_:window:despeckle:columns:)``).
  ///
  /// Each stretch between two neighbouring lanes (half-level edge to half-level edge, at
  /// least 3 columns) *carries a band* when its median band content exceeds that of the
  /// clearest stretch (the blot's no-band level: the top-hat of noise is positive) by more
  /// than 6σ, σ the noise of the band content (second differences, without the running
  /// median): the same 6σ a column needs to belong to a lane. The median, not the minimum,
  /// because a dumbbell band can fade to nothing over part of its middle. Lanes across a
  /// stretch that carries a band are joined (``union(_:_:)``), and the joined lanes are kept
  /// only when at least three remain and they are regularly spaced (``latticePitch(_:)``): the
  /// comb that loaded the lanes is the evidence. When the found lanes are themselves regularly
  /// spaced (a lane half a pitch wide has its edges half a pitch apart), the stretches must
  /// also pair every lane: band, gap, band, gap, … from the first lane to the last (between
  /// lanes that are really lanes, bands do not continue across every other gap only), and each
  /// would-be interior must be wider than the two edges beside it.
  static func joinLaneEdges(_ found: [LaneGeometry], evidence: LaneEvidence, notes: inout [String])
    -> [LaneGeometry]?
  {
    let p = evidence.profile
    guard found.count >= 3, !found.contains(where: \.inferred),
      evidence.plane.height >= 8, evidence.plane.width == p.count,
      let first = p.firstIndex(where: \.isFinite), let last = p.lastIndex(where: \.isFinite)
    else { return nil }
    let regular = latticePitch(found) != nil
    if regular {
      // Edges that pair every lane come in an even number, and a lane's interior is wider than
      // either of its edges (between ordinary lanes the gaps are the narrow part; this keeps
      // the band content, a pass over the whole plane, from being computed for them).
      guard found.count % 2 == 0,
        stride(from: 0, to: found.count, by: 2).allSatisfy({ k in
          found[k + 1].left - found[k].right > max(found[k].width, found[k + 1].width)
        })
      else { return nil }
    }
    let window = evidence.plane.height / 2
    let content = bandContentProfile(
      evidence, window: window, despeckle: true, columns: first...last)
    let plain = bandContentProfile(
      evidence, window: window, despeckle: false, columns: first...last)
    let sigma = ProfileMath.noise(Array(plain[first...last]))
    // Median band content of each stretch between neighbours (nil: too short to judge).
    let stretches = zip(found, found.dropFirst()).map { a, b -> Double? in
      let x0 = max(first, Int(a.right.rounded(.up)))
      let x1 = min(last, Int(b.left.rounded(.down)))
      guard x1 - x0 + 1 >= 3 else { return nil }
      return ProfileMath.median(Array(content[x0...x1]))
    }
    guard let floor = stretches.compactMap({ $0 }).min(), sigma > 0 else { return nil }
    let carries = stretches.map { $0.map { $0 - floor > 6 * sigma } ?? false }
    if regular {
      guard carries.enumerated().allSatisfy({ $0.element == ($0.offset % 2 == 0) }) else {
        return nil
      }
    }
    var lanes: [LaneGeometry] = [found[0]]
    var joined: [String] = []
    for (i, band) in carries.enumerated() {
      let next = found[i + 1]
      if band, let left = lanes.last {
        lanes[lanes.count - 1] = union(left, next)
        joined.append("\(fmt(found[i].center.rounded())) + \(fmt(next.center.rounded()))")
      } else {
        lanes.append(next)
      }
    }
    guard !joined.isEmpty, lanes.count >= 3, let pitch = latticePitch(lanes) else { return nil }
    let spacings = zip(found.dropFirst(), found).map { fmt(($0.center - $1.center).rounded()) }
    notes.append(
      "the \(found.count) lanes found "
        + (regular ? "come in pairs, band and gap in turn" : "lie at no regular spacing")
        + " (spacings " + spacings.joined(separator: ", ") + "); joined the lanes at x ≈ "
        + joined.joined(separator: ", ")
        + ", whose bands continue between them (band content above that of the clearest gap "
        + "by more than 6σ): they are the two edges of one lane; the \(lanes.count) lanes "
        + "are \(fmt(pitch.rounded())) px apart")
    return lanes
  }

  /// Mean of each column's vertical top-hat over the blot's band rows: the column, followed
  /// along the tilt with linear interpolation and edge clamping as ``ColumnProfile/compute``,
  /// minus its morphological opening over `window` rows. The band rows are those where the
  /// mean top-hat over the columns with data (smoothed with σ = 2 rows) lies above the
  /// midpoint of its lowest and highest values, as for one lane in ``laneBandRows``.
  /// `despeckle` reads the plane through ``ColumnProfile/RowMedian7View``.
  static func bandContentProfile(
    _ evidence: LaneEvidence, window: Int, despeckle: Bool, columns: ClosedRange<Int>
  ) -> [Double] {
    let w = evidence.plane.width
    let h = evidence.plane.height
    var rowSum = [Double](repeating: 0, count: h)
    forEachColumnTopHat(evidence, window: window, despeckle: despeckle) { x, t in
      guard columns.contains(x) else { return }
      for y in 0..<h { rowSum[y] += t[y] }
    }
    let q = ProfileMath.smooth(rowSum, sigma: 2)
    let (lo, hi) = (q.min() ?? 0, q.max() ?? 0)
    let rows = (0..<h).filter { q[$0] >= (lo + hi) / 2 }
    var out = [Double](repeating: 0, count: w)
    forEachColumnTopHat(evidence, window: window, despeckle: despeckle) { x, t in
      var sum = 0.0
      for y in rows { sum += t[y] }
      out[x] = sum / Double(max(rows.count, 1))
    }
    return out
  }

  /// Calls `body` with every column's vertical top-hat (see ``bandContentProfile``), left to
  /// right. Columns are gathered in blocks of 64, so the work memory is 64 columns, not a copy
  /// of the plane.
  static func forEachColumnTopHat(
    _ evidence: LaneEvidence, window: Int, despeckle: Bool,
    _ body: (Int, UnsafeBufferPointer<Double>) -> Void
  ) {
    let plane = evidence.plane
    let w = plane.width
    let h = plane.height
    let filtered = ColumnProfile.RowMedian7View(plane: plane)
    let values = plane.values
    let yc = Double(h - 1) / 2
    let block = 64
    let r = window / 2
    var column = [Double](repeating: 0, count: block * h)
    // The column padded with r copies of its end values at each end, so that the opening
    // leaves anything monotone unchanged up to the ends (a window cut at the end would take
    // the last rows of a rising column for a peak).
    var padded = [Double](repeating: 0, count: h + 2 * r)
    var eroded = padded
    var opened = padded
    var topHat = [Double](repeating: 0, count: h)
    for x0 in stride(from: 0, to: w, by: block) {
      let x1 = min(w, x0 + block)
      for y in 0..<h {
        let off = evidence.shiftPerRow * (Double(y) - yc)
        let k = Int(off.rounded(.down))
        let f = off - Double(k)
        let row = y * w
        for x in x0..<x1 {
          let a = row + min(max(x + k, 0), w - 1)
          let b = row + min(max(x + k + 1, 0), w - 1)
          let (va, vb) = despeckle
            ? (Double(filtered[a]), Double(filtered[b])) : (Double(values[a]), Double(values[b]))
          column[(x - x0) * h + y] = (1 - f) * va + f * vb
        }
      }
      for x in x0..<x1 {
        let start = (x - x0) * h
        for i in padded.indices { padded[i] = column[start + min(max(i - r, 0), h - 1)] }
        ProfileMath.runningExtreme(padded[...], radius: r, into: &eroded, minimum: true)
        ProfileMath.runningExtreme(eroded[...], radius: r, into: &opened, minimum: false)
        for y in 0..<h { topHat[y] = column[start + y] - opened[y + r] }
        topHat.withUnsafeBufferPointer { body(x, $0) }
      }
    }
  }
}

extension ProfileMath {
  /// out[i] = the minimum (or maximum) of v over the window i − radius ... i + radius, cut at
  /// the ends, in O(n) with a monotone queue of indices.
  static func runningExtreme(
    _ v: ArraySlice<Double>, radius: Int, into out: inout [Double], minimum: Bool
  ) {
    let n = v.count
    let base = v.startIndex
    if out.count != n { out = [Double](repeating: 0, count: n) }
    guard n > 0 else { return }
    var queue = [Int](repeating: 0, count: n)
    var head = 0
    var tail = 0
    @inline(__always) func worse(_ a: Double, _ b: Double) -> Bool { minimum ? a >= b : a <= b }
    var next = 0
    for i in 0..<n {
      // Admit every index up to i + radius.
      while next < n && next <= i + radius {
        let value = v[base + next]
        while tail > head && worse(v[base + queue[tail - 1]], value) { tail -= 1 }
        queue[tail] = next
        tail += 1
        next += 1
      }
      while queue[head] < i - radius { head += 1 }
      out[i] = v[base + queue[head]]
    }
  }
}
