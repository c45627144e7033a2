import Dispatch
import Foundation

/// What `densito` does on SIGINT (Ctrl-C) and SIGTERM (what `kill`, Slurm's `scancel` and
/// most schedulers send first).
///
/// Outputs are produced in memory and written whole: `BatchOutputFolder` stages a folder's
/// files in a hidden `.densito-staging-<pid>-<n>/` and renames them into place; single
/// files go through `FileIO.writeAtomically` (a hidden `.<name>.tmp-<pid>-<n>` renamed over
/// the target). Each such write runs inside `committing`. On a signal the handler (a
/// `DispatchSourceSignal`, so it runs as ordinary code on its own queue, not in a signal
/// context):
/// 1. stops new writes from starting (a write that begins after the signal waits forever;
///    the process ends first),
/// 2. waits for the writes in flight to finish (each removes its own staging on success and
///    on failure), so an output folder holds either its previous files or the complete new
///    set, never a mix, a truncated file or a temporary,
/// 3. removes the (still empty) folders this run created for its outputs,
/// 4. prints one line and exits with 128 + the signal number: 130 for SIGINT, 143 for
///    SIGTERM, as a shell reports a process killed by that signal.
///
/// A second signal while step 2 waits is ignored; SIGKILL (`kill -9`) cannot be caught. A
/// hard kill during a write can leave a hidden temporary; `StaleTemporaries` removes it
/// when a later run writes the same folder or file.
///
/// This is the one piece of global mutable state in the CLI: signal handling is
/// process-wide by nature.
enum Interruption {
  /// The shared state behind a lock (`NSCondition`: writes in flight are waited for).
  final class State: @unchecked Sendable {
    let condition = NSCondition()
    var writesInFlight = 0
    var terminating = false
    var createdFolders: [String] = []
    var sources: [DispatchSourceSignal] = []
  }

  static let state = State()

  /// Installs the SIGINT and SIGTERM handlers; later calls do nothing.
  static func install() {
    state.condition.lock()
    defer { state.condition.unlock() }
    guard state.sources.isEmpty else { return }
    let queue = DispatchQueue(label: "densito.signals")
    for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
      // The default action would kill the process at once; ignoring it lets the dispatch
      // source receive it instead.
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler { stop(signal: number, name: name) }
      source.resume()
      state.sources.append(source)
    }
  }

  /// Runs `body`, a write of finished outputs, so that an interruption waits for it to
  /// complete (or fail and clean up) instead of cutting it short. After a signal no new
  /// write starts: the call blocks until the process exits.
  static func committing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    state.condition.lock()
    while state.terminating { state.condition.wait() }
    state.writesInFlight += 1
    state.condition.unlock()
    defer {
      state.condition.lock()
      state.writesInFlight -= 1
      state.condition.broadcast()
      state.condition.unlock()
    }
    return try body()
  }

  /// Remembers folders that this run is about to create (absolute paths, outermost
  /// first), so that an interruption removes them again while they are empty.
  static func willCreate(_ folders: [String]) {
    state.condition.lock()
    state.createdFolders += folders
    state.condition.unlock()
  }

  /// The folders from `path` up that do not exist yet, outermost first.
  static func missingFolders(_ path: String) -> [String] {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var current = URL(fileURLWithPath: absolute).standardizedFileURL.path
    var missing: [String] = []
    while current.count > 1, !FileManager.default.fileExists(atPath: current) {
      missing.append(current)
      current = (current as NSString).deletingLastPathComponent
    }
    return missing.reversed()
  }

  private static func stop(signal number: Int32, name: String) {
    state.condition.lock()
    state.terminating = true
    while state.writesInFlight > 0 { state.condition.wait() }
    let created = state.createdFolders
    state.condition.unlock()
    for folder in created.reversed() { rmdir(folder) }  // fails, harmlessly, when not empty
    let newline = isatty(STDERR_FILENO) == 1 ? "\n" : ""  // below a progress line
    FileHandle.standardError.write(Data(
      "\(newline)densito: interrupted by \(name); no partial output was left (each output is written whole or not at all)\n".utf8))
    fflush(nil)  // every C stream, stdout included (print() writes through it)
    // _exit, not exit: other threads may still be analysing; skip atexit work under them.
    _exit(128 + number)
  }
}
