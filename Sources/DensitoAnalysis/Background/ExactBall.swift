import Foundation

/// The exact ball opening in O(n·r): 2-D erosion and dilation by the ball as minima
/// (maxima) over row offsets of 1-D erosions (dilations) by semicircles.
///
/// Over row offset dy the ball's height is `√(ρ² − dx²)` with `ρ = √(r² − dy²)`: a
/// semicircle of radius ρ on the disc's chord of half-width `R = ⌊ρ⌋` (integer offsets). So
/// ```
/// e(cy, cx) = min over |dy| ≤ m of  E_|dy|(row cy + dy)(cx)
/// E_k(f)(x) = min over |i − x| ≤ R_k of  f(i) − √(ρ_k² − (i − x)²)
/// ```
/// and the dilation likewise with max and +. Each 1-D erosion is the lower envelope of
/// equal lower semicircles centred at the samples, computed like the lower envelope of
/// parabolas (Felzenszwalb & Huttenlocher 2012) because two of them cross at most once:
/// for samples p < q the difference `g_p(x) − g_q(x)` is increasing on the common support
/// (its derivative is `φ(x − p) − φ(x − q)` with `φ(t) = t/√(ρ² − t²)` increasing), so p is
/// lower to the left of one point and q to the right. That point lies on the perpendicular
/// bisector of the two centres, at half-chord `√(ρ² − D²/4)` from their midpoint (D the
/// distance between the centres); outside the common support the only defined arc wins.
/// Each row costs O(w) per radius, so the whole opening O(n·r) instead of O(n·r²).
///
/// The crossing points are computed in Double from the exact circles, while the values
/// are the Float differences `f − z` with z the same Float heights as the disc table of
/// `ExactOpening.ballTable` (so `ExactOpening.ballBruteForce` is an exact oracle): where
/// two arcs tie to within Float rounding the envelope may pick the other one, a difference
/// of at most a few ulps of the sample values.
enum ExactBall {
  /// The semicircles for row offsets k = 0…m: radius ρ_k, reach R_k = ⌊ρ_k⌋ and the Float
  /// heights `z_k[d] = √(r² − d² − k²)`, d = 0…R_k, laid out with stride m + 1.
  struct Slices {
    let m: Int
    let rho: [Double]
    let reach: [Int]
    let heights: [Float]

    init(radius: Double) {
      let half = Int(radius.rounded(.down))
      m = half
      let r2 = radius * radius
      var rho = [Double](), reach = [Int]()
      var heights = [Float](repeating: 0, count: (half + 1) * (half + 1))
      for k in 0...half {
        let dy = Double(k)
        let rk = (r2 - dy * dy).squareRoot()
        rho.append(rk)
        let reachK = Int(rk.rounded(.down))
        reach.append(reachK)
        for d in 0...reachK {
          let dx = Double(d)
          // Same expression as the disc table, so the same Float heights.
          heights[k * (half + 1) + d] = Float(max(0, r2 - dx * dx - dy * dy).squareRoot())
        }
      }
      self.rho = rho
      self.reach = reach
      self.heights = heights
    }
  }

  static func ball(_ plane: FloatPlane, radius: Double) -> FloatPlane {
    let slices = Slices(radius: radius)
    let m = slices.m
    let w = plane.width, h = plane.height
    let ew = w + 2 * m, eh = h + 2 * m
    var eroded = [Float](repeating: .infinity, count: eh * ew)
    var out = [Float](repeating: -.infinity, count: h * w)
    let chunkRows = { (rows: Int) in max(8, (rows + workers - 1) / workers) }
    slices.heights.withUnsafeBufferPointer { zp in
      let z = UncheckedSendable(zp.baseAddress!)
      plane.samples.withUnsafeBufferPointer { ip in
        eroded.withUnsafeMutableBufferPointer { ep in
          let src = UncheckedSendable(ip.baseAddress!), dst = UncheckedSendable(ep.baseAddress!)
          // Centre rows ey (centre y = ey − m) of a chunk collect image rows y = ey − m ± k.
          parallelChunks(eh, minimumChunk: chunkRows(eh)) { centres in
            let work = ArcWorkspace(capacity: ew)
            defer { work.deallocate() }
            let yFirst = max(0, centres.lowerBound - 2 * m)
            let yLast = min(h - 1, centres.upperBound - 1)
            guard yFirst <= yLast else { return }
            for y in yFirst...yLast {
              let row = src.value + y * w
              for k in 0...m {
                let up = y + m - k, down = y + m + k  // extended centre rows reached
                let hitUp = centres.contains(up), hitDown = k > 0 && centres.contains(down)
                guard hitUp || hitDown else { continue }
                work.erode(row, count: w, rho: slices.rho[k], reach: slices.reach[k],
                           heights: z.value + k * (m + 1), firstPosition: -m, outCount: ew)
                if hitUp { minimum(into: dst.value + up * ew, work.result, ew) }
                if hitDown { minimum(into: dst.value + down * ew, work.result, ew) }
              }
            }
          }
        }
      }
      eroded.withUnsafeBufferPointer { ep in
        out.withUnsafeMutableBufferPointer { op in
          let src = UncheckedSendable(ep.baseAddress!), dst = UncheckedSendable(op.baseAddress!)
          // Output rows y collect extended centre rows ey = y + m ∓ k.
          parallelChunks(h, minimumChunk: chunkRows(h)) { rows in
            let work = ArcWorkspace(capacity: ew)
            defer { work.deallocate() }
            let eFirst = rows.lowerBound, eLast = min(eh - 1, rows.upperBound - 1 + 2 * m)
            for ey in eFirst...eLast {
              let row = src.value + ey * ew
              for k in 0...m {
                let up = ey - m - k, down = ey - m + k  // output rows reached
                let hitUp = rows.contains(up), hitDown = k > 0 && rows.contains(down)
                guard hitUp || hitDown else { continue }
                work.dilate(row, count: ew, rho: slices.rho[k], reach: slices.reach[k],
                            heights: z.value + k * (m + 1), firstPosition: m, outCount: w)
                if hitUp { maximum(into: dst.value + up * w, work.result, w) }
                if hitDown { maximum(into: dst.value + down * w, work.result, w) }
              }
            }
          }
        }
      }
    }
    return FloatPlane(width: w, height: h, samples: out)
  }

  /// Workers for the two passes: each chunk recomputes the 1-D transforms of the rows its
  /// ±m halo shares with its neighbours, so chunks are few and large.
  static var workers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16)) }

  @inline(__always)
  static func minimum(into a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) {
    for i in 0..<n where b[i] < a[i] { a[i] = b[i] }
  }

  @inline(__always)
  static func maximum(into a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) {
    for i in 0..<n where b[i] > a[i] { a[i] = b[i] }
  }
}

/// Per-worker buffers of the 1-D semicircle transforms.
struct ArcWorkspace {
  let values: UnsafeMutablePointer<Float>
  let wide: UnsafeMutablePointer<Double>
  let result: UnsafeMutablePointer<Float>
  let apex: UnsafeMutablePointer<Int>
  let bounds: UnsafeMutablePointer<Double>

  init(capacity: Int) {
    let n = max(1, capacity)
    values = .allocate(capacity: n)
    wide = .allocate(capacity: n)
    result = .allocate(capacity: n)
    apex = .allocate(capacity: n)
    bounds = .allocate(capacity: n + 1)
  }

  func deallocate() {
    values.deallocate(); wide.deallocate(); result.deallocate()
    apex.deallocate(); bounds.deallocate()
  }

  /// `result[j] = min over i, |x − i| ≤ reach of f[i] − heights[|x − i|]` at
  /// x = firstPosition + j (+∞ where no sample is in reach). Samples equal to +∞ are ignored.
  func erode(
    _ f: UnsafePointer<Float>, count n: Int, rho: Double, reach: Int,
    heights: UnsafePointer<Float>, firstPosition: Int, outCount: Int
  ) {
    for i in 0..<n { values[i] = f[i] }
    envelope(count: n, rho: rho, reach: reach, heights: heights, firstPosition: firstPosition,
             outCount: outCount)
  }

  /// `result[j] = max over i, |x − i| ≤ reach of f[i] + heights[|x − i|]`, as the negated
  /// erosion of −f (−((−f) − z) is exactly f + z in IEEE arithmetic). +∞ samples (centres
  /// touching no pixel) are ignored.
  func dilate(
    _ f: UnsafePointer<Float>, count n: Int, rho: Double, reach: Int,
    heights: UnsafePointer<Float>, firstPosition: Int, outCount: Int
  ) {
    for i in 0..<n { values[i] = f[i] == .infinity ? .infinity : -f[i] }
    envelope(count: n, rho: rho, reach: reach, heights: heights, firstPosition: firstPosition,
             outCount: outCount)
    for j in 0..<outCount { result[j] = -result[j] }
  }

  /// The lower envelope of the lower semicircles `g_i(x) = values[i] − √(ρ² − (x − i)²)`,
  /// |x − i| ≤ reach, evaluated at integer positions (see `ExactBall`). Segment k of the
  /// envelope belongs to sample `apex[k]` and covers the integers x with
  /// `bounds[k] < x ≤ bounds[k + 1]`.
  @inline(__always)
  private func envelope(
    count n: Int, rho: Double, reach: Int, heights: UnsafePointer<Float>, firstPosition: Int,
    outCount: Int
  ) {
    let rho2 = rho * rho
    var size = 0
    for q in 0..<n {
      let vq = values[q]
      if vq == .infinity { continue }
      let fq = Double(vq)
      wide[q] = fq
      if size == 0 {
        apex[0] = q
        bounds[0] = -.infinity
        size = 1
        continue
      }
      var s = 0.0
      while true {
        let p = apex[size - 1]
        s = Self.crossing(p, wide[p], q, fq, rho2: rho2, reach: reach)
        if size > 1 && s <= bounds[size - 1] { size -= 1 } else { break }
      }
      apex[size] = q
      bounds[size] = s
      size += 1
    }
    var k = 0
    for j in 0..<outCount {
      let x = firstPosition + j
      let xd = Double(x)
      while k + 1 < size && bounds[k + 1] < xd { k += 1 }
      if size == 0 {
        result[j] = .infinity
        continue
      }
      let p = apex[k]
      let d = abs(x - p)
      result[j] = d <= reach ? values[p] - heights[d] : .infinity
    }
  }

  /// The position s such that, at integers x, sample p's arc is at most q's for x ≤ s and
  /// q's is at most p's for x > s (p < q; an arc outside its support counts as +∞).
  @inline(__always)
  static func crossing(
    _ p: Int, _ fp: Double, _ q: Int, _ fq: Double, rho2: Double, reach: Int
  ) -> Double {
    if q - p > 2 * reach { return Double(p + reach) }  // no common support
    let dx = Double(q - p), df = fq - fp
    let d2 = dx * dx + df * df
    let h2 = rho2 - 0.25 * d2
    if h2 >= 0 {
      let distance = d2.squareRoot(), half = h2.squareRoot()
      // The lower of the circles' two intersection points, if it is on both lower arcs.
      let y = 0.5 * (fp + fq) - half * dx / distance
      if y <= min(fp, fq) {
        return 0.5 * Double(p + q) + half * df / distance
      }
    }
    // The lower arcs do not cross: the arc with the lower centre is lower on the whole
    // common support [q − reach, p + reach].
    return fp <= fq ? Double(p + reach) : Double(q - reach) - 0.5
  }
}
