// Lane profile speed (issue 6): the library step behind `densito profiles`, like for like
// with ImageJ's getProfile() over the same lane rectangles.
//
//   densito-bench profiles --image FILE --lanes-file CSV [--repeat N]
//                          [--signal raw|inverted|od] [--orientation vertical|horizontal]
//
// Decodes FILE once (timed apart), reads the lanes (a header line, then `x0,x1` per lane, as
// `densito-bench bands` and `densito bands --lanes-file` read; each lane spans the whole
// image height, or the whole width with --orientation horizontal, x0,x1 then being rows),
// then times `laneProfiles(of:rectangles:orientation:signal:)` and each profile's area (what
// ImageJ's timed step does: getProfile and the sum of each) on the decoded image: best wall
// time of N runs (default 5), and the CPU seconds of that run. Prints
//   laneProfiles: 0.00412 s, 7 lanes, 10500 values (CPU s: 0.0079), area 1: ..., area 2: ...
// compare-imagej.sh sets the time against ImageJ's step and the areas against ImageJ's.
import DensitoAnalysis
import DensitoRaster
import Foundation

func profilesBenchmarks(arguments: [String]) {
  var options: [String: String] = [:]
  var i = 0
  while i + 1 < arguments.count {
    options[arguments[i]] = arguments[i + 1]
    i += 2
  }
  let repeats = max(1, Int(options["--repeat"] ?? "") ?? 5)
  guard let path = options["--image"], let lanesPath = options["--lanes-file"] else {
    print("profiles benchmarks: give --image FILE and --lanes-file CSV")
    exit(2)
  }
  let orientation = LaneOrientation(rawValue: options["--orientation"] ?? "vertical")
  let signal: ProfileSignal?
  switch options["--signal"] ?? "raw" {
  case "raw": signal = .raw
  case "inverted": signal = .model(.invertedBrightness)
  case "od": signal = .model(.opticalDensity(reference: .white))
  default: signal = nil
  }
  guard let orientation, let signal else {
    print(
      "profiles benchmarks: --orientation is vertical or horizontal, --signal raw, inverted or od")
    exit(2)
  }
  var decoded: GrayImage? = nil
  let decodeTime = bestTime(1) { decoded = try? ImageDecoder.decodeFile(atPath: path) }
  guard let image = decoded else {
    print("profiles benchmarks: cannot decode \(path)")
    exit(1)
  }
  guard let columns = readLaneColumns(lanesPath) else {
    print(
      "profiles benchmarks: cannot read lanes from \(lanesPath) (expected a header, then x0,x1 lines)")
    exit(1)
  }
  let rectangles = columns.map { c in
    orientation == .vertical
      ? PixelRect(x: c.x0, y: 0, width: c.x1 - c.x0, height: image.height)
      : PixelRect(x: 0, y: c.x0, width: image.width, height: c.x1 - c.x0)
  }
  print(String(format: "decode %@: %.3f s", path, decodeTime))
  print("profiles benchmarks: \(image.width)x\(image.height), \(rectangles.count) \(orientation) "
    + "lanes, signal \(signal.name), best of \(repeats) runs, "
    + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
  var result: LaneProfileSet? = nil
  var areas: [Double] = []
  var best = Double.infinity
  var bestCPU = 0.0
  for _ in 0..<repeats {
    let cpu0 = cpuSeconds()
    // The profiles and their areas, as ImageJ's timed step (getProfile and the sum of each).
    let t = bestTime(1) {
      result = try? laneProfiles(
        of: image, rectangles: rectangles, orientation: orientation, signal: signal)
      areas = result?.lanes.map(\.area) ?? []
    }
    let cpu = cpuSeconds() - cpu0
    if t < best {
      best = t
      bestCPU = cpu
    }
  }
  guard let result else {
    do {
      _ = try laneProfiles(
        of: image, rectangles: rectangles, orientation: orientation, signal: signal)
    } catch {
      print("laneProfiles failed: \(error)")
    }
    exit(1)
  }
  let values = result.lanes.reduce(0) { $0 + $1.values.count }
  let areaText = areas.enumerated().map { String(format: "area %d: %.17g", $0 + 1, $1) }
  print(String(format: "laneProfiles: %.5f s, %d lanes, %d values (CPU s: %.4f), ", best,
               result.lanes.count, values, bestCPU) + areaText.joined(separator: ", "))
}
