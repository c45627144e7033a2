import Testing
@testable import DensitoExperiment

private let c1 = Sample(name: "C1", group: "control")
private let c2 = Sample(name: "C2", group: "control")
private let e1 = Sample(name: "E1", group: "treated")

private func m(
  _ target: String, _ sample: Sample, _ volume: Double?, blot: Int, saturated: Bool = false,
  gel: String = "g", excluded: Bool = false, totalProtein: Double? = nil
) -> LaneMeasurement {
  LaneMeasurement(
    blot: blot, target: target, lane: 0, sample: sample, volume: volume, saturated: saturated,
    totalProtein: totalProtein, gel: gel, excludedByUser: excluded)
}

@Suite struct NormalizerSpec {
  @Test func ratioIsTargetOverLoadingControlOfTheSameSample() {
    let values = Normalizer.normalize(
      [m("actin", c1, 200, blot: 0), m("actin", e1, 400, blot: 0),
       m("P16", c1, 50, blot: 1), m("P16", e1, 300, blot: 1)],
      loadingControl: "actin", method: .loadingControl, includeSaturated: false)
    #expect(values.map(\.ratio) == [0.25, 0.75])
    #expect(values.map(\.denominator) == [200, 400])
    #expect(values.allSatisfy { $0.excluded == nil })
  }

  @Test func saturatedBandsAreExcludedWithTheirReasonUnlessKept() {
    let input = [m("actin", c1, 200, blot: 0, saturated: true), m("actin", e1, 400, blot: 0),
                 m("P16", c1, 50, blot: 1), m("P16", e1, 300, blot: 1, saturated: true)]
    let values = Normalizer.normalize(input, loadingControl: "actin", method: .loadingControl,
                                      includeSaturated: false)
    #expect(values.map(\.excluded) == [.loadingControlSaturated, .targetSaturated])
    #expect(values.allSatisfy { $0.ratio == nil })
    let kept = Normalizer.normalize(input, loadingControl: "actin", method: .loadingControl,
                                    includeSaturated: true)
    #expect(kept.map(\.ratio) == [0.25, 0.75])
  }

  @Test func missingBandsAndUserExclusionsAreNamed() {
    let values = Normalizer.normalize(
      [m("actin", c1, nil, blot: 0), m("actin", c2, 100, blot: 0, excluded: true),
       m("actin", e1, 100, blot: 0),
       m("P16", c1, 50, blot: 1), m("P16", c2, 50, blot: 1), m("P16", e1, nil, blot: 1)],
      loadingControl: "actin", method: .loadingControl, includeSaturated: false)
    #expect(values.map(\.excluded) == [.noLoadingControlBand, .excludedInExperimentFile, .noTargetBand])
  }

  @Test func sumOfReplicatesDividesByEachGelsSum() {
    // Two gels of the same target: ratios 1, 3 on gel A; 2, 6 on gel B -> 0.25, 0.75 each.
    let s = [c1, e1, c2, Sample(name: "E2", group: "treated")]
    var input: [LaneMeasurement] = s.map { m("actin", $0, 100, blot: 0) }
    input += [m("P", s[0], 100, blot: 1, gel: "A"), m("P", s[1], 300, blot: 1, gel: "A"),
              m("P", s[2], 200, blot: 2, gel: "B"), m("P", s[3], 600, blot: 2, gel: "B")]
    let values = Normalizer.normalize(input, loadingControl: "actin", method: .sumOfReplicates,
                                      includeSaturated: false)
    #expect(values.map(\.ratio) == [0.25, 0.75, 0.25, 0.75])
  }

  @Test func totalProteinUsesTheStainSignal() {
    let values = Normalizer.normalize(
      [m("P16", c1, 50, blot: 0, totalProtein: 1000), m("P16", e1, 50, blot: 0, totalProtein: 0)],
      loadingControl: "actin", method: .totalProtein, includeSaturated: false)
    #expect(values[0].ratio == 0.05)
    #expect(values[1].excluded == .nonPositiveDenominator)
  }
}
