import Testing
@testable import DensitoRaster

/// Expected digests from coreutils `sha256sum` 9.1 and Python 3.11 `hashlib.sha256`.
@Suite struct SHA256Spec {
  @Test(arguments: [
    ([UInt8](), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ([UInt8](repeating: 0x61, count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ((0..<768).map { UInt8($0 % 256) }, "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"),
  ])
  func digestMatchesReference(bytes: [UInt8], expected: String) {
    #expect(SHA256.hex(of: bytes) == expected)
  }

  @Test func incrementalUpdatesEqualOneShot() {
    let bytes = (0..<1000).map { UInt8(($0 * 7) % 251) }
    var h = SHA256()
    for chunk in stride(from: 0, to: bytes.count, by: 37) {
      h.update(Array(bytes[chunk..<min(chunk + 37, bytes.count)]))
    }
    #expect(h.finalizeHex() == SHA256.hex(of: bytes))
  }
}
