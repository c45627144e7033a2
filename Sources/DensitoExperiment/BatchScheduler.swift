import Dispatch
import Foundation

/// Runs `count` independent jobs with at most `jobs` in flight.
///
/// `jobs` workers each take the next unstarted index (in increasing order) until none is
/// left; `body` is called exactly once per index, from any thread. Returns when all are done.
public enum BatchScheduler {
  public static func run(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let workers = max(1, min(jobs, count))
    let next = NextIndex()
    let group = DispatchGroup()
    for _ in 0..<workers {
      group.enter()
      let thread = Thread {
        while let i = next.take(below: count) { body(i) }
        group.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
  }

  /// The default number of jobs: the number of active processor cores.
  public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// A shared counter handing out indices.
private final class NextIndex: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func take(below count: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard value < count else { return nil }
    value += 1
    return value - 1
  }
}
