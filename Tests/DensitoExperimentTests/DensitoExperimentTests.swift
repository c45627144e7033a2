import Testing
@testable import DensitoExperiment

@Suite struct DensitoExperimentModuleTests {
  @Test func moduleLoads() { #expect(Bool(true)) }
}
