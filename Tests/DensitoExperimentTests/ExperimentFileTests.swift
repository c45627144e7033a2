import Testing
@testable import DensitoExperiment

/// The example of the experiment file given in issue 4 (Docs/user-guide.md).
let exampleYAML = """
  title: BM-MSC co-culture vs CD34+ LSC alone
  loading_control: beta-actin          # the target every lane is divided by
  control_group: control
  lanes:                               # every lane of the images, left to right
    - {ladder: [250, 150, 100, 75, 50, 37, 25, 20, 15, 10]}   # optional; kDa, top to bottom
    - {sample: C1, group: control}
    - {sample: C2, group: control}
    - {sample: C3, group: control}
    - {sample: E1, group: co-culture}
    - {sample: E2, group: co-culture}
    - {sample: E3, group: co-culture}
  blots:                               # image paths are relative to this file
    - {target: beta-actin, image: actin.tif, kDa: 42}
    - {target: P16, image: p16.tif, kDa: 16}
    - {target: TERC, image: terc.tif, region: [0, 300, 1000, 200]}   # optional crop x,y,w,h
  statistics: {test: student}          # student | welch | two-way-anova
  """

func parse(_ text: String) throws(ExperimentError) -> Experiment {
  try ExperimentFile.parse(text, sourcePath: "exp.yaml", baseDirectory: "/data")
}

/// Asserts that parsing fails with exactly `problem` at `line`.
func expectFailure(
  _ text: String, line: Int?, _ problem: ExperimentError.Problem,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  do {
    _ = try parse(text)
    Issue.record("expected \(problem), but the file was accepted", sourceLocation: sourceLocation)
  } catch {
    #expect(error.problem == problem, sourceLocation: sourceLocation)
    #expect(error.line == line, sourceLocation: sourceLocation)
  }
}

@Suite struct ExperimentFileSpec {
  @Test func readsTheDocumentedExample() throws {
    let e = try parse(exampleYAML)
    #expect(e.title == "BM-MSC co-culture vs CD34+ LSC alone")
    #expect(e.loadingControl == "beta-actin")
    #expect(e.controlGroup == "control")
    #expect(e.lanes.count == 7)
    #expect(e.lanes[0] == .ladder([250, 150, 100, 75, 50, 37, 25, 20, 15, 10]))
    #expect(e.lanes[4] == .sample(Sample(name: "E1", group: "co-culture")))
    #expect(e.groups == ["control", "co-culture"])
    #expect(e.targets == ["beta-actin", "P16", "TERC"])
    #expect(e.blots[1].kDa == 16)
    #expect(e.blots[2].region == PixelRegion(x: 0, y: 300, width: 1000, height: 200))
    #expect(e.blots[2].line == 15)
    #expect(e.statistics.test == .student)
    #expect(e.resolve(e.blots[0].image) == "/data/actin.tif")
  }

  @Test func jsonIsAcceptedToo() throws {
    let json = """
      {"loading_control": "actin", "control_group": "c",
       "lanes": [{"sample": "a", "group": "c"}, {"sample": "b", "group": "c"},
                 {"sample": "x", "group": "t"}, {"sample": "y", "group": "t"}],
       "blots": [{"target": "actin", "image": "a.tif"}, {"target": "p", "image": "p.tif"}],
       "statistics": {"test": "two-way-anova", "correction": "holm"}}
      """
    let e = try parse(json)
    #expect(e.statistics.test == .twoWayANOVA)
    #expect(e.statistics.correction == .holm)
    #expect(e.samples.count == 4)
  }

  @Test func unknownKeyPointsAtItsLineWithASuggestion() {
    let text = exampleYAML.replacingOccurrences(of: "{target: P16, image: p16.tif, kDa: 16}",
                                                with: "{target: P16, imgae: p16.tif}")
    expectFailure(text, line: 14,
                  .unknownKey(key: "imgae", context: "blot 2", suggestion: "image"))
  }

  @Test func unknownChoiceListsTheAllowedValues() {
    let text = exampleYAML.replacingOccurrences(of: "{test: student}", with: "{test: mann-whitney}")
    expectFailure(text, line: 16, .invalidValue(
      key: "test", value: "mann-whitney", reason: "choose one of student, welch, two-way-anova"))
  }

  @Test func targetWithoutLoadingControlIsRefused() {
    let text = exampleYAML.replacingOccurrences(of: "loading_control: beta-actin", with: "loading_control: GAPDH")
    expectFailure(text, line: 1, .noLoadingControl(target: "GAPDH"))
  }

  @Test func groupWithOneReplicateIsRefusedForAT_test() {
    let text = exampleYAML
      .replacingOccurrences(of: "  - {sample: E2, group: co-culture}\n", with: "")
      .replacingOccurrences(of: "  - {sample: E3, group: co-culture}\n", with: "")
    expectFailure(text, line: 12, .tooFewReplicates(
      target: "P16", group: "co-culture", n: 1, needed: 2, test: "Student's t-test"))
  }

  @Test func excludingDropsReplicatesAndIsChecked() {
    let text = exampleYAML.replacingOccurrences(
      of: "{target: P16, image: p16.tif, kDa: 16}", with: "{target: P16, image: p16.tif, exclude: [E9]}")
    expectFailure(text, line: 14, .unknownSample(name: "E9", context: "blot P16 'exclude'"))
  }

  @Test func duplicateSampleIsRefused() {
    let text = exampleYAML.replacingOccurrences(of: "{sample: C2, group: control}", with: "{sample: C1, group: control}")
    expectFailure(text, line: 5, .duplicateSample(name: "C1"))
  }

  @Test func missingControlGroupNamesTheGroupsThatExist() {
    let text = exampleYAML.replacingOccurrences(of: "control_group: control", with: "control_group: ctrl")
    expectFailure(text, line: 1, .missingControlGroup(group: "ctrl", groups: ["control", "co-culture"]))
  }

  @Test func badRegionIsExplained() {
    let text = exampleYAML.replacingOccurrences(of: "region: [0, 300, 1000, 200]", with: "region: [0, 300, 1000]")
    expectFailure(text, line: 15, .invalidValue(
      key: "region", value: "[0.0, 300.0, 1000.0]",
      reason: "give [x, y, width, height] in whole pixels, width and height > 0"))
  }

  @Test func invalidYAMLGivesTheParserPosition() {
    do {
      _ = try parse("title: [unclosed\nlanes: 3\n")
      Issue.record("accepted invalid YAML")
    } catch {
      guard case .yaml = error.problem else { Issue.record("wrong problem \(error.problem)"); return }
      #expect(error.line != nil)
      #expect(error.description.hasPrefix("exp.yaml:"))
    }
  }

  @Test func aliasBombIsRefusedQuickly() {
    var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in 1..<10 {
      let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
      lines.append("a\(i): &a\(i) [\(refs)]")
    }
    expectFailure(lines.joined(separator: "\n"), line: 1, .tooComplex(nodeLimit: ExperimentFile.nodeLimit))
  }

  @Test func perBlotAnalysisParametersAreReadAndChecked() throws {
    let text = exampleYAML.replacingOccurrences(
      of: "{target: P16, image: p16.tif, kDa: 16}",
      with: "{target: P16, image: p16.tif, baseline: lane-border-median, background_radius: 30, lanes: 7}")
    let e = try parse(text)
    #expect(e.blots[1].analysis.baseline == "lane-border-median")
    #expect(e.blots[1].analysis.backgroundRadius == 30)
    #expect(e.blots[1].laneGeometry == .count(7))
    let bad = exampleYAML.replacingOccurrences(
      of: "{target: P16, image: p16.tif, kDa: 16}", with: "{target: P16, image: p16.tif, signal: log}")
    expectFailure(bad, line: 14, .invalidValue(
      key: "signal", value: "log", reason: "choose one of auto, inverted, brightness, od"))
  }

  @Test func errorsReadAsOneLineWithFileAndPosition() {
    let e = ExperimentError(file: "exp.yaml", line: 3, column: 7,
                            problem: .unknownKey(key: "lane", context: "the experiment", suggestion: "lanes"))
    #expect(e.description == "exp.yaml:3:7: unknown key 'lane' in the experiment (did you mean 'lanes'?)")
  }
}
