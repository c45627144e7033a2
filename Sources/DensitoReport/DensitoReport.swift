/// DensitoReport: CSV, SVG and HTML writers. Result values in, bytes out.
public enum DensitoReport {}
