/// Compares what is detected now with a saved result, for regression testing of lane and
/// band detection (`densito verify`).
///
/// Matching rules, per blot (matched by index, then checked by target and image):
/// - the lane count must be equal;
/// - lanes are paired in order; a lane centre may move by at most `positionTolerance` pixels;
/// - bands are paired in order within a lane; the band count must be equal; band centres may
///   move by at most `positionTolerance` pixels;
/// - volumes must agree within `volumeTolerance`, relative to the saved volume;
/// - the saturation flag and the chosen band must be the same.
public struct RegressionCheck: Sendable {
  public var volumeTolerance: Double
  public var positionTolerance: Double

  public init(volumeTolerance: Double = 0.02, positionTolerance: Double = 2) {
    self.volumeTolerance = volumeTolerance
    self.positionTolerance = positionTolerance
  }

  /// One way the current result differs from the saved one.
  public struct Difference: Sendable, Equatable, CustomStringConvertible {
    /// Where: "blot 2 (P16) lane 3 band 1".
    public var place: String
    public var what: String
    public var expected: String
    public var actual: String
    public var description: String { "\(place): \(what): expected \(expected), got \(actual)" }
  }

  public func compare(expected: [BlotResult], actual: [BlotResult]) -> [Difference] {
    var out: [Difference] = []
    if expected.count != actual.count {
      out.append(Difference(place: "experiment", what: "blot count", expected: "\(expected.count)", actual: "\(actual.count)"))
    }
    for (e, a) in zip(expected, actual) {
      let place = "blot \(e.index + 1) (\(e.target))"
      if e.target != a.target || e.image != a.image {
        out.append(Difference(place: place, what: "blot", expected: "\(e.target) \(e.image)", actual: "\(a.target) \(a.image)"))
        continue
      }
      if e.lanes.count != a.lanes.count {
        out.append(Difference(place: place, what: "lane count", expected: "\(e.lanes.count)", actual: "\(a.lanes.count)"))
        continue
      }
      for (el, al) in zip(e.lanes, a.lanes) {
        out += compareLane(el, al, place: "\(place) lane \(el.index + 1)")
      }
    }
    return out
  }

  func compareLane(_ e: LaneRecord, _ a: LaneRecord, place: String) -> [Difference] {
    var out: [Difference] = []
    if abs(e.x - a.x) > positionTolerance {
      out.append(Difference(place: place, what: "lane centre x", expected: px(e.x), actual: px(a.x)))
    }
    if e.bands.count != a.bands.count {
      out.append(Difference(place: place, what: "band count", expected: "\(e.bands.count)", actual: "\(a.bands.count)"))
      return out
    }
    if e.chosen != a.chosen {
      out.append(Difference(
        place: place, what: "chosen band", expected: e.chosen.map { "\($0 + 1)" } ?? "none",
        actual: a.chosen.map { "\($0 + 1)" } ?? "none"))
    }
    for (i, (eb, ab)) in zip(e.bands, a.bands).enumerated() {
      let bandPlace = "\(place) band \(i + 1)"
      if abs(eb.y - ab.y) > positionTolerance {
        out.append(Difference(place: bandPlace, what: "band centre y", expected: px(eb.y), actual: px(ab.y)))
      }
      let scale = max(abs(eb.volume), .leastNormalMagnitude)
      let relative = abs(ab.volume - eb.volume) / scale
      if !(relative <= volumeTolerance) {
        out.append(Difference(
          place: bandPlace, what: "volume (\(pct(relative)) off, tolerance \(pct(volumeTolerance)))",
          expected: NumberFormatting.short(eb.volume), actual: NumberFormatting.short(ab.volume)))
      }
      if eb.saturated != ab.saturated {
        out.append(Difference(place: bandPlace, what: "saturated", expected: "\(eb.saturated)", actual: "\(ab.saturated)"))
      }
    }
    return out
  }

  private func px(_ x: Double) -> String { NumberFormatting.short(x) + " px" }
  private func pct(_ x: Double) -> String { NumberFormatting.short(x * 100) + " %" }
}

/// Short human-readable numbers for messages (not for data files).
enum NumberFormatting {
  static func short(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    let rounded = (x * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
  }
}
