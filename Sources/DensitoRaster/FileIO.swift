import Foundation

/// Whole-file reads and atomic writes. Inputs are only ever opened for reading; outputs
/// are written to a temporary file beside the destination and renamed into place, so a
/// reader never sees a partial file and a failed write leaves the old file intact.
public enum FileIO {
  /// Reads a whole file. Errors name the path and the reason (missing, a directory,
  /// permission denied, ...).
  public static func readBytes(atPath path: String) throws(ImageFileError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      // Tell "missing" from the other reasons stat gives (name too long, a parent folder
      // that cannot be searched, ...).
      var info = stat()
      let missing = stat(path, &info) == 0 || errno == ENOENT
      let why = missing ? "no such file" : String(cString: strerror(errno))
      throw ImageFileError(path: path, reason: .cannotRead(why))
    }
    if isDirectory.boolValue {
      throw ImageFileError(path: path, reason: .cannotRead("is a directory"))
    }
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
      return [UInt8](data)
    } catch {
      let why = (error as NSError).localizedFailureReason ?? error.localizedDescription
      throw ImageFileError(path: path, reason: .cannotRead(why))
    }
  }

  /// Writes `bytes` to `path` atomically: temporary file in the same directory, fsync,
  /// rename. On failure the temporary file is removed and `path` is untouched.
  public static func writeAtomically(_ bytes: [UInt8], toPath path: String)
    throws(ImageFileError)
  {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    let tmp = dir + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    if fd < 0 {
      throw ImageFileError(path: path, reason: .cannotWrite(String(cString: strerror(errno))))
    }
    var failure: String?
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        offset += n
      }
    }
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
