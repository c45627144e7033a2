import Foundation

/// Apparent molecular weight from a ladder lane.
///
/// SDS-PAGE migration is close to linear in log10(kDa) over a gel's useful range; the fit is
/// the piecewise-linear interpolation of log10(kDa) against the row of each ladder band,
/// continued linearly with the end segments' slopes beyond the first and last band (flagged
/// by ``isExtrapolated(y:)``). Piecewise-linear passes through every marker and needs no
/// global model; it assumes all lanes migrate like the ladder (no smile correction).
///
/// References: Weber, K. & Osborn, M. "The reliability of molecular weight determinations by
/// dodecyl sulfate-polyacrylamide gel electrophoresis." J. Biol. Chem. 244, 4406–4412 (1969).
public struct LadderFit: Sendable, Equatable {
  public var laneIndex: Int
  /// Rows of the ladder bands, increasing (top to bottom).
  public var rows: [Double]
  /// Their kDa, decreasing.
  public var kDa: [Double]

  /// Fits rows (any order) to kDa values.
  /// - Throws: `.invalidOption` unless there are ≥ 2 markers, positive finite kDa strictly
  ///   decreasing from the top band down, and distinct rows.
  public init(laneIndex: Int, rows: [Double], kDa: [Double]) throws(AnalysisError) {
    guard rows.count == kDa.count, rows.count >= 2 else {
      throw .invalidOption(name: "ladder", reason: "needs at least 2 bands with kDa values")
    }
    guard kDa.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw .invalidOption(name: "ladder", reason: "kDa values must be positive")
    }
    let sortedRows = rows.sorted()
    for i in 1..<kDa.count where !(kDa[i] < kDa[i - 1]) {
      throw .invalidOption(name: "ladder", reason: "kDa values must decrease from top to bottom")
    }
    for i in 1..<sortedRows.count where sortedRows[i] <= sortedRows[i - 1] {
      throw .invalidOption(name: "ladder", reason: "two ladder bands share row \(sortedRows[i])")
    }
    self.laneIndex = laneIndex
    self.rows = sortedRows
    self.kDa = kDa
  }

  public func isExtrapolated(y: Double) -> Bool { y < rows[0] || y > rows[rows.count - 1] }

  /// Estimated kDa of a band centred on row `y`.
  public func kDa(atRow y: Double) -> Double {
    let n = rows.count
    var i = 0
    if y >= rows[n - 1] {
      i = n - 2
    } else if y > rows[0] {
      while i < n - 2 && rows[i + 1] <= y { i += 1 }
    }
    let l0 = log10(kDa[i])
    let l1 = log10(kDa[i + 1])
    let t = (y - rows[i]) / (rows[i + 1] - rows[i])
    return pow(10, l0 + t * (l1 - l0))
  }
}
