/// Background subtraction speed against ImageJ: filled in by the background work (issue 3).
func backgroundBenchmarks(arguments: [String]) {
  print("background benchmarks: not written yet")
}
