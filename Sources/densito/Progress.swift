import Foundation

/// Progress lines on a terminal: shown on standard error only when it is a terminal and
/// `--quiet` was not given, redrawn in place; never mixed into standard output.
final class ProgressLine: @unchecked Sendable {
  private let enabled: Bool
  private let lock = NSLock()
  private var lastLength = 0

  init(quiet: Bool) {
    enabled = !quiet && isatty(STDERR_FILENO) == 1
  }

  func update(_ text: String) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    let padded = text.count < lastLength ? text + String(repeating: " ", count: lastLength - text.count) : text
    lastLength = text.count
    FileHandle.standardError.write(Data("\r\(padded)".utf8))
  }

  func finish() {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    if lastLength > 0 {
      FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lastLength) + "\r").utf8))
    }
    lastLength = 0
  }
}
