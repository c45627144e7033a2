import DensitoRaster
import DensitoTestSupport
import Foundation
import Testing

/// `densito background` and `densito convert` stream their TIFF to a temporary file beside
/// the output and rename it into place: a full disk gives one clear line, the previous output
/// stays, and nothing is left behind.
@Suite struct StreamedOutputSpec {
  static let scan = TestPaths.testImages.appendingPathComponent("demo/beta-actin.tif").path

  @Test(.enabled(if: TinyDisk.canMount, "cannot mount a tmpfs here (needs root): no full disk to test"))
  func aFullDiskFailsCleanly() throws {
    let dir = try CLI.temporaryDirectory()
    let disk = dir.appendingPathComponent("disk")
    // 16 KiB: the 500 x 360 float result (720 KB) cannot fit.
    try TinyDisk.mount(at: disk, kilobytes: 16)
    defer { TinyDisk.unmount(disk) }
    let out = disk.appendingPathComponent("flat.tif")
    try Data("previous".utf8).write(to: out)
    for arguments in [
      ["background", Self.scan, out.path, "--radius", "25", "--light"],
      ["convert", Self.scan, out.path],
    ] {
      let r = try CLI.run(arguments)
      #expect(r.status != 0)
      #expect(r.stderr == "densito: \(out.path): cannot write: No space left on device\n", "\(r.stderr)")
      #expect(try String(contentsOf: out, encoding: .utf8) == "previous")
      #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["flat.tif"])
    }
  }

  /// The subtracted image and the background, both streamed, add up to the scan (float
  /// subtraction then addition: within 1/128 of a gray level at values below 65536).
  @Test func subtractedPlusBackgroundIsTheScan() throws {
    let dir = try CLI.temporaryDirectory()
    let flat = dir.appendingPathComponent("flat.tif"), bg = dir.appendingPathComponent("bg.tif")
    for (out, extra) in [(flat, [String]()), (bg, ["--create-background"])] {
      let r = try CLI.run(["background", Self.scan, out.path, "--radius", "25", "--light"] + extra)
      #expect(r.status == 0, "\(r.stderr)")
    }
    let scan = try ImageDecoder.decodeFile(atPath: Self.scan)
    let a = try ImageDecoder.decodeFile(atPath: flat.path)
    let b = try ImageDecoder.decodeFile(atPath: bg.path)
    #expect(a.metadata.sampleFormat == .floatingPoint && a.metadata.bitDepth == 32)
    #expect(a.width == 500 && a.height == 360 && b.width == 500 && b.height == 360)
    let worst = zip(scan.samples, zip(a.samples, b.samples)).map { abs($0 - ($1.0 + $1.1)) }.max() ?? .nan
    #expect(worst <= 1.0 / 128, "largest |scan - (flat + background)| = \(worst)")
    #expect(b.samples.contains { $0 != b.samples[0] }, "the background is not constant")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bg.tif", "flat.tif"])
  }
}
