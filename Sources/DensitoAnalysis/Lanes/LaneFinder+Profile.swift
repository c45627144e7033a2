import Foundation

extension LaneFinder {
  /// The column profile lanes are found in, and a lower bound for its noise.
  ///
  /// The profile is the column mean of a copy with a 7-px running median along rows (specks
  /// removed), followed along the lane tilt. The noise bound is the second-difference noise
  /// of the profile without the median filter (filtering correlates neighbouring columns,
  /// which hides noise from second differences).
  ///
  /// When the blot lies on a flat software surround (``MembraneExtent``), the columns outside
  /// the membrane hold no blot: their profile is NaN ("no data"), which ``find`` leaves out
  /// (so labels and tick marks on the surround are never lanes, and the baseline is fitted
  /// to the membrane alone), and the noise bound is taken over the membrane's columns only.
  ///
  /// The evidence also carries the plane the profile was taken from (the cleaned plane on a
  /// membrane), for the band-row test of lanes beyond the outermost (``addEndLanes``).
  static func columnProfiles(_ signal: Plane, shiftPerRow: Double) -> (
    profile: LaneEvidence, noiseFloor: Double
  ) {
    func profiles(_ plane: Plane) -> (column: [Double], plain: [Double]) {
      (
        ColumnProfile.compute(
          plane, shiftPerRow: shiftPerRow, clampEdges: true, rowMedian7: true
        ).mean,
        ColumnProfile.compute(plane, shiftPerRow: shiftPerRow, clampEdges: true).mean
      )
    }
    guard let membrane = MembraneExtent.find(signal) else {
      let (column, plain) = profiles(signal)
      return (
        LaneEvidence(profile: column, plane: signal, shiftPerRow: shiftPerRow),
        ProfileMath.noise(plain)
      )
    }
    let cleaned = membrane.cleaned(signal)
    let (column, plain) = profiles(cleaned)
    return (
      LaneEvidence(
        profile: outsideMembrane(column, set: membrane.columns), plane: cleaned,
        shiftPerRow: shiftPerRow),
      ProfileMath.noise(Array(plain[membrane.columns]))
    )
  }

  /// `profile` with every column outside `membrane` set to NaN (no data).
  static func outsideMembrane(_ profile: [Double], set membrane: ClosedRange<Int>) -> [Double] {
    var out = profile
    for x in out.indices where !membrane.contains(x) { out[x] = .nan }
    return out
  }
}
