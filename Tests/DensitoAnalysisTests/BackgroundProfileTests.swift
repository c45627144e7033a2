import Foundation
import Testing
@testable import DensitoAnalysis

/// The 1-D baselines used for lane profiles.
@Suite struct BackgroundProfileTests {
  typealias Baseline = @Sendable ([Double], Double) throws -> [Double]
  static let baselines: [(String, Baseline)] = [
    ("disc", { try rollingBallBaseline(of: $0, radius: $1) }),
    ("parabola", { try slidingParabolaBaseline(of: $0, radius: $1) }),
  ]

  @Test func constantProfile() throws {
    for (name, baseline) in Self.baselines {
      let b = try baseline([Double](repeating: 42.5, count: 50), 10)
      #expect(b.allSatisfy { abs($0 - 42.5) <= 1e-9 }, "\(name)")
    }
  }

  /// A Gaussian peak (σ = 3, height 100) on a line of slope 0.05: the baseline follows
  /// the line away from the peak (within 0.01, since the sampled disc meets the line
  /// within half a sample). Under the peak the disc rests on its flanks and its cap pokes
  /// up above the line, so the peak loses a fraction of its area that shrinks with r
  /// (measured 3.3 % at r = 40, 1.6 % at r = 100, for both disc and parabola); tolerance
  /// 0.25/√r (4.0 % and 2.5 %).
  @Test(arguments: [40.0, 100])
  func peakOnSlopedBaseline(radius: Double) throws {
    let line = (0..<200).map { 10 + 0.05 * Double($0) }
    let peak = (0..<200).map { (i: Int) -> Double in
      let z = (Double(i) - 100) / 3
      return 100 * exp(-z * z / 2)
    }
    let profile = zip(line, peak).map { $0 + $1 }
    let area = peak.reduce(0, +)
    for (name, baseline) in Self.baselines {
      let b = try baseline(profile, radius)
      let kept = zip(profile, b).map { $0 - $1 }.reduce(0, +)
      #expect(abs(kept - area) <= 0.25 / radius.squareRoot() * area, "\(name): \(kept) vs \(area)")
      for i in 0..<200 where abs(i - 100) > 15 {
        #expect(abs(b[i] - line[i]) <= 0.01, "\(name) at \(i)")
      }
    }
  }

  /// Opening properties on seeded random profiles: b ≤ f and idempotent.
  @Test("baseline ≤ profile, idempotent", arguments: [1 as UInt64, 2, 3, 4])
  func openingProperties(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let profile = (0..<300).map { _ in Double.random(in: 0..<100, using: &rng) }
    for (name, baseline) in Self.baselines {
      for radius in [0.5, 2, 7.5, 60] {
        let once = try baseline(profile, radius)
        let twice = try baseline(once, radius)
        #expect(zip(once, profile).allSatisfy { $0 <= $1 + 1e-9 }, "seed \(seed) \(name) r \(radius)")
        #expect(zip(once, twice).allSatisfy { abs($0 - $1) <= 1e-9 }, "seed \(seed) \(name) r \(radius)")
      }
    }
  }

  /// The disc opening checked against its definition evaluated by brute force over every
  /// (centre, sample) pair with the centres extended by ⌊r⌋.
  @Test func discMatchesDefinition() throws {
    var rng = SeededGenerator(seed: 9)
    let f = (0..<60).map { _ in Double.random(in: 0..<30, using: &rng) }
    let r = 6.5
    let m = 6
    func k(_ d: Int) -> Double? { Double(d * d) <= r * r ? (r * r - Double(d * d)).squareRoot() : nil }
    var expected = [Double]()
    for i in 0..<60 {
      var best = -Double.infinity
      for c in -m..<(60 + m) {
        guard let top = k(i - c) else { continue }
        var e = Double.infinity
        for q in 0..<60 { if let z = k(q - c) { e = min(e, f[q] - z) } }
        best = max(best, e + top)
      }
      expected.append(best)
    }
    let b = try rollingBallBaseline(of: f, radius: r)
    #expect(zip(b, expected).allSatisfy { abs($0 - $1) <= 1e-12 })
  }

  @Test func errors() {
    #expect(throws: BackgroundError.invalidRadius(0)) { try rollingBallBaseline(of: [1, 2], radius: 0) }
    #expect(throws: BackgroundError.invalidRadius(-1)) { try slidingParabolaBaseline(of: [1], radius: -1) }
    #expect(throws: BackgroundError.nonFiniteSamples(count: 1, firstIndex: 1)) {
      try rollingBallBaseline(of: [1, .nan, 3], radius: 2)
    }
    #expect((try? rollingBallBaseline(of: [], radius: 3)) == [])
  }
}
