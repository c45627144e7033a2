import Testing
@testable import DensitoReport

@Suite struct DensitoReportModuleTests {
  @Test func moduleLoads() { #expect(Bool(true)) }
}
