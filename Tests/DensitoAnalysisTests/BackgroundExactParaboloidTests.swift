import Testing
@testable import DensitoAnalysis

/// The exact paraboloid's 1-D transform (`EnvelopeWorkspace.transform`: parabolas that
/// cannot be lowest dropped without branches, then the Felzenszwalb–Huttenlocher lower
/// envelope of the rest) against its definition `min over i of f(i) + a·(x − i)²`,
/// evaluated by brute force in Double.
///
/// Tolerance: 1e-9 of the largest |f| (+1e-12). The minimum over the kept parabolas is the
/// minimum over all of them; only the envelope's breakpoints are computed with rounding, so
/// where two parabolas tie to within it the other one may be taken (differences of order
/// 1e-16 relative). Far below the Float rounding applied to the images.
@Suite struct BackgroundExactParaboloidTests {
  static func rows(count n: Int, seed: UInt64) -> [[Double]] {
    var rng = SeededGenerator(seed: seed)
    let noise = (0..<n).map { _ in Double(Int.random(in: 0...65535, using: &rng)) }
    var walk = [Double](repeating: 0, count: n)
    var level = 1000.0
    for i in 0..<n {
      level += Double.random(in: -3...3, using: &rng)
      walk[i] = level
    }
    let plateaus = (0..<n).map { Double(($0 / 7) % 3) * 20 }
    let bowl = (0..<n).map { i -> Double in
      let d = Double(i - n / 2)
      return -0.004 * d * d
    }
    let bands = (0..<n).map { i -> Double in
      Double(i) * 0.7 + (i % 40 < 6 ? 500 : 0) + Double(Int.random(in: 0...30, using: &rng))
    }
    return [noise, walk, plateaus, bowl, bands]
  }

  @Test("transform matches its definition", arguments: [0.5, 2.5, 12, 50, 200])
  func transform(radius: Double) {
    let a = 1 / (2 * radius)
    for n in [1, 2, 3, 5, 9, 10, 40, 257] {
      let margin = 3
      let outCount = n + 2 * margin
      let reciprocals = (0...(n + 1)).map { $0 == 0 ? 0 : 1 / Double($0) }
      for (shape, row) in Self.rows(count: n, seed: UInt64(n) * 31 + UInt64(radius)).enumerated() {
        let work = EnvelopeWorkspace(capacity: outCount)
        defer { work.deallocate() }
        for i in 0..<n { work.values[i] = row[i] }
        reciprocals.withUnsafeBufferPointer { rp in
          work.transform(count: n, a: a, reciprocals: rp.baseAddress!,
                         firstPosition: Double(-margin), outCount: outCount)
        }
        let scale = row.map(abs).max() ?? 0
        var worst = 0.0
        for x in 0..<outCount {
          let position = Double(x - margin)
          var best = Double.infinity
          for i in 0..<n {
            let d = position - Double(i)
            best = min(best, row[i] + a * d * d)
          }
          worst = max(worst, abs(work.result[x] - best))
        }
        #expect(worst <= 1e-9 * scale + 1e-12, "shape \(shape) n \(n) r \(radius): \(worst)")
      }
    }
  }
}
