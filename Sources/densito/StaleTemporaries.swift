import Foundation

/// Hidden temporaries left in an output folder by a run that was killed while writing
/// (SIGKILL, a power cut; SIGINT and SIGTERM leave none, see `Interruption`).
///
/// Two names are recognised, both hidden (leading dot) and never a result's name:
/// - `.densito-staging-<pid>-<n>/`: `BatchOutputFolder`'s staging folder (the temporary
///   files of a folder write live inside it);
/// - `.<name>.tmp-<pid>-<n>`: `FileIO.writeAtomically`'s temporary for the file `<name>`.
///
/// Before a new write, `sweep(_:)` removes the staging folders in the output folder, and
/// `sweep(besideFile:)` the temporaries of that one file, whose process `<pid>` no longer
/// exists on this machine. Nothing else is touched: an output file may sit in a shared
/// folder (`/tmp`, a home folder) where other programs' temporaries look alike. Temporaries
/// of a live process (another densito writing there right now) are left alone. On a file
/// system shared by several machines a pid says nothing about another machine's processes:
/// give each machine its own output folder (as `densito batch --shard` does by convention).
enum StaleTemporaries {
  /// Removes the stale staging folders directly inside `folder` (absolute or relative);
  /// returns the names removed. A folder that does not exist or cannot be listed is left
  /// alone.
  @discardableResult
  static func sweep(_ folder: String) -> [String] {
    sweep(in: folder) { $0.hasPrefix(stagingPrefix) }
  }

  /// Removes the stale temporaries of `file` (`.<name>.tmp-<pid>-<n>` beside it).
  @discardableResult
  static func sweep(besideFile file: String) -> [String] {
    let dir = (file as NSString).deletingLastPathComponent
    let prefix = "." + (file as NSString).lastPathComponent + ".tmp-"
    return sweep(in: dir.isEmpty ? "." : dir) { $0.hasPrefix(prefix) }
  }

  static let stagingPrefix = ".densito-staging-"

  private static func sweep(in folder: String, where matches: (String) -> Bool) -> [String] {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return [] }
    var removed: [String] = []
    for name in names where matches(name) {
      guard let pid = ownerPID(ofTemporary: name), !isRunning(pid) else { continue }
      if (try? fm.removeItem(atPath: folder + "/" + name)) != nil { removed.append(name) }
    }
    return removed
  }

  /// The pid in a temporary's name, or nil when `name` is not one of ours.
  static func ownerPID(ofTemporary name: String) -> pid_t? {
    let tail: Substring
    if name.hasPrefix(stagingPrefix) {
      tail = name.dropFirst(stagingPrefix.count)
    } else if name.hasPrefix("."), let range = name.range(of: ".tmp-", options: .backwards),
      range.lowerBound > name.index(after: name.startIndex)
    {
      tail = name[range.upperBound...]
    } else {
      return nil
    }
    let parts = tail.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UInt32(parts[1]) != nil else { return nil }
    return pid
  }

  /// True when a process `pid` exists (kill with signal 0 checks without sending).
  static func isRunning(_ pid: pid_t) -> Bool {
    if pid == getpid() { return true }
    return kill(pid, 0) == 0 || errno == EPERM
  }
}
