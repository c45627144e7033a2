import CTIFF

/// Reads the decoded rows of the current directory one at a time, whatever the layout
/// (strips or tiles), so that conversion to `Float` happens while a row is still in cache.
///
/// libtiff decompresses, undoes predictors and swaps bytes to host order. Strips are read
/// whole with `TIFFReadEncodedStrip` (or row by row with `TIFFReadScanline` when a strip
/// is over 256 MiB), or in place from the caller's bytes when uncompressed in host order;
/// tiles with `TIFFReadEncodedTile`, one row of tiles at a time, reassembled into
/// full-width rows.
struct TIFFRowReader {
  let handle: TIFFHandle
  let width: Int
  let height: Int
  /// Samples per pixel in one decoded row: all samples for contiguous data, 1 for
  /// separate planes.
  let samplesInRow: Int
  let bitsPerSample: Int
  /// Largest buffer this reader may allocate.
  let allocationLimit: Int

  /// Calls `body(y, row)` for every row `y` of `plane` (0 for contiguous data) in order.
  /// `row` is valid only during the call.
  func forEachRow(
    plane: Int, _ body: (Int, UnsafeRawPointer) -> Void
  ) throws(DecodingError) {
    if TIFFIsTiled(handle.tif) != 0 {
      try readTiles(plane: plane, body)
    } else {
      try readStrips(plane: plane, body)
    }
  }

  private func readStrips(
    plane: Int, _ body: (Int, UnsafeRawPointer) -> Void
  ) throws(DecodingError) {
    let rowBytes = Int(TIFFScanlineSize64(handle.tif))
    let needed = (width * samplesInRow * bitsPerSample + 7) / 8
    guard rowBytes >= needed else { throw handle.failure("cannot compute the row size") }
    if let strips = uncompressedStrips(plane: plane, rowBytes: rowBytes) {
      // Zero-copy: rows straight from the mapped bytes, exactly what libtiff would copy.
      for (start, rows, pointer) in strips {
        for r in 0..<rows { body(start + r, pointer + r * rowBytes) }
      }
      return
    }
    if try readWholeStrips(plane: plane, rowBytes: rowBytes, body) { return }
    try checkAllocation(rowBytes, what: "one row")
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: rowBytes, alignment: 16)
    defer { buffer.deallocate() }
    for y in 0..<height {
      if TIFFReadScanline(handle.tif, buffer, UInt32(y), UInt16(plane)) < 0 {
        throw TIFFRowReader.readFailure(handle, at: "row \(y)")
      }
      body(y, UnsafeRawPointer(buffer))
    }
  }

  private func readTiles(
    plane: Int, _ body: (Int, UnsafeRawPointer) -> Void
  ) throws(DecodingError) {
    let (tileWidth, tileLength) = try TIFFRowReader.tileSize(handle, width, height)
    let tileRowBits = tileWidth * samplesInRow * bitsPerSample
    guard tileRowBits % 8 == 0 else {
      throw .unsupported(
        format: .tiff,
        feature:
          "tile width \(tileWidth) at \(bitsPerSample) bits (rows of tiles do not end on a byte)")
    }
    let tileRowBytes = tileRowBits / 8
    let tileBytes = Int(TIFFTileSize64(handle.tif))
    guard tileBytes >= tileRowBytes * tileLength else {
      throw handle.failure("cannot compute the tile size")
    }
    let tilesAcross = (width + tileWidth - 1) / tileWidth
    let bandStride = tilesAcross * tileRowBytes
    try checkAllocation(tileBytes, what: "one \(tileWidth)x\(tileLength) tile")
    try checkAllocation(bandStride * tileLength, what: "one row of tiles")
    let tile = UnsafeMutableRawPointer.allocate(byteCount: tileBytes, alignment: 16)
    defer { tile.deallocate() }
    let band = UnsafeMutableRawPointer.allocate(byteCount: bandStride * tileLength, alignment: 16)
    defer { band.deallocate() }
    var top = 0
    while top < height {
      for across in 0..<tilesAcross {
        let index = TIFFComputeTile(
          handle.tif, UInt32(across * tileWidth), UInt32(top), 0, UInt16(plane))
        if TIFFReadEncodedTile(handle.tif, index, tile, tmsize_t(tileBytes)) < 0 {
          throw TIFFRowReader.readFailure(handle, at: "tile \(index)")
        }
        for r in 0..<tileLength {
          (band + r * bandStride + across * tileRowBytes)
            .copyMemory(from: tile + r * tileRowBytes, byteCount: tileRowBytes)
        }
      }
      for y in top..<min(top + tileLength, height) {
        body(y, UnsafeRawPointer(band + (y - top) * bandStride))
      }
      top += tileLength
    }
  }

  /// Strips up to this size are decoded whole (`TIFFReadEncodedStrip`), larger ones row by
  /// row. Whole strips let libtiff use libdeflate, several times faster than zlib's
  /// streaming inflate that row-by-row reading needs.
  static let wholeStripLimit = 256 << 20

  /// Reads `plane` strip by strip into one strip buffer; false (nothing read) when a strip
  /// is too large for that, so the caller reads row by row instead.
  private func readWholeStrips(
    plane: Int, rowBytes: Int, _ body: (Int, UnsafeRawPointer) -> Void
  ) throws(DecodingError) -> Bool {
    guard
      let rowsPerStrip = handle.uint32(TIFFTAG_ROWSPERSTRIP, defaulted: true).map(Int.init),
      rowsPerStrip > 0
    else { return false }
    let stripBytes = min(rowsPerStrip, height) * rowBytes
    guard stripBytes <= min(allocationLimit, TIFFRowReader.wholeStripLimit) else { return false }
    let stripsPerPlane = (height + rowsPerStrip - 1) / rowsPerStrip
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: stripBytes, alignment: 16)
    defer { buffer.deallocate() }
    for s in 0..<stripsPerPlane {
      let start = s * rowsPerStrip
      let rows = min(rowsPerStrip, height - start)
      let bytes = rows * rowBytes
      let strip = UInt32(plane * stripsPerPlane + s)
      if TIFFReadEncodedStrip(handle.tif, strip, buffer, tmsize_t(bytes)) != tmsize_t(bytes) {
        throw TIFFRowReader.readFailure(handle, at: "strip \(strip)")
      }
      for r in 0..<rows { body(start + r, UnsafeRawPointer(buffer + r * rowBytes)) }
    }
    return true
  }

  /// The strips of `plane` as (first row, row count, first byte) inside the borrowed bytes,
  /// when libtiff would only copy them: no compression, host byte order (or 8-bit),
  /// FillOrder 1, at least 8 bits per sample, each strip complete and inside the data, and
  /// aligned for the sample type. Nil otherwise: the caller then reads through libtiff,
  /// which also reports whatever is wrong.
  private func uncompressedStrips(plane: Int, rowBytes: Int) -> [(Int, Int, UnsafeRawPointer)]? {
    let tif = handle.tif
    guard let mapping = handle.file.mapping, let base = mapping.baseAddress,
      handle.uint16(TIFFTAG_COMPRESSION, defaulted: true) == UInt16(COMPRESSION_NONE),
      handle.uint16(TIFFTAG_FILLORDER, defaulted: true) == UInt16(FILLORDER_MSB2LSB),
      bitsPerSample >= 8, bitsPerSample == 8 || TIFFIsByteSwapped(tif) == 0,
      let rowsPerStrip = handle.uint32(TIFFTAG_ROWSPERSTRIP, defaulted: true).map(Int.init),
      rowsPerStrip > 0
    else { return nil }
    let stripsPerPlane = (height + rowsPerStrip - 1) / rowsPerStrip
    let first = plane * stripsPerPlane
    guard first + stripsPerPlane <= Int(TIFFNumberOfStrips(tif)) else { return nil }
    let alignment = bitsPerSample / 8
    var strips: [(Int, Int, UnsafeRawPointer)] = []
    strips.reserveCapacity(stripsPerPlane)
    for s in 0..<stripsPerPlane {
      let start = s * rowsPerStrip
      let rows = min(rowsPerStrip, height - start)
      let bytes = rows * rowBytes
      let offset = TIFFGetStrileOffset(tif, UInt32(first + s))
      let count = TIFFGetStrileByteCount(tif, UInt32(first + s))
      guard count >= UInt64(bytes), offset <= UInt64(mapping.count),
        UInt64(bytes) <= UInt64(mapping.count) - offset
      else { return nil }
      let pointer = base + Int(offset)
      guard Int(bitPattern: pointer) % alignment == 0 else { return nil }
      strips.append((start, rows, pointer))
    }
    return strips
  }

  /// Tiles up to this side are accepted whatever the image size (TIFF tiles are usually
  /// 256 or 512 pixels).
  static let largestTileSide = 8192

  /// The tile size of the current (tiled) directory, refused when a tile is far larger
  /// than both the image and any sane tiling: tiles may overhang the image, but a huge one
  /// only serves to make us (or libtiff's RGBA reader) allocate — a few KB of Deflate can
  /// declare gigabytes.
  static func tileSize(
    _ handle: TIFFHandle, _ width: Int, _ height: Int
  ) throws(DecodingError) -> (Int, Int) {
    guard let tileWidth = handle.uint32(TIFFTAG_TILEWIDTH).map(Int.init),
      let tileLength = handle.uint32(TIFFTAG_TILELENGTH).map(Int.init),
      tileWidth > 0, tileLength > 0
    else { throw .corrupt(format: .tiff, detail: "tiled image without a tile size") }
    let side = largestTileSide
    guard tileWidth <= max(width + 15, side), tileLength <= max(height + 15, side) else {
      throw .unsupported(
        format: .tiff,
        feature: "tile size \(tileWidth)x\(tileLength) (larger than the \(width)x\(height) image"
          + " and than \(side) pixels)")
    }
    return (tileWidth, tileLength)
  }

  private func checkAllocation(_ bytes: Int, what: String) throws(DecodingError) {
    if bytes > allocationLimit {
      throw .unsupported(
        format: .tiff,
        feature: "layout: \(what) needs \(bytes) bytes, over the budget of \(allocationLimit)")
    }
  }

  /// Classifies a failed read: `.truncated` when a strip or tile lies past the end of the
  /// data (naming it), otherwise libtiff's own message.
  static func readFailure(_ handle: TIFFHandle, at place: String) -> DecodingError {
    let size = UInt64(handle.file.size)
    let count =
      TIFFIsTiled(handle.tif) != 0 ? TIFFNumberOfTiles(handle.tif) : TIFFNumberOfStrips(handle.tif)
    let kind = TIFFIsTiled(handle.tif) != 0 ? "tile" : "strip"
    for index in 0..<count {
      let offset = TIFFGetStrileOffset(handle.tif, index)
      let byteCount = TIFFGetStrileByteCount(handle.tif, index)
      let (end, overflow) = offset.addingReportingOverflow(byteCount)
      if overflow || end > size {
        let libtiff = handle.log.errors.last.map { " (libtiff: \($0))" } ?? ""
        return .truncated(
          format: .tiff,
          detail: "\(kind) \(index) needs bytes \(offset)..<\(overflow ? UInt64.max : end)"
            + " but the data has \(size) bytes\(libtiff)")
      }
    }
    return handle.failure("cannot read \(place)")
  }
}
