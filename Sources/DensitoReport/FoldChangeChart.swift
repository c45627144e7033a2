import DensitoExperiment
import Foundation

/// The fold-change bar chart, in the style of a published figure: for each target a bar
/// per group (mean relative expression, control = 1) with error bars (SD or SEM), every
/// replicate as a point, a dashed line at 1, significance stars over each comparison with
/// control, and the star thresholds in a legend.
///
/// The chart is laid out in a coordinate system of points (1/72 inch) sized for a journal
/// column (85 mm ≈ 241 pt wide for up to 6 targets, wider for more), with 7–8 pt text.
public struct FoldChangeChart: Sendable {
  /// One bar: a group's relative values for a target.
  public struct Bar: Sendable, Equatable {
    public var group: String
    public var values: [Double]
    public var mean: Double
    public var error: Double
    /// Stars for the comparison with control ("" for the control bar).
    public var stars: String
  }

  public struct Category: Sendable, Equatable {
    public var target: String
    public var bars: [Bar]
  }

  public var title: String
  public var categories: [Category]
  public var groups: [String]
  /// "SD" or "SEM".
  public var errorLabel: String

  /// Builds the chart's data from an experiment result.
  public init(result: ExperimentResult) {
    let e = result.experiment
    title = e.title
    groups = e.groups
    errorLabel = e.statistics.errorBars == .sem ? "SEM" : "SD"
    let controlMeans = ResultTables.controlMeansByTarget(result)
    var categories: [Category] = []
    let targets = result.foldChanges.map(\.target).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    for target in targets {
      var bars: [Bar] = []
      for g in e.groups {
        let values = result.normalized
          .filter { $0.target == target && $0.sample.group == g }
          .compactMap { v in v.ratio.flatMap { r in controlMeans[target].map { r / $0 } } }
        let row = result.foldChanges.first { $0.target == target && $0.group == g }
        let control = result.foldChanges.first { $0.target == target }
        let useSEM = e.statistics.errorBars == .sem
        let mean = g == e.controlGroup ? (values.isEmpty ? Double.nan : 1) : (row?.foldChange ?? .nan)
        let error = g == e.controlGroup
          ? (useSEM ? control?.semControl : control?.sdControl) ?? .nan
          : (useSEM ? row?.sem : row?.sd) ?? .nan
        bars.append(Bar(group: g, values: values, mean: mean, error: error, stars: row?.significance ?? ""))
      }
      categories.append(Category(target: target, bars: bars))
    }
    self.categories = categories
  }

  /// Fill colours of the groups: control white, then greys and a blue, printable in black and white.
  static let palette = ["#ffffff", "#4d4d4d", "#9ecae1", "#bdbdbd", "#3182bd", "#f0f0f0"]

  /// The SVG document.
  public var svg: String {
    let barWidth = 12.0, barGap = 2.0, categoryGap = 10.0
    let groupsCount = Double(max(groups.count, 1))
    let categoryWidth = groupsCount * barWidth + (groupsCount - 1) * barGap
    let left = 40.0, right = 8.0, top = 30.0, bottom = 46.0
    let plotWidth = max(Double(categories.count) * (categoryWidth + categoryGap) + categoryGap, 160)
    let width = left + plotWidth + right
    let plotHeight = 150.0
    let height = top + plotHeight + bottom + 14

    // y range: 0 to the highest point, bar + error, with room for stars.
    var yMax = 1.0
    for c in categories {
      for b in c.bars {
        for v in b.values + [b.mean + (b.error.isFinite ? b.error : 0)] where v.isFinite { yMax = max(yMax, v) }
      }
    }
    let ticks = Self.niceTicks(upTo: yMax * 1.18)
    let yTop = ticks.last ?? 1
    func y(_ v: Double) -> Double { top + plotHeight - v / yTop * plotHeight }

    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))pt" height="\(f(height))pt" \
      viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, 'Liberation Sans', \
      'DejaVu Sans', sans-serif" font-size="7">

      """
    s += "<title>\(xml(title.isEmpty ? "Fold change" : title))</title>\n"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    // Axes and ticks.
    s += "<g stroke=\"black\" stroke-width=\"0.75\" fill=\"none\">\n"
    s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\"/>\n"
    s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\"/>\n"
    for t in ticks {
      s += "<line x1=\"\(f(left - 3))\" y1=\"\(f(y(t)))\" x2=\"\(f(left))\" y2=\"\(f(y(t)))\"/>\n"
    }
    s += "</g>\n"
    for t in ticks {
      s += "<text x=\"\(f(left - 5))\" y=\"\(f(y(t) + 2.5))\" text-anchor=\"end\">\(Self.tickLabel(t))</text>\n"
    }
    s += "<text transform=\"translate(\(f(12)),\(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"8\">Fold change vs \(xml(groups.first ?? "control")) (mean ± \(errorLabel))</text>\n"
    // Reference line at 1.
    s += "<line x1=\"\(f(left))\" y1=\"\(f(y(1)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(1)))\" stroke=\"#555\" stroke-width=\"0.6\" stroke-dasharray=\"3 2\"/>\n"

    for (ci, c) in categories.enumerated() {
      let x0 = left + categoryGap + Double(ci) * (categoryWidth + categoryGap)
      for (bi, bar) in c.bars.enumerated() {
        let bx = x0 + Double(bi) * (barWidth + barGap)
        let colour = Self.palette[bi % Self.palette.count]
        if bar.mean.isFinite {
          s += "<rect x=\"\(f(bx))\" y=\"\(f(y(bar.mean)))\" width=\"\(f(barWidth))\" height=\"\(f(y(0) - y(bar.mean)))\" fill=\"\(colour)\" stroke=\"black\" stroke-width=\"0.6\"><title>\(xml(c.target)) \(xml(bar.group)): \(String(format: "%.3f", bar.mean)) ± \(String(format: "%.3f", bar.error)) \(errorLabel)</title></rect>\n"
        }
        let cx = bx + barWidth / 2
        if bar.mean.isFinite && bar.error.isFinite && bar.error > 0 {
          let hi = y(bar.mean + bar.error), lo = y(max(bar.mean - bar.error, 0))
          s += "<g stroke=\"black\" stroke-width=\"0.6\"><line x1=\"\(f(cx))\" y1=\"\(f(hi))\" x2=\"\(f(cx))\" y2=\"\(f(lo))\"/><line x1=\"\(f(cx - 3))\" y1=\"\(f(hi))\" x2=\"\(f(cx + 3))\" y2=\"\(f(hi))\"/></g>\n"
        }
        for (pi, v) in bar.values.enumerated() where v.isFinite {
          let n = Double(bar.values.count)
          let jitter = n > 1 ? (Double(pi) / (n - 1) - 0.5) * barWidth * 0.5 : 0
          s += "<circle cx=\"\(f(cx + jitter))\" cy=\"\(f(y(v)))\" r=\"1.5\" fill=\"black\" fill-opacity=\"0.75\"/>\n"
        }
        if !bar.stars.isEmpty {
          let highest = ([bar.mean + (bar.error.isFinite ? bar.error : 0)] + bar.values).filter(\.isFinite).max() ?? bar.mean
          let size = bar.stars == "ns" ? 6 : 8
          s += "<text x=\"\(f(cx))\" y=\"\(f(y(highest) - 3))\" text-anchor=\"middle\" font-size=\"\(size)\">\(xml(bar.stars))</text>\n"
        }
      }
      let labelX = x0 + categoryWidth / 2
      s += "<text transform=\"translate(\(f(labelX)),\(f(top + plotHeight + 8))) rotate(-40)\" text-anchor=\"end\" font-size=\"7\">\(xml(c.target))</text>\n"
    }
    // Legend: groups, then star thresholds.
    var lx = left
    for (gi, g) in groups.enumerated() {
      s += "<rect x=\"\(f(lx))\" y=\"8\" width=\"7\" height=\"7\" fill=\"\(Self.palette[gi % Self.palette.count])\" stroke=\"black\" stroke-width=\"0.6\"/>"
      s += "<text x=\"\(f(lx + 10))\" y=\"14\">\(xml(g))</text>\n"
      lx += 16 + Double(g.count) * 4
    }
    s += "<text x=\"\(f(left))\" y=\"\(f(height - 4))\" font-size=\"6\">\(xml(Self.starLegend))</text>\n"
    s += "</svg>\n"
    return s
  }

  public static let starLegend =
    "ns P > 0.05; * P ≤ 0.05; ** P ≤ 0.01; *** P ≤ 0.001; **** P ≤ 0.0001"

  /// Ticks at 0 and multiples of a 1-2-5 step, covering `maximum`.
  static func niceTicks(upTo maximum: Double) -> [Double] {
    let raw = maximum / 5
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    var ticks: [Double] = []
    var t = 0.0
    while t < maximum + step * 0.999 {
      ticks.append(t)
      t += step
    }
    return ticks
  }

  static func tickLabel(_ t: Double) -> String {
    t == t.rounded() ? String(Int(t)) : String(format: "%g", t)
  }

  func f(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
  }

  func xml(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
