import Foundation
import Testing

/// The two-target table of FoldChangesSpec (expected p-values from scipy 1.17.1 there).
private let table = """
  target,sample,group,value
  A,C1,control,0.45
  A,C2,control,0.55
  A,C3,control,0.5
  A,E1,treated,1.4
  A,E2,treated,1.6
  A,E3,treated,1.5
  B,C1,control,1.0
  B,C2,control,1.2
  B,C3,control,1.4
  B,E1,treated,1.1
  B,E2,treated,1.3
  B,E3,treated,1.5

  """

@Suite struct StatsCommandSpec {
  func write(_ text: String) throws -> URL {
    let url = try CLI.temporaryDirectory().appendingPathComponent("values.csv")
    try Data(text.utf8).write(to: url)
    return url
  }

  @Test func printsAnAlignedTableWithStarsAndTheLegend() throws {
    let r = try CLI.run(["stats", try write(table).path])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("target  group"))
    #expect(lines[2] == "A       treated  3.000  0.200  3/3  0.0001013  0.0001013  ***")
    #expect(lines[3] == "B       treated  1.083  0.167  3/3     0.5734     0.5734  ns")
    #expect(lines[4] == "ns P > 0.05; * P ≤ 0.05; ** P ≤ 0.01; *** P ≤ 0.001; **** P ≤ 0.0001")
  }

  @Test func csvOutputIsTheFoldChangeTable() throws {
    let dir = try CLI.temporaryDirectory()
    let out = dir.appendingPathComponent("fc.csv")
    let r = try CLI.run(["stats", try write(table).path, "--csv", "--test", "welch", "--out", out.path])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("target,group,control_group,n_control,n_group,mean_control,mean_group,fold_change,"))
    #expect(r.stdout.contains("Welch's t-test"))
    #expect(try String(contentsOf: out, encoding: .utf8) == r.stdout)
  }

  @Test func missingControlGroupSuggestsTheOption() throws {
    let text = table.replacingOccurrences(of: ",control,", with: ",ctrl,")
    let r = try CLI.run(["stats", try write(text).path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("no group is named 'control'; name the control with --control (groups: ctrl, treated)"))
    #expect(try CLI.run(["stats", try write(text).path, "--control", "ctrl"]).status == 0)
  }

  @Test func badValueNamesFileAndLine() throws {
    let url = try write("target,sample,group,value\nA,C1,control,abc\n")
    let r = try CLI.run(["stats", url.path])
    #expect(r.status == 2)
    #expect(r.stderr == "densito: \(url.path):2: 'value' must be a finite number or an empty cell, found 'abc'\n")
  }
}
