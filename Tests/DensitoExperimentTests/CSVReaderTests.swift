import Testing
@testable import DensitoExperiment

@Suite struct CSVReaderSpec {
  @Test func readsPlainQuotedAndCRLFRecords() throws {
    let text = "\u{FEFF}target,sample\r\nP16,\"C1, rep \"\"a\"\"\"\n\n\"multi\nline\",x"
    let records = try CSVReader.records(text)
    #expect(records.map(\.fields) == [["target", "sample"], ["P16", "C1, rep \"a\""], ["multi\nline", "x"]])
    #expect(records.map(\.line) == [1, 2, 4])
  }

  @Test func emptyTrailingFieldsAreKept() throws {
    #expect(try CSVReader.records("a,,\n").map(\.fields) == [["a", "", ""]])
  }

  @Test func unterminatedQuoteNamesItsLine() {
    #expect(throws: CSVReader.Failure(line: 2, message: "a quoted field is never closed")) {
      try CSVReader.records("a,b\n\"open,\n")
    }
  }
}
