// Benchmarks (release build only): `make bench`, or
//   swift run -c release densito-bench [decode|tiff|background|bands|profiles] [options]
// Each group prints its figures; Docs/performance.md records them.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let group = arguments.first ?? "all"
let rest = Array(arguments.dropFirst())

switch group {
case "decode": decodeBenchmarks(arguments: rest)
case "background": backgroundBenchmarks(arguments: rest)
case "tiff": tiffDecodeBenchmarks(arguments: rest)
case "bands": bandsBenchmarks(arguments: rest)
case "profiles": profilesBenchmarks(arguments: rest)
case "all":
  decodeBenchmarks(arguments: rest)
  tiffDecodeBenchmarks(arguments: [])
  backgroundBenchmarks(arguments: rest)
  bandsBenchmarks(arguments: [])
default:
  FileHandle.standardError.write(Data("usage: densito-bench [decode|tiff|background|bands|profiles|all]\n".utf8))
  exit(2)
}
