import DensitoAnalysis
import DensitoExperiment
import DensitoRaster

extension Profiles {
  /// The profiles of `--lanes-file` rectangles computed while the image's rows are decoded
  /// (``GrayRowStream`` into ``LaneProfileStream``), without holding the decoded image: the
  /// same numbers as decoding it whole, in a fraction of the memory and time. Only for
  /// vertical lanes, raw values and gray TIFFs; nil otherwise, and `bytes` (the file's bytes,
  /// read once) are then decoded whole by the caller.
  func streamedProfiles(of bytes: [UInt8], listing: LaneListing?) throws -> Outcome? {
    guard let listing, orientation == .vertical, signal.profileSignal == .raw else {
      return nil
    }
    var stream: LaneProfileStream?
    var failure: Error?
    // The first sample, while every sample seen equals it (a blank image).
    var level: Float?
    var blank = true
    let header: GrayRowHeader?
    do {
      header = try GrayRowStream.read(
        bytes, options: DecodingOptions(page: page, grayConversion: gray),
        begin: { header in
          do {
            let rectangles = try Self.rectangles(
              listing, width: header.width, height: header.height, vertical: true)
            stream = try LaneProfileStream(
              width: header.width, height: header.height, rectangles: rectangles)
            return true
          } catch let error as LaneProfileError {
            failure = CommandError("\(image): \(error)")
          } catch {
            failure = error
          }
          return false
        },
        row: { y, samples in
          stream?.add(row: y, samples)
          if blank {
            let first = level ?? samples[0]
            level = first
            blank = !samples.contains { $0 != first }
          }
        })
    } catch {
      throw ImageFileError(path: image, reason: .decoding(error))
    }
    if let failure { throw failure }
    guard header != nil, let stream else { return nil }
    do {
      return Outcome(set: try stream.finish(), notes: [], blankLevel: blank ? level : nil)
    } catch {
      throw CommandError("\(image): \(error)")
    }
  }
}
