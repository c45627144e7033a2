import DensitoRaster
import Foundation
import Testing
@testable import DensitoReport

/// Golden files: the demo's CSV and SVG outputs are pinned in `TestImages/report/golden/`, so
/// that any change to a number, a format or a drawing shows up as a failing test with the
/// first differing line. When a change is intended, re-record with
/// `DENSITO_RECORD=1 swift test --filter GoldenFileSpec` and review the diff in git.
///
/// Tolerance: none, byte for byte. The pipeline is deterministic (no clocks, no random
/// seeds from the environment, fixed number formats), and IEEE arithmetic without fast-math
/// gives the same doubles in debug and release builds on the same architecture.
///
/// Most profile SVGs are ~86 KB each; to keep the fixtures small, two are pinned in full
/// (the loading control and P16) and the rest by SHA-256 in `profiles.sha256`.
@Suite struct GoldenFileSpec {
  static let folder = TestPaths.testImages.appendingPathComponent("report/golden")
  static var recording: Bool { ProcessInfo.processInfo.environment["DENSITO_RECORD"] == "1" }

  static let pinnedInFull = [
    "bands.csv", "normalized.csv", "foldchange.csv", "prism.csv", "anova.csv", "foldchange.svg",
    "profiles-beta-actin.svg", "profiles-P16.svg", "sensitivity.csv",
  ]

  @Test(arguments: pinnedInFull)
  func outputMatchesItsGoldenFile(_ name: String) throws {
    let actual = try DemoReport.text(name)
    let url = Self.folder.appendingPathComponent(name)
    if Self.recording {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if actual != expected {
      let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
      Issue.record("""
        \(name) differs from its golden file at line \(line + 1) \
        (re-record with DENSITO_RECORD=1 if intended):
        expected: \(line < e.count ? String(e[line]) : "<end>")
        actual:   \(line < a.count ? String(a[line]) : "<end>")
        """)
    }
  }

  @Test func everyProfileSVGMatchesItsRecordedDigest() throws {
    let output = try DemoReport.shared.get()
    let names = output.names.filter { $0.hasPrefix("profiles-") && $0.hasSuffix(".svg") }
    #expect(names.count == 11)
    let lines = try names.sorted().map { name in
      "\(SHA256Hex.of(try #require(output.files[name])))  \(name)"
    }
    let text = lines.joined(separator: "\n") + "\n"
    let url = Self.folder.appendingPathComponent("profiles.sha256")
    if Self.recording {
      try Data(text.utf8).write(to: url)
      return
    }
    #expect(text == (try String(contentsOf: url, encoding: .utf8)))
  }

  /// Same result, same bytes: the pictures (re-decoded and re-analysed) and the tables.
  /// (That the analysis itself is deterministic is what the golden CSVs pin.) The second
  /// write skips the sensitivity analysis (three more runs), so its report.html differs by
  /// that section and is left out.
  @Test func writingTheReportTwiceGivesIdenticalBytes() throws {
    let first = try DemoReport.shared.get()
    let again = try ReportFiles.filesWithPictures(
      for: first.result, record: first.record, version: DemoReport.version, sensitivity: false)
    #expect(Set(first.names).subtracting(again.map(\.name)) == ["sensitivity.csv"])
    for (name, bytes) in again where name != "report.html" {
      #expect(first.files[name] == bytes, "\(name)")
    }
  }

  @Test func noOutputHoldsNaNOrInfinity() throws {
    let output = try DemoReport.shared.get()
    for name in output.names where !name.hasSuffix(".png") {
      #expect(!holdsNonFiniteWord(try DemoReport.text(name)), "\(name)")
    }
  }
}

/// SHA-256 as lowercase hex, through the package's own implementation.
enum SHA256Hex {
  static func of(_ bytes: [UInt8]) -> String { SHA256.hex(of: bytes) }
}

/// True when `text` holds "nan" or "inf"/"infinity" as a word (any case), outside `data:` URIs.
func holdsNonFiniteWord(_ text: String) -> Bool {
  let stripped = text.replacingOccurrences(
    of: "data:[^\"]*", with: "", options: .regularExpression)
  return stripped.range(
    of: "\\b(nan|inf|infinity)\\b", options: [.regularExpression, .caseInsensitive]) != nil
}
