import DensitoRaster

/// Large working buffers backed by transparent huge pages where the system offers them.
///
/// The column and diagonal passes visit one 64-byte run per image row, so a 4000-pixel-wide
/// Float image touches a new 4 KiB page at every step down a column: thousands of pages per
/// block of columns, more than the TLB holds, hence a page-table walk per row. With 2 MiB
/// pages the whole image needs a few dozen TLB entries. Linux only (`madvise` with
/// `MADV_HUGEPAGE`; honoured when transparent huge pages are in `madvise` or `always` mode);
/// elsewhere, and for buffers under 4 MiB, an ordinary array.
enum HugePages {
  /// An array of `count` Floats initialised by `initialize` (which must write every
  /// element), its memory advised for huge pages before the first write.
  static func floats(
    count: Int, _ initialize: (UnsafeMutableBufferPointer<Float>) -> Void
  ) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      advise(UnsafeMutableRawBufferPointer(buffer))
      initialize(buffer)
      initialized = count
    }
  }

  /// Asks for huge pages over the 2 MiB-aligned part of `buffer` (untouched memory only
  /// benefits). Failure is harmless and ignored.
  static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
    HugePageAdvice.advise(buffer)
  }
}
