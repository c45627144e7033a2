import Foundation
import Testing
@testable import DensitoReport

/// `report.html` embeds its pictures as base64 written straight into the page's bytes
/// (``Base64``), no longer through Foundation's `base64EncodedString()`: the two must agree
/// character for character (RFC 4648 §4, `=` padding, no line breaks).
@Suite struct Base64Spec {
  /// Lengths 0...40 cover every padding case (n mod 3 = 0, 1, 2) several times; the bytes
  /// run through all 256 values.
  @Test func agreesWithFoundationForEveryPaddingCase() {
    for n in 0...40 {
      let bytes = (0..<n).map { UInt8(($0 * 97 + n * 31) % 256) }
      var out: [UInt8] = []
      Base64.append(bytes, to: &out)
      #expect(String(decoding: out, as: UTF8.self) == Data(bytes).base64EncodedString(), "n = \(n)")
      #expect(out.count == Base64.encodedCount(n))
    }
  }

  /// RFC 4648 §10 test vectors.
  @Test(arguments: [
    ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
    ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
  ])
  func rfc4648Vectors(_ c: (String, String)) {
    var out: [UInt8] = []
    Base64.append(c.0.utf8, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == c.1)
  }

  /// Appending keeps what the buffer held; a non-contiguous collection encodes the same.
  @Test func appendsAfterExistingBytes() {
    var out = Array("src=\"".utf8)
    Base64.append([UInt8(0xFF), 0xEE].lazy.map { $0 }, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == "src=\"" + Data([0xFF, 0xEE]).base64EncodedString())
  }
}
