import DensitoRaster

/// DensitoAnalysis: signal models, lanes, bands, volumes, synthetic blots with ground truth.
///
/// Pure computation on `GrayImage` values: no C, no file I/O. The entry point is
/// ``analyzeBlot(_:options:)``; ``SyntheticBlot`` renders test images with exact ground truth
/// and ``AccuracyHarness`` measures how well the analysis recovers it. See `Docs/analysis.md`
/// and `Docs/synthetic-blots.md`.
public enum DensitoAnalysis {}
