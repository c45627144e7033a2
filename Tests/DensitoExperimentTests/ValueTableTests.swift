import Testing
@testable import DensitoExperiment

@Suite struct ValueTableSpec {
  @Test func readsColumnsInAnyOrderAndEmptyValues() throws {
    let t = try ValueTable.parse("group,value,target,sample,note\nc,1.5,P16,C1,x\nt,,P16,E1,\n", file: "v.csv")
    #expect(t.rows.count == 2)
    #expect(t.rows[0].target == "P16" && t.rows[0].sample == Sample(name: "C1", group: "c"))
    #expect(t.rows[0].value == 1.5 && t.rows[1].value == nil)
  }

  @Test func missingColumnIsNamed() {
    #expect(throws: ExperimentError(file: "v.csv", line: 1, problem: .missingKey(key: "group", context: "the header row"))) {
      try ValueTable.parse("target,sample,value\nP,C1,1\n", file: "v.csv")
    }
  }

  @Test func nonNumericValuePointsAtTheLine() {
    #expect(throws: ExperimentError(file: "v.csv", line: 3, problem: .wrongType(key: "value", expected: "a finite number or an empty cell", found: "'n/a'"))) {
      try ValueTable.parse("target,sample,group,value\nP,C1,c,1\nP,C2,c,n/a\n", file: "v.csv")
    }
  }

  @Test func duplicateSampleOfATargetIsRefused() {
    #expect(throws: ExperimentError(file: "v.csv", line: 3, problem: .invalidValue(key: "sample", value: "C1", reason: "appears twice for target P"))) {
      try ValueTable.parse("target,sample,group,value\nP,C1,c,1\nP,C1,c,2\n", file: "v.csv")
    }
  }
}
