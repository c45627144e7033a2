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
    for hardware in [false, true] { #expect(Self.hex(bytes, hardware: hardware) == expected) }
  }

  /// The digest with the CPU's SHA extensions on or off (on: only where the CPU has them;
  /// `SHA256.hardwareAvailable` says whether the hardware path is what runs here).
  static func hex(_ bytes: [UInt8], hardware: Bool) -> String {
    var h = SHA256(hardware: hardware)
    h.update(bytes)
    return h.finalizeHex()
  }

  @Test func incrementalUpdatesEqualOneShot() {
    let bytes = (0..<1000).map { UInt8(($0 * 7) % 251) }
    var h = SHA256()
    for chunk in stride(from: 0, to: bytes.count, by: 37) {
      h.update(Array(bytes[chunk..<min(chunk + 37, bytes.count)]))
    }
    #expect(h.finalizeHex() == SHA256.hex(of: bytes))
  }

  /// Lengths around the 55/56/64-byte padding boundaries and across many blocks, of the byte
  /// pattern (131·i + 7) mod 256; digests from Python 3.11.7 `hashlib.sha256`:
  /// `hashlib.sha256(bytes((i * 131 + 7) % 256 for i in range(n))).hexdigest()`.
  @Test(arguments: [
    (55, "16ed9c4697ca11d5f6fb25ea7900252dd4cb97215d7f6d0b2bb3e2a86ac0ec72"),
    (56, "939ada93b2fe1e9c596d767bb408567c83e253667f0b25e5be8e16f35f2cbac9"),
    (63, "6073f83b09ae82016cdbe24c18996c48f0eaa08ca675d0f6b90b807fc29e0149"),
    (64, "b337ba9b0c69c391364e985fdcb23a889887e59800832c92fbfa22b8a3c40304"),
    (65, "9d6a3fb113b586b4ab97bc11c993a27bd9b7bbcb756e0646083dc47a679600e6"),
    (119, "9773fbac8194c3d789af101b49b6a26073076895ef6e0f658432849dd477a43f"),
    (120, "070a538f085dd94821d4dc197c5c8b791051891d4fa2a1bf25d3c275236676f7"),
    (127, "5072b7a9a4cda7f6d80f1eff09b8b9653201dba22319daf32c6c05339d57f483"),
    (128, "485a94e53eba9717a5d8b7b4489cad92a752f1c5722e7dfd29dd164b7c438d11"),
    (129, "72b63785704123441e7405a2620b859d1f107604ef5882e2674e82cc40d173a6"),
    (1000, "533b698850849b7908b20a22658f639c0b2a476f1791f85f50188287c31a9aba"),
    (65537, "ee9b8ae801229cc5d7e29d3bb4ba1e5d186379e2c1f5040fbf8d73d5a090dd77"),
    (1_048_589, "27f073e66e733e30e198a797d2035c5d7cdee4d4ffd21e3c39ea3d52b0859187"),
  ])
  func digestOfLengthMatchesHashlib(_ n: Int, _ expected: String) {
    let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
    #expect(SHA256.hex(of: bytes) == expected)
    for hardware in [false, true] {
      #expect(Self.hex(bytes, hardware: hardware) == expected, "hardware \(hardware)")
      // The same bytes fed in uneven pieces (partial blocks carried between updates).
      var h = SHA256(hardware: hardware)
      var start = 0
      var piece = 1
      while start < n {
        let end = min(n, start + piece)
        h.update(Array(bytes[start..<end]))
        start = end
        piece = piece * 3 % 97 + 1
      }
      #expect(h.finalizeHex() == expected, "hardware \(hardware), in pieces")
    }
  }
}
