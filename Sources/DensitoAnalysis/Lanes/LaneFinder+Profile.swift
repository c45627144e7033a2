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
  static func columnProfiles(_ signal: Plane, shiftPerRow: Double) -> (
    profile: [Double], noiseFloor: Double
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
      return (column, ProfileMath.noise(plain))
    }
    let (column, plain) = profiles(membrane.cleaned(signal))
    return (
      outsideMembrane(column, set: membrane.columns),
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
