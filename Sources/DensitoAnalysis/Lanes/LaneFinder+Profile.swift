import Foundation

extension LaneFinder {
  /// The column profile lanes are found in, and a lower bound for its noise.
  ///
  /// The profile is the column mean of a copy with a 7-px running median along rows (specks
  /// removed), followed along the lane tilt. The noise bound is the second-difference noise
  /// of the profile without the median filter (filtering correlates neighbouring columns,
  /// which hides noise from second differences).
  static func columnProfiles(_ signal: Plane, shiftPerRow: Double) -> (
    profile: [Double], noiseFloor: Double
  ) {
    let column = ColumnProfile.compute(
      signal, shiftPerRow: shiftPerRow, clampEdges: true, rowMedian7: true
    ).mean
    let plain = ColumnProfile.compute(signal, shiftPerRow: shiftPerRow, clampEdges: true).mean
    return (column, ProfileMath.noise(plain))
  }
}
