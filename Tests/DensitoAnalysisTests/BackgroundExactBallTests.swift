import Testing
import DensitoRaster
@testable import DensitoAnalysis

/// The O(n·r) exact ball opening (`ExactBall`, lower envelopes of semicircles) against the
/// O(n·r²) disc sweep (`ExactOpening.ballBruteForce`), which evaluates the definition
/// directly with the same Float heights.
///
/// For radii below ≈ 160 both take minima and maxima of the same sets of Float values
/// `f − z` and `e + z` (the slices are swept, pruning drops only values that cannot win), so
/// they must agree bit for bit. The semicircle envelope used for longer chords is checked
/// in 1-D against the definition: it can differ only where two arcs tie to within rounding
/// and the envelope (crossings in Double) keeps the other one. Tolerance there: 4 ulps of
/// the largest sample magnitude, and at most 1 sample in 1000 differing at all.
@Suite struct BackgroundExactBallTests {
  static let radii: [Double] = [0.5, 1, 1.5, 2.5, 3, 7.5, 12, 20]

  static func compare(_ image: GrayImage, radius: Double) -> (worst: Float, differing: Int) {
    let plane = FloatPlane(width: image.width, height: image.height, samples: image.samples)
    let fast = ExactBall.ball(plane, radius: radius)
    let oracle = ExactOpening.ballBruteForce(plane, radius: radius)
    var worst: Float = 0
    var differing = 0
    for (a, b) in zip(fast.samples, oracle.samples) where a != b {
      differing += 1
      worst = max(worst, abs(a - b))
    }
    return (worst, differing)
  }

  static func tolerance(_ image: GrayImage) -> Float {
    4 * (image.samples.map(abs).max() ?? 0).ulp
  }

  @Test("matches the disc sweep on seeded random blots", arguments: radii)
  func randomBlots(radius: Double) {
    for (w, h, seed) in [(70, 50, 1 as UInt64), (41, 63, 2), (97, 31, 3)] {
      let image = BackgroundSamples.noisyBlot(w, h, seed: seed)
      let (worst, differing) = Self.compare(image, radius: radius)
      #expect(differing == 0, "\(w)x\(h) seed \(seed) r \(radius): \(differing) differ by \(worst)")
    }
  }

  /// White noise over the full 16-bit range (arcs cross at every angle) and integer
  /// plateaus (many exact ties between arcs).
  @Test("matches the disc sweep on noise and plateaus", arguments: [2.5, 9, 16])
  func noiseAndPlateaus(radius: Double) {
    var rng = SeededGenerator(seed: 99)
    let noise = BackgroundSamples.image(60, 45, maxValue: 65535) { _, _ in
      Float(Int.random(in: 0...65535, using: &rng))
    }
    let plateaus = BackgroundSamples.image(60, 45) { x, y in Float((x / 7 + y / 5) % 3) * 20 }
    for image in [noise, plateaus] {
      let (worst, differing) = Self.compare(image, radius: radius)
      #expect(differing == 0, "r \(radius): \(differing) differ by \(worst)")
    }
  }

  /// The opening is made in bands of rows (`ExactBall.ball(_:radius:band:)`), each band's
  /// output written over the input's rows once no later band reads them. Any band height
  /// (at least 2m is used) gives the disc sweep's samples bit for bit, whether the input is
  /// handed over (written in place) or the caller keeps it (left untouched).
  @Test("bands of any height give the disc sweep's samples", arguments: [1.5, 7.5, 12])
  func bands(radius: Double) {
    for (w, h, seed) in [(41, 63, 2 as UInt64), (23, 140, 4)] {
      let image = BackgroundSamples.noisyBlot(w, h, seed: seed)
      let plane = FloatPlane(width: w, height: h, samples: image.samples)
      let oracle = ExactOpening.ballBruteForce(plane, radius: radius).samples.map(\.bitPattern)
      for band in [1, 5, 16, 31, 64, 1000] {
        let kept = ExactBall.ball(plane, radius: radius, band: band)
        #expect(kept.samples.map(\.bitPattern) == oracle, "\(w)x\(h) r \(radius) band \(band)")
        let handedOver = ExactBall.ball(
          FloatPlane(width: w, height: h, samples: image.samples.map { $0 }), radius: radius,
          band: band)
        #expect(handedOver.samples.map(\.bitPattern) == oracle, "in place, band \(band)")
      }
      #expect(plane.samples == image.samples, "the caller's plane is untouched")
    }
  }

  /// Images narrower or shorter than the ball, down to one pixel.
  @Test("matches the disc sweep on tiny images", arguments: [(1, 1), (1, 9), (9, 1), (3, 2)])
  func tiny(size: (Int, Int)) {
    let image = BackgroundSamples.image(size.0, size.1) { x, y in Float((x * 7 + y * 3) % 11) }
    for radius in [0.5, 1.5, 4, 30] {
      let (worst, differing) = Self.compare(image, radius: radius)
      #expect(differing == 0, "\(size) r \(radius): \(differing) differ by \(worst)")
    }
  }

  /// The 1-D envelope of semicircles (used for chords longer than ≈ 160 samples) against the
  /// definitions `min over |i − x| ≤ R of f(i) − z(|i − x|)` and `max … f(i) + z(…)`, on
  /// noise, plateaus and rows with missing samples (±∞), for radii from 0.5 to 200.
  @Test("semicircle envelope matches its definition",
        arguments: [0.5, 1, 2.5, 7, 20.5, 60, 200])
  func envelope(radius: Double) {
    var rng = SeededGenerator(seed: UInt64(radius * 10))
    let n = 600
    let slices = ExactBall.Slices(radius: radius)
    let m = slices.m, reach = slices.reach[0]
    let rows: [[Float]] = [
      (0..<n).map { _ in Float(Int.random(in: 0...65535, using: &rng)) },
      (0..<n).map { i in Float((i / 13) % 4) * 9 },
      (0..<n).map { i in i % 97 < 30 ? .infinity : Float.random(in: 0..<300, using: &rng) },
    ]
    let work = ArcWorkspace(capacity: n + 2 * m + 8)
    defer { work.deallocate() }
    for (index, row) in rows.enumerated() {
      let scale = row.filter(\.isFinite).map(abs).max() ?? 0
      let tolerance = 4 * scale.ulp
      slices.heights.withUnsafeBufferPointer { z in
        row.withUnsafeBufferPointer { f in
          work.erode(f.baseAddress!, count: n, rho: slices.rho[0], reach: reach,
                     heights: z.baseAddress!, firstPosition: -m, outCount: n + 2 * m)
          var differing = 0
          for j in 0..<(n + 2 * m) {
            let x = j - m
            var best = Float.infinity
            for i in max(0, x - reach)...max(0, min(n - 1, x + reach))
            where abs(i - x) <= reach && f[i] - z[abs(i - x)] < best {
              best = f[i] - z[abs(i - x)]
            }
            let got = work.result[j]
            if got != best {
              differing += 1
              #expect(abs(got - best) <= tolerance, "row \(index) erosion x \(x): \(got) vs \(best)")
            }
          }
          #expect(differing * 1000 <= n, "row \(index) erosion: \(differing) differ")
          // Dilation of the erosion (−∞ where nothing was in reach), back to 0..<n.
          let eroded = (0..<(n + 2 * m)).map { work.result[$0] == .infinity ? -Float.infinity : work.result[$0] }
          eroded.withUnsafeBufferPointer { e in
            work.dilate(e.baseAddress!, count: n + 2 * m, rho: slices.rho[0], reach: reach,
                        heights: z.baseAddress!, firstPosition: m, outCount: n)
            differing = 0
            for x in 0..<n {
              var best = -Float.infinity
              for c in (x + m - reach)...(x + m + reach)
              where c >= 0 && c < n + 2 * m && e[c] + z[abs(c - x - m)] > best {
                best = e[c] + z[abs(c - x - m)]
              }
              let got = work.result[x]
              if got != best {
                differing += 1
                #expect(abs(got - best) <= tolerance, "row \(index) dilation x \(x): \(got) vs \(best)")
              }
            }
            #expect(differing * 1000 <= n, "row \(index) dilation: \(differing) differ")
          }
        }
      }
    }
  }
}
