import Dispatch

/// A pointer (or anything) handed to `DispatchQueue.concurrentPerform` workers. Safe here
/// because every worker writes a disjoint set of rows or lines.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

/// How many chunks `parallelChunks` may split work into. Tests lower it (to 1 = serial) to
/// check that results do not depend on threading; a task-local value, not global state.
enum BackgroundConcurrency {
  @TaskLocal static var maximumChunks: Int = 64
}

/// Runs `body(start..<end)` over `0..<count` split into contiguous chunks, on all cores.
///
/// Each index is processed exactly once and by a computation that does not depend on the
/// chunking, so results are bit-identical for any number of threads.
func parallelChunks(_ count: Int, minimumChunk: Int = 8, _ body: (Range<Int>) -> Void) {
  guard count > 0 else { return }
  let chunks = min(max(1, count / max(1, minimumChunk)), max(1, BackgroundConcurrency.maximumChunks))
  if chunks == 1 {
    body(0..<count)
    return
  }
  withoutActuallyEscaping(body) { body in
    let work = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let start = count * chunk / chunks
      let end = count * (chunk + 1) / chunks
      work.value(start..<end)
    }
  }
}
