// Every test target sees the shared test helpers (TestPaths) without importing them.
@_exported import DensitoTestSupport
