import Foundation

/// Least-squares fit of k Gaussians sharing one width to a baseline-subtracted profile:
///
/// ```
/// f(y) = Σⱼ aⱼ · exp(−(y − μⱼ)² / 2s²)
/// ```
/// by Levenberg–Marquardt (damped Gauss–Newton on the normal equations). With a shared
/// width, each band's area aⱼ·s·√(2π) is proportional to aⱼ, which is how overlapping bands
/// (doublets) share their group's measured volume.
///
/// References: Marquardt, D. W. "An algorithm for least-squares estimation of nonlinear
/// parameters." J. SIAM 11(2), 431–441 (1963). doi:10.1137/0111030
struct GaussianMixtureFit {
  var amplitudes: [Double]
  var centers: [Double]
  var width: Double
  /// Coefficient of determination 1 − SS_res/SS_tot of the fit.
  var rSquared: Double

  /// Fits `values` at rows `rows`; nil when the fit fails (non-finite, centres outside the
  /// rows, non-positive amplitudes).
  static func fit(rows: [Double], values: [Double], centers c0: [Double], amplitudes a0: [Double],
                  width s0: Double) -> GaussianMixtureFit?
  {
    let k = c0.count
    let m = 2 * k + 1
    guard k >= 1, rows.count > m, s0 > 0 else { return nil }
    var theta = a0 + c0 + [s0]
    func residuals(_ t: [Double]) -> [Double] {
      let s = t[m - 1]
      return rows.indices.map { i in
        var f = 0.0
        for j in 0..<k {
          let d = rows[i] - t[k + j]
          f += t[j] * exp(-d * d / (2 * s * s))
        }
        return values[i] - f
      }
    }
    func cost(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
    var r = residuals(theta)
    var current = cost(r)
    var lambda = 1e-3
    for _ in 0..<200 {
      let s = theta[m - 1]
      // Jacobian of the model (not of the residual).
      var jtj = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
      var jtr = [Double](repeating: 0, count: m)
      var row = [Double](repeating: 0, count: m)
      for i in rows.indices {
        var ds = 0.0
        for j in 0..<k {
          let d = rows[i] - theta[k + j]
          let e = exp(-d * d / (2 * s * s))
          row[j] = e
          row[k + j] = theta[j] * e * d / (s * s)
          ds += theta[j] * e * d * d / (s * s * s)
        }
        row[m - 1] = ds
        for a in 0..<m {
          jtr[a] += row[a] * r[i]
          for b in a..<m { jtj[a][b] += row[a] * row[b] }
        }
      }
      for a in 0..<m { for b in 0..<a { jtj[a][b] = jtj[b][a] } }
      var improved = false
      for _ in 0..<10 {
        var mat = jtj
        for a in 0..<m { mat[a][a] += lambda * max(jtj[a][a], 1e-12) }
        guard let step = solve(mat, jtr) else { lambda *= 10; continue }
        let trial = zip(theta, step).map { $0 + $1 }
        if trial[m - 1] <= 0 { lambda *= 10; continue }
        let rt = residuals(trial)
        let ct = cost(rt)
        if ct.isFinite && ct < current {
          let gain = current - ct
          theta = trial
          r = rt
          current = ct
          lambda = max(lambda / 10, 1e-12)
          improved = true
          if gain <= 1e-12 * max(current, 1e-300) { break }
          break
        }
        lambda *= 10
      }
      if !improved { break }
    }
    let mean = values.reduce(0, +) / Double(values.count)
    let total = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let amplitudes = Array(theta[0..<k])
    let centers = Array(theta[k..<(2 * k)])
    let lo = rows.first ?? 0
    let hi = rows.last ?? 0
    guard theta.allSatisfy(\.isFinite), amplitudes.allSatisfy({ $0 > 0 }),
      centers.allSatisfy({ $0 >= lo && $0 <= hi })
    else { return nil }
    let r2 = total > 0 ? 1 - current / total : 0
    return GaussianMixtureFit(
      amplitudes: amplitudes, centers: centers, width: theta[m - 1], rSquared: r2)
  }

  /// Gaussian elimination with partial pivoting; nil when singular.
  static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    let n = b.count
    var m = a
    var v = b
    for c in 0..<n {
      var p = c
      for r in (c + 1)..<max(n, c + 1) where abs(m[r][c]) > abs(m[p][c]) { p = r }
      guard abs(m[p][c]) > 1e-300 else { return nil }
      m.swapAt(c, p)
      v.swapAt(c, p)
      for r in (c + 1)..<max(n, c + 1) {
        let f = m[r][c] / m[c][c]
        if f == 0 { continue }
        for k in c..<n { m[r][k] -= f * m[c][k] }
        v[r] -= f * v[c]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for c in stride(from: n - 1, through: 0, by: -1) {
      var s = v[c]
      for k in (c + 1)..<max(n, c + 1) { s -= m[c][k] * x[k] }
      x[c] = s / m[c][c]
    }
    return x.allSatisfy(\.isFinite) ? x : nil
  }
}
