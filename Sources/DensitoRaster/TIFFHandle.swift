import CTIFF

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Messages libtiff reported for one handle, captured instead of printed.
final class TIFFMessageLog {
  var errors: [String] = []
  var warnings: [String] = []

  /// Formats one message (`module: text`) with `vsnprintf`; longer than 1 KiB is cut.
  static func format(
    module: UnsafePointer<CChar>?, format: UnsafePointer<CChar>?, arguments: CVaListPointer?
  ) -> String {
    guard let format else { return "(no message)" }
    var buffer = [CChar](repeating: 0, count: 1024)
    if let arguments {
      _ = vsnprintf(&buffer, buffer.count, format, arguments)
    } else {
      _ = strncpy(&buffer, format, buffer.count - 1)
    }
    let text = String(
      decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if let module, module.pointee != 0 {
      return String(cString: module) + ": " + text
    }
    return text
  }

  static func from(_ pointer: UnsafeMutableRawPointer?) -> TIFFMessageLog? {
    guard let pointer else { return nil }
    return Unmanaged<TIFFMessageLog>.fromOpaque(pointer).takeUnretainedValue()
  }

  /// Returning 1 tells libtiff the message was handled: nothing reaches stderr.
  static let errorHandler: TIFFErrorHandlerExtR = { _, user, module, fmt, args in
    from(user)?.errors.append(format(module: module, format: fmt, arguments: args))
    return 1
  }

  static let warningHandler: TIFFErrorHandlerExtR = { _, user, module, fmt, args in
    from(user)?.warnings.append(format(module: module, format: fmt, arguments: args))
    return 1
  }
}

/// An open libtiff handle over a `TIFFClientFile`, with its own message log.
///
/// The handle owns the file and the log (libtiff holds unretained pointers to both) and
/// closes the `TIFF*` when released. This is the only place that opens libtiff handles;
/// every message libtiff emits goes to `log`, none to stderr (per-handle handlers set with
/// `TIFFOpenOptionsSetErrorHandlerExtR`, so decoding is thread-safe).
final class TIFFHandle {
  let tif: OpaquePointer
  let file: TIFFClientFile
  let log: TIFFMessageLog
  private var isOpen = true

  private init(tif: OpaquePointer, file: TIFFClientFile, log: TIFFMessageLog) {
    self.tif = tif
    self.file = file
    self.log = log
  }

  deinit { close() }

  /// Closes the handle (flushing pending writes); returns false when the flush failed.
  @discardableResult
  func close() -> Bool {
    guard isOpen else { return true }
    isOpen = false
    let errorsBefore = log.errors.count
    TIFFClose(tif)
    return log.errors.count == errorsBefore
  }

  /// Opens `file` with a libtiff `mode` ("r", "w", "w8", ...).
  ///
  /// - Parameter maxSingleAllocation: bound on any single allocation libtiff makes for
  ///   this handle (0 = libtiff's default, no bound).
  static func open(
    _ file: TIFFClientFile, mode: String, maxSingleAllocation: Int
  ) throws(DecodingError) -> TIFFHandle {
    let log = TIFFMessageLog()
    guard let options = TIFFOpenOptionsAlloc() else {
      throw .library(name: "libtiff", message: "cannot allocate open options")
    }
    defer { TIFFOpenOptionsFree(options) }
    let logPointer = Unmanaged.passUnretained(log).toOpaque()
    TIFFOpenOptionsSetErrorHandlerExtR(options, TIFFMessageLog.errorHandler, logPointer)
    TIFFOpenOptionsSetWarningHandlerExtR(options, TIFFMessageLog.warningHandler, logPointer)
    if maxSingleAllocation > 0 {
      TIFFOpenOptionsSetMaxSingleMemAlloc(options, tmsize_t(maxSingleAllocation))
    }
    let filePointer = Unmanaged.passUnretained(file).toOpaque()
    let tif = TIFFClientOpenExt(
      "input", mode, filePointer,
      TIFFClientFile.readProc, TIFFClientFile.writeProc, TIFFClientFile.seekProc,
      TIFFClientFile.closeProc, TIFFClientFile.sizeProc,
      TIFFClientFile.mapProc, TIFFClientFile.unmapProc, options)
    guard let tif else {
      throw .library(
        name: "libtiff", message: log.errors.last ?? "cannot open the data as TIFF")
    }
    return TIFFHandle(tif: tif, file: file, log: log)
  }

  /// The most recent libtiff error as a `DecodingError`, or `fallback` when libtiff gave
  /// no message.
  func failure(_ fallback: String) -> DecodingError {
    .library(name: "libtiff", message: log.errors.last ?? fallback)
  }

  // MARK: - Tags

  /// A tag's value when it is present in the current directory (no defaults).
  func value<T: BitwiseCopyable>(_ tag: Int32, as type: T.Type, defaulted: Bool = false) -> T? {
    let storage = UnsafeMutablePointer<T>.allocate(capacity: 1)
    defer { storage.deallocate() }
    // Zeroed first: libtiff only writes the value on success.
    UnsafeMutableRawPointer(storage).initializeMemory(
      as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
    let found = withVaList([storage]) { args in
      defaulted
        ? TIFFVGetFieldDefaulted(tif, UInt32(tag), args) : TIFFVGetField(tif, UInt32(tag), args)
    }
    return found == 1 ? storage.pointee : nil
  }

  func uint16(_ tag: Int32, defaulted: Bool = false) -> UInt16? {
    value(tag, as: UInt16.self, defaulted: defaulted)
  }

  func uint32(_ tag: Int32, defaulted: Bool = false) -> UInt32? {
    value(tag, as: UInt32.self, defaulted: defaulted)
  }

  /// ExtraSamples: what each sample beyond the colour channels means (0 unspecified,
  /// 1 associated alpha, 2 unassociated alpha).
  func extraSamples() -> [UInt16] {
    var count: UInt16 = 0
    var values: UnsafeMutablePointer<UInt16>? = nil
    let found = withUnsafeMutablePointer(to: &count) { countPointer in
      withUnsafeMutablePointer(to: &values) { valuesPointer in
        withVaList([countPointer, valuesPointer]) {
          TIFFVGetField(tif, UInt32(TIFFTAG_EXTRASAMPLES), $0)
        }
      }
    }
    guard found == 1, let values else { return [] }
    return Array(UnsafeBufferPointer(start: values, count: Int(count)))
  }

  /// The ColorMap's three channels of `entries` 16-bit values, or nil when absent.
  func colorMap(entries: Int) -> (red: [UInt16], green: [UInt16], blue: [UInt16])? {
    var red: UnsafeMutablePointer<UInt16>? = nil
    var green: UnsafeMutablePointer<UInt16>? = nil
    var blue: UnsafeMutablePointer<UInt16>? = nil
    let found = withUnsafeMutablePointer(to: &red) { r in
      withUnsafeMutablePointer(to: &green) { g in
        withUnsafeMutablePointer(to: &blue) { b in
          withVaList([r, g, b]) { TIFFVGetField(tif, UInt32(TIFFTAG_COLORMAP), $0) }
        }
      }
    }
    guard found == 1, let red, let green, let blue else { return nil }
    return (
      Array(UnsafeBufferPointer(start: red, count: entries)),
      Array(UnsafeBufferPointer(start: green, count: entries)),
      Array(UnsafeBufferPointer(start: blue, count: entries))
    )
  }

  /// Sets a tag; `arguments` follow `TIFFSetField`'s C conventions (uint16 tags take an
  /// `Int32`, uint32 tags a `UInt32`, float and double tags a `Double`).
  @discardableResult
  func set(_ tag: Int32, _ arguments: CVarArg...) -> Bool {
    withVaList(arguments) { TIFFVSetField(tif, UInt32(tag), $0) } == 1
  }
}
