import Foundation

/// Resident-memory readings at stage boundaries, for finding where a run peaks.
///
/// Off unless the environment variable `DENSITO_MEMORY_TRACE` is set (to anything). Each
/// ``mark(_:)`` then prints to standard error the current resident set (`VmRSS`) and the
/// peak since the previous mark (`VmHWM`), both from `/proc/self/status`, in MB, and resets
/// the peak (writing `5` to `/proc/self/clear_refs`, Linux ≥ 4.0; see proc(5)). So each
/// line says how high the memory went during the stage that ends there. Linux only: elsewhere
/// nothing is printed. With `--jobs` > 1 stages of different blots overlap, so the peaks are
/// those of the whole process in that interval.
public enum MemoryTrace {
  public static let isOn = ProcessInfo.processInfo.environment["DENSITO_MEMORY_TRACE"] != nil
  private static let lock = NSLock()

  public static func mark(_ stage: @autoclosure () -> String) {
    guard isOn else { return }
    lock.lock()
    defer { lock.unlock() }
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return }
    func kB(_ field: String) -> Int {
      let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
      return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    let text = "memory: rss \(kB("VmRSS") / 1024) MB, peak \(kB("VmHWM") / 1024) MB  [\(stage())]\n"
    FileHandle.standardError.write(Data(text.utf8))
    if let reset = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
      reset.write(Data("5".utf8))
      try? reset.close()
    }
  }
}
