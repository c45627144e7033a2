import DensitoAnalysis
import DensitoRaster
import Foundation

/// The bundled demo: a synthetic experiment that mirrors the 2025 study of mesenchymal stem
/// cells co-cultured with CD34+ leukemic stem cells (10 targets and beta-actin; control vs
/// co-culture; 3 replicates each), with the published fold changes built in:
/// P16 3.64, P21 3.33, p-P38 1.69, C-Myc 0.37, TERC 0.36, the other targets near 1.
///
/// Every blot is a `SyntheticBlot` on a linear 16-bit detector (a CCD imager), 7 lanes: a
/// marker ladder, then C1–C3 (control) and E1–E3 (co-culture). Each sample lane carries
///
/// ```
/// amount(target, lane) = brightness(target) · load(lane) · expression(target, lane)
/// ```
/// with one loading factor per lane shared by all blots (so only normalization by
/// beta-actin recovers the truth) and expression = 1 + a deviation for control lanes and
/// fold change · (1 + a deviation) for co-culture lanes, the deviations of each group summing
/// to zero: the true fold change of every target is exactly the built-in one. The images are
/// written as 16-bit TIFFs with dark bands on a light background (`65535 − counts`).
public enum DemoExperiment {
  public struct Target: Sendable, Equatable {
    public var name: String
    public var kDa: Double
    public var foldChange: Double
    /// Peak height of a control band in counts (antibody and exposure).
    public var brightness: Double
    public var file: String
  }

  public static let ladder: [Double] = [250, 150, 100, 75, 50, 37, 25, 20, 15, 10]
  public static let loadingControl = "beta-actin"
  public static let samples = ["C1", "C2", "C3", "E1", "E2", "E3"]

  /// The study's targets with the published fold changes (co-culture / control); the
  /// targets the study did not report as changed get values near 1.
  public static let targets: [Target] = [
    Target(name: "beta-actin", kDa: 42, foldChange: 1, brightness: 22_000, file: "beta-actin.tif"),
    Target(name: "BCLX", kDa: 26, foldChange: 1.06, brightness: 9_000, file: "bclx.tif"),
    Target(name: "STAT6", kDa: 94, foldChange: 0.96, brightness: 12_000, file: "stat6.tif"),
    Target(name: "p-STAT6", kDa: 94, foldChange: 1.04, brightness: 7_000, file: "p-stat6.tif"),
    Target(name: "C-EBP", kDa: 42, foldChange: 0.95, brightness: 10_000, file: "c-ebp.tif"),
    Target(name: "C-Myc", kDa: 62, foldChange: 0.37, brightness: 16_000, file: "c-myc.tif"),
    Target(name: "P16", kDa: 16, foldChange: 3.64, brightness: 8_000, file: "p16.tif"),
    Target(name: "P21", kDa: 21, foldChange: 3.33, brightness: 8_500, file: "p21.tif"),
    Target(name: "P38", kDa: 38, foldChange: 1.03, brightness: 14_000, file: "p38.tif"),
    Target(name: "p-P38", kDa: 38, foldChange: 1.69, brightness: 9_500, file: "p-p38.tif"),
    Target(name: "TERC", kDa: 55, foldChange: 0.36, brightness: 15_000, file: "terc.tif"),
  ]

  /// Relative protein load of the six sample lanes (pipetting error), shared by every blot.
  public static let load: [Double] = [1.00, 0.86, 1.12, 0.94, 1.08, 0.90]

  /// Biological variation: six patterns of three deviations, each summing to zero
  /// (coefficient of variation about 5 %).
  static let deviations: [[Double]] = [
    [-0.05, 0.07, -0.02], [0.04, -0.06, 0.02], [0.06, 0.00, -0.06],
    [-0.03, -0.04, 0.07], [0.02, 0.05, -0.07], [-0.07, 0.03, 0.04],
  ]

  /// Expression of `target` (index in `targets`) in each sample lane, relative to the
  /// control mean.
  public static func expression(ofTarget k: Int) -> [Double] {
    let t = targets[k]
    if t.name == loadingControl { return [1, 1, 1, 1, 1, 1] }
    let c = deviations[k % 6].map { 1 + $0 }
    let e = deviations[(k + 3) % 6].map { t.foldChange * (1 + $0) }
    return c + e
  }

  // MARK: Geometry

  public static let width = 500
  public static let height = 360
  static let laneWidth = 40.0
  static let pitch = 64.0
  static let firstLaneX = 58.0

  /// Row of a protein of `kDa` (log-linear migration, 250 kDa at y 40, 10 kDa at y 320).
  public static func row(kDa: Double) -> Double {
    let top = log10(250.0)
    let span = top - log10(10.0)
    return 40.0 + 280.0 * (top - log10(kDa)) / span
  }

  /// The synthetic blot of target `k`.
  public static func blot(ofTarget k: Int) -> SyntheticBlot {
    let t = targets[k]
    let expression = expression(ofTarget: k)
    var lanes: [SyntheticLane] = []
    let sigma = 4.0
    let norm = sigma * (2 * Double.pi).squareRoot() * laneWidth
    let ladderSigma = 3.0
    let ladderAmount = 6_000 * ladderSigma * (2 * Double.pi).squareRoot() * laneWidth
    lanes.append(SyntheticLane(
      centerX: firstLaneX, width: laneWidth,
      bands: ladder.map { SyntheticBand(y: row(kDa: $0), amount: ladderAmount, sigma: ladderSigma) }))
    for i in 0..<6 {
      let peak = t.brightness * load[i] * expression[i]
      lanes.append(SyntheticLane(
        centerX: firstLaneX + pitch * Double(i + 1), width: laneWidth,
        bands: [SyntheticBand(y: row(kDa: t.kDa), amount: peak * norm, sigma: sigma)]))
    }
    return SyntheticBlot(
      width: width, height: height, lanes: lanes,
      background: SyntheticBackground(level: 1_500, gradientX: 0.15, gradientY: -0.1),
      detector: .linear(LinearDetector(fullWell: 65_535, readNoise: 8, gain: 1)),
      seed: 2025 + UInt64(k))
  }

  /// The image written for target `k`: dark bands on light (`65535 − counts`), 16-bit.
  public static func image(ofTarget k: Int) -> (image: GrayImage, truth: SyntheticGroundTruth) {
    let rendered = blot(ofTarget: k).render()
    let counts = rendered.image
    let image = GrayImage(
      width: counts.width, height: counts.height, maxValue: 65_535,
      samples: counts.samples.map { 65_535 - $0 },
      metadata: ImageMetadata(format: .tiff, bitDepth: 16, sampleFormat: .unsignedInteger))
    return (image, rendered.truth)
  }

  /// The experiment file of the demo.
  public static var experimentYAML: String {
    var s = """
      # Densito demo: synthetic blots mirroring a 2025 study of bone-marrow MSCs co-cultured
      # with CD34+ leukemic stem cells (made by `densito synth demo`; ground truth in truth.json).
      title: BM-MSC co-culture vs CD34+ LSC alone (synthetic demo)
      loading_control: beta-actin
      control_group: control
      lanes:
        - {ladder: [\(ladder.map { String(Int($0)) }.joined(separator: ", "))]}
        - {sample: C1, group: control}
        - {sample: C2, group: control}
        - {sample: C3, group: control}
        - {sample: E1, group: co-culture}
        - {sample: E2, group: co-culture}
        - {sample: E3, group: co-culture}
      blots:

      """
    for t in targets {
      s += "  - {target: \(t.name), image: \(t.file), kDa: \(Int(t.kDa))}\n"
    }
    s += "statistics: {test: two-way-anova}\n"
    return s
  }

  /// `truth.json`: the built-in fold changes and every true band volume.
  public struct Truth: Codable, Sendable, Equatable {
    public struct Blot: Codable, Sendable, Equatable {
      public var target: String
      public var image: String
      public var kDa: Double
      public var foldChange: Double
      /// True volume (counts × pixels) of the target band in each sample lane, C1…E3.
      public var volumes: [Double]
      public var saturated: [Bool]
    }
    public var description: String
    public var samples: [String]
    public var load: [Double]
    public var blots: [Blot]
  }

  public static func truth(_ rendered: [SyntheticGroundTruth]) -> Truth {
    Truth(
      description: "Ground truth of the Densito demo: true fold change (co-culture / control) of"
        + " each target, and the true volume of the target band in each sample lane (exposure"
        + " counts × pixels, before noise and clipping). See Docs/synthetic-blots.md.",
      samples: samples, load: load,
      blots: zip(targets, rendered).map { t, truth in
        let sampleLanes = truth.lanes.dropFirst()
        return Truth.Blot(
          target: t.name, image: t.file, kDa: t.kDa, foldChange: t.foldChange,
          volumes: sampleLanes.map { $0.bands.first?.volume ?? 0 },
          saturated: sampleLanes.map { $0.bands.first?.isSaturated ?? false })
      })
  }
}
