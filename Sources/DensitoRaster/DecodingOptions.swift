/// Bounds on what a file may make the decoders allocate.
public struct DecodingLimits: Sendable, Equatable {
  /// Largest accepted width × height; checked against the declared size before allocation.
  public var maxPixels: Int
  /// Largest accepted single ancillary chunk / tag payload in bytes.
  public var maxChunkBytes: Int

  public init(maxPixels: Int = 400_000_000, maxChunkBytes: Int = 16 << 20) {
    self.maxPixels = maxPixels
    self.maxChunkBytes = maxChunkBytes
  }

  public static let `default` = DecodingLimits()
}

/// What to decode and how to turn it into gray.
public struct DecodingOptions: Sendable, Equatable {
  /// Zero-based page of a multi-page TIFF; other formats have only page 0.
  public var page: Int
  public var grayConversion: GrayConversion
  public var limits: DecodingLimits

  public init(
    page: Int = 0, grayConversion: GrayConversion = .mean, limits: DecodingLimits = .default
  ) {
    self.page = page
    self.grayConversion = grayConversion
    self.limits = limits
  }
}
