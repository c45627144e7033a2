import DensitoExperiment
import Foundation

/// `report.html`: the whole analysis in one self-contained page (every picture embedded as a
/// `data:` URI, no scripts, no network): title and design, the fold-change table with stars,
/// the chart, each blot's overlay and lane profiles, warnings, parameters, software version,
/// image checksums, and a methods paragraph ready to paste into a manuscript.
///
/// The table cells carry `data-target`, `data-group` and `class` names (`fc`, `p`, `padj`,
/// `stars`) so that tests can read values back from the rendered page.
public struct HTMLReport: Sendable {
  public var result: ExperimentResult
  public var version: String
  public var blots: [BlotPictures]
  public var chartPNG: [UInt8]
  /// The fold changes under the other background methods (section left out when nil).
  public var sensitivity: SensitivityAnalysis?

  public init(
    result: ExperimentResult, version: String, blots: [BlotPictures], chartPNG: [UInt8],
    sensitivity: SensitivityAnalysis? = nil
  ) {
    self.result = result
    self.version = version
    self.blots = blots
    self.chartPNG = chartPNG
    self.sensitivity = sensitivity
  }

  /// The page as text; ``bytes`` is the same page as UTF-8, made without this String.
  public var html: String { String(decoding: bytes, as: UTF8.self) }

  /// The page as UTF-8 bytes (`report.html`), written straight into one buffer reserved at
  /// its final size: the embedded pictures (most of the page: 77 MB with eleven 24 MP scans)
  /// are base64-encoded into it, never held as Strings, and no String of the whole page is
  /// made and copied.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(estimatedSize)
    out += head.utf8
    appendBlotsSection(to: &out)
    out += tail.utf8
    return out
  }

  /// Bytes of the embedded pictures as base64, plus room for the text around them.
  var estimatedSize: Int {
    let pictures = blots.reduce(Base64.encodedCount(chartPNG.count)) {
      $0 + Base64.encodedCount($1.overlayPNG.count) + Base64.encodedCount($1.profilesSVG.utf8.count)
    }
    return pictures + 64 * 1024 + 2048 * blots.count + 256 * result.foldChanges.count
  }

  /// Everything before the blots.
  var head: String {
    let e = result.experiment
    let title = e.title.isEmpty ? "Densito analysis" : e.title
    var h = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="Densito \(esc(version))">
      <title>\(esc(title))</title>
      <style>
      body { font-family: Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif;
        margin: 2em auto; max-width: 72em; padding: 0 1em; color: #111; line-height: 1.4; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; margin-top: 2em; }
      table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
      th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      .warn { background: #fff4e5; border-left: 4px solid #e69f00; padding: 0.5em 1em; }
      .methods { background: #f5f5f5; padding: 0.8em 1em; }
      img { max-width: 100%; height: auto; border: 1px solid #ddd; }
      figure { margin: 1em 0; } figcaption { font-size: 0.85em; color: #444; }
      code { font-size: 0.9em; }
      img.profiles { width: 100%; }
      </style>
      </head>
      <body>
      <h1>\(esc(title))</h1>
      <p>Analysed with Densito \(esc(version)). Loading control: <b>\(esc(e.loadingControl))</b>;
      control group: <b>\(esc(e.controlGroup))</b>; normalization: \(esc(e.normalization.rawValue));
      test: \(esc(e.statistics.test.rawValue)); correction: \(esc(e.statistics.correction.rawValue));
      error bars: \(e.statistics.errorBars.rawValue.uppercased()).</p>

      """
    h += design
    h += foldChangeTable
    h += "<h2 id=\"chart\">Fold-change chart</h2>\n<figure><img id=\"chart-img\" alt=\"Fold-change chart\" src=\"\(dataURI(png: chartPNG))\">"
    h += "<figcaption>Mean ± \(e.statistics.errorBars.rawValue.uppercased()) relative to \(esc(e.controlGroup)) (= 1, dashed line); points are replicates. \(esc(FoldChangeChart.starLegend)). Also written as foldchange.svg and foldchange.png.</figcaption></figure>\n"
    h += sensitivitySection
    h += warningsSection
    return h
  }

  /// Everything after the blots.
  var tail: String {
    var h = parametersSection
    h += checksumsSection
    h += "<h2 id=\"methods\">Methods</h2>\n<p class=\"methods\" id=\"methods-text\">\(esc(MethodsText(result: result, version: version).paragraph))</p>\n"
    h += "</body>\n</html>\n"
    return h
  }

  var design: String {
    let e = result.experiment
    var h = "<h2 id=\"design\">Design</h2>\n<table><tr><th>Lane</th><th>Content</th><th>Group</th></tr>\n"
    for (i, lane) in e.lanes.enumerated() {
      switch lane {
      case .ladder(let kDa):
        h += "<tr><td class=\"num\">\(i + 1)</td><td>ladder (\(kDa.map { NumberFormat.value($0) }.joined(separator: ", ")) kDa)</td><td></td></tr>\n"
      case .empty:
        h += "<tr><td class=\"num\">\(i + 1)</td><td>empty</td><td></td></tr>\n"
      case .sample(let s):
        h += "<tr><td class=\"num\">\(i + 1)</td><td>\(esc(s.name))</td><td>\(esc(s.group))</td></tr>\n"
      }
    }
    h += "</table>\n<p>Blots: "
    h += e.blots.map { b in
      "\(esc(b.target)) (<code>\(esc(b.image))</code>\(b.kDa.map { ", \(NumberFormat.value($0)) kDa" } ?? ""))"
    }.joined(separator: "; ")
    h += ".</p>\n"
    return h
  }

  var foldChangeTable: String {
    let bars = result.experiment.statistics.errorBars == .sem ? "SEM" : "SD"
    var h = "<h2 id=\"foldchange\">Fold changes</h2>\n<table id=\"foldchange-table\">\n"
    h += "<tr><th>Target</th><th>Group</th><th>n (control, group)</th><th>Fold change</th><th>\(bars)</th><th>Test</th><th>Statistic</th><th>df</th><th>p</th><th>p adjusted</th><th>Significance</th></tr>\n"
    for r in result.foldChanges {
      let err = bars == "SEM" ? r.sem : r.sd
      h += "<tr data-target=\"\(esc(r.target))\" data-group=\"\(esc(r.group))\">"
      h += "<td>\(esc(r.target))</td><td>\(esc(r.group))</td><td class=\"num\">\(r.nControl), \(r.nGroup)</td>"
      h += "<td class=\"num fc\">\(Self.fixed(r.foldChange, 3))</td><td class=\"num\">\(Self.fixed(err, 3))</td>"
      h += "<td>\(esc(r.test))</td><td class=\"num\">\(Self.fixed(r.statistic, 3))</td><td class=\"num\">\(Self.fixed(r.df, 2))</td>"
      h += "<td class=\"num p\">\(NumberFormat.pValue(r.pValue))</td><td class=\"num padj\">\(NumberFormat.pValue(r.pAdjusted))</td>"
      h += "<td class=\"stars\">\(esc(r.significance))</td></tr>\n"
    }
    h += "</table>\n<p>\(esc(FoldChangeChart.starLegend)) (applied to the adjusted p-value when there is one).</p>\n"
    return h
  }

  /// Every warning of the run, plus lossy inputs and excluded lanes, without repeats.
  public var warnings: [String] {
    var list: [String] = []
    func add(_ w: String) { if !list.contains(w) { list.append(w) } }
    result.warnings.forEach(add)
    for b in result.blots {
      // The run's warnings already carry most blot warnings, prefixed with the target.
      for w in b.warnings where !list.contains(where: { $0.hasPrefix(b.target) && $0.hasSuffix(w) }) {
        add("\(b.target): \(w)")
      }
      if b.lossy { add("\(b.target): \(b.image) is lossy (JPEG): volumes carry compression error") }
    }
    for v in result.normalized {
      guard let reason = v.excluded else { continue }
      let said = list.contains {
        $0.hasPrefix(v.target) && $0.contains("(lane \(v.lane + 1))") && $0.contains("excluded")
      }
      if !said { add("\(v.target), \(v.sample.name) (lane \(v.lane + 1)): excluded, \(reason.rawValue)") }
    }
    for p in blots where !p.consistent {
      add("\(p.target): the pictures' re-analysis differs from the recorded bands")
    }
    return list
  }

  var sensitivitySection: String {
    guard let sensitivity else { return "" }
    var h = "<h2 id=\"sensitivity\">Sensitivity to the background method</h2>\n"
    h += "<p>The whole analysis repeated with each 2-D background method (same lanes, bands, normalization and test). Cells: fold change (stars, adjusted p). A conclusion <b>depends</b> on the method when the comparison is significant (p ≤ 0.05) under one and not under another.</p>\n"
    h += "<table id=\"sensitivity-table\"><tr><th>Target</th><th>Group</th>"
    for v in sensitivity.variants {
      h += "<th>\(esc(v.method))\(v.used ? " (used)" : "")</th>"
    }
    h += "<th>Conclusion</th></tr>\n"
    for r in result.foldChanges {
      h += "<tr><td>\(esc(r.target))</td><td>\(esc(r.group))</td>"
      for v in sensitivity.variants {
        if let error = v.error {
          h += "<td title=\"\(esc(error))\">failed</td>"
        } else if let row = v.foldChanges.first(where: { $0.target == r.target && $0.group == r.group }) {
          h += "<td class=\"num\">\(Self.fixed(row.foldChange, 3)) (\(esc(row.significance)), \(NumberFormat.pValue(row.pAdjusted ?? row.pValue)))</td>"
        } else {
          h += "<td></td>"
        }
      }
      let depends = sensitivity.conclusionDepends(target: r.target, group: r.group)
      h += "<td>\(depends ? "<b>depends</b>" : "stable")</td></tr>\n"
    }
    h += "</table>\n"
    for v in sensitivity.variants {
      if let error = v.error { h += "<p>\(esc(v.method)): the analysis failed: \(esc(error))</p>\n" }
    }
    return h
  }

  var warningsSection: String {
    let list = warnings
    var h = "<h2 id=\"warnings\">Warnings</h2>\n"
    if list.isEmpty { return h + "<p id=\"no-warnings\">None.</p>\n" }
    h += "<div class=\"warn\"><ul id=\"warning-list\">\n"
    for w in list { h += "<li>\(esc(w))</li>\n" }
    return h + "</ul></div>\n"
  }

  /// Each blot's heading, overlay and lane profiles, the pictures as `data:` URIs.
  func appendBlotsSection(to out: inout [UInt8]) {
    out += "<h2 id=\"blots\">Blots</h2>\n".utf8
    for (i, p) in blots.enumerated() {
      let b = result.blots.indices.contains(i) ? result.blots[i] : nil
      var h = "<h3>\(esc(p.target))</h3>\n"
      if let b {
        h += "<p><code>\(esc(b.image))</code>, \(b.width) × \(b.height) px, polarity \(esc(b.polarity)), signal \(esc(b.signal)).</p>\n"
      }
      h += "<figure><img class=\"overlay\" alt=\"Overlay of \(esc(p.target))\" src=\"data:image/png;base64,"
      out += h.utf8
      Base64.append(p.overlayPNG, to: &out)
      out += "\">".utf8
      out += "<figcaption>\(esc(p.overlayName)): lanes (blue), bands (green), band used (orange), saturated pixels (magenta), the band row fitted for the smile estimate (vermilion) and, on a tilted blot, each lane's axis (dotted blue); display stretched from the 1st to the 99.5th percentile.</figcaption></figure>\n".utf8
      out += "<figure><img class=\"profiles\" alt=\"Lane profiles of \(esc(p.target))\" src=\"data:image/svg+xml;base64,".utf8
      Base64.append(p.profilesSVG.utf8, to: &out)
      out += "\">".utf8
      out += "<figcaption>\(esc(p.profilesName)): lane profiles with the subtracted baseline (dashed) and the integrated band areas.</figcaption></figure>\n".utf8
    }
  }

  var parametersSection: String {
    let e = result.experiment
    var h = "<h2 id=\"parameters\">Parameters</h2>\n<table>\n"
    func row(_ k: String, _ v: String) { h += "<tr><th>\(esc(k))</th><td>\(esc(v))</td></tr>\n" }
    let a = e.analysis
    row("polarity", a.polarity ?? "automatic")
    row("signal", a.signal ?? "automatic")
    row("lane baseline", a.baseline ?? "valley-to-valley (default)")
    if a.baseline == "rolling-ball" {
      row("lane baseline radius (px)", NumberFormat.value(a.baselineRadius ?? DensitoAnalysisAdapter.defaultBaselineRadius))
    }
    row("2-D background", a.background ?? "none")
    row("background radius (px)", a.backgroundRadius.map { NumberFormat.value($0) } ?? (a.background.map { $0 == "none" } ?? true ? "-" : "50 (default)"))
    row("saturation threshold (fraction of band pixels)", NumberFormat.value(a.saturationThreshold ?? 0.01))
    row("colour to gray", a.gray ?? "mean")
    row("normalization", e.normalization.rawValue)
    row("test", e.statistics.test.rawValue)
    row("correction", e.statistics.correction.rawValue)
    row("error bars", e.statistics.errorBars.rawValue)
    row("saturated bands in ratios", e.statistics.includeSaturated ? "kept" : "excluded")
    for b in e.blots where b.analysis != AnalysisParameters() || b.region != nil || !b.exclude.isEmpty {
      var parts: [String] = []
      if let r = b.region { parts.append("region x=\(r.x) y=\(r.y) w=\(r.width) h=\(r.height)") }
      if !b.exclude.isEmpty { parts.append("excluded: " + b.exclude.joined(separator: ", ")) }
      if let v = b.analysis.background { parts.append("background \(v)") }
      if let v = b.analysis.backgroundRadius { parts.append("radius \(NumberFormat.value(v))") }
      if let v = b.analysis.baseline { parts.append("baseline \(v)") }
      if let v = b.analysis.baselineRadius { parts.append("baseline radius \(NumberFormat.value(v))") }
      if let v = b.analysis.polarity { parts.append("polarity \(v)") }
      if let v = b.analysis.signal { parts.append("signal \(v)") }
      row("blot \(b.target)", parts.joined(separator: "; "))
    }
    return h + "</table>\n"
  }

  var checksumsSection: String {
    var h = "<h2 id=\"software\">Software and inputs</h2>\n<p>Densito \(esc(version)). Experiment file: <code>\(esc(result.experiment.sourcePath))</code>.</p>\n"
    h += "<table id=\"checksums\"><tr><th>Target</th><th>Image</th><th>SHA-256</th><th>Size (px)</th><th>Lossy</th></tr>\n"
    for b in result.blots {
      h += "<tr><td>\(esc(b.target))</td><td><code>\(esc(b.image))</code></td><td><code>\(esc(b.sha256))</code></td><td class=\"num\">\(b.width) × \(b.height)</td><td>\(b.lossy ? "yes" : "no")</td></tr>\n"
    }
    return h + "</table>\n"
  }

  func dataURI(png: [UInt8]) -> String {
    var uri = Array("data:image/png;base64,".utf8)
    Base64.append(png, to: &uri)
    return String(decoding: uri, as: UTF8.self)
  }

  /// `x` with `digits` decimals; empty for nil or non-finite values (never "nan").
  static func fixed(_ x: Double?, _ digits: Int) -> String {
    guard let x, x.isFinite else { return "" }
    return String(format: "%.\(digits)f", x)
  }

  func esc(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
