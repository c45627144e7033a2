import Foundation
import Testing

@testable import DensitoRaster

/// Files written straight to disk (`TIFFEncoder.write(_:layout:compression:toPath:)`, through
/// `FileIO.writeAtomically(toPath:_:)`) hold exactly the bytes of the in-memory encoder, and
/// whole-file reads (`FileIO.readBytes`) return exactly the file.
@Suite struct FileStreamingSpec {
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("densito-streaming-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// 300 x 700 random floats (840 KB: 13 strips of about 64 KiB).
  static let image = TIFFEncoderSpec.randomFloats(width: 300, height: 700)

  @Test(arguments: [
    (TIFFSampleLayout.float32, TIFFWriteCompression.none), (.float32, .deflate),
    (.uint16, .none), (.uint16, .deflate),
  ])
  func streamedFileEqualsTheEncodedBytes(layout: TIFFSampleLayout, compression: TIFFWriteCompression)
    throws
  {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("out.tif").path
    let image = Self.image  // every bit pattern: uint16 rounds and clamps them the same way
    try TIFFEncoder.write(image, layout: layout, compression: compression, toPath: path)
    let expected = try TIFFEncoder.encode(image, layout: layout, compression: compression)
    #expect(try FileIO.readBytes(atPath: path) == expected)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.tif"],
      "no temporary file is left beside the output")
  }

  /// 2100 x 1100 floats = 9.24 MB: the file passes the 8 MiB writeback chunk once.
  @Test func writebackChunksDoNotChangeTheBytes() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let image = GrayImage(
      width: 2100, height: 1100, maxValue: 65535,
      samples: (0..<(2100 * 1100)).map { Float($0 % 65_521) * 0.5 })
    let path = folder.appendingPathComponent("big.tif").path
    try TIFFEncoder.write(image, layout: .float32, toPath: path)
    let back = try TIFFDecoder.decode(try FileIO.readBytes(atPath: path), options: DecodingOptions())
    #expect(back.samples == image.samples)
    #expect(try FileIO.readBytes(atPath: path) == TIFFEncoder.encode(image, layout: .float32))
  }

  @Test func aFailedWriteLeavesThePreviousFileAndNoTemporary() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("out.tif").path
    try Data("previous".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: ImageFileError.self) {
      try TIFFEncoder.write(
        GrayImage(width: 0, height: 0, maxValue: 1, samples: []), layout: .float32, toPath: path)
    }
    #expect(throws: ImageFileError.self) {
      try FileIO.writeAtomically(toPath: path) { _ in "simulated failure" }
    }
    do {
      try FileIO.writeAtomically(toPath: path) { _ in "simulated failure" }
    } catch {
      #expect(error.description == "\(path): cannot write: simulated failure")
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.tif"])
  }

  @Test func readBytesReturnsTheWholeFile() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for count in [0, 1, 4096, (4 << 20) + 17] {
      let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
      let url = folder.appendingPathComponent("f\(count)")
      try Data(bytes).write(to: url)
      #expect(try FileIO.readBytes(atPath: url.path) == bytes, "\(count) bytes")
    }
  }

  @Test func readBytesNamesTheFileAndTheReason() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("missing.tif").path
    #expect(throws: ImageFileError(path: missing, reason: .cannotRead("no such file"))) {
      try FileIO.readBytes(atPath: missing)
    }
    #expect(throws: ImageFileError(path: folder.path, reason: .cannotRead("is a directory"))) {
      try FileIO.readBytes(atPath: folder.path)
    }
  }

  /// A device or pipe is read to its end like a file: /dev/null is empty (the callers then
  /// say "empty"), not "permission denied" as Foundation's reader claimed; an endless one
  /// (/dev/zero) is refused at the stream limit instead of hanging.
  @Test func readBytesReadsDevicesToTheirEndWithinALimit() throws {
    #expect(try FileIO.readBytes(atPath: "/dev/null").isEmpty)
    let endless = ImageFileError(
      path: "/dev/zero",
      reason: .cannotRead("not a regular file, and longer than 200000 bytes"))
    #expect(throws: endless) { try FileIO.readBytes(atPath: "/dev/zero", streamLimit: 200_000) }
  }
}
