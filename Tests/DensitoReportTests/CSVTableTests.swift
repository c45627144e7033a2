import Testing
@testable import DensitoReport

@Suite struct CSVTableSpec {
  @Test func fieldsAreQuotedOnlyWhenNeeded() {
    var table = CSVTable(header: ["target", "note"])
    table.append(["P16", "plain"])
    table.append(["a,b", "say \"hi\""])
    table.append(["multi\nline", ""])
    #expect(table.text == "target,note\nP16,plain\n\"a,b\",\"say \"\"hi\"\"\"\n\"multi\nline\",\n")
  }

  @Test func numbersHaveOneSpelling() {
    #expect(NumberFormat.value(3.64) == "3.64")
    #expect(NumberFormat.value(1.0 / 3.0) == "0.3333333333")
    #expect(NumberFormat.value(nil) == "")
    #expect(NumberFormat.value(.nan) == "")
    #expect(NumberFormat.value(-0.0) == "0")
    #expect(NumberFormat.pValue(0.0123456) == "0.01235")
    #expect(NumberFormat.pValue(3.2141e-7) == "3.214e-07")
    #expect(NumberFormat.pixels(12) == "12.00")
  }
}
