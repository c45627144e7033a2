// Band detection speed (issue 3): the in-process stages of `densito bands`.
//
//   densito-bench bands [--write FILE] [--image FILE [--lanes-file CSV]] [--repeat N]
//
// Without --image, the standard benchmark blot is rendered in memory: 2000x1500, 16-bit, dark
// bands on light (an imager's export), 16 lanes, 4 band rows (one a doublet), one saturated
// band, dust, a background gradient, slight rotation and smile (``bandsBenchmarkBlot()``).
// --write FILE stores that blot as a 16-bit TIFF (Deflate) and exits: Benchmarks/bands-bench.sh
// times `densito bands FILE --json` on it as a whole process with /usr/bin/time -v.
// --image FILE decodes a file instead; --lanes-file CSV (a header line, then `x0,x1` per lane,
// as `densito bands --lanes-file` reads) gives the lanes, so analyzeBlot measures the step that
// follows a user's lane rectangles: profiles, baselines, bands, volumes (compare-imagej.sh
// sets it against ImageJ's lane profiles on the same rectangles). Each stage runs --repeat times (default 3); the best
// wall time is reported. With the synthetic blot, the band volumes are compared with the
// ground truth (median normalised relative error, as in AccuracyHarness).
import DensitoAnalysis
import DensitoRaster
import Foundation

func bandsBenchmarks(arguments: [String]) {
  var options: [String: String] = [:]
  var i = 0
  while i + 1 < arguments.count {
    options[arguments[i]] = arguments[i + 1]
    i += 2
  }
  let repeats = Int(options["--repeat"] ?? "") ?? 3
  if let path = options["--write"] {
    let rendered = bandsBenchmarkBlot().render()
    guard let image = rendered.asDecodedMinIsWhite,
      let bytes = try? TIFFEncoder.encode(
        GrayImage(width: image.width, height: image.height, maxValue: 65535,
                  samples: image.samples),
        layout: .uint16, compression: .deflate),
      FileManager.default.createFile(atPath: path, contents: Data(bytes))
    else {
      print("bands benchmarks: cannot write \(path)")
      exit(1)
    }
    print("wrote \(path): \(image.width)x\(image.height) 16-bit, dark bands on light")
    return
  }

  var truth: SyntheticGroundTruth? = nil
  let image: GrayImage
  var analysisOptions = AnalysisOptions()
  if let path = options["--lanes-file"] {
    guard let regions = readLaneColumns(path) else {
      print("bands benchmarks: cannot read lanes from \(path) (expected a header, then x0,x1 lines)")
      exit(1)
    }
    analysisOptions.lanes = .explicit(regions)
  }
  if let path = options["--image"] {
    var decoded: GrayImage? = nil
    let t = bestTime(repeats) { decoded = try? ImageDecoder.decodeFile(atPath: path) }
    guard let decoded else {
      print("bands benchmarks: cannot decode \(path)")
      exit(1)
    }
    print(String(format: "decode %@: %.3f s", path, t))
    image = decoded
  } else {
    let rendered = bandsBenchmarkBlot().render()
    guard let inverted = rendered.asDecodedMinIsWhite else { exit(1) }
    // As stored in the benchmark TIFF: plain 16-bit, no MinIsWhite tag.
    image = GrayImage(
      width: inverted.width, height: inverted.height, maxValue: 65535, samples: inverted.samples)
    truth = rendered.truth
  }
  print("bands benchmarks: \(image.width)x\(image.height), best of \(repeats) runs, "
    + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
  // Memory: the peak resident set of one analysis above the resident set before it (the
  // image is already resident), against the image's size as Float samples.
  let before = residentKB()
  resetPeakResident()
  var result = try? analyzeBlot(image, options: analysisOptions)
  let peak = residentKB().peak
  let floatMB = Double(image.width * image.height * 4) / 1_048_576
  if before.current > 0 && peak > 0 {
    let extraMB = Double(peak - before.current) / 1024
    print(String(format: "memory: resident %.1f MB before analyzeBlot, peak %.1f MB during it: "
      + "+%.1f MB = %.2f x the image's Float size (%.1f MB)", Double(before.current) / 1024,
      Double(peak) / 1024, extraMB, extraMB / floatMB, floatMB))
  }
  let t = bestTime(repeats) { result = try? analyzeBlot(image, options: analysisOptions) }
  guard let result else {
    print("analysis failed")
    return
  }
  print(String(format: "analyzeBlot: %.3f s, %d lanes, %d bands (%d saturated)", t,
               result.lanes.count, result.bands.count, result.bands.filter(\.saturated).count))
  if let truth {
    let errors = normalisedErrors(result, truth)
    let sorted = errors.sorted()
    let median = sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    print(String(format: "truth: %d lanes, %d bands; volume error median %.2f %% over %d bands",
                 truth.lanes.count, truth.bands.count, 100 * median, errors.count))
  }
}

/// Lane column ranges from a CSV file: a header line, then `x0,x1` per lane.
func readLaneColumns(_ path: String) -> [LaneRegion]? {
  guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
  var regions: [LaneRegion] = []
  for line in text.split(whereSeparator: \.isNewline).dropFirst() {
    let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard fields.count >= 2, let x0 = Int(fields[0]), let x1 = Int(fields[1]) else { return nil }
    regions.append(LaneRegion(x0: x0, x1: x1))
  }
  return regions.isEmpty ? nil : regions
}

/// The standard 2000x1500 band benchmark blot (deterministic).
func bandsBenchmarkBlot() -> SyntheticBlot {
  let rows: [(y: Double, sigma: Double, peak: Double)] = [
    (300, 6, 9000), (620, 8, 6000), (900, 5, 12000), (1200, 7, 4000),
  ]
  var lanes: [SyntheticLane] = []
  for li in 0..<16 {
    let width = 80.0
    let cx = 130 + 115 * Double(li)
    var bands: [SyntheticBand] = []
    for (ri, row) in rows.enumerated() {
      // A 2-fold series across lanes 0...7, repeated in 8...15.
      let factor = pow(2, Double(li % 8) / 2) / 4
      let amount = row.peak * factor * row.sigma * (2 * Double.pi).squareRoot() * width
      bands.append(SyntheticBand(y: row.y, amount: amount, sigma: row.sigma))
      if ri == 2 {
        bands.append(SyntheticBand(y: row.y + 3.2 * row.sigma, amount: 0.6 * amount,
                                   sigma: row.sigma))
      }
    }
    lanes.append(SyntheticLane(centerX: cx, width: width, bands: bands))
  }
  // One saturated band: peak 2x the full well.
  lanes[15].bands[0].amount = 2 * 65535 * 6 * (2 * Double.pi).squareRoot() * 80
  let dust = (0..<20).map { k in
    DustSpeck(x: 100 + 90 * Double(k), y: 150 + 60 * Double(k), radius: 1.2, peak: 15000)
  }
  return SyntheticBlot(
    width: 2000, height: 1500, lanes: lanes,
    background: SyntheticBackground(level: 1200, gradientX: 0.3, gradientY: -0.2),
    detector: .linear(LinearDetector(fullWell: 65535, readNoise: 10, gain: 1)),
    rotationDegrees: 0.8, smile: 2, edgeSoftness: 1.5, dust: dust, seed: 2026)
}

/// |rᵢ/median(r) − 1| for matched unsaturated bands, rᵢ = measured/true volume. Matching as
/// in AccuracyHarness: nearest lane within half its width, nearest band within max(3, 2σ).
private func normalisedErrors(_ result: BlotAnalysis, _ truth: SyntheticGroundTruth) -> [Double] {
  var ratios: [Double] = []
  for lane in result.lanes {
    guard let t = truth.lanes.min(by: {
      abs($0.centerX - lane.centerX) < abs($1.centerX - lane.centerX)
    }), abs(t.centerX - lane.centerX) < t.width / 2 else { continue }
    for band in lane.bands where !band.saturated {
      guard let tb = t.bands.min(by: { abs($0.y - band.y) < abs($1.y - band.y) }),
        abs(tb.y - band.y) <= max(3, 2 * tb.sigma), !tb.isSaturated
      else { continue }
      ratios.append(band.volume / tb.volume)
    }
  }
  let sorted = ratios.sorted()
  guard !sorted.isEmpty else { return [] }
  let median = sorted[sorted.count / 2]
  return ratios.map { abs($0 / median - 1) }
}

/// Best wall-clock time of `count` runs, in seconds.
func bestTime(_ count: Int, _ body: () -> Void) -> Double {
  var best = Double.infinity
  for _ in 0..<max(1, count) {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  return best
}

/// Current and peak resident set (VmRSS, VmHWM) in KB from /proc/self/status; 0 elsewhere.
private func residentKB() -> (current: Int, peak: Int) {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return (0, 0)
  }
  func field(_ name: String) -> Int {
    for line in text.split(separator: "\n") where line.hasPrefix(name) {
      return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
        ?? "") ?? 0
    }
    return 0
  }
  return (field("VmRSS:"), field("VmHWM:"))
}

/// Resets VmHWM to the current resident set (Linux: "5" to /proc/self/clear_refs).
private func resetPeakResident() {
  _ = FileManager.default.createFile(atPath: "/proc/self/clear_refs", contents: Data("5".utf8))
}
