import Foundation

/// A band before saturation and ladder information are attached. Rows are profile indices.
struct BandDraft: Sendable, Equatable {
  var y: Double
  var top: Int
  var bottom: Int
  var volume: Double
  var background: Double
  var peakHeight: Double
  var sigma: Double
  var fitQuality: Double?
  /// Index of the group of overlapping bands this band was fitted in (nil: alone).
  var group: Int? = nil
  /// The band's core is a run of rows on the response plateau (``ResponsePlateau``).
  var onPlateau = false
}

/// Finds bands in one lane profile and measures their volumes.
///
/// - Detection runs on the *median* across the lane's central columns (a speck of dust
///   covering a few columns cannot move a median), smoothed with σ = 1 row. A peak is a band
///   when its topographic prominence exceeds `minimumProminence` × the noise of that
///   smoothed profile (noise from second differences of the unsmoothed median; Gaussian
///   smoothing with σ = 1 divides white noise by √(2√π) ≈ 1.88), and when the smoothed mean
///   profile has a peak within 2 rows passing the same test with its own noise, at most
///   twice as high above its lower base as the median's (the band spans the lane; specks
///   do not), and at least `minimumHeight` high (the blot-wide relative floor, see
///   ``AnalysisOptions/minimumRelativeHeight``).
/// - Position, height and width are measured on the *mean* profile (the one integrated):
///   the half-maximum crossings above the peak's higher base give the half width at half
///   maximum, σ = HWHM/√(2 ln 2) (less the smoothing), and the integration window is
///   y ± `windowSigmas`·σ. Each band's window scales with its own width, so the same fraction
///   of every Gaussian band is integrated and relative volumes stay proportional.
/// - Shoulders (a band on the flank of a stronger one, without a maximum of its own) are
///   found as maxima of the curvature (``shoulders(mean:median:of:k:)``).
/// - Bands whose windows overlap form a group: the group shares one baseline, and its
///   measured volume is split between its bands in proportion to the areas of a
///   shared-width Gaussian fit (``GaussianMixtureFit``); if the fit fails, at the valleys.
///   `fitGroups: false` skips the fit (valley split only): detection, positions, windows,
///   baselines and peak heights do not depend on it, so a pass that only needs those (the
///   first pass of ``analyzeBlot(_:options:)``, which finds the highest band) saves its cost.
enum BandFinder {
  struct Result {
    var bands: [BandDraft]
    var baseline: [Double]
    var noise: Double
  }

  static func find(
    mean p: [Double], median d: [Double], columns: Int, baseline kind: LaneBaseline,
    border: [Double]?, windowSigmas: Double, minimumProminence: Double,
    minimumHeight: Double = 0, fitGroups: Bool = true, core: ClippedCore.Source? = nil
  ) -> Result {
    let n = p.count
    let noise = ProfileMath.noise(p)
    guard n >= 5 else { return Result(bands: [], baseline: p, noise: noise) }
    let range = (p.max() ?? 0) - (p.min() ?? 0)
    // The median of coarsely quantised data (8-bit scans) is often flat, so its second
    // differences underestimate the noise: never below 1.2533 × the mean profile's noise
    // (the median's standard error relative to the mean's for Gaussian noise).
    let noiseD = max(ProfileMath.noise(d), 1.2533 * noise, 1e-9 * max(range, 1e-30))
    let ds = ProfileMath.smooth(d, sigma: 1)
    let ps = ProfileMath.smooth(p, sigma: 1)
    let threshold = minimumProminence * noiseD / (2 * Double.pi.squareRoot()).squareRoot()
    // A band must stand out in both profiles: in the median (so dust, which moves only the
    // mean, is rejected) and in the mean (so steps between quantisation levels, which can
    // make the median of an 8-bit scan jump, are rejected).
    let meanThreshold = minimumProminence * noise / (2 * Double.pi.squareRoot()).squareRoot()
    let meanPeaks = ProfileMath.peaks(ps).filter { $0.prominence > meanThreshold }
    // And it must span the lane: its height above its lower base in the median must be at
    // least half that in the mean (a band raises every central column, so the two are alike;
    // a speck a few columns wide raises the mean but barely moves the median).
    func height(_ x: [Double], _ pk: ProfileMath.Peak) -> Double {
      x[pk.index] - min(x[pk.leftBase], x[pk.rightBase])
    }
    var found = ProfileMath.peaks(ds).filter { pk in
      guard pk.prominence > threshold else { return false }
      // Within 2 rows of each other's plateau: a flat top is one peak from its first row to
      // its last, whichever end the profile is read from.
      return meanPeaks.contains {
        max(pk.index - $0.last, $0.index - pk.last) <= 2
          && height(ds, pk) >= 0.5 * height(ps, $0) && height(ps, $0) >= minimumHeight
      }
    }

    // Measure each peak on the smoothed mean profile.
    struct Candidate {
      var y: Double
      var index: Int
      var sigma: Double
      var lo: Double
      var hi: Double
      /// Half the length of a clipped core (0 for an ordinary peak).
      var plateau: Double = 0
      /// The core is a response plateau (not the detector limit).
      var onPlateau = false
    }
    var cands: [Candidate] = []
    // Clipped cores replace whatever maxima rounding left on their flat tops.
    var clipped: [(ClippedCore, ClippedCore.Measurement)] = []
    for run in core.map({ ClippedCore.find(median: d, source: $0, threshold: threshold) }) ?? [] {
      let m = run.measure(smoothedMean: ps, noise: noise)
      // A response plateau must be flat over at least max(5, σ) rows (``ResponsePlateau``).
      if core?.needsFlatness == true && Double(run.last - run.first + 1) < max(5, m.sigma) {
        continue
      }
      clipped.append((run, m))
    }
    found.removeAll { pk in
      clipped.contains { pk.last >= $0.0.first - 2 && pk.index <= $0.0.last + 2 }
    }
    for (_, m) in clipped {
      let half = (m.plateau * m.plateau + windowSigmas * windowSigmas * m.sigma * m.sigma)
        .squareRoot()
      cands.append(
        Candidate(
          y: m.center, index: min(max(Int(m.center.rounded()), 0), n - 1), sigma: m.sigma,
          lo: m.center - half, hi: m.center + half, plateau: m.plateau,
          onPlateau: core?.needsFlatness == true))
    }
    found.sort { $0.index < $1.index }
    for pk in found {
      var m = pk.index
      for i in max(0, pk.index - 2)...min(n - 1, pk.last + 2) where ps[i] > ps[m] { m = i }
      // Half maximum above the lower base: a neighbour's valley would shrink the width.
      let floor = min(ps[pk.leftBase], ps[pk.rightBase])
      let half = floor + (ps[m] - floor) / 2
      let l = ProfileMath.crossing(ps, from: m, step: -1, level: half, limit: pk.leftBase)
      let r = ProfileMath.crossing(ps, from: m, step: 1, level: half, limit: pk.rightBase)
      var hw: Double
      switch (l, r) {
      case let (l?, r?): hw = (r - l) / 2
      case let (l?, nil): hw = Double(m) - l
      case let (nil, r?): hw = r - Double(m)
      default: hw = Double(pk.rightBase - pk.leftBase) / 4
      }
      hw = max(hw, 0.5)
      let measured = hw / (2 * log(2.0)).squareRoot()
      // Remove the σ = 1 smoothing in quadrature; never below half a row.
      let sigma = max(max(measured * measured - 1, 0.25).squareRoot(), 0.5)
      var y = Double(m)
      if m > 0 && m < n - 1 {
        let a = ps[m - 1]
        let b = ps[m]
        let c = ps[m + 1]
        let den = a - 2 * b + c
        if den < 0 { y += min(max(0.5 * (a - c) / den, -0.5), 0.5) }
      }
      cands.append(
        Candidate(
          y: y, index: m, sigma: sigma, lo: y - windowSigmas * sigma,
          hi: y + windowSigmas * sigma))
    }
    cands += shoulders(
      mean: p, median: d, of: cands.map { ($0.y, $0.sigma, $0.plateau) }, k: minimumProminence)
      .map { Candidate(y: $0.0, index: $0.1, sigma: $0.2, lo: $0.0 - windowSigmas * $0.2,
                       hi: $0.0 + windowSigmas * $0.2) }
    cands.sort { $0.y < $1.y }
    // Remove duplicates that landed on the same maximum.
    var unique: [Candidate] = []
    for c in cands {
      if let last = unique.last, last.index == c.index { continue }
      unique.append(c)
    }
    cands = unique

    // Groups of overlapping windows.
    // Windows closer than an anchor's width (σ/2 rows each side) also join: the baseline
    // anchors between them would sit on the neighbour's tail.
    var groups: [[Int]] = []
    for i in cands.indices {
      if let g = groups.last, let j = g.last,
        cands[i].lo <= cands[j].hi + (cands[i].sigma + cands[j].sigma) / 2 + 2
      {
        groups[groups.count - 1].append(i)
      } else {
        groups.append([i])
      }
    }

    // Baseline.
    var baseline: [Double]
    switch kind {
    case .none: baseline = [Double](repeating: 0, count: n)
    case .laneBorderMedian: baseline = border ?? ps
    case .valleyToValley: baseline = ps
    case .rollingBall(let radius):
      // The radius was validated by analyzeBlot; a failure here cannot happen.
      baseline = (try? rollingBallBaseline(of: p, radius: radius)) ?? ps
    }
    let bounds: [(Int, Int)] = groups.map { g in
      let top = max(0, Int(cands[g[0]].lo.rounded(.up)))
      let bottom = min(n - 1, Int(cands[g[g.count - 1]].hi.rounded(.down)))
      return (top, max(top, bottom))
    }
    if kind == .valleyToValley {
      for (gi, b) in bounds.enumerated() {
        let (top, bottom) = b
        let span = groups[gi].map { cands[$0].sigma }
        let h = max(1, Int((ProfileMath.median(span) / 2).rounded()))
        let prevEnd = gi > 0 ? bounds[gi - 1].1 : -1
        let nextStart = gi + 1 < bounds.count ? bounds[gi + 1].0 : n
        let la = max(prevEnd + 1, top - h)
        let lb = top - 1
        let ra = bottom + 1
        let rb = min(nextStart - 1, bottom + h)
        func anchor(_ a: Int, _ b: Int, fallback: Int) -> (Double, Double) {
          if a <= b {
            var s = 0.0
            for i in a...b { s += p[i] }
            return ((Double(a) + Double(b)) / 2, s / Double(b - a + 1))
          }
          return (Double(fallback), p[fallback])
        }
        let (x0, v0) = anchor(la, lb, fallback: top)
        let (x1, v1) = anchor(ra, rb, fallback: bottom)
        for i in top...bottom {
          baseline[i] = x1 > x0 ? v0 + (v1 - v0) * (Double(i) - x0) / (x1 - x0) : (v0 + v1) / 2
        }
      }
    }

    // Volumes.
    var bands: [BandDraft] = []
    let cols = Double(columns)
    for (gi, g) in groups.enumerated() {
      let (top, bottom) = bounds[gi]
      var net = [Double](repeating: 0, count: bottom - top + 1)
      var total = 0.0
      var bg = 0.0
      for i in top...bottom {
        net[i - top] = p[i] - baseline[i]
        total += net[i - top]
        bg += baseline[i]
      }
      if g.count == 1 {
        let c = cands[g[0]]
        bands.append(
          BandDraft(
            y: c.y, top: top, bottom: bottom, volume: total * cols, background: bg * cols,
            peakHeight: ps[c.index] - baseline[c.index], sigma: c.sigma, fitQuality: nil,
            onPlateau: c.onPlateau))
        continue
      }
      // Valleys between neighbours: split rows for reporting (and the fallback split).
      var cuts: [Int] = [top]
      for k in 1..<g.count {
        let a = cands[g[k - 1]].index
        let b = cands[g[k]].index
        var v = a
        for i in a...max(a, b) where ps[i] < ps[v] { v = i }
        cuts.append(min(max(v, top), bottom))
      }
      cuts.append(bottom + 1)
      let rows = (top...bottom).map(Double.init)
      let fit = !fitGroups ? nil : GaussianMixtureFit.fit(
        rows: rows, values: net, centers: g.map { cands[$0].y },
        amplitudes: g.map { max(ps[cands[$0].index] - baseline[cands[$0].index], 1e-12) },
        width: ProfileMath.median(g.map { cands[$0].sigma }))
      let ampSum = fit.map { $0.amplitudes.reduce(0, +) } ?? 0
      for (k, ci) in g.enumerated() {
        let c = cands[ci]
        let subTop = k == 0 ? top : cuts[k]
        let subBottom = k == g.count - 1 ? bottom : max(cuts[k + 1] - 1, subTop)
        var share = 0.0
        var shareBg = 0.0
        for i in subTop...subBottom {
          share += net[i - top]
          shareBg += baseline[i]
        }
        // The valley row lies between two bands: half of it goes to each, so that the split
        // does not depend on the direction the profile is read in.
        if k > 0 && cuts[k] <= subBottom {
          share -= net[cuts[k] - top] / 2
          shareBg -= baseline[cuts[k]] / 2
        }
        if k < g.count - 1 && cuts[k + 1] > subBottom && cuts[k + 1] <= bottom {
          share += net[cuts[k + 1] - top] / 2
          shareBg += baseline[cuts[k + 1]] / 2
        }
        var volume = share * cols
        var y = c.y
        var sigma = c.sigma
        var quality: Double? = nil
        if let fit, ampSum > 0 {
          volume = total * cols * fit.amplitudes[k] / ampSum
          y = fit.centers[k]
          sigma = fit.width
          quality = fit.rSquared
        }
        bands.append(
          BandDraft(
            y: y, top: subTop, bottom: subBottom, volume: volume, background: shareBg * cols,
            peakHeight: ps[c.index] - baseline[c.index], sigma: sigma, fitQuality: quality,
            group: gi, onPlateau: c.onPlateau))
      }
    }
    return Result(bands: bands, baseline: baseline, noise: noise)
  }

  /// Bands on the flank of a stronger neighbour form no maximum of the profile, only a
  /// shoulder; a shoulder is a maximum of the curvature −p'' (profile smoothed with σ = 1.5).
  /// A shoulder becomes a band when its curvature peak has a height and a prominence above
  /// `k` × the curvature's robust spread (1.4826·MAD) in the mean profile, a prominence above
  /// `k` × spread in the median profile, lies
  /// within 4σ of a detected band but more than 1.5σ from every band, and rises above the
  /// noise. Distances from a clipped band count from the end of its flat core (`plateau`
  /// rows from its centre): the core's corners are maxima of the curvature too, not bands.
  /// Its width is taken from that neighbour; the group's Gaussian fit then measures it.
  /// Returns (row, index, σ) per shoulder.
  static func shoulders(
    mean p: [Double], median d: [Double],
    of bands: [(y: Double, sigma: Double, plateau: Double)], k: Double
  ) -> [(Double, Int, Double)] {
    guard !bands.isEmpty, p.count >= 9 else { return [] }
    func curvature(_ x: [Double]) -> [Double] {
      let s = ProfileMath.smooth(x, sigma: 1.5)
      var c = [Double](repeating: 0, count: s.count)
      for i in 1..<(s.count - 1) { c[i] = 2 * s[i] - s[i - 1] - s[i + 1] }
      return c
    }
    func spread(_ c: [Double]) -> Double {
      let m = ProfileMath.median(c)
      return 1.4826 * ProfileMath.median(c.map { abs($0 - m) })
    }
    let cm = curvature(p)
    let cd = curvature(d)
    let sm = spread(cm)
    let sd = spread(cd)
    guard sm > 0, sd > 0 else { return [] }
    let medianPeaks = ProfileMath.peaks(cd).filter { $0.prominence > k * sd }
    var out: [(Double, Int, Double)] = []
    // The curvature itself must be positive there (the profile bends down, a bump): between
    // two separate bands −p'' also has a maximum, but a negative one.
    for pk in ProfileMath.peaks(cm) where pk.prominence > k * sm && cm[pk.index] > k * sm {
      let y = Double(pk.index)
      func gap(_ b: (y: Double, sigma: Double, plateau: Double)) -> Double {
        max(abs(b.y - y) - b.plateau, 0)
      }
      guard let near = bands.min(by: { gap($0) < gap($1) }) else { continue }
      let dist = gap(near)
      guard dist > 1.5 * near.sigma, dist <= 4 * near.sigma else { continue }
      guard medianPeaks.contains(where: { abs($0.index - pk.index) <= 2 }) else { continue }
      if out.contains(where: { abs($0.0 - y) <= 1.5 * near.sigma }) { continue }
      out.append((y, pk.index, near.sigma))
    }
    return out
  }
}
