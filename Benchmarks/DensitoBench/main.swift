// Benchmarks (release build only): `make bench`, or
//   swift run -c release densito-bench [decode|background] [options]
// Each group prints its figures; Docs/performance.md records them.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let group = arguments.first ?? "all"
let rest = Array(arguments.dropFirst())

switch group {
case "decode": decodeBenchmarks(arguments: rest)
case "background": backgroundBenchmarks(arguments: rest)
case "all":
  decodeBenchmarks(arguments: rest)
  backgroundBenchmarks(arguments: rest)
default:
  FileHandle.standardError.write(Data("usage: densito-bench [decode|background|all]\n".utf8))
  exit(2)
}
