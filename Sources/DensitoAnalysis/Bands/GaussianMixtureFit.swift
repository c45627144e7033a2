import Foundation

/// Least-squares fit of k Gaussians sharing one width to a baseline-subtracted profile:
///
/// ```
/// f(y) = Σⱼ aⱼ · exp(−(y − μⱼ)² / 2s²)
/// ```
/// by Levenberg–Marquardt (damped Gauss–Newton on the normal equations, Marquardt's diagonal
/// scaling). With a shared width, each band's area aⱼ·s·√(2π) is proportional to aⱼ, which is
/// how overlapping bands (doublets) share their group's measured volume.
///
/// **Stopping.** After an accepted step the fit stops when every parameter moved by at most
/// `xtol` = 1e-10 of its scale (amplitudes: max(|aⱼ|, 1e-3·max a); centres and width: max(|θ|, s)),
/// or when the cost fell by less than 1e-15 relative (rounding level); it also stops when ten
/// successive increases of the damping find no lower cost, and after at most 200 iterations.
/// At the first criterion the parameters agree with a fully converged fit to about 1e-9
/// relative (quadratic convergence near the optimum).
///
/// **Failure.** The fit returns nil (and the group is split at its valleys instead) when the
/// parameters become non-finite, or when an accepted step makes an amplitude non-positive or
/// moves a centre outside the group's rows: a shared-width mixture of positive bands does not
/// describe that group. The check is made at every accepted step, not only at the end: on
/// real scans, most groups that leave that region never come back and used to run all 200
/// iterations before being rejected (94 % of the fitting time on a 2128×1703 scan); those that
/// came back had typically swapped or merged two bands' centres.
///
/// **Sparsity.** A Gaussian is evaluated only within ±9 s of its centre (outside,
/// exp(−40.5) < 3e-18 of its amplitude, below the rounding of the sums); the normal
/// equations are accumulated only over the bands active at each row. A group of k bands over
/// n rows then costs O(n·a² + k³) per iteration, a the number of bands overlapping one row,
/// instead of O(n·k²).
///
/// References: Marquardt, D. W. "An algorithm for least-squares estimation of nonlinear
/// parameters." J. SIAM 11(2), 431–441 (1963). doi:10.1137/0111030. Moré, J. J. "The
/// Levenberg–Marquardt algorithm: implementation and theory." Lecture Notes in Mathematics
/// 630, 105–116 (1978). doi:10.1007/BFb0067700 (the scaled step and cost stopping tests).
struct GaussianMixtureFit {
  var amplitudes: [Double]
  var centers: [Double]
  var width: Double
  /// Coefficient of determination 1 − SS_res/SS_tot of the fit.
  var rSquared: Double
  /// Levenberg–Marquardt iterations used (accepted steps).
  var iterations: Int = 0

  /// Half-width of a Gaussian's support in units of s.
  static let support = 9.0
  static let xtol = 1e-10
  static let maxIterations = 200

  /// Fits `values` at rows `rows` (ascending); nil when the fit fails (non-finite, centres
  /// outside the rows, non-positive amplitudes).
  static func fit(rows: [Double], values: [Double], centers c0: [Double], amplitudes a0: [Double],
                  width s0: Double) -> GaussianMixtureFit?
  {
    let k = c0.count
    let m = 2 * k + 1
    let n = rows.count
    guard k >= 1, a0.count == k, values.count == n, n > m, s0 > 0 else { return nil }
    let lo = rows[0]
    let hi = rows[n - 1]
    var work = Workspace(rows: rows, values: values, k: k)
    var theta = a0 + c0 + [s0]
    var current = work.evaluate(theta)
    guard current.isFinite else { return nil }
    var lambda = 1e-3
    var iterations = 0
    var trial = theta
    var step = [Double](repeating: 0, count: m)
    var damped = [Double](repeating: 0, count: m * m)
    while iterations < maxIterations {
      work.normalEquations(theta)
      var accepted = false
      for _ in 0..<10 {
        for i in 0..<(m * m) { damped[i] = work.jtj[i] }
        for a in 0..<m { damped[a * m + a] += lambda * max(work.jtj[a * m + a], 1e-12) }
        guard solve(&damped, work.jtr, into: &step, m) else { lambda *= 10; continue }
        for a in 0..<m { trial[a] = theta[a] + step[a] }
        if trial[m - 1] <= 0 { lambda *= 10; continue }
        let ct = work.evaluate(trial)
        if ct.isFinite && ct < current {
          let gain = current - ct
          // Positive amplitudes and centres inside the group, at every step (see "Failure").
          guard feasible(trial, k: k, lo: lo, hi: hi) else { return nil }
          swap(&theta, &trial)
          current = ct
          lambda = max(lambda / 10, 1e-12)
          accepted = true
          iterations += 1
          if gain <= 1e-15 * current || smallStep(step, theta, k: k) {
            return finish(theta, cost: current, rows: rows, values: values, k: k,
                          iterations: iterations)
          }
          break
        }
        lambda *= 10
      }
      // After an accepted step the workspace holds the model at `theta` again.
      if !accepted { break }
    }
    // Stopped without meeting a convergence test: the best parameters found.
    return finish(theta, cost: current, rows: rows, values: values, k: k, iterations: iterations)
  }

  /// Positive amplitudes and centres within `lo...hi`.
  static func feasible(_ t: [Double], k: Int, lo: Double, hi: Double) -> Bool {
    for j in 0..<k where !(t[j] > 0) { return false }
    for j in k..<(2 * k) where !(t[j] >= lo && t[j] <= hi) { return false }
    return true
  }

  /// True when every component of `step` is below `xtol` of its parameter's scale.
  static func smallStep(_ step: [Double], _ theta: [Double], k: Int) -> Bool {
    let s = abs(theta[2 * k])
    var aMax = 0.0
    for j in 0..<k { aMax = max(aMax, abs(theta[j])) }
    for j in 0..<k where abs(step[j]) > xtol * max(abs(theta[j]), 1e-3 * aMax) { return false }
    for a in k..<(2 * k + 1) where abs(step[a]) > xtol * max(abs(theta[a]), s) { return false }
    return true
  }

  static func finish(_ theta: [Double], cost: Double, rows: [Double], values: [Double], k: Int,
                     iterations: Int) -> GaussianMixtureFit?
  {
    let mean = values.reduce(0, +) / Double(values.count)
    let total = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let amplitudes = Array(theta[0..<k])
    let centers = Array(theta[k..<(2 * k)])
    let lo = rows.first ?? 0
    let hi = rows.last ?? 0
    guard theta.allSatisfy(\.isFinite), amplitudes.allSatisfy({ $0 > 0 }),
      centers.allSatisfy({ $0 >= lo && $0 <= hi })
    else { return nil }
    let r2 = total > 0 ? 1 - cost / total : 0
    return GaussianMixtureFit(
      amplitudes: amplitudes, centers: centers, width: theta[2 * k], rSquared: r2,
      iterations: iterations)
  }

  /// Buffers reused across iterations: the model's Gaussians at the last evaluated
  /// parameters, the residuals there, and the normal equations.
  struct Workspace {
    let rows: [Double]
    let values: [Double]
    let k: Int
    /// First and one-past-last row of each Gaussian's support (at the last evaluation).
    var first: [Int]
    var last: [Int]
    /// exp(−d²/2s²) for row i and band j at e[i·k + j] (valid inside the support).
    var e: [Double]
    var residual: [Double]
    var jtj: [Double]
    var jtr: [Double]

    init(rows: [Double], values: [Double], k: Int) {
      self.rows = rows
      self.values = values
      self.k = k
      first = [Int](repeating: 0, count: k)
      last = [Int](repeating: 0, count: k)
      e = [Double](repeating: 0, count: rows.count * k)
      residual = values
      let m = 2 * k + 1
      jtj = [Double](repeating: 0, count: m * m)
      jtr = [Double](repeating: 0, count: m)
    }

    /// Index of the first row ≥ `y` (rows ascending).
    func lowerBound(_ y: Double) -> Int {
      var lo = 0
      var hi = rows.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if rows[mid] < y { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }

    /// Evaluates the model at `t`: fills the supports, `e` and the residuals; returns the
    /// cost Σ residual².
    mutating func evaluate(_ t: [Double]) -> Double {
      let n = rows.count
      let s = t[2 * k]
      let inv = 1 / (2 * s * s)
      let reach = GaussianMixtureFit.support * s
      for j in 0..<k {
        let mu = t[k + j]
        guard mu.isFinite, reach.isFinite else { return .infinity }
        first[j] = lowerBound(mu - reach)
        last[j] = max(first[j], lowerBound(mu + reach + 1e-12 * max(abs(mu), 1)))
      }
      let kk = k
      let fst = first
      let lst = last
      var cost = 0.0
      rows.withUnsafeBufferPointer { y in
        values.withUnsafeBufferPointer { v in
          e.withUnsafeMutableBufferPointer { e in
            residual.withUnsafeMutableBufferPointer { r in
              for i in 0..<n { r[i] = v[i] }
              for j in 0..<kk {
                let a = t[j]
                let mu = t[kk + j]
                for i in fst[j]..<lst[j] {
                  let d = y[i] - mu
                  let g = exp(-d * d * inv)
                  e[i * kk + j] = g
                  r[i] -= a * g
                }
              }
              for i in 0..<n { cost += r[i] * r[i] }
            }
          }
        }
      }
      return cost
    }

    /// JᵀJ and Jᵀr of the model at `t` (the parameters of the last `evaluate`).
    mutating func normalEquations(_ t: [Double]) {
      let n = rows.count
      let m = 2 * k + 1
      let kk = k
      let s = t[m - 1]
      let s2 = s * s
      let fst = first
      let lst = last
      // Bands whose support covers row i, kept as a sliding list (supports are intervals).
      var order = Array(0..<k)
      order.sort { fst[$0] < fst[$1] }
      var active: [Int] = []
      active.reserveCapacity(k)
      var next = 0
      var idx = [Int](repeating: 0, count: m)
      var val = [Double](repeating: 0, count: m)
      rows.withUnsafeBufferPointer { y in
        e.withUnsafeBufferPointer { e in
          residual.withUnsafeBufferPointer { r in
            jtj.withUnsafeMutableBufferPointer { h in
              jtr.withUnsafeMutableBufferPointer { g in
                for q in 0..<(m * m) { h[q] = 0 }
                for q in 0..<m { g[q] = 0 }
                for i in 0..<n {
                  while next < kk && fst[order[next]] <= i {
                    active.append(order[next])
                    next += 1
                  }
                  active.removeAll { lst[$0] <= i }
                  if active.isEmpty { continue }
                  // Sparse Jacobian row: (∂f/∂aⱼ, ∂f/∂μⱼ) of the active bands, then ∂f/∂s.
                  var count = 0
                  var ds = 0.0
                  for j in active {
                    let d = y[i] - t[kk + j]
                    let ex = e[i * kk + j]
                    idx[count] = j
                    val[count] = ex
                    idx[count + 1] = kk + j
                    val[count + 1] = t[j] * ex * d / s2
                    count += 2
                    ds += t[j] * ex * d * d / (s2 * s)
                  }
                  idx[count] = m - 1
                  val[count] = ds
                  count += 1
                  let ri = r[i]
                  for p in 0..<count {
                    let a = idx[p]
                    let va = val[p]
                    g[a] += va * ri
                    for q in 0..<count {
                      let b = idx[q]
                      if b >= a { h[a * m + b] += va * val[q] }
                    }
                  }
                }
                for a in 0..<m { for b in 0..<a { h[a * m + b] = h[b * m + a] } }
              }
            }
          }
        }
      }
    }
  }

  /// Solves the m×m system `a`·x = `b` (row-major `a`, destroyed) by Gaussian elimination
  /// with partial pivoting into `x`; false when singular or not finite.
  static func solve(_ a: inout [Double], _ b: [Double], into x: inout [Double], _ m: Int) -> Bool {
    var v = b
    return a.withUnsafeMutableBufferPointer { a in
      for c in 0..<m {
        var p = c
        for r in (c + 1)..<max(m, c + 1) where abs(a[r * m + c]) > abs(a[p * m + c]) { p = r }
        guard abs(a[p * m + c]) > 1e-300 else { return false }
        if p != c {
          for q in 0..<m { a.swapAt(c * m + q, p * m + q) }
          v.swapAt(c, p)
        }
        let pivot = a[c * m + c]
        for r in (c + 1)..<max(m, c + 1) {
          let f = a[r * m + c] / pivot
          if f == 0 { continue }
          for q in c..<m { a[r * m + q] -= f * a[c * m + q] }
          v[r] -= f * v[c]
        }
      }
      for c in stride(from: m - 1, through: 0, by: -1) {
        var s = v[c]
        for q in (c + 1)..<max(m, c + 1) { s -= a[c * m + q] * x[q] }
        x[c] = s / a[c * m + c]
      }
      for c in 0..<m where !x[c].isFinite { return false }
      return true
    }
  }
}
