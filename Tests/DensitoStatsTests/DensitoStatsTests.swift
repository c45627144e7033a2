import Testing
@testable import DensitoStats

@Suite struct DensitoStatsModuleTests {
  @Test func moduleLoads() { #expect(Bool(true)) }
}
