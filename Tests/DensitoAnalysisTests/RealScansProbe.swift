import DensitoRaster
import Foundation
import Testing
@testable import DensitoAnalysis

// Throwaway probe (not committed): raw Float32 conversions in /tmp/realscans.
@Suite struct RealScansProbe {
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/tmp/realscans/index.json")))
  func probe() throws {
    let index = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: "/tmp/realscans/index.json"))) as! [String: [String: Any]]
    let expected = ["csitron_antiActin_20240710_131425_Ch_Chemi": 8, "biorad1sc_test4_imglab_analysis": 16,
      "gelgenie": 4, "gelblotanalyzer": 8, "wbquantifier_test_image": 12, "wbquantifier_test_image2": 13,
      "wbmage_test1": 8, "wbmage_test3": 11, "wbmage_test4": 10, "facuperezt_wide_pic_bands": 8,
      "facuperezt_img_2band": 3, "facuperezt_img_shadow": 3, "wbtool_loading_control": 11, "goedhart_Dotblot_Example-data": 0]
    for name in index.keys.sorted() {
      let m = index[name]!
      let w = m["width"] as! Int, h = m["height"] as! Int
      let data = try Data(contentsOf: URL(fileURLWithPath: "/tmp/realscans/\(name).f32"))
      let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
      var meta = ImageMetadata(bitDepth: m["bitDepth"] as! Int, sampleFormat: .unsignedInteger)
      meta.invertedFromMinIsWhite = m["inverted"] as! Bool
      let image = GrayImage(width: w, height: h, maxValue: Float(m["maxValue"] as! Int), samples: samples, metadata: meta)
      let start = Date()
      do {
        let r = try analyzeBlot(image)
        let t = Date().timeIntervalSince(start)
        print("REAL \(name): expected \(expected[name] ?? -1) found \(r.lanes.count) lanes; \(r.polarity.polarity.rawValue) \(r.signal.name) skew \(r.skewDegrees) smile \(r.smile.map { String(format: "%.1f", $0) } ?? "-") region \(r.region) \(String(format: "%.2f", t)) s")
        print("   lanes:", r.lanes.map { "\(Int($0.centerX))w\(Int($0.width))\($0.inferred ? "i" : ""):\($0.bands.count)\($0.bands.contains(where: \.saturated) ? "S" : "")" }.joined(separator: " "))
        print("   warnings:", r.warnings.prefix(3))
      } catch {
        print("REAL \(name): expected \(expected[name] ?? -1) ERROR \(error)")
      }
    }
  }
}
