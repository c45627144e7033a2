import Testing
@testable import DensitoAnalysis

/// The rolling-ball lane baseline (1-D opening of the lane profile) measured on synthetic
/// blots with exact ground truth, beside the default valley-to-valley baseline.
@Suite struct RollingBallBaselineSpec {
  /// Typical blots (gradients of ±30 %, noise): a ball of 50 rows, much larger than the
  /// bands (σ 3–5.5 rows), recovers volumes about as well as valley-to-valley. Tolerances:
  /// the 2 % median for typical images; the ball sits slightly inside the band's
  /// tails, so it is allowed the same bound, not a tighter one.
  @Test func recoversTypicalVolumes() {
    let ball = AccuracyHarness.run(.typical, count: 4, options: AnalysisOptions(baseline: .rollingBall(radius: 50)))
    #expect(ball.bandRecall >= 0.98, "\(ball.summary)")
    #expect(ball.medianRelativeVolumeError <= 0.02, "\(ball.summary)")
  }

  @Test(arguments: [0.0, -5, .nan, .infinity])
  func invalidRadiusIsRefused(radius: Double) {
    let image = SyntheticBlot.random(.clean, seed: 1).render().image
    #expect(throws: AnalysisError.self) {
      try analyzeBlot(image, options: AnalysisOptions(baseline: .rollingBall(radius: radius)))
    }
  }
}
