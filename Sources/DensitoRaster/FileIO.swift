import Foundation

/// Whole-file reads and atomic writes. Inputs are only ever opened for reading; outputs
/// are written to a temporary file beside the destination and renamed into place, so a
/// reader never sees a partial file and a failed write leaves the old file intact.
public enum FileIO {
  /// Reads a whole file. Errors name the path and the reason (missing, a directory,
  /// permission denied, ...).
  ///
  /// A regular file is read with `read(2)` straight into the returned array (one copy from
  /// the page cache; a large array asks for huge pages first, as the decoders' rasters do);
  /// anything else (a pipe, a device such as /dev/null) in chunks until its end, refused
  /// beyond `streamLimit` bytes (default 1 GiB) so that an endless device (/dev/zero) is an
  /// error, not a hang.
  public static func readBytes(
    atPath path: String, streamLimit: Int = 1 << 30
  ) throws(ImageFileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      let why = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
      throw ImageFileError(path: path, reason: .cannotRead(why))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw ImageFileError(path: path, reason: .cannotRead(String(cString: strerror(errno))))
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR:
      throw ImageFileError(path: path, reason: .cannotRead("is a directory"))
    case S_IFREG:
      break
    default:
      return try readStream(fd, path, limit: streamLimit)
    }
    let size = Int(info.st_size)
    var failure: String?
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      HugePageAdvice.advise(UnsafeMutableRawBufferPointer(buffer))
      var offset = 0
      while offset < size {
        let n = read(fd, buffer.baseAddress! + offset, size - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          break
        }
        if n == 0 { break }  // the file shrank since fstat: keep what is there
        offset += n
      }
      initialized = offset
    }
    if let failure { throw ImageFileError(path: path, reason: .cannotRead(failure)) }
    return bytes
  }

  /// Reads a pipe or device to its end, 64 KiB at a time, at most `limit` bytes.
  private static func readStream(
    _ fd: Int32, _ path: String, limit: Int
  ) throws(ImageFileError) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw ImageFileError(path: path, reason: .cannotRead(String(cString: strerror(errno))))
      }
      if n == 0 { return bytes }
      guard bytes.count + n <= limit else {
        throw ImageFileError(
          path: path, reason: .cannotRead("not a regular file, and longer than \(limit) bytes"))
      }
      bytes += chunk[0..<n]
    }
  }

  /// Writes `bytes` to `path` atomically: temporary file in the same directory, fsync,
  /// rename. On failure the temporary file is removed and `path` is untouched.
  public static func writeAtomically(_ bytes: [UInt8], toPath path: String)
    throws(ImageFileError)
  {
    try writeAtomically(toPath: path) { fd in
      bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
          let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
          if n < 0 {
            if errno == EINTR { continue }
            return String(cString: strerror(errno))
          }
          offset += n
        }
        return nil
      }
    }
  }

  /// Writes `path` atomically with `body`, which receives the descriptor of a new, empty
  /// temporary file beside `path` (open for reading and writing, seekable) and returns nil
  /// on success or the reason it failed. Then fsync, close and rename over `path`. On any
  /// failure the temporary file is removed and `path` is untouched. `body` must not close
  /// the descriptor.
  public static func writeAtomically(
    toPath path: String, _ body: (_ descriptor: Int32) -> String?
  ) throws(ImageFileError) {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    let tmp = dir + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if fd < 0 {
      throw ImageFileError(path: path, reason: .cannotWrite(String(cString: strerror(errno))))
    }
    var failure = body(fd)
    if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    if failure == nil && rename(tmp, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(tmp)
      throw ImageFileError(path: path, reason: .cannotWrite(failure))
    }
  }

  /// Writes UTF-8 text atomically.
  public static func writeAtomically(_ text: String, toPath path: String) throws(ImageFileError) {
    try writeAtomically(Array(text.utf8), toPath: path)
  }
}
