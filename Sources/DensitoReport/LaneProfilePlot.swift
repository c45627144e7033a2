import DensitoAnalysis
import DensitoExperiment
import Foundation

/// The lane profiles of one blot (`profiles-<target>.svg`), one small panel per lane, in the
/// manner of ImageJ's gel plots: the lane's mean signal per row (top of the gel at the left),
/// the baseline that was subtracted (dashed red), and each band's integrated area — the
/// region between profile and baseline over the band's rows — filled (green; orange for the
/// band used for the ratio), labelled with its letter (a, b, … top to bottom, the order of
/// `bands.csv`) and, for the band used, its volume (signal units × pixels).
///
/// All panels of a blot share one signal axis, so lanes compare at a glance; the axis leaves
/// room above the highest peak for its label. Non-finite
/// values are left out of the paths (the SVG never holds NaN).
public struct LaneProfilePlot: Sendable {
  public var data: BlotPictureData

  public init(_ data: BlotPictureData) {
    self.data = data
  }

  static let panelWidth = 220.0
  static let panelHeight = 130.0
  static let columns = 4
  static let fontStack = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

  public var svg: String {
    let lanes = data.analysis.lanes
    let cols = max(1, min(Self.columns, lanes.count))
    let rows = max(1, (lanes.count + cols - 1) / cols)
    let top = 22.0, legend = 18.0
    let width = Double(cols) * Self.panelWidth
    let height = top + Double(rows) * Self.panelHeight + legend
    // Shared signal range over every lane's profile and baseline.
    var lo = Double.infinity, hi = -Double.infinity
    for lane in lanes {
      for v in lane.profile + lane.baseline where v.isFinite {
        lo = min(lo, v)
        hi = max(hi, v)
      }
    }
    if !(lo < hi) { lo = lo.isFinite ? lo - 1 : 0; hi = lo + 2 }
    // Headroom above the highest peak for its label (7-pt text 3 pt above the peak in a
    // 98-pt panel: 14 % of the range), 5 % below.
    let range = hi - lo
    lo -= range * 0.05
    hi += range * 0.14

    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
      viewBox="0 0 \(n(width)) \(n(height))" font-family="\(Self.fontStack)" font-size="9">

      """
    s += "<title>Lane profiles: \(xml(data.blot.target))</title>\n"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    s += "<text x=\"6\" y=\"15\" font-size=\"11\" font-weight=\"bold\">\(xml(data.blot.target)): lane profiles (\(xml(data.analysis.signal.name)); top of gel at left)</text>\n"
    for (li, lane) in lanes.enumerated() {
      let px = Double(li % cols) * Self.panelWidth
      let py = top + Double(li / cols) * Self.panelHeight
      let left = px + 34, right = px + Self.panelWidth - 8
      let ptop = py + 16, pbottom = py + Self.panelHeight - 16
      let count = lane.profile.count
      func x(_ i: Double) -> Double {
        count > 1 ? left + i / Double(count - 1) * (right - left) : (left + right) / 2
      }
      func y(_ v: Double) -> Double { pbottom - (v - lo) / (hi - lo) * (pbottom - ptop) }
      let record = data.blot.lanes.indices.contains(li) ? data.blot.lanes[li] : nil
      let name: String
      switch data.layout.indices.contains(li) ? data.layout[li] : nil {
      case .ladder?: name = "ladder"
      case .empty?: name = "empty"
      case .sample(let sample)?:
        name = sample.name + (data.spec.exclude.contains(sample.name) ? " (excluded)" : "")
      case nil: name = "unassigned"
      }
      s += "<g>\n<text x=\"\(n(left))\" y=\"\(n(py + 11))\" font-weight=\"bold\">Lane \(li + 1): \(xml(name))</text>\n"
      s += "<rect x=\"\(n(left))\" y=\"\(n(ptop))\" width=\"\(n(right - left))\" height=\"\(n(pbottom - ptop))\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.5\"/>\n"
      // Band areas first, under the lines.
      for (bi, band) in lane.bands.enumerated() {
        let chosen = record?.chosen == bi
        let i0 = max(band.top - lane.y0, 0), i1 = min(band.bottom - lane.y0, count - 1)
        guard i0 <= i1 else { continue }
        var upper: [String] = [], lower: [String] = []
        for i in i0...i1 {
          let p = lane.profile[i], b = lane.baseline[i]
          guard p.isFinite, b.isFinite else { continue }
          upper.append("\(n(x(Double(i)))),\(n(y(max(p, b))))")
          lower.append("\(n(x(Double(i)))),\(n(y(b)))")
        }
        guard !upper.isEmpty else { continue }
        let fill = chosen ? "#e69f00" : "#009e73"
        s += "<polygon points=\"\((upper + lower.reversed()).joined(separator: " "))\" fill=\"\(fill)\" fill-opacity=\"0.45\" stroke=\"none\"/>\n"
        let peakIndex = min(max(Int((band.y - Double(lane.y0)).rounded()), 0), count - 1)
        let labelY = lane.profile[peakIndex].isFinite ? y(lane.profile[peakIndex]) - 3 : ptop + 9
        let letter = Self.letter(bi)
        // Only the band used carries its volume (labels of close bands would collide); the
        // others carry their letter, every volume is in bands.csv.
        let label = chosen ? "\(letter) \(Self.volume(band.volume))" : letter
        s += "<text x=\"\(n(x(Double(peakIndex))))\" y=\"\(n(max(labelY, ptop + 8)))\" text-anchor=\"middle\" font-size=\"7\"\(chosen ? " font-weight=\"bold\"" : "")>\(label)\(band.saturated ? " SAT" : "")</text>\n"
      }
      s += "<polyline points=\"\(path(lane.profile, x: x, y: y))\" fill=\"none\" stroke=\"black\" stroke-width=\"0.8\"/>\n"
      s += "<polyline points=\"\(path(lane.baseline, x: x, y: y))\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"/>\n"
      s += "<text x=\"\(n(left - 3))\" y=\"\(n(ptop + 7))\" text-anchor=\"end\" font-size=\"7\">\(Self.volume(hi))</text>\n"
      s += "<text x=\"\(n(left - 3))\" y=\"\(n(pbottom))\" text-anchor=\"end\" font-size=\"7\">\(Self.volume(lo))</text>\n"
      s += "<text x=\"\(n(left))\" y=\"\(n(pbottom + 10))\" font-size=\"7\">row \(lane.y0)</text>\n"
      s += "<text x=\"\(n(right))\" y=\"\(n(pbottom + 10))\" text-anchor=\"end\" font-size=\"7\">row \(lane.y1 - 1)</text>\n"
      s += "</g>\n"
    }
    let ly = height - 6
    s += "<g font-size=\"8\"><line x1=\"6\" y1=\"\(n(ly - 3))\" x2=\"20\" y2=\"\(n(ly - 3))\" stroke=\"black\"/><text x=\"23\" y=\"\(n(ly))\">profile</text>"
    s += "<line x1=\"66\" y1=\"\(n(ly - 3))\" x2=\"80\" y2=\"\(n(ly - 3))\" stroke=\"#d62728\" stroke-dasharray=\"3 2\"/><text x=\"83\" y=\"\(n(ly))\">baseline</text>"
    s += "<rect x=\"130\" y=\"\(n(ly - 7))\" width=\"10\" height=\"7\" fill=\"#009e73\" fill-opacity=\"0.45\"/><text x=\"143\" y=\"\(n(ly))\">band volume</text>"
    s += "<rect x=\"205\" y=\"\(n(ly - 7))\" width=\"10\" height=\"7\" fill=\"#e69f00\" fill-opacity=\"0.45\"/><text x=\"218\" y=\"\(n(ly))\">band used (volume = signal x pixels; SAT = saturated)</text></g>\n"
    s += "</svg>\n"
    return s
  }

  /// Band letters a, b, …, z, then a1, b1, ….
  static func letter(_ i: Int) -> String {
    let scalar = UnicodeScalar(UInt8(97 + i % 26))
    return String(Character(scalar)) + (i >= 26 ? String(i / 26) : "")
  }

  /// A volume or signal value for a label: integers from 1000 up, else 3 significant digits.
  static func volume(_ v: Double) -> String {
    guard v.isFinite else { return "n/a" }
    if abs(v) >= 1000 { return String(Int(v.rounded())) }
    return String(format: "%.3g", v)
  }

  func path(_ values: [Double], x: (Double) -> Double, y: (Double) -> Double) -> String {
    values.enumerated().compactMap { i, v in
      v.isFinite ? "\(n(x(Double(i)))),\(n(y(v)))" : nil
    }.joined(separator: " ")
  }

  func n(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    if r == 0 { return "0" }
    return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
  }

  func xml(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
