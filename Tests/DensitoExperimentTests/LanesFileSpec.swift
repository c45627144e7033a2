import Foundation
import Testing
@testable import DensitoExperiment

/// A lanes file is read in two steps: `LanesFile.parse(_:file:)` checks everything that does
/// not need the image (so that `densito bands` and `profiles` can refuse a bad file before
/// decoding a large scan), `LaneListing.geometry(fitting:dimension:)` checks that the lanes
/// end inside the image. Every refusal is one `LanesFileError` naming the file, the CSV line
/// when there is one, the lane and the problem.
@Suite struct LanesFileSpec {
  static func parse(_ text: String) throws(LanesFileError) -> LaneListing {
    try LanesFile.parse(Array(text.utf8), file: "lanes")
  }

  // MARK: - Accepted forms

  struct Form: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var testDescription: String { name }
  }

  static let forms = [
    Form(name: "CSV x0,x1", text: "x0,x1\n10,50\n60,100.5\n"),
    Form(name: "CSV center,width, any case, spaces, CRLF", text: "Center , WIDTH\r\n30, 40\r\n80.25,40.5\r\n"),
    Form(name: "JSON object, extents", text: #"{"lanes": [{"x0": 10, "x1": 50}, {"x0": 60, "x1": 100.5}]}"#),
    Form(name: "JSON bare array, centres", text: #"[{"center": 30, "width": 40}, {"center": 80.25, "width": 40.5}]"#),
    Form(name: "JSON after a byte-order mark", text: "\u{FEFF}{\"lanes\": [{\"x0\": 10, \"x1\": 50}, {\"x0\": 60, \"x1\": 100.5}]}"),
  ]

  @Test(arguments: forms)
  func everyFormGivesTheSameExtents(_ form: Form) throws {
    let listing = try Self.parse(form.text)
    #expect(listing.file == "lanes")
    #expect(listing.lanes.map(\.extent) == [10...50, 60...100.5])
    #expect(try listing.geometry(fitting: 101) == .extents([10...50, 60...100.5]))
  }

  @Test func csvLanesRememberTheirLine() throws {
    let listing = try Self.parse("x0,x1\n\n10,50\n60,100\n")
    #expect(listing.lanes.map(\.line) == [3, 4])
    #expect(try Self.parse(#"[{"x0": 1, "x1": 2}]"#).lanes.map(\.line) == [nil])
  }

  /// The original one-step API still reads and fits in one go, with the same errors.
  @Test func theOneStepParseIsBothSteps() throws {
    #expect(try LanesFile.parse(Array("x0,x1\n0,48\n".utf8), file: "f", imageWidth: 48) == .extents([0...48]))
    #expect(throws: LanesFileError(file: "f", line: 2, message: "lane 1 (40.0...60.0) does not fit the image's width of 48 pixels")) {
      try LanesFile.parse(Array("x0,x1\n40,60\n".utf8), file: "f", imageWidth: 48)
    }
  }

  // MARK: - Refused without the image

  struct Refusal: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var error: String
    var testDescription: String { name }
  }

  static let refusals = [
    Refusal(name: "a replacement character", text: "x0,x1\n1,\u{FFFD}", error: "lanes:2: expected two numbers"),
    Refusal(name: "empty", text: "", error: "lanes: empty lanes file"),
    Refusal(name: "header only", text: "x0,x1\n", error: "lanes: no lanes listed"),
    Refusal(name: "wrong header", text: "left,right\n1,2\n", error: "lanes:1: the header must be x0,x1 or center,width"),
    Refusal(name: "one number", text: "x0,x1\n1\n", error: "lanes:2: expected two numbers"),
    Refusal(name: "not a number", text: "x0,x1\n1,abc\n", error: "lanes:2: expected two numbers"),
    Refusal(name: "NaN", text: "x0,x1\nnan,5\n", error: "lanes:2: expected two numbers"),
    Refusal(name: "infinity", text: "x0,x1\n0,inf\n", error: "lanes:2: expected two numbers"),
    Refusal(name: "unterminated quote", text: "x0,x1\n\"1,2\n", error: "lanes:2: a quoted field is never closed"),
    Refusal(
      name: "x1 before x0", text: "x0,x1\n10,20\n50,20\n",
      error: "lanes:3: lane 2 (50.0...20.0) has no width: x1 must be greater than x0"),
    Refusal(
      name: "zero width", text: "x0,x1\n20,20\n",
      error: "lanes:2: lane 1 (20.0...20.0) has no width: x1 must be greater than x0"),
    Refusal(
      name: "negative width", text: "center,width\n100,-4\n",
      error: "lanes:2: lane 1 (center 100.0, width -4.0) has no width: width must be greater than 0"),
    Refusal(
      name: "left of the image", text: "x0,x1\n-5,20\n",
      error: "lanes:2: lane 1 (-5.0...20.0) starts before the image's first pixel: x0 must be 0 or more"),
    Refusal(
      name: "centre too close to the left edge", text: "center,width\n10,40\n",
      error: "lanes:2: lane 1 (-10.0...30.0) starts before the image's first pixel: center - width / 2 must be 0 or more"),
    Refusal(
      name: "edges overflow", text: "center,width\n1e308,1.7e308\n",
      error: "lanes:2: lane 1 (center 1e+308, width 1.7e+308) has an edge beyond the largest number"),
    Refusal(name: "JSON without lanes", text: #"{"lane": []}"#,
            error: #"lanes: not a lanes file: expected {"lanes": [{"x0": .., "x1": ..}]} (no "lanes")"#),
    Refusal(name: "JSON string for a number", text: #"{"lanes": [{"x0": 1, "x1": 5}, {"x0": "3", "x1": 9}]}"#,
            error: #"lanes: not a lanes file: expected {"lanes": [{"x0": .., "x1": ..}]} (lane 2, "x0": not a number)"#),
    Refusal(name: "JSON cut short", text: #"{"lanes": [{"x0": 1, "x1": 5}"#,
            error: #"lanes: not a lanes file: expected {"lanes": [{"x0": .., "x1": ..}]} (The given data was not valid JSON."#),
    Refusal(name: "JSON lane without edges", text: #"[{"x0": 1, "x1": 5}, {"x0": 3}]"#,
            error: "lanes: lane 2 needs x0 and x1, or center and width"),
    Refusal(name: "JSON no lanes", text: #"{"lanes": []}"#, error: "lanes: no lanes listed"),
  ]

  @Test(arguments: refusals)
  func aBadFileIsRefusedWithoutTheImage(_ r: Refusal) {
    do {
      _ = try Self.parse(r.text)
      Issue.record("accepted \(r.text)")
    } catch {
      #expect(error.description.hasPrefix(r.error), "\(error.description)")
      #expect(!error.description.contains("\n"))
    }
  }

  @Test func bytesThatAreNotUTF8AreRefused() {
    #expect(throws: LanesFileError(file: "f", message: "not UTF-8 text")) {
      try LanesFile.parse([0x78, 0x30, 0xFF, 0x0A], file: "f")
    }
  }

  // MARK: - Checked against the image

  @Test func aLaneEndingBeyondTheImageIsRefusedAfterDecoding() throws {
    let listing = try Self.parse("x0,x1\n0,48\n40,60\n")
    #expect(throws: LanesFileError(file: "lanes", line: 3, message: "lane 2 (40.0...60.0) does not fit the image's width of 48 pixels")) {
      try listing.geometry(fitting: 48)
    }
    #expect(throws: LanesFileError(file: "lanes", line: 3, message: "lane 2 (40.0...60.0) does not fit the image's height of 50 pixels")) {
      try listing.geometry(fitting: 50, dimension: "height")
    }
    #expect(try listing.geometry(fitting: 60) == .extents([0...48, 40...60]))
  }

  /// Far beyond any image, yet finite: refused by the fit, not trapped on.
  @Test func aHugeButFiniteEdgeIsAFitError() throws {
    let listing = try Self.parse(#"[{"x0": 5, "x1": 1e300}]"#)
    #expect(throws: LanesFileError(file: "lanes", message: "lane 1 (5.0...1e+300) does not fit the image's width of 834 pixels")) {
      try listing.geometry(fitting: 834)
    }
    try listing.checkWholePixels()
  }

  // MARK: - Whole pixels

  @Test(arguments: [
    ("x0,x1\n10.1,10.3\n", "lanes:2: lane 1 (10.1...10.3) is narrower than one pixel: rounded to whole pixels it is the empty range 10..<10"),
    ("x0,x1\n0,1\n4.5,5.4\n", "lanes:3: lane 2 (4.5...5.4) is narrower than one pixel: rounded to whole pixels it is the empty range 5..<5"),
  ])
  func aLaneThatRoundsToNoPixelIsRefused(_ text: String, _ message: String) throws {
    let listing = try Self.parse(text)
    #expect(throws: (any Error).self) { try listing.checkWholePixels() }
    do { try listing.checkWholePixels() } catch { #expect(error.description == message) }
  }

  @Test func aLaneThatKeepsOnePixelIsAccepted() throws {
    // 10.4 rounds to 10 and 10.5 (halves away from zero) to 11: one column.
    try Self.parse("x0,x1\n10.4,10.5\n0,1\n").checkWholePixels()
  }
}
