import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// The bad-input path of `densito bands` and `densito profiles` (issue 3): a lanes file that
/// does not fit the image (``LanesFileOrderSpec``), a blank image, an image with no
/// detectable lanes or bands, a radius ≤ 0. Each gives a clear one-line error or an explicit
/// empty result with the reason; never a crash, and never NaN or infinity in the output.
@Suite struct BandsProfilesBadInputSpec {
  // MARK: - Images

  static func write(_ image: GrayImage, _ name: String, in dir: URL, _ layout: TIFFSampleLayout = .uint16) throws {
    try Data(TIFFEncoder.encode(image, layout: layout)).write(to: dir.appendingPathComponent(name))
  }

  /// Every pixel 40000.
  static func blank() -> GrayImage { GrayImage(width: 300, height: 200, maxValue: 65535, filledWith: 40000) }

  /// Noise (σ = 30) around 30000: nothing rises above it, no lane.
  static func noise() -> GrayImage {
    var rng = SplitMix64(seed: 21)
    return GrayImage(
      width: 300, height: 200, maxValue: 65535,
      samples: (0..<60_000).map { _ in Float((30000 + 30 * rng.gaussian()).rounded()) })
  }

  /// Three dark lanes (x 30..<70, 130..<170, 230..<270) whose level falls steadily from top
  /// to bottom (3000 counts over 200 rows), with noise: lanes, but no peak along them.
  static func lanesWithoutBands() -> GrayImage {
    var rng = SplitMix64(seed: 22)
    var samples: [Float] = []
    for y in 0..<200 {
      for x in 0..<300 {
        let inLane = [50.0, 150, 250].contains { abs(Double(x) + 0.5 - $0) < 20 }
        let level = inLane ? 40000 + 15 * Double(y) : 50000
        samples.append(Float((level + 30 * rng.gaussian()).rounded()))
      }
    }
    return GrayImage(width: 300, height: 200, maxValue: 65535, samples: samples)
  }

  // MARK: - Radius ≤ 0 and other bad numbers: refused before any work

  @Test(arguments: ["--radius", "--baseline-radius"], ["0", "-1", "-0.5", "-0", "nan", "inf", "-inf"])
  func aRadiusThatIsNotPositiveIsRefusedByItsRule(_ option: String, _ value: String) throws {
    let r = try CLI.run(["bands", "no-such.tif", "--background", "rolling-ball", option, value])
    #expect(r.status == 64, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("Error: \(option) must be greater than 0\n"), "\(r.stderr)")
  }

  /// `densito background` likewise: its radius check, not ArgumentParser's "missing value".
  @Test(arguments: ["0", "-1", "-0.5", "nan", "-inf"])
  func backgroundRadiusThatIsNotPositiveIsRefusedByItsRule(_ value: String) throws {
    let dir = try CLI.temporaryDirectory()
    let out = dir.appendingPathComponent("out.tif").path
    let r = try CLI.run(["background", "no-such.tif", out, "--radius", value])
    #expect(r.status == 64, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("Error: --radius must be a number greater than 0"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  /// A negative number after an option is its value (not a missing value and another
  /// option), so the option's own rule refuses it.
  @Test(arguments: [
    (["bands", "x.tif", "--lanes", "-1"], "--lanes must be at least 1"),
    (["bands", "x.tif", "--lanes", "0"], "--lanes must be at least 1"),
    (["bands", "x.tif", "--page", "-1"], "--page must be 0 or more"),
    (["bands", "x.tif", "--crop", "-1,0,5,5"], "--crop must be x,y,width,height in whole pixels (got '-1,0,5,5')"),
    (["lanes", "x.tif", "--lanes", "-3"], "--lanes must be at least 1"),
    (["profiles", "x.tif", "--lanes", "-2"], "--lanes must be at least 1"),
    (["profiles", "x.tif", "--lanes", "2", "--page", "-1"], "--page must be 0 or more"),
  ])
  func aNegativeValueIsRefusedByTheOptionsRule(_ arguments: [String], _ message: String) throws {
    let r = try CLI.run(arguments)
    #expect(r.status == 64, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("Error: \(message)\n"), "\(r.stderr)")
  }

  // MARK: - Blank image, no lanes: one clear error

  @Test(arguments: [
    ["bands"], ["bands", "--json"], ["bands", "--csv"], ["lanes"], ["bands", "--lanes", "3"],
    ["bands", "--lanes-file", "lanes.csv"], ["profiles", "--lanes", "2"], ["profiles", "--lanes", "2", "--json"],
  ])
  func aBlankImageIsOneClearError(_ command: [String]) throws {
    let dir = try CLI.temporaryDirectory()
    try Self.write(Self.blank(), "blank.tif", in: dir)
    try Data("x0,x1\n30,70\n".utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    let r = try CLI.run([command[0], "blank.tif"] + command.dropFirst(), in: dir)
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr == "densito: blank.tif: image is blank: every pixel is 40000.0\n", "\(r.stderr)")
  }

  /// Lanes given by hand on a blank image: `profiles` measures them (flat profiles, not an
  /// error: the values are what ImageJ would show) and says the image is blank.
  @Test func profilesOfABlankImageSayItIsBlank() throws {
    let dir = try CLI.temporaryDirectory()
    try Self.write(Self.blank(), "blank.tif", in: dir)
    try Data("x0,x1\n30,70\n".utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    let warning = "densito: warning: the image is blank: every pixel is 40000.0, so every profile is flat\n"
    let text = try CLI.run(["profiles", "blank.tif", "--lanes-file", "lanes.csv"], in: dir)
    #expect(text.status == 0)
    #expect(text.stderr == warning)
    let json = try CLI.run(["profiles", "blank.tif", "--lanes-file", "lanes.csv", "--json"], in: dir)
    #expect(json.status == 0)
    #expect(json.stderr == warning)
    let output = try ProfilesCommandSpec.decode(json.stdout)
    #expect(output.warnings == ["the image is blank: every pixel is 40000.0, so every profile is flat"])
    #expect(output.lanes.map(\.values) == [[Double](repeating: 40000, count: 200)])
  }

  @Test(arguments: [["bands"], ["bands", "--json"], ["lanes"], ["bands", "--lanes", "4"], ["profiles", "--lanes", "4"]])
  func anImageWithoutLanesIsOneClearError(_ command: [String]) throws {
    let dir = try CLI.temporaryDirectory()
    try Self.write(Self.noise(), "noise.tif", in: dir)
    let r = try CLI.run([command[0], "noise.tif"] + command.dropFirst(), in: dir)
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.hasPrefix("densito: noise.tif: no lanes found: no column run rises above "), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  // MARK: - Lanes without bands: an explicit empty result with the reason

  static let noBandAnywhere = "no band found in any of the 3 lanes: no peak of the lane profile rises 6 noise "
    + "standard deviations above its surroundings"

  @Test func lanesWithoutBandsAreAnEmptyResultWithTheReason() throws {
    let dir = try CLI.temporaryDirectory()
    try Self.write(Self.lanesWithoutBands(), "ramp.tif", in: dir)
    // With --json the warnings are in the JSON only (as every warning of `bands --json`).
    let json = try CLI.run(["bands", "ramp.tif", "--json"], in: dir)
    #expect(json.status == 0, "\(json.stderr)")
    #expect(json.stderr.isEmpty)
    struct Summary: Decodable {
      struct Lane: Decodable { var x: Double; var bands: [[String: Double?]] }
      var lanes: [Lane]
      var warnings: [String]
    }
    let summary = try JSONDecoder().decode(Summary.self, from: Data(json.stdout.utf8))
    #expect(zip(summary.lanes.map(\.x), [49.5, 149.5, 249.5]).allSatisfy { abs($0 - $1) < 0.5 })
    #expect(summary.lanes.count == 3)
    #expect(summary.lanes.allSatisfy { $0.bands.isEmpty })
    #expect(summary.warnings == [Self.noBandAnywhere])

    let csv = try CLI.run(["bands", "ramp.tif", "--csv"], in: dir)
    #expect(csv.status == 0)
    #expect(csv.stdout == "lane,x,lane_width,y,top,bottom,volume,background,peak_height,saturated,"
      + "saturated_fraction,saturation_reason,kDa\n")
    #expect(csv.stderr == "densito: warning: \(Self.noBandAnywhere)\n")

    let text = try CLI.run(["bands", "ramp.tif"], in: dir)
    #expect(text.stdout.hasPrefix("ramp.tif: 3 lanes, 0 bands (dark-bands, signal inverted-brightness)\n"))
    #expect(text.stderr == "densito: warning: \(Self.noBandAnywhere)\n")
  }

  /// Only some lanes empty: they are named by position, with both rules (prominence, and
  /// 1 % of the blot's highest band).
  @Test func theLanesWithoutBandsAreNamed() throws {
    let dir = try CLI.temporaryDirectory()
    try LanesFileOrderSpec.blot(in: dir)
    try Data("x0,x1\n30,70\n85,115\n130,170\n".utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    let note = "no band found in the lane at x ≈ 100: no peak of the lane profile rises 6 noise standard "
      + "deviations above its surroundings, or none reaches 1 % of the blot's highest band"
    let csv = try CLI.run(["bands", "scan.tif", "--lanes-file", "lanes.csv", "--csv"], in: dir)
    #expect(csv.status == 0, "\(csv.stderr)")
    #expect(csv.stderr == "densito: warning: \(note)\n")
    #expect(csv.stdout.split(separator: "\n").count == 3)
    let json = try CLI.run(["bands", "scan.tif", "--lanes-file", "lanes.csv", "--json"], in: dir)
    #expect(json.status == 0, "\(json.stderr)")
    #expect(json.stdout.contains("\"\(note)\""))
  }

  // MARK: - Never NaN or infinity

  struct Run: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    /// The run may instead end in one clear error (exit 2): a ball far smaller than a pixel
    /// takes the whole image for background, leaving nothing to find.
    var mayRefuse = false
    var testDescription: String { name }
  }

  static let runs = [
    Run(name: "lanes without bands", arguments: ["bands", "ramp.tif", "--json"]),
    Run(name: "lanes without bands, OD", arguments: ["bands", "ramp.tif", "--signal", "od", "--csv"]),
    Run(name: "tiny ball radius", arguments: ["bands", "scan.tif", "--background", "rolling-ball", "--radius", "1e-300", "--json"], mayRefuse: true),
    Run(name: "tiny paraboloid radius", arguments: ["bands", "scan.tif", "--background", "paraboloid", "--radius", "0.001", "--csv"]),
    Run(name: "tiny baseline radius", arguments: ["bands", "scan.tif", "--baseline", "rolling-ball", "--baseline-radius", "1e-9", "--csv"]),
    Run(name: "float near the largest float", arguments: ["bands", "huge.tif", "--json"]),
    Run(name: "float near the largest float, csv", arguments: ["bands", "huge.tif", "--csv"]),
    Run(name: "float profiles near the largest float", arguments: ["profiles", "huge.tif", "--lanes-file", "lanes.csv", "--json"]),
    Run(name: "float profiles, OD of zeros", arguments: ["profiles", "zeros.tif", "--lanes-file", "lanes.csv", "--signal", "od", "--json"]),
    Run(name: "blank profiles, OD", arguments: ["profiles", "blank.tif", "--lanes-file", "lanes.csv", "--signal", "od", "--csv"]),
  ]

  @Test(arguments: runs)
  func noOutputHoldsNaNOrInfinity(_ run: Run) throws {
    let dir = try CLI.temporaryDirectory()
    try Self.write(Self.lanesWithoutBands(), "ramp.tif", in: dir)
    try Self.write(Self.blank(), "blank.tif", in: dir)
    try LanesFileOrderSpec.blot(in: dir)
    // Dark boxes on a bright float background near Float.greatestFiniteMagnitude: sums of
    // such values overflow a Float, not a Double.
    var huge = GrayImage(width: 300, height: 200, maxValue: 1, filledWith: 3e38)
    for y in 80..<100 { for x in 40..<80 { huge.samples[y * 300 + x] = 1e38 } }
    try Self.write(huge, "huge.tif", in: dir, .float32)
    try Self.write(GrayImage(width: 300, height: 200, maxValue: 1, filledWith: 0), "zeros.tif", in: dir, .float32)
    try Data("x0,x1\n40,80\n".utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    let r = try CLI.run(run.arguments, in: dir)
    if run.mayRefuse && r.status == 2 {
      #expect(r.stdout.isEmpty)
      #expect(r.stderr.hasPrefix("densito: scan.tif: ") && r.stderr.split(separator: "\n").count == 1)
    } else {
      #expect(r.status == 0, "\(r.stderr)")
      #expect(!r.stdout.isEmpty)
    }
    let bad = (r.stdout + r.stderr).range(
      of: "\\b(nan|inf|infinity)\\b", options: [.regularExpression, .caseInsensitive])
    #expect(bad == nil, "\(r.stdout.prefix(400))")
  }

  // MARK: - Flat lanes

  /// Lanes of one flat level without any band give no band and the note above. (Before the
  /// "above the lane" rule of `ResponsePlateau`, the flat lane was taken for a film plateau
  /// and the band finder listed dozens of "bands" there, flagged `responsePlateau`, most with
  /// negative volumes.)
  @Test func flatLanesWithoutBandsGiveNoBand() throws {
    let dir = try CLI.temporaryDirectory()
    var rng = SplitMix64(seed: 23)
    var samples: [Float] = []
    for _ in 0..<200 {
      for x in 0..<300 {
        let inLane = [50.0, 150, 250].contains { abs(Double(x) + 0.5 - $0) < 20 }
        samples.append(Float(((inLane ? 40000 : 50000) + 30 * rng.gaussian()).rounded()))
      }
    }
    try Self.write(GrayImage(width: 300, height: 200, maxValue: 65535, samples: samples), "flat.tif", in: dir)
    let r = try CLI.run(["bands", "flat.tif", "--csv"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.split(separator: "\n").count == 1, "\(r.stdout.prefix(300))")
    #expect(r.stderr == "densito: warning: \(Self.noBandAnywhere)\n")
  }
}
