import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// `densito bands --lanes-file F` and `densito profiles --lanes-file F` read and check F
/// before decoding the image: a mistake in F costs no decoding of a large scan, and is the
/// error reported even when the image could not be decoded at all (which proves the order:
/// the image is never opened). Whether the lanes fit the image is checked after decoding.
/// Every refusal is one line on standard error naming the file, and exit status 2.
@Suite struct LanesFileOrderSpec {
  /// Images that cannot be decoded: missing, a folder, not an image, a TIFF cut short.
  enum BadImage: String, CaseIterable, CustomTestStringConvertible {
    case missing, folder, notAnImage, truncatedTIFF
    var testDescription: String { rawValue }

    /// Writes the image (if any) into `dir`; returns its name and the error it gives alone.
    func prepare(in dir: URL) throws -> (name: String, error: String) {
      switch self {
      case .missing:
        return ("scan.tif", "densito: scan.tif: cannot read: no such file\n")
      case .folder:
        try FileManager.default.createDirectory(
          at: dir.appendingPathComponent("scan.tif"), withIntermediateDirectories: false)
        return ("scan.tif", "densito: scan.tif: ")
      case .notAnImage:
        try Data("this is no image\n".utf8).write(to: dir.appendingPathComponent("scan.tif"))
        return ("scan.tif", "densito: scan.tif: ")
      case .truncatedTIFF:
        let image = GrayImage(width: 300, height: 200, maxValue: 65535, filledWith: 1000)
        let bytes = try TIFFEncoder.encode(image, layout: .uint16)
        try Data(bytes.prefix(4000)).write(to: dir.appendingPathComponent("scan.tif"))
        return ("scan.tif", "densito: scan.tif: ")
      }
    }
  }

  struct BadFile: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var error: String
    var testDescription: String { name }
  }

  static let badFiles = [
    BadFile(name: "wrong header", text: "left,right\n1,2\n",
            error: "densito: lanes.csv:1: the header must be x0,x1 or center,width\n"),
    BadFile(name: "not a number", text: "x0,x1\n10,50\n60,1OO\n",
            error: "densito: lanes.csv:3: expected two numbers\n"),
    BadFile(name: "reversed lane", text: "x0,x1\n50,10\n",
            error: "densito: lanes.csv:2: lane 1 (50.0...10.0) has no width: x1 must be greater than x0\n"),
    BadFile(name: "left of the image", text: "center,width\n10,40\n",
            error: "densito: lanes.csv:2: lane 1 (-10.0...30.0) starts before the image's first pixel: center - width / 2 must be 0 or more\n"),
    BadFile(name: "no lanes", text: "x0,x1\n", error: "densito: lanes.csv: no lanes listed\n"),
  ]

  static let commands = [["bands"], ["bands", "--csv"], ["profiles"], ["profiles", "--json"]]

  @Test(arguments: BadImage.allCases, badFiles)
  func aBadLanesFileIsReportedBeforeTheImageIsOpened(_ image: BadImage, _ file: BadFile) throws {
    let dir = try CLI.temporaryDirectory()
    let (name, imageError) = try image.prepare(in: dir)
    try Data(file.text.utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    for command in Self.commands {
      let r = try CLI.run([command[0], name, "--lanes-file", "lanes.csv"] + command.dropFirst(), in: dir)
      #expect(r.status == 2, "\(command): \(r.stderr)")
      #expect(r.stderr == file.error, "\(command)")
      #expect(r.stdout.isEmpty)
    }
    // The same image with a good lanes file fails on the image: it is opened only then.
    try Data("x0,x1\n10,50\n".utf8).write(to: dir.appendingPathComponent("good.csv"))
    for command in Self.commands {
      let r = try CLI.run([command[0], name, "--lanes-file", "good.csv"] + command.dropFirst(), in: dir)
      #expect(r.status == 2, "\(command): \(r.stderr)")
      #expect(r.stderr.hasPrefix(imageError), "\(command): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(command): \(r.stderr)")
    }
  }

  /// A lanes file that cannot be read is reported before the image too.
  @Test func aMissingLanesFileIsReportedBeforeTheImage() throws {
    let dir = try CLI.temporaryDirectory()
    for command in ["bands", "profiles"] {
      let r = try CLI.run([command, "scan.tif", "--lanes-file", "lanes.csv"], in: dir)
      #expect(r.status == 2)
      #expect(r.stderr == "densito: lanes.csv: cannot read: no such file\n", "\(command)")
    }
  }

  /// `bands` measures whole pixels: a lane that rounds to none is refused before decoding.
  @Test func bandsRefusesALaneNarrowerThanOnePixelBeforeDecoding() throws {
    let dir = try CLI.temporaryDirectory()
    try Data("x0,x1\n10.1,10.3\n".utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    let r = try CLI.run(["bands", "scan.tif", "--lanes-file", "lanes.csv"], in: dir)
    #expect(r.status == 2)
    #expect(r.stderr == "densito: lanes.csv:2: lane 1 (10.1...10.3) is narrower than one pixel: "
      + "rounded to whole pixels it is the empty range 10..<10\n")
  }

  // MARK: - After decoding: the lanes must fit

  /// A 300 × 200 synthetic blot (linear detector, as in ``SaturationSpec``) with three
  /// lanes (x 30..<70, 130..<170, 230..<270), one band each at row 100.
  static func blot(in dir: URL) throws {
    let lanes = [50.0, 150, 250].map {
      SyntheticLane(centerX: $0, width: 40, bands: [SyntheticBand(y: 100, amount: 2e6, sigma: 6)])
    }
    let image = SyntheticBlot(
      width: 300, height: 200, lanes: lanes, detector: .linear(LinearDetector(readNoise: 3)), seed: 5
    ).render().image
    try Data(TIFFEncoder.encode(image, layout: .uint16)).write(to: dir.appendingPathComponent("scan.tif"))
  }

  struct Misfit: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var text: String
    var error: String
    var testDescription: String { name }
  }

  static let misfits = [
    Misfit(name: "beyond the width", arguments: [], text: "x0,x1\n30,70\n250,310\n",
           error: "densito: lanes.csv:3: lane 2 (250.0...310.0) does not fit the image's width of 300 pixels\n"),
    Misfit(name: "horizontal lanes beyond the height", arguments: ["--orientation", "horizontal"],
           text: "x0,x1\n30,70\n150,210\n",
           error: "densito: lanes.csv:3: lane 2 (150.0...210.0) does not fit the image's height of 200 pixels\n"),
    Misfit(name: "centre and width beyond the width", arguments: [], text: "center,width\n290,40\n",
           error: "densito: lanes.csv:2: lane 1 (270.0...310.0) does not fit the image's width of 300 pixels\n"),
  ]

  @Test(arguments: misfits)
  func aLanesFileThatDoesNotFitIsRefusedAfterDecoding(_ m: Misfit) throws {
    let dir = try CLI.temporaryDirectory()
    try Self.blot(in: dir)
    try Data(m.text.utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    for command in ["bands", "profiles"] {
      let r = try CLI.run([command, "scan.tif", "--lanes-file", "lanes.csv"] + m.arguments, in: dir)
      #expect(r.status == 2, "\(command): \(r.stderr)")
      #expect(r.stderr == m.error, "\(command)")
    }
  }

  @Test func bandsRefusesALaneOutsideTheCropNamingTheLanesFile() throws {
    let dir = try CLI.temporaryDirectory()
    try Self.blot(in: dir)
    try Data("x0,x1\n30,70\n130,170\n".utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    let r = try CLI.run(["bands", "scan.tif", "--lanes-file", "lanes.csv", "--crop", "0,0,100,200"], in: dir)
    #expect(r.status == 2)
    #expect(r.stderr == "densito: lanes.csv:3: lane 2 (130.0...170.0) is not inside --crop 0,0,100,200: "
      + "the crop keeps columns 0..<100\n")
    let inside = try CLI.run(
      ["bands", "scan.tif", "--lanes-file", "lanes.csv", "--crop", "0,0,200,200", "--csv"], in: dir)
    #expect(inside.status == 0, "\(inside.stderr)")
    // Horizontal lanes: x0, x1 are rows, and so is what the crop keeps of them.
    let sideways = try CLI.run(
      ["bands", "scan.tif", "--lanes-file", "lanes.csv", "--crop", "0,0,300,100", "--orientation",
       "horizontal"], in: dir)
    #expect(sideways.status == 2)
    #expect(sideways.stderr == "densito: lanes.csv:3: lane 2 (130.0...170.0) is not inside --crop "
      + "0,0,300,100: the crop keeps rows 0..<100\n")
  }

  /// The lanes that fit are measured, as before the split.
  @Test func aLanesFileThatFitsIsMeasured() throws {
    let dir = try CLI.temporaryDirectory()
    try Self.blot(in: dir)
    try Data("x0,x1\n30,70\n130,170\n230,270\n".utf8).write(to: dir.appendingPathComponent("lanes.csv"))
    let bands = try CLI.run(["bands", "scan.tif", "--lanes-file", "lanes.csv", "--csv"], in: dir)
    #expect(bands.status == 0, "\(bands.stderr)")
    #expect(bands.stdout.split(separator: "\n").count == 4, "\(bands.stdout)")
    let profiles = try CLI.run(["profiles", "scan.tif", "--lanes-file", "lanes.csv", "--csv"], in: dir)
    #expect(profiles.status == 0, "\(profiles.stderr)")
    #expect(profiles.stdout.split(separator: "\n").count == 1 + 3 * 200)
  }
}
