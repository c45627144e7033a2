import CCodecShims
import CTIFF

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The "file" libtiff reads or writes through its client callbacks: bytes borrowed from the
/// caller (read-only, exposed to libtiff's memory-mapping path without a copy), a growable
/// buffer owned here (written in memory), or an open file descriptor (written straight to
/// the file with `pwrite`, so a large image is never held twice in memory).
///
/// libtiff reaches an instance through the opaque `thandle_t` it was given; the owner keeps
/// the instance alive for as long as the `TIFF*` handle is open.
final class TIFFClientFile {
  private enum Backing {
    case borrowed(UnsafeRawBufferPointer)
    case memory
    case descriptor(Int32)
  }

  private let backing: Backing
  /// Bytes written so far (memory backing).
  private(set) var written: [UInt8] = []
  /// The file's length (descriptor backing).
  private var descriptorSize = 0
  private var position = 0
  /// The first `pwrite` failure (descriptor backing): `strerror` of its errno.
  private(set) var writeFailure: String?
  /// Bytes below this offset have been handed to the kernel's writeback (descriptor backing).
  private var writebackStarted = 0
  /// Writeback is started every this many bytes, so that the disk writes while the rest is
  /// encoded and the closing fsync waits only for the tail.
  private static let writebackChunk = 8 << 20

  /// Reads from `bytes`, which must stay valid until the handle is closed.
  init(borrowing bytes: UnsafeRawBufferPointer) {
    backing = .borrowed(bytes)
  }

  /// Starts an empty, growable file for writing, with room for `capacity` bytes reserved
  /// up front (an uncompressed image's known size: no regrowth, so no transient second copy).
  init(reservingCapacity capacity: Int = 0) {
    backing = .memory
    if capacity > 0 { written.reserveCapacity(capacity) }
  }

  /// Writes into `descriptor` (open for writing, empty, seekable), which the caller owns and
  /// closes.
  init(writingTo descriptor: Int32) {
    backing = .descriptor(descriptor)
  }

  var size: Int {
    switch backing {
    case .borrowed(let bytes): return bytes.count
    case .memory: return written.count
    case .descriptor: return descriptorSize
    }
  }

  /// Copies up to `count` bytes at the current position into `destination`.
  func read(into destination: UnsafeMutableRawPointer, count: Int) -> Int {
    guard count > 0, position < size else { return 0 }
    let n = min(count, size - position)
    switch backing {
    case .borrowed(let bytes):
      guard let base = bytes.baseAddress else { return 0 }
      destination.copyMemory(from: base + position, byteCount: n)
    case .memory:
      written.withUnsafeBytes { raw in
        if let base = raw.baseAddress {
          destination.copyMemory(from: base + position, byteCount: n)
        }
      }
    case .descriptor(let fd):
      var done = 0
      while done < n {
        let got = pread(fd, destination + done, n - done, off_t(position + done))
        if got < 0 && errno == EINTR { continue }
        if got <= 0 { break }
        done += got
      }
      position += done
      return done
    }
    position += n
    return n
  }

  /// Writes `count` bytes at the current position, zero-filling any gap a seek left.
  func write(from source: UnsafeRawPointer, count: Int) -> Int {
    guard count > 0 else { return 0 }
    switch backing {
    case .borrowed:
      return -1
    case .descriptor(let fd):
      // A seek past the end leaves a hole, which reads as zeros: the same as the gap fill.
      var done = 0
      while done < count {
        let n = pwrite(fd, source + done, count - done, off_t(position + done))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          writeFailure = writeFailure ?? String(cString: strerror(n < 0 ? errno : EIO))
          return -1
        }
        done += n
      }
      position += count
      descriptorSize = max(descriptorSize, position)
      if descriptorSize - writebackStarted >= Self.writebackChunk {
        _ = densito_start_writeback(
          fd, Int64(writebackStarted), Int64(descriptorSize - writebackStarted))
        writebackStarted = descriptorSize
      }
      return count
    case .memory:
      break
    }
    if position > written.count {
      written.append(contentsOf: repeatElement(0, count: position - written.count))
    }
    let overlap = min(count, written.count - position)
    if overlap > 0 {
      written.withUnsafeMutableBytes { raw in
        if let base = raw.baseAddress {
          (base + position).copyMemory(from: source, byteCount: overlap)
        }
      }
    }
    if count > overlap {
      written.append(
        contentsOf: UnsafeRawBufferPointer(start: source + overlap, count: count - overlap))
    }
    position += count
    return count
  }

  /// Moves the position; returns the new position, or nil when it would be negative or
  /// does not fit in an `Int`.
  func seek(offset: UInt64, whence: Int32) -> Int? {
    let base: Int
    switch whence {
    case SEEK_SET: base = 0
    case SEEK_CUR: base = position
    case SEEK_END: base = size
    default: return nil
    }
    // libtiff passes negative relative offsets as two's complement in a uint64.
    let delta = Int(truncatingIfNeeded: offset)
    if whence == SEEK_SET && offset > UInt64(Int.max) { return nil }
    let (target, overflow) = base.addingReportingOverflow(delta)
    guard !overflow, target >= 0 else { return nil }
    position = target
    return target
  }

  /// The borrowed bytes for libtiff's zero-copy path; nil in write mode.
  var mapping: UnsafeRawBufferPointer? {
    if case .borrowed(let bytes) = backing { return bytes }
    return nil
  }
}

// MARK: - libtiff client callbacks

extension TIFFClientFile {
  static func from(_ handle: thandle_t?) -> TIFFClientFile? {
    guard let handle else { return nil }
    return Unmanaged<TIFFClientFile>.fromOpaque(handle).takeUnretainedValue()
  }

  static let readProc: TIFFReadWriteProc = { handle, buffer, count in
    guard let file = from(handle), let buffer, count >= 0 else { return -1 }
    return tmsize_t(file.read(into: buffer, count: Int(count)))
  }

  static let writeProc: TIFFReadWriteProc = { handle, buffer, count in
    guard let file = from(handle), let buffer, count >= 0 else { return -1 }
    return tmsize_t(file.write(from: UnsafeRawPointer(buffer), count: Int(count)))
  }

  static let seekProc: TIFFSeekProc = { handle, offset, whence in
    guard let file = from(handle), let position = file.seek(offset: offset, whence: whence)
    else { return UInt64.max }  // (toff_t)-1: libtiff's failure value
    return toff_t(position)
  }

  static let closeProc: TIFFCloseProc = { _ in 0 }

  static let sizeProc: TIFFSizeProc = { handle in
    guard let file = from(handle) else { return 0 }
    return toff_t(file.size)
  }

  /// Zero-copy mapping of borrowed bytes; libtiff never writes through the mapping of a
  /// file opened for reading.
  static let mapProc: TIFFMapFileProc = { handle, base, size in
    guard let file = from(handle), let mapping = file.mapping,
      let address = mapping.baseAddress, let base, let size
    else { return 0 }
    base.pointee = UnsafeMutableRawPointer(mutating: address)
    size.pointee = toff_t(mapping.count)
    return 1
  }

  static let unmapProc: TIFFUnmapFileProc = { _, _, _ in }
}
