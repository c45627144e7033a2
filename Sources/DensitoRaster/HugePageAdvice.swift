#if canImport(Glibc)
  import Glibc
#endif

/// Asks Linux to back a large, not yet touched buffer with transparent huge pages
/// (`madvise(MADV_HUGEPAGE)` on the 2 MiB-aligned part of it).
///
/// Why: a fresh `[Float]` raster of a 4000x6000 scan is 96 MB; touching it page by page
/// costs ~24 000 page faults, which measured as most of the decode time (38 ms for
/// allocate + fill vs 11 ms with huge pages on the benchmark machine, see
/// Docs/performance-tiff.md). Only the kernel's memory layout changes, never a value.
/// A no-op elsewhere, for buffers under 4 MiB, or when the kernel declines (transparent
/// huge pages in `never` mode). Used for decoded rasters, whole-file reads and the
/// analysis library's working planes.
public enum HugePageAdvice {
  /// Buffers below this many bytes are left alone.
  public static let threshold = 4 << 20

  public static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
    #if os(Linux)
      guard buffer.count >= threshold, let base = buffer.baseAddress else { return }
      let huge = 2 << 20
      let address = Int(bitPattern: base)
      let start = (address + huge - 1) & ~(huge - 1)
      let end = (address + buffer.count) & ~(huge - 1)
      guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
      _ = madvise(pointer, end - start, MADV_HUGEPAGE)
    #endif
  }

  public static func advise(_ buffer: UnsafeMutableBufferPointer<Float>) {
    advise(UnsafeMutableRawBufferPointer(buffer))
  }
}
