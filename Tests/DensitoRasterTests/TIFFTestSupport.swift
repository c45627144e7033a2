import Foundation
import Testing

@testable import DensitoRaster

/// Fixtures and helpers of the TIFF specs.
enum TIFFFixtures {
  /// `TestImages/tiff/`.
  static let folder = TestPaths.testImages.appendingPathComponent("tiff")

  /// The shared data folder: `../shared` (TestPaths.shared), or `DENSITO_SHARED_DIR` when
  /// set and present (a git worktree has no `../shared`). Nil: shared-data specs skip.
  static let shared: URL? = {
    if let shared = TestPaths.shared { return shared }
    if let path = ProcessInfo.processInfo.environment["DENSITO_SHARED_DIR"],
      FileManager.default.fileExists(atPath: path)
    {
      return URL(fileURLWithPath: path)
    }
    return nil
  }()

  static var hasShared: Bool { shared != nil }

  /// Bytes of a reference entry's file ("synthetic/...", "conformance/...", "realscans/..."),
  /// nil when it lives in the absent shared folder.
  static func bytes(of name: String) throws -> [UInt8]? {
    let url: URL
    if name.hasPrefix("synthetic/") {
      url = folder.appendingPathComponent(name)
    } else if let shared {
      url = shared.appendingPathComponent(name)
    } else {
      return nil
    }
    return [UInt8](try Data(contentsOf: url))
  }

  static func shared(_ relative: String) throws -> [UInt8]? {
    guard let shared else { return nil }
    return [UInt8](try Data(contentsOf: shared.appendingPathComponent(relative)))
  }

  static func synthetic(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: folder.appendingPathComponent("synthetic/" + name)))
  }

  /// `TestImages/tiff/tiff-reference.json`, written by scripts/reference/tiff-reference.py
  /// (tifffile + imagecodecs; versions recorded in the file).
  static let reference: TIFFReference = {
    let url = folder.appendingPathComponent("tiff-reference.json")
    guard let data = try? Data(contentsOf: url),
      let decoded = try? JSONDecoder().decode(TIFFReference.self, from: data)
    else { fatalError("cannot read \(url.path)") }
    return decoded
  }()
}

/// The reference file's layout.
struct TIFFReference: Decodable {
  struct Page: Decodable {
    var page: Int
    var width: Int
    var height: Int
    var bitDepth: Int
    var maxValue: Double
    var lossy: Bool
    var mean: Double
    var min: Double?
    var max: Double?
    var sha256: String?
  }
  struct File: Decodable, CustomTestStringConvertible {
    var file: String
    var unsupported: String?
    var pageCount: Int?
    var pages: [Page]?
    var testDescription: String { file }
  }
  /// What tifffile reads from the files TIFFEncoder wrote (TestImages/tiff/encoder/).
  struct Golden: Decodable {
    var file: String
    var sha256: String
    /// The values equal the formula of `TIFFEncoderGoldenSpec.image` after the layout's
    /// rounding and clamping, as computed by the script.
    var matchesFormula: Bool
  }
  var tools: [String: String]
  var jpegMeanTolerance: Double
  var files: [File]
  var encoderGolden: [Golden]?
}

/// SHA-256 (FIPS 180-4), enough for hashing test rasters; hex digest.
enum SHA256 {
  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4,
    0xab1c_5ed5, 0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe,
    0x9bdc_06a7, 0xc19b_f174, 0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f,
    0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da, 0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7,
    0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967, 0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc,
    0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85, 0xa2bf_e8a1, 0xa81a_664b,
    0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070, 0x19a4_c116,
    0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7,
    0xc671_78f2,
  ]

  static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
    var h: [UInt32] = [
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
      0x5be0_cd19,
    ]
    var message = [UInt8](bytes)
    let bitLength = UInt64(message.count) * 8
    message.append(0x80)
    while message.count % 64 != 56 { message.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    var w = [UInt32](repeating: 0, count: 64)
    func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    for chunk in stride(from: 0, to: message.count, by: 64) {
      for t in 0..<16 {
        let i = chunk + 4 * t
        w[t] =
          UInt32(message[i]) << 24 | UInt32(message[i + 1]) << 16 | UInt32(message[i + 2]) << 8
          | UInt32(message[i + 3])
      }
      for t in 16..<64 {
        let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
        let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
      }
      var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
      for t in 0..<64 {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let ch = (e & f) ^ (~e & g)
        let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let maj = (a & b) ^ (a & c) ^ (b & c)
        let t2 = s0 &+ maj
        (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
      }
      h[0] &+= a
      h[1] &+= b
      h[2] &+= c
      h[3] &+= d
      h[4] &+= e
      h[5] &+= f
      h[6] &+= g
      h[7] &+= hh
    }
    return h.map { word in
      let s = String(word, radix: 16)
      return String(repeating: "0", count: 8 - s.count) + s
    }.joined()
  }

  /// The digest of an image's samples as little-endian Float32 (the reference's rule).
  static func hex(of samples: [Float]) -> String {
    let littleEndian = samples.map { $0.bitPattern.littleEndian }
    return littleEndian.withUnsafeBytes { hex($0) }
  }
}

/// Runs `body` on another thread and reports whether it finished within `seconds`
/// (the time guard of the IFD-loop specs: a hang fails the spec instead of the run).
func finishes(within seconds: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
  let done = DispatchSemaphore(value: 0)
  Thread.detachNewThread {
    body()
    done.signal()
  }
  return done.wait(timeout: .now() + seconds) == .success
}
