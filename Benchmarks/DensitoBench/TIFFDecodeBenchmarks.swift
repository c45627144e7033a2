import DensitoRaster
import Foundation

/// TIFF decode speed, to compare with Benchmarks/c/decode_tiff.c (plain libtiff into a
/// buffer). Run through Benchmarks/tiff-decode-bench.sh, which makes the input and prints
/// the ratio.
///
/// Arguments: `[path] [reps]`. Without a path, a 4000x6000 16-bit uncompressed TIFF is
/// made in memory with `TIFFEncoder`. Each repetition decodes the in-memory bytes to a
/// `GrayImage` (Float samples) from scratch; prints the median and best wall time.
func tiffDecodeBenchmarks(arguments: [String]) {
  let reps = arguments.count > 1 ? max(1, Int(arguments[1]) ?? 10) : 10
  let bytes: [UInt8]
  if let path = arguments.first {
    do {
      bytes = try FileIO.readBytes(atPath: path)
    } catch {
      FileHandle.standardError.write(Data("tiff benchmark: \(error)\n".utf8))
      return
    }
  } else {
    let (width, height) = (4000, 6000)
    let samples = (0..<(width * height)).map { Float(($0 &* 2_654_435_761) >> 16 & 0xFFFF) }
    let image = GrayImage(width: width, height: height, maxValue: 65535, samples: samples)
    guard let encoded = try? TIFFEncoder.encode(image, layout: .uint16) else { return }
    bytes = encoded
  }
  var times: [Double] = []
  var checksum = 0.0
  var size = (0, 0)
  for _ in 0..<reps {
    let start = DispatchTime.now().uptimeNanoseconds
    guard let image = try? TIFFDecoder.decode(bytes, options: DecodingOptions()) else {
      FileHandle.standardError.write(Data("tiff benchmark: decoding failed\n".utf8))
      return
    }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    checksum += Double(image.samples[image.samples.count / 2])
    size = (image.width, image.height)
  }
  times.sort()
  print(
    "densito-tiff \(size.0)x\(size.1) median_ms=\(String(format: "%.2f", times[times.count / 2]))"
      + " best_ms=\(String(format: "%.2f", times[0])) reps=\(reps) checksum=\(checksum)")
}
