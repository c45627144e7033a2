import DensitoAnalysis
import DensitoRaster
import DensitoStats

/// DensitoExperiment: the experiment file, normalization and the pipeline.
public enum DensitoExperiment {}
