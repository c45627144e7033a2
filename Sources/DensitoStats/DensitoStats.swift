/// DensitoStats: descriptive statistics, distributions and hypothesis tests.
/// No dependencies.
public enum DensitoStats {}
