import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// Saturated blots end in one clear error (exit 2, nothing written) when they leave a target
/// or a group with too few ratios, and never in NaN: a run that succeeds writes no "nan" or
/// "inf" into any text output.
///
/// The blots are synthetic (`SyntheticBlot`, linear detector, full well 65535, read noise 3):
/// one band per lane at row 100, σ = 6 rows, lanes 40 px wide, so a band's nominal volume is
/// `A · 6 · √(2π) · 40 ≈ 601.6 · A` for a peak of A counts above the background (1000).
@Suite(.serialized) struct SaturationSpec {
  /// Peak heights (counts above background): well inside the range, just over full well
  /// (the band is found and flagged saturated), and 14 x full well (a flat plateau 28 rows
  /// long: found from its rows at the detector limit, `ClippedCore`, and flagged saturated
  /// like the others).
  enum Peak: Double {
    case normal = 20000
    case saturated = 85000
    case clippedFlat = 900_000
  }

  static func blot(_ peaks: [Peak]) -> GrayImage {
    let lanes = peaks.enumerated().map { i, peak in
      SyntheticLane(
        centerX: 50 + 70 * Double(i), width: 40,
        bands: [SyntheticBand(y: 100, amount: peak.rawValue * 6 * (2 * Double.pi).squareRoot() * 40, sigma: 6)])
    }
    let width = 70 * peaks.count + 30
    return SyntheticBlot(
      width: width, height: 200, lanes: lanes, detector: .linear(LinearDetector(readNoise: 3)), seed: 11
    ).render().image
  }

  /// Writes actin.tif, x.tif and e.yaml (two or three replicates per group) into `dir`.
  static func experiment(actin: [Peak], x: [Peak], in dir: URL) throws {
    let samples = actin.count == 4
      ? ["{sample: A, group: c}", "{sample: B, group: c}", "{sample: C, group: t}", "{sample: D, group: t}"]
      : ["{sample: A, group: c}", "{sample: B, group: c}", "{sample: E, group: c}",
         "{sample: C, group: t}", "{sample: D, group: t}", "{sample: F, group: t}"]
    let text = """
      loading_control: actin
      control_group: c
      lanes: [\(samples.joined(separator: ", "))]
      blots: [{target: actin, image: actin.tif}, {target: X, image: x.tif}]
      statistics: {test: welch}

      """
    try Data(text.utf8).write(to: dir.appendingPathComponent("e.yaml"))
    try Data(TIFFEncoder.encode(blot(actin), layout: .uint16)).write(to: dir.appendingPathComponent("actin.tif"))
    try Data(TIFFEncoder.encode(blot(x), layout: .uint16)).write(to: dir.appendingPathComponent("x.tif"))
  }

  struct Refusal: CustomTestStringConvertible, Sendable {
    var name: String
    var actin: [Peak]
    var x: [Peak]
    var message: String
    var testDescription: String { name }
  }

  static let refusals: [Refusal] = [
    Refusal(
      name: "every loading-control band saturated", actin: [.saturated, .saturated, .saturated, .saturated],
      x: [.normal, .normal, .normal, .normal],
      message: "densito: e.yaml:4: blot actin (actin.tif): every sample band is saturated (4 of 4 lanes), so no"
        + " ratio can be computed; rerun with --include-saturated or rescan at a shorter exposure\n"),
    Refusal(
      name: "every target band clipped flat", actin: [.normal, .normal, .normal, .normal],
      x: [.clippedFlat, .clippedFlat, .clippedFlat, .clippedFlat],
      message: "densito: e.yaml:4: blot X (x.tif): every sample band is saturated (4 of 4 lanes), so no"
        + " ratio can be computed; rerun with --include-saturated or rescan at a shorter exposure\n"),
    Refusal(
      name: "one group left with one ratio", actin: [.normal, .normal, .normal, .normal],
      x: [.normal, .normal, .normal, .saturated],
      message: "densito: e.yaml:4: blot X (x.tif): group 't' has 1 usable ratio after exclusions (D: target"
        + " band saturated); its mean, SD and test need at least 2; rerun with --include-saturated or rescan"
        + " at a shorter exposure\n"),
    Refusal(
      name: "control group left with no ratio", actin: [.normal, .normal, .normal, .normal],
      x: [.clippedFlat, .saturated, .normal, .normal],
      message: "densito: e.yaml:4: blot X (x.tif): group 'c' has 0 usable ratios after exclusions (A: target"
        + " band saturated, B: target band saturated); its mean, SD and test need at least 2; rerun with"
        + " --include-saturated or rescan at a shorter exposure\n"),
  ]

  @Test(arguments: refusals)
  func tooFewUnsaturatedBandsIsOneClearErrorAndNoOutput(_ r: Refusal) throws {
    let dir = try CLI.temporaryDirectory()
    try Self.experiment(actin: r.actin, x: r.x, in: dir)
    let run = try CLI.run(["analyze", "e.yaml", "--out", "out", "--quiet"], in: dir)
    #expect(run.status == 2)
    #expect(run.stderr == r.message)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
  }

  @Test func includeSaturatedKeepsTheClippedBandsAndWritesNoNaN() throws {
    let dir = try CLI.temporaryDirectory()
    try Self.experiment(actin: [.saturated, .saturated, .saturated, .saturated], x: [.normal, .normal, .normal, .normal], in: dir)
    let run = try CLI.run(["analyze", "e.yaml", "--out", "out", "--quiet", "--include-saturated"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    try Self.expectNoNonFiniteWords(in: dir.appendingPathComponent("out"))
  }

  /// Three replicates, one saturated per target group: n = 2 is enough, the lane is
  /// excluded with a warning, and every output is free of NaN.
  @Test func oneSaturatedLaneOfThreeIsExcludedAndTheRunSucceeds() throws {
    let dir = try CLI.temporaryDirectory()
    try Self.experiment(
      actin: [.normal, .normal, .normal, .normal, .normal, .normal],
      x: [.normal, .normal, .saturated, .normal, .normal, .clippedFlat], in: dir)
    let run = try CLI.run(["analyze", "e.yaml", "--out", "out"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("densito: warning: X: sample E (lane 3) excluded: target band saturated"), "\(run.stderr)")
    #expect(run.stderr.contains("densito: warning: X: sample F (lane 6) excluded: target band saturated"),
            "\(run.stderr)")
    #expect(run.stderr.contains("lane 6 (F): band saturated ("), "\(run.stderr)")
    let json = try String(contentsOf: dir.appendingPathComponent("out/analysis.json"), encoding: .utf8)
    #expect(json.contains("\"nControl\" : 2") && json.contains("\"nGroup\" : 2"))
    try Self.expectNoNonFiniteWords(in: dir.appendingPathComponent("out"))
  }

  /// A clipped band says why it is flagged wherever its bands are listed: `saturationReason`
  /// in `densito bands --json`, the `saturation_reason` column of `--csv` (empty for
  /// unsaturated bands), and in the experiment's analysis.json and warning.
  @Test func theSaturationReasonTravelsToTheBandsOutputsAndTheExperiment() throws {
    let dir = try CLI.temporaryDirectory()
    let image = Self.blot([.normal, .saturated, .clippedFlat])
    try Data(TIFFEncoder.encode(image, layout: .uint16)).write(to: dir.appendingPathComponent("b.tif"))
    let json = try CLI.run(["bands", "b.tif", "--json"], in: dir)
    #expect(json.status == 0, "\(json.stderr)")
    struct Summary: Decodable {
      struct Lane: Decodable { var bands: [Band] }
      struct Band: Decodable { var saturated: Bool; var saturationReason: String? }
      var lanes: [Lane]
    }
    let summary = try JSONDecoder().decode(Summary.self, from: Data(json.stdout.utf8))
    #expect(summary.lanes.map { $0.bands.map(\.saturated) } == [[false], [true], [true]])
    #expect(summary.lanes.map { $0.bands.map(\.saturationReason) }
      == [[nil], ["detectorLimit"], ["detectorLimit"]])
    let csv = try CLI.run(["bands", "b.tif", "--csv"], in: dir)
    let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let column = try #require(rows.first?.firstIndex(of: "saturation_reason"))
    #expect(rows.dropFirst().map { String($0[column]) } == ["", "detectorLimit", "detectorLimit"])

    try Self.experiment(
      actin: [.normal, .normal, .normal, .normal, .normal, .normal],
      x: [.normal, .normal, .saturated, .normal, .normal, .normal], in: dir)
    let run = try CLI.run(["analyze", "e.yaml", "--out", "out"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("lane 3 (E): band saturated (") && run.stderr.contains("of its pixels at the detector limit)"),
            "\(run.stderr)")
    let record = try String(contentsOf: dir.appendingPathComponent("out/analysis.json"), encoding: .utf8)
    #expect(record.components(separatedBy: "\"saturationReason\" : \"detectorLimit\"").count - 1 == 1)
  }

  /// In a batch the refusal is that experiment's failure (same reason), the others go on.
  @Test func aBatchListsTheSaturatedExperimentAsFailedWithTheReason() throws {
    let dir = try CLI.temporaryDirectory()
    let bad = dir.appendingPathComponent("lab/bad")
    let good = dir.appendingPathComponent("lab/good")
    for d in [bad, good] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
    try Self.experiment(actin: [.saturated, .saturated, .saturated, .saturated], x: [.normal, .normal, .normal, .normal], in: bad)
    try Self.experiment(
      actin: [.normal, .normal, .normal, .normal, .normal, .normal],
      x: [.normal, .normal, .normal, .normal, .normal, .normal], in: good)
    let run = try CLI.run(["batch", "lab", "--out", "results", "--quiet"], in: dir)
    #expect(run.status == 1, "\(run.stderr)")
    let failures = try String(contentsOf: dir.appendingPathComponent("results/failures.csv"), encoding: .utf8)
    #expect(failures.contains("lab/bad/e.yaml,\"lab/bad/e.yaml:4: blot actin (actin.tif): every sample band is saturated"), "\(failures)")
    let results = dir.appendingPathComponent("results/lab")
    #expect(try FileManager.default.contentsOfDirectory(atPath: results.path) == ["good"])
  }

  static func expectNoNonFiniteWords(in folder: URL) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(names.contains("analysis.json") && names.contains("foldchange.csv"))
    for name in names where !name.hasSuffix(".png") {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        .replacingOccurrences(of: "data:[^\"]*", with: "", options: .regularExpression)
      let bad = text.range(of: "\\b(nan|inf|infinity)\\b", options: [.regularExpression, .caseInsensitive])
      #expect(bad == nil, "\(name): \(bad.map { String(text[$0]) } ?? "")")
    }
  }
}

/// `densito stats` takes any table: undefined values are empty cells with a warning, never
/// "nan" in the CSV.
@Suite struct UndefinedValuesSpec {
  @Test func statsLeavesUndefinedCellsEmptyAndSaysWhy() throws {
    let dir = try CLI.temporaryDirectory()
    let table = """
      target,sample,group,value
      X,a,control,1
      X,b,control,-1
      X,c,t,2
      X,d,t,3
      Y,a,control,1
      Y,b,control,1
      Y,c,t,2
      Y,d,t,2
      Z,a,control,1
      Z,b,control,
      Z,c,t,2
      Z,d,t,2.5

      """
    try Data(table.utf8).write(to: dir.appendingPathComponent("v.csv"))
    let r = try CLI.run(["stats", "v.csv", "--csv"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let rows = r.stdout.split(separator: "\n").map(String.init)
    // X: control mean 0, no fold change; Y: both groups constant, t infinite, not tested;
    // Z: one control value, no control SD and no test.
    #expect(rows[1] == "X,t,control,2,2,0,2.5,,,,,,Student's t-test,,,,,n/a")
    #expect(rows[2] == "Y,t,control,2,2,1,2,2,0,0,0,0,Student's t-test,,,,,n/a")
    #expect(rows[3] == "Z,t,control,1,2,1,2.25,2.25,0.3535533906,0.25,,,Student's t-test,,,,,n/a")
    #expect(r.stderr.contains("densito: warning: X: the control mean is 0.0 (not positive), so no fold change and no test on relative values"), "\(r.stderr)")
    #expect(r.stderr.contains("densito: warning: Y, t vs control: not tested: both groups are constant (zero variance) with different means, so t is infinite"))
    #expect(r.stderr.contains("densito: warning: Z, t vs control: not tested: control has 1 value(s); at least 2 are needed"))
    #expect(r.stdout.range(of: "\\b(nan|inf)\\b", options: [.regularExpression, .caseInsensitive]) == nil)
  }
}
