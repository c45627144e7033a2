/// Base64 as in RFC 4648, section 4 (alphabet `A–Z a–z 0–9 + /`, `=` padding, no line
/// breaks): the encoding of `data:` URIs (RFC 2397), and the output of Foundation's
/// `Data.base64EncodedString()` without options, written straight into a byte buffer.
///
/// Every 3 input bytes become 4 characters, each carrying 6 bits, most significant first; a
/// last group of 1 or 2 bytes is padded with zero bits and `=`, so n bytes give
/// 4·⌈n/3⌉ characters.
enum Base64 {
  static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// Characters of the encoding of `n` bytes: 4·⌈n/3⌉.
  static func encodedCount(_ n: Int) -> Int { (max(n, 0) + 2) / 3 * 4 }

  /// Appends the base64 encoding of `bytes` to `out`.
  static func append<Bytes: Collection>(_ bytes: Bytes, to out: inout [UInt8])
  where Bytes.Element == UInt8 {
    let contiguous: Void? = bytes.withContiguousStorageIfAvailable {
      append(contiguous: $0, to: &out)
    }
    if contiguous == nil {
      Array(bytes).withUnsafeBufferPointer { append(contiguous: $0, to: &out) }
    }
  }

  static func append(contiguous input: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: encodedCount(input.count)))
    let whole = input.count / 3 * 3
    out.withUnsafeMutableBufferPointer { o in
      alphabet.withUnsafeBufferPointer { t in
        var j = start
        func put(_ group: UInt32) {
          o[j] = t[Int(group >> 18 & 63)]
          o[j + 1] = t[Int(group >> 12 & 63)]
          o[j + 2] = t[Int(group >> 6 & 63)]
          o[j + 3] = t[Int(group & 63)]
          j += 4
        }
        var i = 0
        while i < whole {
          put(UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2]))
          i += 3
        }
        let left = input.count - whole
        if left > 0 {
          let second = left == 2 ? UInt32(input[whole + 1]) << 8 : 0
          put(UInt32(input[whole]) << 16 | second)
          o[j - 1] = UInt8(ascii: "=")
          if left == 1 { o[j - 2] = UInt8(ascii: "=") }
        }
      }
    }
  }
}
