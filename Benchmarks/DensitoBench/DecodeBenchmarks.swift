import DensitoRaster
import Foundation

/// Decode speed against plain C programs (Benchmarks/decode-bench.sh runs both).
///
///     densito-bench decode generate PATH [WIDTH HEIGHT]   write a 16-bit gray test PNG
///     densito-bench decode png PATH [REPEATS]             time PNGDecoder on PATH
///     densito-bench decode                                 both, on a temporary 4000×6000
///
/// Timing lines read `densito-png <w>x<h> <best ms> <median ms>`, the same shape as the
/// C reference's, so the script can put them side by side.
func decodeBenchmarks(arguments: [String]) {
  switch arguments.first {
  case "generate":
    guard arguments.count >= 2 else { return usage() }
    let width = arguments.count > 3 ? Int(arguments[2]) ?? 4000 : 4000
    let height = arguments.count > 3 ? Int(arguments[3]) ?? 6000 : 6000
    generateBlot(path: arguments[1], width: width, height: height)
  case "png":
    guard arguments.count >= 2 else { return usage() }
    let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
    timePNG(path: arguments[1], repeats: repeats)
  case nil:
    let path = NSTemporaryDirectory() + "densito-bench-\(getpid()).png"
    generateBlot(path: path, width: 4000, height: 6000)
    timePNG(path: path, repeats: 5)
    unlink(path)
  default:
    usage()
  }
}

private func usage() {
  FileHandle.standardError.write(
    Data("usage: densito-bench decode [generate PATH [W H] | png PATH [REPEATS]]\n".utf8))
  exit(2)
}

/// A blot-like 16-bit image: a bright background with a gentle gradient, dark Gaussian
/// bands in lanes, and deterministic noise (so the file compresses like a real scan,
/// neither trivially nor not at all).
private func generateBlot(path: String, width: Int, height: Int) {
  var samples = [Float](repeating: 0, count: width * height)
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  let lanes = 8
  let laneWidth = Double(width) / Double(lanes)
  for y in 0..<height {
    let bandCentre = Double(height) * 0.45
    let band = exp(-pow((Double(y) - bandCentre) / (Double(height) * 0.02), 2))
    for x in 0..<width {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let noise = Double(state >> 52) / 4096.0 * 600 - 300
      let lane = Int(Double(x) / laneWidth)
      let inLane = abs(Double(x) - (Double(lane) + 0.5) * laneWidth) < laneWidth * 0.35
      let depth = inLane ? band * 30_000 * Double(lane + 1) / Double(lanes) : 0
      let background = 58_000 + 2_000 * Double(x) / Double(width)
      samples[y * width + x] = Float(max(0, min(65535, background - depth + noise)))
    }
  }
  let image = GrayImage(width: width, height: height, maxValue: 65535, samples: samples)
  do {
    let bytes = try PNGEncoder.encode(image, bitDepth: 16)
    try FileIO.writeAtomically(bytes, toPath: path)
    print("wrote \(path): \(width)x\(height) 16-bit gray, \(bytes.count) bytes")
  } catch {
    FileHandle.standardError.write(Data("densito-bench: \(error)\n".utf8))
    exit(1)
  }
}

/// Times `PNGDecoder.decode` (bytes already in memory, as for the C reference).
private func timePNG(path: String, repeats: Int) {
  let bytes: [UInt8]
  do {
    bytes = try FileIO.readBytes(atPath: path)
  } catch {
    FileHandle.standardError.write(Data("densito-bench: \(error)\n".utf8))
    exit(1)
  }
  var times: [Double] = []
  var size = (0, 0)
  var checksum: Float = 0
  for _ in 0..<max(1, repeats) {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
      let image = try PNGDecoder.decode(bytes, options: DecodingOptions())
      size = (image.width, image.height)
      checksum = image.samples[image.samples.count / 2]
    } catch {
      FileHandle.standardError.write(Data("densito-bench: \(error)\n".utf8))
      exit(1)
    }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
  }
  times.sort()
  print(
    "densito-png \(size.0)x\(size.1) \(String(format: "%.1f", times[0])) "
      + "\(String(format: "%.1f", times[times.count / 2])) (centre sample \(checksum))")
}
