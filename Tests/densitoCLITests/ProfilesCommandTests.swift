import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// `densito profiles IN (--lanes-file F | --lanes N)`: the profile of each lane rectangle, as
/// CSV or JSON, against ImageJ 1.53t's getProfile() on the fixture of TestImages/profiles
/// (reference values and how they were made: TestImages/profiles/imagej-profiles.csv and
/// Tests/DensitoAnalysisTests/LaneProfileImageJTests.swift).
@Suite struct ProfilesCommandSpec {
  static let folder = TestPaths.testImages.appendingPathComponent("profiles")
  static let image = folder.appendingPathComponent("profiles-16bit.tif").path

  /// ImageJ's values for one fixture and rectangle name, in profile order.
  static func imagej(_ file: String, _ name: String) throws -> [Double] {
    let text = try String(
      contentsOf: folder.appendingPathComponent("imagej-profiles.csv"), encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).compactMap { line -> Double? in
      let f = line.split(separator: ",")
      guard f.count == 4, f[0] == file, f[1] == name else { return nil }
      return Double(f[3])
    }
  }

  /// The JSON of `profiles --json` (decoded with JSONDecoder: exact doubles, integers too).
  struct Output: Decodable {
    struct Lane: Decodable {
      var index, x, y, width, height, start: Int
      var area: Double
      var values: [Double]
    }
    var image, signal, orientation: String
    var lanes: [Lane]
    var warnings: [String]
  }

  static func decode(_ text: String) throws -> Output {
    try JSONDecoder().decode(Output.self, from: Data(text.utf8))
  }

  /// Lanes v1 (x 0..<9) and v2 (x 12..<22) of the fixture span rows 0..<40 here; ImageJ's
  /// v1 does too, so its values are compared in full.
  static func lanesFile(in dir: URL, _ text: String = "x0,x1\n0,9\n12,22\n") throws -> String {
    let path = dir.appendingPathComponent("lanes.csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func jsonValuesEqualImageJs() throws {
    let dir = try CLI.temporaryDirectory()
    let r = try CLI.run(["profiles", Self.image, "--lanes-file", Self.lanesFile(in: dir), "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let output = try Self.decode(r.stdout)
    #expect(output.signal == "raw" && output.orientation == "vertical" && output.warnings.isEmpty)
    #expect(output.lanes.count == 2)
    let values = output.lanes[0].values
    #expect(values == (try Self.imagej("profiles-16bit.tif", "v1")))
    #expect(output.lanes[1].x == 12 && output.lanes[1].width == 10)
    #expect(output.lanes[1].height == 40 && output.lanes[1].start == 0)
    var area = 0.0
    for v in values { area += v }
    #expect(output.lanes[0].area == area)
  }

  /// The long CSV: one row per lane and row; values with 10 significant digits, so they
  /// agree with ImageJ's doubles to half a unit in the 10th digit.
  @Test func csvHasOneRowPerLaneAndRow() throws {
    let dir = try CLI.temporaryDirectory()
    let r = try CLI.run(["profiles", Self.image, "--lanes-file", Self.lanesFile(in: dir), "--csv"])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.first == "lane,x0,x1,y,value")
    #expect(lines.count == 1 + 2 * 40)
    #expect(lines[1].hasPrefix("0,0,9,0,"))
    #expect(lines[41].hasPrefix("1,12,22,0,"))
    let reference = try Self.imagej("profiles-16bit.tif", "v1")
    for (k, line) in lines[1...40].enumerated() {
      let value = try #require(Double(line.split(separator: ",")[4]))
      #expect(abs(value - reference[k]) <= 5e-10 * abs(reference[k]))
    }
  }

  /// Horizontal lanes: x0,x1 of the lanes file are rows; one value per column.
  @Test func horizontalLanesGiveColumnMeans() throws {
    let dir = try CLI.temporaryDirectory()
    let r = try CLI.run([
      "profiles", Self.image, "--lanes-file", Self.lanesFile(in: dir, "x0,x1\n0,6\n"),
      "--orientation", "horizontal", "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let lane = try #require(try Self.decode(r.stdout).lanes.first)
    #expect(lane.y == 0 && lane.height == 6 && lane.width == 48)
    #expect(lane.values == (try Self.imagej("profiles-16bit.tif", "h1")))
  }

  @Test func outWritesTheFileAndPrintsNothing() throws {
    let dir = try CLI.temporaryDirectory()
    let out = dir.appendingPathComponent("profiles.csv").path
    let r = try CLI.run([
      "profiles", Self.image, "--lanes-file", Self.lanesFile(in: dir), "--signal", "inverted",
      "--out", out,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.isEmpty)
    let text = try String(contentsOfFile: out, encoding: .utf8)
    #expect(text.hasPrefix("lane,x0,x1,y,value\n0,0,9,0,"))
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(Set(names) == ["lanes.csv", "profiles.csv"])
  }

  @Test func lanesCountFindsAndProfilesTheLanes() throws {
    let demo = TestPaths.testImages.appendingPathComponent("demo/beta-actin.tif").path
    let r = try CLI.run(["profiles", demo, "--lanes", "7", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let lanes = try Self.decode(r.stdout).lanes
    #expect(lanes.count == 7)
    #expect(lanes.allSatisfy { $0.values.count == $0.height && $0.height == 360 })
  }

  /// `profiles --lanes N` finds lanes with the whole analysis, but reports only how the lanes
  /// were found: a saturated band, which `bands` warns about, is not a profile's business.
  @Test func lanesCountWarnsAboutLanesNotBands() throws {
    let dir = try CLI.temporaryDirectory()
    let file = dir.appendingPathComponent("b.tif").path
    try Data(TIFFEncoder.encode(
      SaturationSpec.blot([.normal, .saturated, .normal]), layout: .uint16)
    ).write(to: URL(fileURLWithPath: file))
    let bands = try CLI.run(["bands", file, "--csv"])
    #expect(bands.status == 0 && bands.stderr.contains("saturated"), "\(bands.stderr)")
    let profiles = try CLI.run(["profiles", file, "--lanes", "3", "--csv"])
    #expect(profiles.status == 0, "\(profiles.stderr)")
    #expect(!profiles.stderr.contains("saturated") && !profiles.stderr.contains("band"),
            "\(profiles.stderr)")
  }

  /// The demo blot turned by 90° (transposed) with --orientation horizontal gives the same
  /// lanes, transposed, and the same profiles, bit for bit: the lanes' rows are summed in the
  /// order the upright lanes' columns are.
  @Test func horizontalLanesCountOnTheTransposedBlotGivesTheUprightProfiles() throws {
    let dir = try CLI.temporaryDirectory()
    let demo = TestPaths.testImages.appendingPathComponent("demo/beta-actin.tif").path
    let turned = dir.appendingPathComponent("turned.tif").path
    let bytes = try TIFFEncoder.encode(
      try ImageDecoder.decodeFile(atPath: demo).transposed(), layout: .uint16)
    try Data(bytes).write(to: URL(fileURLWithPath: turned))
    let upright = try CLI.run(["profiles", demo, "--lanes", "7", "--json"])
    let sideways = try CLI.run(
      ["profiles", turned, "--lanes", "7", "--orientation", "horizontal", "--json"])
    #expect(upright.status == 0 && sideways.status == 0, "\(upright.stderr) \(sideways.stderr)")
    let a = try Self.decode(upright.stdout)
    let b = try Self.decode(sideways.stdout)
    #expect(b.orientation == "horizontal" && b.lanes.count == 7)
    for (u, t) in zip(a.lanes, b.lanes) {
      #expect((u.x, u.y, u.width, u.height) == (t.y, t.x, t.height, t.width))
      #expect(u.values == t.values)
    }
  }

  @Test(arguments: [
    (["--csv", "--json"], "give --json or --csv, not both"),
    ([], "give the lanes: --lanes N or --lanes-file F"),
    (["--lanes", "3", "--lanes-file", "x.csv"], "give --lanes or --lanes-file, not both"),
    (["--lanes", "0"], "--lanes must be at least 1"),
  ])
  func badArgumentsAreRefusedBeforeAnyWork(_ extra: [String], _ message: String) throws {
    let r = try CLI.run(["profiles", "no-such-image.tif"] + extra)
    #expect(r.status == 64)
    #expect(r.stderr.contains(message))
  }

  @Test func laneOutsideTheImageIsOneLineAndStatus2() throws {
    let dir = try CLI.temporaryDirectory()
    let lanes = try Self.lanesFile(in: dir, "x0,x1\n40,60\n")
    let r = try CLI.run(["profiles", Self.image, "--lanes-file", lanes])
    #expect(r.status == 2)
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains("lane 1 (40.0...60.0) does not fit the image's width of 48 pixels"))
  }

  @Test func laneNarrowerThanAPixelIsRefusedWithItsRectangle() throws {
    let dir = try CLI.temporaryDirectory()
    let lanes = try Self.lanesFile(in: dir, "x0,x1\n10.1,10.3\n")
    let r = try CLI.run(["profiles", Self.image, "--lanes-file", lanes])
    #expect(r.status == 2)
    #expect(r.stderr == "densito: \(Self.image): lane 1 rectangle x=10 y=0 0×40 has no pixels\n")
  }

  @Test func helpShowsAnExample() throws {
    let r = try CLI.run(["profiles", "--help"])
    #expect(r.stdout.contains("densito profiles blot.tif --lanes-file lanes.csv --csv"))
  }

  // MARK: - Snapshots

  /// The three outputs for the 16-bit fixture and lanes 12..<22 and 25..<26, pinned byte for
  /// byte in TestImages/profiles/snapshots/ (the values themselves are checked against
  /// ImageJ above). Re-record after an intended change with
  /// `DENSITO_RECORD=1 swift test --filter ProfilesCommandSpec` (the run then fails, so the
  /// diff is reviewed in git).
  @Test(arguments: [
    ("profiles-16bit.csv", ["--csv"]), ("profiles-16bit.json", ["--json"]),
    ("profiles-16bit.txt", []),
  ])
  func outputMatchesItsSnapshot(_ name: String, _ flags: [String]) throws {
    let dir = try CLI.temporaryDirectory()
    let lanes = try Self.lanesFile(in: dir, "x0,x1\n12,22\n25,26\n")
    // Relative paths, so the snapshot does not name the machine's folders.
    try FileManager.default.copyItem(
      atPath: Self.image, toPath: dir.appendingPathComponent("profiles-16bit.tif").path)
    let r = try CLI.run(
      ["profiles", "profiles-16bit.tif", "--lanes-file", "lanes.csv"] + flags, in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(lanes.hasSuffix("lanes.csv"))
    let url = Self.folder.appendingPathComponent("snapshots/" + name)
    if ProcessInfo.processInfo.environment["DENSITO_RECORD"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(r.stdout.utf8).write(to: url)
      Issue.record("re-recorded \(url.path): review the change in git")
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    let a = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
    #expect(
      r.stdout == expected,
      """
      \(name) differs from its snapshot at line \(line + 1) \
      (re-record with DENSITO_RECORD=1 if intended):
      expected: \(line < e.count ? String(e[line]) : "<end>")
      actual:   \(line < a.count ? String(a[line]) : "<end>")
      """)
  }

  /// A gray TIFF is streamed (profiles computed as its rows are decoded, no raster kept) and
  /// a PNG is decoded whole: the same 16-bit samples in both give the same output, byte for
  /// byte but the image's name. Cases: a seeded image written plain and Deflate-compressed,
  /// and the MinIsWhite fixture (raw counts, inverted on read).
  @Test(arguments: ["plain", "deflate", "miniswhite"])
  func streamedTIFFEqualsTheWholeImagePath(_ kind: String) throws {
    let dir = try CLI.temporaryDirectory()
    let tiff = dir.appendingPathComponent("blot.tif").path
    let image: GrayImage
    if kind == "miniswhite" {
      let fixture = TestPaths.testImages.appendingPathComponent("tiff/synthetic/u16-miniswhite.tif")
      try FileManager.default.copyItem(atPath: fixture.path, toPath: tiff)
      image = try ImageDecoder.decodeFile(atPath: tiff)
      #expect(image.metadata.invertedFromMinIsWhite)
    } else {
      let (w, h) = (301, 257)
      var seed: UInt64 = 0x5EED
      let samples = (0..<(w * h)).map { _ -> Float in
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(seed >> 48)
      }
      image = GrayImage(width: w, height: h, maxValue: 65535, samples: samples)
      try TIFFEncoder.write(
        image, layout: .uint16, compression: kind == "deflate" ? .deflate : .none, toPath: tiff)
    }
    try Data(try PNGEncoder.encode(image, bitDepth: 16)).write(
      to: dir.appendingPathComponent("blot.png"))
    let w = Double(image.width)
    let lanes = try Self.lanesFile(
      in: dir, "x0,x1\n0,\(w * 0.13)\n\(w * 0.124),\(w * 0.4)\n\(w * 0.66),\(w)\n")
    for flags in [["--json"], ["--csv"], []] {
      let a = try CLI.run(["profiles", "blot.tif", "--lanes-file", lanes] + flags, in: dir)
      let b = try CLI.run(["profiles", "blot.png", "--lanes-file", lanes] + flags, in: dir)
      #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
      #expect(
        a.stdout.replacingOccurrences(of: "blot.tif", with: "blot.png") == b.stdout, "\(flags)")
      #expect(!a.stdout.isEmpty)
    }
  }
}
