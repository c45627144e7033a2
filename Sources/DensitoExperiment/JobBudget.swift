import Foundation

/// The default number of blots `densito analyze` works on at once: the number of cores, but
/// no more than the available memory holds.
///
/// One job peaks at about ``peakPerFloatImage`` times the Float size (4 bytes per pixel) of
/// its image: measured with `DENSITO_MEMORY_TRACE` on the demo upscaled to 6000×4000
/// (96 MB as Float), a job's highest stages are the analysis (the scan and its signal plane,
/// 2×), the ImageJ rolling-ball background of a sensitivity run (the scan, the flattened
/// image and the ball's shrunken planes, 2.2×) and the pictures' decoding (the file's bytes
/// and the scan, 1.5× for a 16-bit file, while the report keeps the finished pictures):
/// 2.2× per job with two jobs, 2.5× with one (the whole run's peak above the idle process,
/// 445 MB and 264 MB). A blot with a `region` also holds its crop during the analysis (up to
/// 3×), hence 3, which also leaves room for allocator slack. The image size is estimated
/// from the file size before anything is decoded (``estimatedFloatBytes(fileSize:)``).
public enum JobBudget {
  public static let peakPerFloatImage = 3.0

  /// Float bytes of an image estimated from its file: 4 × the file size, exact for an
  /// uncompressed 8-bit file, twice the truth for an uncompressed 16-bit one; a compressed
  /// file is underestimated by its compression ratio.
  public static func estimatedFloatBytes(fileSize: Int) -> Int { 4 * max(fileSize, 0) }

  /// `cores` limited to what `available` bytes hold at ``peakPerFloatImage`` × `floatBytes`
  /// per job, at least 1. Without a memory figure (`available` nil) or an image size
  /// (`floatBytes` ≤ 0), `cores`.
  public static func jobs(cores: Int, floatBytes: Int, available: Int?) -> Int {
    let cores = max(cores, 1)
    guard let available, floatBytes > 0 else { return cores }
    let perJob = peakPerFloatImage * Double(floatBytes)
    let fit = Int((Double(max(available, 0)) / perJob).rounded(.down))
    return min(cores, max(fit, 1))
  }

  /// `MemAvailable` of `/proc/meminfo` in bytes (Linux); nil elsewhere or when unreadable.
  public static func availableMemory() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
      let kB = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return nil }
    return kB * 1024
  }

  /// The default jobs for `experiment`: the cores, limited by the available memory for its
  /// largest image file (total-protein stains included).
  public static func defaultJobs(for experiment: Experiment) -> Int {
    var largest = 0
    for blot in experiment.blots {
      for path in [blot.image] + (blot.totalProteinImage.map { [$0] } ?? []) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: experiment.resolve(path))
        largest = max(largest, (attributes?[.size] as? NSNumber)?.intValue ?? 0)
      }
    }
    return jobs(
      cores: BatchScheduler.defaultJobs, floatBytes: estimatedFloatBytes(fileSize: largest),
      available: availableMemory())
  }
}
