import DensitoAnalysis
import DensitoRaster
import Foundation

/// Where a decoded image came from, exactly enough to decode it again to the same samples:
/// the SHA-256 of the file's bytes and the decoding choices. Decoding is a deterministic
/// function of these, so two equal sources give bit-identical images.
public struct ImageSource: Sendable, Equatable {
  public var sha256: String
  public var page: Int
  public var grayConversion: GrayConversion
  /// True when the decoded image was transposed (lanes running horizontally).
  public var transposed: Bool

  public init(sha256: String, page: Int, grayConversion: GrayConversion, transposed: Bool = false) {
    self.sha256 = sha256
    self.page = page
    self.grayConversion = grayConversion
    self.transposed = transposed
  }
}

/// Results of `analyzeBlot` remembered for one `densito analyze` process, so the same
/// analysis is not repeated.
///
/// `analyze` runs the analysis of each blot up to four times with identical inputs: the run
/// itself, the report's pictures (``BlotPictureData``), and the polarity pass of each 2-D
/// background method of the sensitivity analysis (the polarity of the unflattened scan).
/// `analyzeBlot` is a deterministic function of (image, options), and the image a
/// deterministic function of its ``ImageSource`` (plus the 2-D background applied to it,
/// `flattening`), so a remembered result, success or failure, is the result a new call would
/// return. Entries are small (lane profiles and bands, no images). Safe from any thread: two
/// threads asking for the same entry at once may both compute it (same result).
public final class AnalysisMemo: @unchecked Sendable {
  struct Key: Equatable {
    var source: ImageSource
    /// The 2-D background subtracted first ("rolling-ball 50.0 light"), nil for none.
    var flattening: String?
    var options: AnalysisOptions
  }

  private let lock = NSLock()
  private var entries: [(key: Key, result: Result<BlotAnalysis, AnalysisError>)] = []
  private var hitCount = 0
  /// Lookups answered from the memo (for tests and benchmarks).
  public var hits: Int {
    lock.lock()
    defer { lock.unlock() }
    return hitCount
  }

  public init() {}

  /// `analyzeBlot(image, options: options)`, remembered under (`source`, `flattening`,
  /// `options`); without a memo or a source, computed directly. `image` must be the image
  /// `source` decodes to, with `flattening` applied.
  public static func analyze(
    _ image: GrayImage, options: AnalysisOptions, source: ImageSource?, flattening: String? = nil,
    memo: AnalysisMemo?
  ) throws(AnalysisError) -> BlotAnalysis {
    guard let memo, let source else { return try analyzeBlot(image, options: options) }
    let key = Key(source: source, flattening: flattening, options: options)
    if let known = memo.lookup(key) { return try known.get() }
    let result = Result { () throws(AnalysisError) -> BlotAnalysis in
      try analyzeBlot(image, options: options)
    }
    memo.store(key, result)
    return try result.get()
  }

  /// The same, with the image made only when the memo does not hold the result: `image()`
  /// is called at most once, and not at all for a remembered analysis (a 2-D background is
  /// then not computed). An error of `image()` is thrown and not remembered.
  public static func analyze(
    options: AnalysisOptions, source: ImageSource?, flattening: String? = nil,
    memo: AnalysisMemo?, image: () throws -> GrayImage
  ) throws -> BlotAnalysis {
    guard let memo, let source else { return try analyzeBlot(image(), options: options) }
    let key = Key(source: source, flattening: flattening, options: options)
    if let known = memo.lookup(key) { return try known.get() }
    let input = try image()
    let result = Result { () throws(AnalysisError) -> BlotAnalysis in
      try analyzeBlot(input, options: options)
    }
    memo.store(key, result)
    return try result.get()
  }

  private func lookup(_ key: Key) -> Result<BlotAnalysis, AnalysisError>? {
    lock.lock()
    defer { lock.unlock() }
    guard let entry = entries.first(where: { $0.key == key }) else { return nil }
    hitCount += 1
    return entry.result
  }

  private func store(_ key: Key, _ result: Result<BlotAnalysis, AnalysisError>) {
    lock.lock()
    defer { lock.unlock() }
    if !entries.contains(where: { $0.key == key }) { entries.append((key, result)) }
  }
}
