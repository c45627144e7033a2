import Testing
@testable import DensitoExperiment

/// The default `--jobs` of `densito analyze`: the cores, lowered to what the available
/// memory holds at `JobBudget.peakPerFloatImage` × the image's Float size per job.
@Suite struct JobBudgetSpec {
  static let mb = 1 << 20

  @Test(arguments: [
    // (cores, Float bytes, available bytes, expected jobs)
    (2, 96 * mb, 24_000 * mb, 2),  // plenty: every core
    (8, 96 * mb, 1_000 * mb, 3),  // 1000 / (3 × 96) = 3.5 → 3
    (8, 96 * mb, 287 * mb, 1),  // less than one job's peak: still 1, never 0
    (8, 96 * mb, 288 * mb, 1),  // exactly one job
    (8, 96 * mb, 576 * mb, 2),  // exactly two
    (4, 0, 10 * mb, 4),  // size unknown: the cores
  ])
  func coresLimitedByMemory(_ c: (Int, Int, Int, Int)) {
    #expect(JobBudget.jobs(cores: c.0, floatBytes: c.1, available: c.2) == c.3)
  }

  @Test func withoutAMemoryFigureTheCores() {
    #expect(JobBudget.jobs(cores: 3, floatBytes: 96 * Self.mb, available: nil) == 3)
    #expect(JobBudget.jobs(cores: 0, floatBytes: 96 * Self.mb, available: nil) == 1)
  }

  @Test func anUncompressed16BitFileIsEstimatedAtTwiceItsFloatSize() {
    // 6000 × 4000 × 2 bytes of samples (+ a 256-byte header): 96 MB as Float, estimated 192.
    let file = 6000 * 4000 * 2 + 256
    #expect(JobBudget.estimatedFloatBytes(fileSize: file) == 4 * file)
    #expect(JobBudget.estimatedFloatBytes(fileSize: -1) == 0)
  }
}
