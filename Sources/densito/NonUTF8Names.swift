import Foundation

/// Finds, under a batch's folders, the names Foundation cannot show: file and folder names
/// that are not UTF-8 (on Linux a name is any bytes but `/` and NUL). Foundation's listing
/// leaves them out silently, so without this an experiment file so named (or every file in
/// a folder so named) would simply not be analysed.
///
/// Walks with `opendir`/`readdir` on raw bytes, like `BatchDiscovery` (hidden names skipped,
/// symbolic links not followed into folders). Reports each non-UTF-8 folder (not entered:
/// nothing under it can be opened) and each non-UTF-8 file whose name ends in an
/// experiment extension (`.yaml`, `.yml`, `.json`, any case), as paths with the bad bytes
/// shown as `\xHH` (`RawArguments.escaped`).
enum NonUTF8Names {
  static func find(under root: String) -> [String] {
    var found: [String] = []
    walk(Array(root.utf8), shown: root.hasSuffix("/") ? String(root.dropLast()) : root, into: &found)
    return found
  }

  private static func walk(_ path: [UInt8], shown: String, into found: inout [String]) {
    guard let dir = (path + [0]).withUnsafeBufferPointer({ p in
      p.baseAddress.flatMap { opendir(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }) else { return }
    defer { closedir(dir) }
    var entries: [(name: [UInt8], isDirectory: Bool)] = []
    while let entry = readdir(dir) {
      let name: [UInt8] = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
        tuple.withMemoryRebound(to: UInt8.self, capacity: 256) { p in
          Array(UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
        }
      }
      if name.first == UInt8(ascii: ".") { continue }  // hidden, ".", ".."
      var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
      if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
        var info = stat()
        let full = path + [UInt8(ascii: "/")] + name + [0]
        let ok = full.withUnsafeBufferPointer { p in
          lstat(UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: CChar.self), &info) == 0
        }
        isDirectory = ok && (info.st_mode & S_IFMT) == S_IFDIR
      }
      entries.append((name, isDirectory))
    }
    for entry in entries.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) }) {
      let valid = String(validating: entry.name, as: UTF8.self)
      let childShown = shown + "/" + (valid ?? RawArguments.escaped(entry.name))
      if valid == nil {
        if entry.isDirectory || hasExperimentExtension(entry.name) { found.append(childShown) }
        continue
      }
      if entry.isDirectory {
        walk(path + [UInt8(ascii: "/")] + entry.name, shown: childShown, into: &found)
      }
    }
  }

  static func hasExperimentExtension(_ name: [UInt8]) -> Bool {
    guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return false }
    let ext = String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
    return ["yaml", "yml", "json"].contains(ext)
  }
}
