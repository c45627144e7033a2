import Foundation

/// How hard a random synthetic blot is (see `Docs/synthetic-blots.md` for every range).
public enum Difficulty: String, Sendable, Equatable, CaseIterable, Codable {
  /// Aligned lanes of equal width, flat background, low noise.
  case clean
  /// Slight rotation (±1.5°) and smile (±3 px), background gradients of ±30 %, widths ±10 %,
  /// an empty interior lane half the time, realistic shot and read noise.
  case typical
  /// Rotation ±5°, smile ±8 px, background gradients of ±100 % plus a bowl, widths ±15 %,
  /// dust specks, a doublet row (bands 2.8–3.5 σ apart), one saturated band half the time,
  /// high noise.
  case hard
}

extension SyntheticBlot {
  /// A random blot of the given difficulty, drawn from `seed` (linear 16-bit detector).
  ///
  /// Band rows are shared by all lanes (one protein per row) with per-lane amounts spread
  /// log-uniformly over 0.25×–3× a row's typical amount, as in a dose series. Non-saturated
  /// bands peak below 50 000 counts, saturated ones at 1.5–2.5× the 65 535 limit.
  public static func random(_ difficulty: Difficulty, seed: UInt64) -> SyntheticBlot {
    var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
    let hard = difficulty == .hard
    let typical = difficulty == .typical
    let laneCount = hard ? rng.integer(in: 8...14) : rng.integer(in: 6...12)
    let laneWidth = rng.uniform(36, 56)
    let pitch = laneWidth * rng.uniform(1.3, 1.7)
    let widthJitter = hard ? 0.15 : (typical ? 0.10 : 0)
    let margin = max(40, pitch)
    let width = Int((2 * margin + pitch * Double(laneCount - 1) + laneWidth).rounded())
    let height = rng.integer(in: 300...420)
    let rowCount = hard ? rng.integer(in: 2...3) : rng.integer(in: 1...3)
    // Band rows spread over the middle of the blot, at least 14 σ apart.
    var rows: [(y: Double, sigma: Double, peak: Double)] = []
    let usable = (Double(height) * 0.22, Double(height) * 0.78)
    for r in 0..<rowCount {
      let slot = (usable.1 - usable.0) / Double(rowCount)
      let sigma = rng.uniform(3, 5.5)
      let y = usable.0 + slot * (Double(r) + rng.uniform(0.35, 0.65))
      rows.append((y, sigma, rng.uniform(4000, 15000)))
    }
    let doubletRow = hard ? rng.integer(in: 0...(rowCount - 1)) : -1
    let emptyLane = (hard || typical) && rng.nextUnit() < 0.5
      ? rng.integer(in: 1...(laneCount - 2)) : -1
    var lanes: [SyntheticLane] = []
    for li in 0..<laneCount {
      let w = laneWidth * (1 + widthJitter * rng.uniform(-1, 1))
      let cx = margin + laneWidth / 2 + pitch * Double(li)
      var bands: [SyntheticBand] = []
      for (ri, row) in rows.enumerated() {
        let factor = exp(rng.uniform(log(0.25), log(3)))
        let sigma = row.sigma * rng.uniform(0.92, 1.08)
        let peak = row.peak * factor
        let amount = peak * sigma * (2 * Double.pi).squareRoot() * w
        if li == emptyLane { continue }
        bands.append(SyntheticBand(y: row.y + rng.uniform(-1, 1), amount: amount, sigma: sigma))
        if ri == doubletRow {
          let gap = sigma * rng.uniform(2.8, 3.5)
          let second = amount * rng.uniform(0.4, 1.0)
          bands.append(SyntheticBand(y: row.y + gap, amount: second, sigma: sigma))
        }
      }
      lanes.append(SyntheticLane(centerX: cx, width: w, bands: bands))
    }
    if hard && rng.nextUnit() < 0.5 {
      // One saturated band: peak 1.5–2.5× the detector limit.
      let li = rng.integer(in: 0...(laneCount - 1))
      if !lanes[li].bands.isEmpty {
        let bi = rng.integer(in: 0...(lanes[li].bands.count - 1))
        let b = lanes[li].bands[bi]
        let peak = 65535 * rng.uniform(1.5, 2.5)
        lanes[li].bands[bi].amount = peak * b.sigma * (2 * Double.pi).squareRoot() * lanes[li].width
      }
    }
    let level = rng.uniform(800, 1500)
    let gradient = hard ? 1.0 : (typical ? 0.3 : 0)
    let background = SyntheticBackground(
      level: level, gradientX: gradient * rng.uniform(-1, 1),
      gradientY: gradient * rng.uniform(-1, 1), bowl: hard ? rng.uniform(-0.3, 0.3) : 0)
    let detector = LinearDetector(
      fullWell: 65535, readNoise: hard ? 25 : (typical ? 10 : 3), gain: hard ? 2 : 1)
    var dust: [DustSpeck] = []
    if hard {
      for _ in 0..<15 {
        dust.append(
          DustSpeck(
            x: rng.uniform(0, Double(width)), y: rng.uniform(0, Double(height)),
            radius: rng.uniform(0.7, 1.5), peak: rng.uniform(5000, 20000)))
      }
    }
    return SyntheticBlot(
      width: width, height: height, lanes: lanes, background: background,
      detector: .linear(detector),
      rotationDegrees: hard ? rng.uniform(-5, 5) : (typical ? rng.uniform(-1.5, 1.5) : 0),
      smile: hard ? rng.uniform(-8, 8) : (typical ? rng.uniform(-3, 3) : 0),
      edgeSoftness: rng.uniform(1, 2.5), dust: dust, seed: rng.next())
  }
}
