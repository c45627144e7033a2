import Foundation

/// `(0..<count).map(body)` computed by up to `jobs` threads, with the results and the error
/// of a sequential loop.
///
/// Results come back in index order whatever order the work finished in. When bodies throw,
/// the error thrown is the one of the lowest failing index: the error a sequential loop would
/// have stopped at (every lower index succeeded in both cases). Once index `k` failed, indices
/// above `k` not yet started are skipped, as a sequential loop would never reach them.
/// With `jobs <= 1` (or `count <= 1`) it is the plain loop on the calling thread.
///
/// Uses ``BatchScheduler`` (threads with an 8 MB stack), so `body` may run deep recursions.
public enum OrderedParallelMap {
  public static func map<T: Sendable>(
    count: Int, jobs: Int, _ body: @escaping @Sendable (Int) throws -> T
  ) throws -> [T] {
    if jobs <= 1 || count <= 1 {
      return try (0..<count).map(body)
    }
    let slots = Slots<T>(count: count)
    BatchScheduler.run(count: count, jobs: jobs) { i in
      guard !slots.failedBelow(i) else { return }
      do {
        slots.set(i, .success(try body(i)))
      } catch {
        slots.set(i, .failure(error))
      }
    }
    return try slots.collect()
  }
}

/// The per-index results, written from any thread under a lock.
private final class Slots<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<T, any Error>?]
  private var firstFailure = Int.max

  init(count: Int) {
    results = Array(repeating: nil, count: count)
  }

  func failedBelow(_ i: Int) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return firstFailure < i
  }

  func set(_ i: Int, _ r: Result<T, any Error>) {
    lock.lock()
    defer { lock.unlock() }
    results[i] = r
    if case .failure = r { firstFailure = min(firstFailure, i) }
  }

  /// The values in index order, or the error of the lowest failed index.
  func collect() throws -> [T] {
    lock.lock()
    defer { lock.unlock() }
    var values: [T] = []
    values.reserveCapacity(results.count)
    for r in results {
      switch r {
      case .success(let v)?: values.append(v)
      case .failure(let e)?: throw e
      case nil: preconditionFailure("an index below the first failure was skipped")
      }
    }
    return values
  }
}
