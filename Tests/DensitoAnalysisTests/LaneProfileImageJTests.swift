import DensitoAnalysis
import DensitoRaster
import Foundation
import Testing

/// Lane profiles against ImageJ 1.53t's `getProfile()` on the same rectangles.
///
/// Reference: TestImages/profiles/imagej-profiles.csv, made by
/// `bash scripts/reference/profiles/make_reference.sh` (Debian imagej 1.53t-1, OpenJDK 17:
/// makeRectangle + getProfile() with the alt key held for vertical lanes, values printed with
/// `String.format("%.17g")`, which round-trips a double). Inputs: the 8-bit, 16-bit and
/// 32-bit float fixtures of that folder, over the 7 rectangles of lanes.csv (lanes touching
/// each border, one column wide, one row tall).
///
/// Tolerance: none, the values must be equal. ImageJ's rectangle profile adds the pixels
/// of each line as `double`s in increasing coordinate and divides by the count; so does
/// Densito. For 8- and 16-bit data the sums are exact integers, so any order would agree;
/// for the float fixture equality also shows that the order is the same. (numpy's
/// `a[y:y+h, x:x+w].astype(float64).mean(axis)` gives the same 738 values.)
@Suite struct LaneProfileImageJTests {
  struct Rectangle {
    var name: String
    var rect: PixelRect
    var orientation: LaneOrientation
  }

  static let folder = TestPaths.testImages.appendingPathComponent("profiles")

  static func rectangles() throws -> [Rectangle] {
    let text = try String(
      contentsOf: folder.appendingPathComponent("lanes.csv"), encoding: .utf8)
    return try text.split(whereSeparator: \.isNewline).dropFirst().map { line in
      let f = line.split(separator: ",").map(String.init)
      let n = f[1...4].compactMap { Int($0) }
      let orientation = try #require(LaneOrientation(rawValue: f[5]))
      return Rectangle(
        name: f[0], rect: PixelRect(x: n[0], y: n[1], width: n[2], height: n[3]),
        orientation: orientation)
    }
  }

  /// ImageJ's values by (file, rectangle name), in profile order.
  static func reference() throws -> [String: [Double]] {
    let text = try String(
      contentsOf: folder.appendingPathComponent("imagej-profiles.csv"), encoding: .utf8)
    var out: [String: [Double]] = [:]
    for line in text.split(whereSeparator: \.isNewline)
    where !line.hasPrefix("#") && !line.hasPrefix("file,") {
      let f = line.split(separator: ",").map(String.init)
      let key = f[0] + "/" + f[1]
      #expect(Int(f[2]) == out[key, default: []].count)
      out[key, default: []].append(try #require(Double(f[3])))
    }
    return out
  }

  @Test(arguments: ["profiles-8bit.tif", "profiles-16bit.tif", "profiles-float.tif"])
  func profilesEqualImageJs(_ file: String) throws {
    let image = try ImageDecoder.decodeFile(
      atPath: Self.folder.appendingPathComponent(file).path)
    let reference = try Self.reference()
    let rectangles = try Self.rectangles()
    #expect(rectangles.count == 7)
    for orientation in LaneOrientation.allCases {
      let chosen = rectangles.filter { $0.orientation == orientation }
      let set = try laneProfiles(
        of: image, rectangles: chosen.map(\.rect), orientation: orientation)
      for (r, profile) in zip(chosen, set.lanes) {
        let expected = try #require(reference[file + "/" + r.name])
        #expect(profile.values == expected, "\(file) \(r.name)")
      }
    }
  }

  /// The area ImageJ's benchmark macro prints (Σ of the profile, summed in order in the
  /// macro's doubles) is the profile's `area`: the check compare.py makes at full size.
  @Test func areaIsTheSumOfImageJsProfile() throws {
    let image = try ImageDecoder.decodeFile(
      atPath: Self.folder.appendingPathComponent("profiles-16bit.tif").path)
    let reference = try Self.reference()
    let v2 = try #require(Self.rectangles().first { $0.name == "v2" })
    let profile = try laneProfiles(of: image, rectangles: [v2.rect]).lanes[0]
    var sum = 0.0
    for v in try #require(reference["profiles-16bit.tif/v2"]) { sum += v }
    #expect(profile.area == sum)
  }
}
