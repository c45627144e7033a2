import Testing
@testable import DensitoAnalysis

@Suite struct DensitoAnalysisModuleTests {
  @Test func moduleLoads() { #expect(Bool(true)) }
}
