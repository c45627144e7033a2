// libFuzzer harness for the experiment-file parser: any bytes must parse into an experiment
// or throw an ExperimentError with a printable message, never crash, hang or exhaust memory
// (YAML alias bombs are refused by the node limit). Built and run by Fuzz/run.sh; this
// target exists only when DENSITO_FUZZ=1.
import DensitoExperiment

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExperiment(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  // The file reader refuses non-UTF-8 bytes before parsing; do the same here.
  guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
  do {
    let experiment = try ExperimentFile.parse(text, sourcePath: "fuzz.yaml", baseDirectory: "/nonexistent")
    // A parsed experiment is self-consistent.
    _ = experiment.samples
    _ = experiment.groups
    _ = experiment.targets
  } catch {
    precondition(!error.description.isEmpty)
    precondition(error.file == "fuzz.yaml")
  }
  return 0
}
