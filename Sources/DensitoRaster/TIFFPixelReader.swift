import CTIFF

/// The exact path: decoded samples from libtiff, converted to gray `Float` row by row.
enum TIFFPixelReader {
  /// How stored samples become one gray value.
  private enum Rendering {
    /// Channel 0 as brightness; MinIsWhite when `invertFrom` is set (`max − v`).
    case gray(invertFrom: Float?)
    /// Index → gray of the ColorMap entry.
    case palette(table: [Float])
    case rgb(GrayConversion)
  }

  /// What reading a page takes, decided from its directory (and recorded in `metadata`).
  private struct Plan {
    let type: TIFFSampleType
    let rendering: Rendering
    let maxValue: Float
    let reader: TIFFRowReader
    /// Samples per pixel in one decoded row (1 for separate planes).
    let spp: Int
    let separate: Bool
  }

  static func read(
    _ handle: TIFFHandle, _ directory: TIFFDirectory, _ options: DecodingOptions,
    _ allocationLimit: Int, _ metadata: inout ImageMetadata
  ) throws(DecodingError) -> GrayImage {
    let plan = try plan(handle, directory, options, allocationLimit, &metadata)
    let (type, reader, spp, separate) = (plan.type, plan.reader, plan.spp, plan.separate)
    let (width, height) = (directory.width, directory.height)
    var failure: DecodingError?
    let samples = [Float](unsafeUninitializedCapacity: width * height) { buffer, initialized in
      initialized = width * height
      guard let out = buffer.baseAddress else { return }
      HugePageAdvice.advise(buffer)
      do throws(DecodingError) {
        switch plan.rendering {
        case .gray(let invertFrom):
          try reader.forEachRow(plane: 0) { y, row in
            grayRow(row, type, spp, width, invertFrom, into: out + y * width)
          }
        case .palette(let table):
          // Indices are below 2^bits == table.count, so the lookup stays in bounds.
          let lookup = UnsafeMutablePointer<Float>.allocate(capacity: table.count)
          defer { lookup.deallocate() }
          lookup.initialize(from: table, count: table.count)
          try reader.forEachRow(plane: 0) { y, row in
            let destination = out + y * width
            type.convert(
              row: row, samplesPerPixel: spp, channel: 0, count: width, into: destination,
              rawIndices: true)
            for i in 0..<width { destination[i] = lookup[Int(destination[i])] }
          }
        case .rgb(let conversion):
          if separate {
            try readSeparateRGB(reader, type, width, height, conversion, out)
          } else {
            try readContiguousRGB(reader, type, spp, width, conversion, out)
          }
        }
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    return GrayImage(
      width: width, height: height, maxValue: plan.maxValue, samples: samples, metadata: metadata)
  }

  /// Streams a gray page (MinIsBlack or MinIsWhite, any sample type) row by row: `begin`
  /// gets the header and says whether to go on; `body` gets each row, top to bottom, as the
  /// values ``read`` would put in that row. Returns nil, having read no row, for palette and
  /// RGB pages (read them whole).
  static func streamGray(
    _ handle: TIFFHandle, _ directory: TIFFDirectory, _ options: DecodingOptions,
    _ allocationLimit: Int, _ metadata: inout ImageMetadata,
    begin: (GrayRowHeader) -> Bool, body: (Int, UnsafeBufferPointer<Float>) -> Void
  ) throws(DecodingError) -> GrayRowHeader? {
    let plan = try plan(handle, directory, options, allocationLimit, &metadata)
    guard case .gray(let invertFrom) = plan.rendering else { return nil }
    let width = directory.width
    let header = GrayRowHeader(
      width: width, height: directory.height, maxValue: plan.maxValue, metadata: metadata)
    guard begin(header) else { return header }
    let line = UnsafeMutablePointer<Float>.allocate(capacity: width)
    defer { line.deallocate() }
    try plan.reader.forEachRow(plane: 0) { y, row in
      grayRow(row, plan.type, plan.spp, width, invertFrom, into: line)
      body(y, UnsafeBufferPointer(start: line, count: width))
    }
    return header
  }

  /// One gray row: channel 0 converted, then `top − v` for MinIsWhite.
  @inline(__always)
  private static func grayRow(
    _ row: UnsafeRawPointer, _ type: TIFFSampleType, _ spp: Int, _ width: Int,
    _ invertFrom: Float?, into destination: UnsafeMutablePointer<Float>
  ) {
    type.convert(row: row, samplesPerPixel: spp, channel: 0, count: width, into: destination)
    if let top = invertFrom {
      for i in 0..<width { destination[i] = top - destination[i] }
    }
  }

  private static func plan(
    _ handle: TIFFHandle, _ directory: TIFFDirectory, _ options: DecodingOptions,
    _ allocationLimit: Int, _ metadata: inout ImageMetadata
  ) throws(DecodingError) -> Plan {
    let photometric = Int32(directory.photometric)
    guard
      let type = TIFFSampleType(bits: directory.bitsPerSample, format: directory.sampleFormatCode)
    else {
      throw .unsupported(
        format: .tiff,
        feature: "sample layout: \(directory.bitsPerSample)-bit"
          + " \(sampleFormatName(directory.sampleFormatCode))")
    }
    metadata.sampleFormat = type.sampleFormat
    guard directory.samplesPerPixel >= directory.colorSamples else {
      throw .corrupt(
        format: .tiff,
        detail: "\(metadata.photometric) needs \(directory.colorSamples) samples per pixel,"
          + " the file declares \(directory.samplesPerPixel)")
    }
    let floatMax = Float(directory.declaredMaximum ?? 1)
    var maxValue = type.integerMax ?? floatMax
    let rendering: Rendering
    switch photometric {
    case PHOTOMETRIC_MINISBLACK:
      rendering = .gray(invertFrom: nil)
      metadata.colorModel = directory.samplesPerPixel > 1 && metadata.hadAlpha ? .grayAlpha : .gray
    case PHOTOMETRIC_MINISWHITE:
      rendering = .gray(invertFrom: maxValue)
      metadata.invertedFromMinIsWhite = true
      metadata.colorModel = directory.samplesPerPixel > 1 && metadata.hadAlpha ? .grayAlpha : .gray
    case PHOTOMETRIC_RGB:
      rendering = .rgb(options.grayConversion)
      metadata.colorModel = metadata.hadAlpha ? .rgba : .rgb
      metadata.grayConversion = options.grayConversion
    case PHOTOMETRIC_PALETTE:
      guard case .unsigned(let bits) = type, bits <= 16 else {
        throw .unsupported(
          format: .tiff,
          feature: "palette of \(type.bits)-bit \(type.sampleFormat.rawValue) indices")
      }
      guard let map = handle.colorMap(entries: 1 << bits) else {
        throw .corrupt(format: .tiff, detail: "Palette image without a ColorMap")
      }
      let eightBit = (map.red + map.green + map.blue).allSatisfy { $0 < 256 }
      if eightBit {
        handle.log.warnings.append("ColorMap values are all below 256: read as an 8-bit ColorMap")
      }
      maxValue = eightBit ? 255 : 65535
      let conversion = options.grayConversion
      rendering = .palette(
        table: (0..<(1 << bits)).map {
          conversion.gray(r: Float(map.red[$0]), g: Float(map.green[$0]), b: Float(map.blue[$0]))
        })
      metadata.colorModel = .palette
      metadata.grayConversion = conversion
    default:
      let name = metadata.photometric
      let detail = photometric == PHOTOMETRIC_SEPARATED ? "Separated (CMYK)" : name
      throw .unsupported(format: .tiff, feature: "photometric: \(detail)")
    }

    let width = directory.width
    let height = directory.height
    let separate = directory.separatePlanes && directory.samplesPerPixel > 1
    let reader = TIFFRowReader(
      handle: handle, width: width, height: height,
      samplesInRow: separate ? 1 : directory.samplesPerPixel,
      bitsPerSample: directory.bitsPerSample, allocationLimit: allocationLimit)
    let spp = separate ? 1 : directory.samplesPerPixel
    return Plan(
      type: type, rendering: rendering, maxValue: maxValue, reader: reader, spp: spp,
      separate: separate)
  }

  private static func readContiguousRGB(
    _ reader: TIFFRowReader, _ type: TIFFSampleType, _ spp: Int, _ width: Int,
    _ conversion: GrayConversion, _ out: UnsafeMutablePointer<Float>
  ) throws(DecodingError) {
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * width)
    defer { scratch.deallocate() }
    let (r, g, b) = (scratch, scratch + width, scratch + 2 * width)
    try reader.forEachRow(plane: 0) { y, row in
      type.convert(row: row, samplesPerPixel: spp, channel: 0, count: width, into: r)
      type.convert(row: row, samplesPerPixel: spp, channel: 1, count: width, into: g)
      type.convert(row: row, samplesPerPixel: spp, channel: 2, count: width, into: b)
      combine(r, g, b, conversion, width, into: out + y * width)
    }
  }

  /// Separate planes are read plane by plane (interleaving planes row by row would make
  /// libtiff restart compressed strips): red into `out`, green and blue into scratch images.
  private static func readSeparateRGB(
    _ reader: TIFFRowReader, _ type: TIFFSampleType, _ width: Int, _ height: Int,
    _ conversion: GrayConversion, _ out: UnsafeMutablePointer<Float>
  ) throws(DecodingError) {
    let count = width * height
    let planes = UnsafeMutablePointer<Float>.allocate(capacity: 2 * count)
    defer { planes.deallocate() }
    for (plane, base) in [(0, out), (1, planes), (2, planes + count)] {
      try reader.forEachRow(plane: plane) { y, row in
        type.convert(row: row, samplesPerPixel: 1, channel: 0, count: width, into: base + y * width)
      }
    }
    combine(UnsafePointer(out), planes, planes + count, conversion, count, into: out)
  }

  /// `destination[i] = conversion.gray(r[i], g[i], b[i])`; `destination` may be `r`.
  private static func combine(
    _ r: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ conversion: GrayConversion, _ count: Int, into destination: UnsafeMutablePointer<Float>
  ) {
    switch conversion {
    case .mean:
      for i in 0..<count { destination[i] = (r[i] + g[i] + b[i]) / 3 }
    default:
      for i in 0..<count { destination[i] = conversion.gray(r: r[i], g: g[i], b: b[i]) }
    }
  }

  private static func sampleFormatName(_ code: UInt16) -> String {
    switch code {
    case 1: return "unsigned integer"
    case 2: return "signed integer"
    case 3: return "IEEE float"
    case 4: return "undefined"
    case 5: return "complex integer"
    case 6: return "complex IEEE float"
    default: return "sample format \(code)"
    }
  }
}
