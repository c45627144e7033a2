// libFuzzer harness for `densito stats`' CSV reader (ValueTable.parse over CSVReader): any
// bytes must give a table or an ExperimentError with a printable message, never crash or
// hang. Built and run by Fuzz/run.sh; this target exists only when DENSITO_FUZZ=1.
import DensitoExperiment

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValueTable(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
  do {
    let table = try ValueTable.parse(text, file: "fuzz.csv")
    // Every row keeps the line it came from, inside the file.
    let lines = text.utf8.count + 1
    precondition(table.rows.allSatisfy { $0.line >= 1 && $0.line <= lines })
    precondition(table.rows.allSatisfy { $0.value.map { !$0.isNaN } ?? true })
  } catch {
    precondition(!error.description.isEmpty)
  }
  return 0
}
