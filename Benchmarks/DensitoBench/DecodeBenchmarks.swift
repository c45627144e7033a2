/// Decode speed against plain C programs: filled in by the codec work (issue 2).
func decodeBenchmarks(arguments: [String]) {
  print("decode benchmarks: not written yet")
}
