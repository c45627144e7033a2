import Foundation

/// Checks the command line as the kernel passed it, before Swift and ArgumentParser see it.
///
/// On Linux a file name is any sequence of bytes except `/` and NUL; Swift's
/// `CommandLine.arguments` replaces bytes that are not UTF-8 with U+FFFD, so such a path
/// would silently name another (usually missing) file. Foundation's file APIs take
/// `String` paths and cannot name such a file at all. Arguments longer than the kernel
/// allows for a path could never be opened either. Both are refused up front with one line
/// naming the argument:
/// - not UTF-8: the bytes that are not shown as `\xFF`;
/// - a component longer than `NAME_MAX` (255 bytes on Linux file systems), or a whole
///   argument of `PATH_MAX` (4096) bytes or more: "file name too long" / "path too long".
///
/// No densito option takes a value that long, so the length check applies to every
/// argument.
enum RawArguments {
  static let nameMax = 255
  static let pathMax = 4096

  /// The first problem with the raw arguments (without the program name), or nil.
  static func problem() -> String? {
    let count = Int(CommandLine.argc)
    for i in 1..<max(count, 1) {
      guard let pointer = CommandLine.unsafeArgv[i] else { continue }
      let bytes = Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
      if let problem = problem(with: bytes) { return problem }
    }
    return nil
  }

  /// What is wrong with one argument's bytes, or nil.
  static func problem(with bytes: [UInt8]) -> String? {
    if String(validating: bytes, as: UTF8.self) == nil {
      return "\(escaped(bytes)): not UTF-8; densito can only open files whose names are UTF-8,"
        + " rename it (e.g. convmv -f latin1 -t utf8)"
    }
    if bytes.count >= pathMax {
      return "\(abbreviated(bytes)): path too long (\(bytes.count) bytes; the limit is \(pathMax - 1))"
    }
    if let long = bytes.split(separator: UInt8(ascii: "/")).first(where: { $0.count > nameMax }) {
      return "\(abbreviated(bytes)): file name too long (a component of \(long.count) bytes;"
        + " the limit is \(nameMax))"
    }
    return nil
  }

  /// The bytes as text: valid UTF-8 as is, every other byte and every control character as
  /// `\xHH`, so the line stays one line and shows exactly what is there.
  static func escaped(_ bytes: [UInt8]) -> String {
    var out = ""
    var i = 0
    while i < bytes.count {
      var decoded: String?
      var length = 1
      for n in 1...4 where i + n <= bytes.count {
        if let s = String(validating: bytes[i..<(i + n)], as: UTF8.self) {
          decoded = s
          length = n
          break
        }
      }
      if let decoded, let scalar = decoded.unicodeScalars.first,
        !(scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value))
      {
        out += decoded
      } else {
        for b in bytes[i..<(i + length)] { out += "\\x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) }
      }
      i += length
    }
    return out
  }

  /// Long arguments shortened in the middle (first 60 and last 40 characters shown).
  static func abbreviated(_ bytes: [UInt8]) -> String {
    let text = escaped(bytes)
    guard text.count > 120 else { return text }
    return String(text.prefix(60)) + "…" + String(text.suffix(40))
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
