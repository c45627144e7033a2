import DensitoExperiment
import Foundation
import Testing
@testable import DensitoReport

/// `bands.csv` of `densito analyze` says why a band is flagged saturated, in the same column,
/// at the same place and with the same values as `densito bands --csv`: `saturation_reason`
/// right after `saturated_fraction`, `detectorLimit` or `responsePlateau` for a saturated
/// band, empty for an unsaturated band and for a lane without bands.
@Suite struct BandsTableSaturationSpec {
  /// One blot, three lanes: an unsaturated band, a band clipped at the detector limit and a
  /// film band on its response plateau; a fourth lane without bands.
  static func result() -> ExperimentResult {
    let samples = ["A", "B", "C", "D"].map { Sample(name: $0, group: "g") }
    let experiment = Experiment(
      title: "t", loadingControl: "actin", controlGroup: "g", lanes: samples.map { .sample($0) },
      blots: [])
    func band(_ fraction: Double, _ reason: String?) -> BandRecord {
      BandRecord(
        y: 100, top: 90, bottom: 110, volume: 5000, background: 10, peakHeight: 250,
        saturated: reason != nil, saturatedFraction: fraction, kDa: nil, saturationReason: reason)
    }
    let bands: [[BandRecord]] = [
      [band(0, nil)], [band(0.25, "detectorLimit")], [band(0.5, "responsePlateau")], [],
    ]
    let lanes = bands.enumerated().map { i, b in
      LaneRecord(
        index: i, x: 50 + 70 * Double(i), width: 40, kind: "sample", sample: samples[i].name,
        group: "g", bands: b, chosen: b.isEmpty ? nil : 0)
    }
    let blot = BlotResult(
      index: 0, target: "actin", image: "a.tif", sha256: "", width: 300, height: 200,
      lossy: false, polarity: "dark-bands", signal: "inverted-brightness", lanes: lanes,
      warnings: [])
    return ExperimentResult(experiment: experiment, blots: [blot], normalized: [], foldChanges: [])
  }

  @Test func theReasonFollowsTheSaturatedFraction() throws {
    let table = ResultTables.bands(Self.result())
    let fraction = try #require(table.header.firstIndex(of: "saturated_fraction"))
    #expect(table.header[fraction + 1] == "saturation_reason")
    #expect(table.header == [
      "target", "image", "lane", "sample", "group", "x", "lane_width", "y", "top", "bottom",
      "volume", "background", "peak_height", "saturated", "saturated_fraction",
      "saturation_reason", "kDa", "chosen",
    ])
    #expect(table.rows.map { $0[fraction + 1] } == ["", "detectorLimit", "responsePlateau", ""])
    #expect(table.rows.map { $0[fraction - 1] } == ["false", "true", "true", ""])
    #expect(table.rows.allSatisfy { $0.count == table.header.count })
  }

  /// The whole text, so that quoting and empty cells are pinned too.
  @Test func theTableReadsAsExpected() {
    #expect(ResultTables.bands(Self.result()).text == """
      target,image,lane,sample,group,x,lane_width,y,top,bottom,volume,background,peak_height,\
      saturated,saturated_fraction,saturation_reason,kDa,chosen
      actin,a.tif,0,A,g,50.00,40.00,100.00,90.00,110.00,5000,10,250,false,0,,,true
      actin,a.tif,1,B,g,120.00,40.00,100.00,90.00,110.00,5000,10,250,true,0.25,detectorLimit,,true
      actin,a.tif,2,C,g,190.00,40.00,100.00,90.00,110.00,5000,10,250,true,0.5,responsePlateau,,true
      actin,a.tif,3,D,g,260.00,40.00,,,,,,,,,,,false

      """)
  }

  /// A reason recorded for an unsaturated band (not written by Densito, but possible in a
  /// hand-edited or older analysis.json that is replayed) is not shown: the column is empty
  /// whenever `saturated` is false.
  @Test func anUnsaturatedBandNeverShowsAReason() throws {
    var result = Self.result()
    result.blots[0].lanes[0].bands[0].saturationReason = "detectorLimit"
    let table = ResultTables.bands(result)
    let column = try #require(table.header.firstIndex(of: "saturation_reason"))
    #expect(table.rows[0][column] == "")
  }
}
