// libFuzzer harness for the lanes-file reader (`densito bands --lanes-file`): any bytes
// must give lanes inside the image or a LanesFileError, never crash or hang. The first
// byte of the input chooses the image width (1...256 pixels x 4), the rest is the file.
// Built and run by Fuzz/run.sh; this target exists only when DENSITO_FUZZ=1.
import DensitoExperiment

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanesFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let width = (Int(bytes.first ?? 0) + 1) * 4
  do {
    let geometry = try LanesFile.parse(Array(bytes.dropFirst()), file: "fuzz.csv", imageWidth: width)
    guard case .extents(let lanes) = geometry else { preconditionFailure("lanes files give extents") }
    precondition(!lanes.isEmpty)
    for lane in lanes {
      precondition(lane.lowerBound >= 0 && lane.upperBound <= Double(width))
      precondition(lane.lowerBound < lane.upperBound)
    }
  } catch {
    precondition(!error.description.isEmpty)
  }
  return 0
}
