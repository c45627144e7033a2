import DensitoRaster

/// DensitoAnalysis: signal models, background, profiles, lanes, bands and volumes.
/// Pure computation on `GrayImage` values: no C, no file I/O.
public enum DensitoAnalysis {}
