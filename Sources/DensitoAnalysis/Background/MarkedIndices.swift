/// Writes to `selected`, in order, the indices i of 0..<n whose `marks[i]` is 1 (marks are 0
/// or 1), with both ends 0 and n − 1 always included whatever their marks; returns how many.
/// Branch-free: every index is written and the count advances by its mark. Shared by the
/// paraboloids' candidate filters (`ExactParaboloid`, `ImageJSlidingParaboloid`).
@inline(__always)
func gatherMarkedIndices(
  _ marks: UnsafePointer<UInt8>, count n: Int, into selected: UnsafeMutablePointer<Int>
) -> Int {
  guard n > 0 else { return 0 }
  selected[0] = 0
  var kept = 1
  if n > 2 {
    for i in 1..<(n - 1) {
      selected[kept] = i
      kept &+= Int(marks[i])
    }
  }
  if n > 1 {
    selected[kept] = n - 1
    kept &+= 1
  }
  return kept
}
