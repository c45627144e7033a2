// Background subtraction speed, side by side with ImageJ 1.53t.
//
//   densito-bench background [--raw16 FILE --width W --height H] [--imagej "KEY=MS,..."]
//                            [--repeat N] [--quick] [--only TEXT] [--algorithm imagej|exact]
//                            [--checksum]
//
// Without --raw16, a synthetic 4000×6000 16-bit blot is generated in memory. --imagej takes
// ImageJ's times in milliseconds for the same image and operations (as measured by
// Benchmarks/background-bench.sh), keyed "rolling=50", "rolling=25", "rolling=50 sliding"...,
// and prints the ratios. Each operation runs --repeat times (default 3); the best time is
// reported (the first run also pays for page faults on fresh buffers). Each run is given its
// own copy of the image, made outside the timer, to consume (as `densito background` hands
// over the decoded scan, and as ImageJ's step works in place on the opened image). --only runs the
// operations whose key contains TEXT (a trailing "$" asks for the key TEXT exactly, e.g.
// "rolling=50$" without "rolling=50 sliding"); --algorithm times only that algorithm ("-"
// in the other column). --checksum prints hashes of the ImageJ rolling-ball (and exact
// paraboloid) outputs instead (to compare before and after a speed change: they must not
// change).
import DensitoAnalysis
import DensitoRaster
import Foundation

func backgroundBenchmarks(arguments: [String]) {
  var options: [String: String] = [:]
  var flags = Set<String>()
  var i = 0
  while i < arguments.count {
    let a = arguments[i]
    if a.hasPrefix("--"), i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--"),
      a != "--quick"
    {
      options[a] = arguments[i + 1]
      i += 2
    } else {
      flags.insert(a)
      i += 1
    }
  }
  let repeats = Int(options["--repeat"] ?? "") ?? 3
  let image: GrayImage
  if let path = options["--raw16"], let w = Int(options["--width"] ?? ""),
    let h = Int(options["--height"] ?? "")
  {
    guard let data = FileManager.default.contents(atPath: path), data.count == 2 * w * h else {
      print("background benchmarks: cannot read \(w)x\(h) 16-bit raw data from \(path)")
      return
    }
    let samples = data.withUnsafeBytes { raw in
      (0..<(w * h)).map { Float(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) }
    }
    image = GrayImage(width: w, height: h, maxValue: 65535, samples: samples)
  } else {
    let (w, h) = flags.contains("--quick") ? (1000, 1500) : (4000, 6000)
    image = syntheticBlot(width: w, height: h)
  }
  var imagejTimes: [String: Double] = [:]
  for item in (options["--imagej"] ?? "").split(separator: ",") {
    guard let cut = item.lastIndex(of: "="), let ms = Double(item[item.index(after: cut)...])
    else { continue }
    imagejTimes[String(item[..<cut])] = ms / 1000
  }

  print("background benchmarks: \(image.width)x\(image.height), best of \(repeats) runs, "
    + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
  if flags.contains("--checksum") {
    printChecksums(image)
    return
  }
  let header = ["operation", "ImageJ 1.53t", "Densito imagej", "ratio",
                "Densito exact", "ratio"]
  print(header.map { $0.padding(toLength: 19, withPad: " ", startingAt: 0) }.joined(separator: " "))
  let cases: [(String, BackgroundOptions.Method)] = [
    ("rolling=50", .rollingBall(radius: 50)),
    ("rolling=25", .rollingBall(radius: 25)),
    ("rolling=50 sliding", .slidingParaboloid(radius: 50)),
    ("rolling=25 sliding", .slidingParaboloid(radius: 25)),
  ]
  for (key, method) in cases {
    if let only = options["--only"] {
      if only.hasSuffix("$") ? key != only.dropLast() : !key.contains(only) { continue }
    }
    let algorithm = options["--algorithm"]
    let tImageJ = algorithm == "exact" ? nil : timeHandingOver(repeats, image) { input in
      _ = try? subtractingBackground(from: input, options: .init(method: method))
    }
    // The exact ball costs seconds to minutes: one run is enough to show it.
    let exactRepeats = { if case .rollingBall = method { return 1 } else { return repeats } }()
    let tExact = algorithm == "imagej" ? nil : timeHandingOver(exactRepeats, image) { input in
      _ = try? subtractingBackground(
        from: input, options: .init(method: method, algorithm: .exact))
    }
    let reference = imagejTimes[key]
    let cells = [
      key,
      reference.map { String(format: "%.3f s", $0) } ?? "-",
      tImageJ.map { String(format: "%.3f s", $0.wall) } ?? "-",
      ratio(reference, tImageJ),
      tExact.map { String(format: "%.3f s", $0.wall) } ?? "-",
      ratio(reference, tExact),
    ]
    let cpu = [tImageJ, tExact].map { $0.map { String(format: "%.2f", $0.cpu) } ?? "-" }
    print(cells.map { $0.padding(toLength: 19, withPad: " ", startingAt: 0) }.joined(separator: " ")
      + "  (CPU s: \(cpu[0]), \(cpu[1]))")
  }
}

/// ImageJ's time over ours, or "-".
private func ratio(_ reference: Double?, _ ours: (wall: Double, cpu: Double)?) -> String {
  guard let reference, let ours else { return "-" }
  return String(format: "%.1fx", reference / ours.wall)
}

/// `time(count, body)` on a fresh copy of `image` handed over at each run, as `densito
/// background` hands over the scan it decoded (the copy is made and touched outside the
/// timer). ImageJ's step, too, works on the image it opened, in place.
private func timeHandingOver(
  _ count: Int, _ image: GrayImage, _ body: (consuming GrayImage) -> Void
) -> (wall: Double, cpu: Double) {
  var best = (wall: Double.infinity, cpu: 0.0)
  for _ in 0..<max(1, count) {
    var fresh = image
    fresh.samples.withUnsafeMutableBufferPointer { _ in }  // its own buffer (copy on write)
    let start = DispatchTime.now().uptimeNanoseconds
    let cpu0 = cpuSeconds()
    body(consume fresh)
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if wall < best.wall { best = (wall, cpuSeconds() - cpu0) }
  }
  return best
}

/// Best wall-clock time of `count` runs, in seconds; prints the process CPU time of that
/// run too (the machine may be shared: CPU time / wall time shows how many cores we got).
private func time(_ count: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
  var best = Double.infinity
  var bestCPU = 0.0
  for _ in 0..<max(1, count) {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpu0 = cpuSeconds()
    body()
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if wall < best {
      best = wall
      bestCPU = cpuSeconds() - cpu0
    }
  }
  return (best, bestCPU)
}

/// CPU seconds (user + system) used by this process so far, all threads (getrusage).
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Prints an FNV-1a hash of the output bits of the ImageJ rolling ball for several radii,
/// polarities, smoothings and outputs, on `image` and on a small odd-sized crop of it: a
/// quick check that a speed change keeps results bit-identical (compare before and after).
private func printChecksums(_ image: GrayImage) {
  let cw = 333, ch = 517
  var crop = [Float](repeating: 0, count: cw * ch)
  for y in 0..<ch { for x in 0..<cw { crop[y * cw + x] = image.samples[y * image.width + x] } }
  let small = GrayImage(width: cw, height: ch, maxValue: 65535, samples: crop)
  for (name, input) in [("full", image), ("crop", small)] {
    for radius in [5.0, 25, 50, 150] {
      for light in [false, true] {
        for smoothing in [BackgroundOptions.Smoothing.mean3x3, .disabled] {
          for output in [BackgroundOptions.Output.subtracted, .background] {
            let options = BackgroundOptions(
              method: .rollingBall(radius: radius), lightBackground: light,
              smoothing: smoothing, output: output)
            guard let out = try? subtractingBackground(from: input, options: options) else {
              print(name, radius, light, smoothing, output, "error")
              continue
            }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for v in out.samples { hash = (hash ^ UInt64(v.bitPattern)) &* 0x100_0000_01b3 }
            print(name, radius, light, smoothing, output, String(hash, radix: 16))
          }
        }
      }
    }
    // The exact paraboloid shares the opening with the ImageJ ball.
    for radius in [25.0, 50] {
      let options = BackgroundOptions(
        method: .slidingParaboloid(radius: radius), algorithm: .exact)
      guard let out = try? subtractingBackground(from: input, options: options) else { continue }
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for v in out.samples { hash = (hash ^ UInt64(v.bitPattern)) &* 0x100_0000_01b3 }
      print(name, radius, "exact paraboloid", String(hash, radix: 16))
    }
  }
}

/// A deterministic 16-bit blot: sloped background, bands and noise (a linear congruential
/// generator keeps it reproducible without Foundation's randomness).
private func syntheticBlot(width: Int, height: Int) -> GrayImage {
  var samples = [Float](repeating: 0, count: width * height)
  var state: UInt64 = 12345
  for y in 0..<height {
    for x in 0..<width {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      let noise = Float(state >> 53) / 2048 * 600
      let band: Float = (y % 400 < 40 && x % 300 < 220) ? 20000 : 0
      samples[y * width + x] = 4000 + Float(x) * 1.5 + Float(y) * 0.5 + band + noise
    }
  }
  return GrayImage(width: width, height: height, maxValue: 65535, samples: samples)
}
