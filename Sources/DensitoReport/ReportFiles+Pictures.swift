import DensitoExperiment

extension ReportFiles {
  /// Everything ``files(for:record:)`` lists, plus the pictures and the HTML report:
  /// `overlay-<target>.png` and `profiles-<target>.svg` per blot, `foldchange.png`, and
  /// `report.html` (self-contained, images embedded).
  ///
  /// Each image is decoded again from `experiment.resolve(blot.image)` and re-analysed with
  /// the run's options (see ``BlotPictureData``). `version` is the software version printed
  /// in the report. With `sensitivity`, the experiment is analysed again under each 2-D
  /// background method (``SensitivityAnalysis``), written as `sensitivity.csv` and a report
  /// section. `progress` hears each step ("pictures BCLX", "sensitivity: paraboloid").
  ///
  /// With `jobs` > 1 the blots' pictures are made, and the sensitivity runs made, that many at
  /// a time; the files are the same, in the same order. With the `memo` the run's analyzer
  /// used, analyses already made (same file bytes, same options) are reused: same files.
  public static func filesWithPictures(
    for result: ExperimentResult, record: AnalysisRecord, version: String,
    sensitivity: Bool = true, jobs: Int = 1, memo: AnalysisMemo? = nil,
    progress: (@Sendable (String) -> Void)? = nil
  ) throws -> [(name: String, bytes: [UInt8])] {
    var files = try files(for: result, record: record)
    // The sensitivity runs come first, while no picture is held: their peak (a decoded scan,
    // its flattened copy and the analysis planes) then does not add to the pictures' bytes.
    let comparison = sensitivity ? SensitivityAnalysis(
      result: result, analyzer: DensitoAnalysisAdapter(memo: memo), jobs: jobs, progress: progress) : nil
    MemoryTrace.mark("sensitivity runs")
    let blots = try OrderedParallelMap.map(count: result.blots.count, jobs: jobs) { i in
      let blot = result.blots[i]
      progress?("[\(i + 1)/\(result.blots.count)] pictures \(blot.target)")
      let data = try BlotPictureData(blot: blot, experiment: result.experiment, memo: memo)
      MemoryTrace.mark("pictures: analysed \(blot.image)")
      let profilesSVG = LaneProfilePlot(data).svg
      let consistent = data.consistent
      // The scan goes once the overlay is drawn: the PNG is encoded from the canvas alone.
      let canvas = BlotOverlay(consume data).canvas()
      MemoryTrace.mark("pictures: overlay canvas \(blot.image)")
      let png = try canvas.png()
      MemoryTrace.mark("pictures: overlay PNG \(blot.image)")
      return BlotPictures(
        target: blot.target, overlayName: "overlay-\(fileSafe(blot.target)).png",
        overlayPNG: png,
        profilesName: "profiles-\(fileSafe(blot.target)).svg",
        profilesSVG: profilesSVG, consistent: consistent)
    }
    for pictures in blots {
      files.append((pictures.overlayName, pictures.overlayPNG))
      files.append((pictures.profilesName, Array(pictures.profilesSVG.utf8)))
    }
    let chartPNG = try FoldChangeChart(result: result).png()
    files.append(("foldchange.png", chartPNG))
    if let comparison {
      files.append(("sensitivity.csv", Array(ResultTables.sensitivity(result, comparison).text.utf8)))
    }
    let html = HTMLReport(
      result: result, version: version, blots: blots, chartPNG: chartPNG, sensitivity: comparison
    ).bytes
    files.append(("report.html", html))
    MemoryTrace.mark("report.html")
    return files
  }

  /// `name` with every character other than ASCII letters, digits, '-', '_' and '.' replaced
  /// by '_' (a target like "p-STAT6 (Y641)" becomes "p-STAT6__Y641_").
  public static func fileSafe(_ name: String) -> String {
    String(name.map { c in
      c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_"
    })
  }
}

/// The pictures of one blot, as embedded in the HTML report.
public struct BlotPictures: Sendable {
  public var target: String
  public var overlayName: String
  public var overlayPNG: [UInt8]
  public var profilesName: String
  public var profilesSVG: String
  /// False when the re-analysis did not reproduce the recorded bands (should not happen).
  public var consistent: Bool
}

extension ResultTables {
  /// `sensitivity.csv`: each comparison's fold change, adjusted p-value and stars under each
  /// 2-D background method (`used` marks the method of the reported results).
  public static func sensitivity(_ result: ExperimentResult, _ s: SensitivityAnalysis) -> CSVTable {
    var table = CSVTable(header: [
      "target", "group", "background", "used", "fold_change", "p_adjusted", "significance",
      "error", "conclusion_depends_on_background",
    ])
    for r in result.foldChanges {
      let depends = NumberFormat.flag(s.conclusionDepends(target: r.target, group: r.group))
      for v in s.variants {
        let row = v.foldChanges.first { $0.target == r.target && $0.group == r.group }
        table.append([
          r.target, r.group, v.method, NumberFormat.flag(v.used),
          NumberFormat.value(row?.foldChange), NumberFormat.pValue(row?.pAdjusted ?? row?.pValue),
          row?.significance ?? "", v.error ?? "", depends,
        ])
      }
    }
    return table
  }
}
