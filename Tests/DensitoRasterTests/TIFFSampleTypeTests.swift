import Testing

@testable import DensitoRaster

/// The per-sample conversions, on hand-made rows with known answers.
@Suite struct TIFFSampleTypeSpec {
  /// IEEE 754 binary16 patterns and their exact values.
  @Test(arguments: [
    (UInt16(0x0000), Float(0)), (0x8000, -0.0), (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504),
    (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24), (0x0400, 0x1p-14), (0x3555, 0.333251953125),
    (0x7C00, .infinity), (0xFC00, -.infinity),
  ] as [(UInt16, Float)])
  func halfFloatsConvertExactly(bits: UInt16, value: Float) {
    let converted = TIFFSampleType.halfToFloat(bits)
    #expect(converted == value)
    #expect(converted.sign == value.sign)
  }

  @Test func halfNaNStaysNaN() {
    #expect(TIFFSampleType.halfToFloat(0x7E00).isNaN)
    #expect(TIFFSampleType.halfToFloat(0xFC01).isNaN)
  }

  struct Packed: Sendable {
    var bits: Int
    var row: [UInt8]
    var spp: Int
    var channel: Int
    var expected: [Float]
    var raw = false
  }

  @Test(arguments: [
    Packed(bits: 1, row: [0b1010_0000], spp: 1, channel: 0, expected: [255, 0, 255, 0]),
    Packed(bits: 2, row: [0b1110_0100], spp: 1, channel: 0, expected: [255, 170, 85, 0]),
    Packed(bits: 4, row: [0xF0, 0x7A], spp: 1, channel: 0, expected: [255, 0, 119, 170]),
    Packed(bits: 4, row: [0xF0, 0x7A], spp: 1, channel: 0, expected: [15, 0, 7, 10], raw: true),
    Packed(bits: 4, row: [0x12, 0x34, 0x56], spp: 2, channel: 1, expected: [34, 68, 102]),
    Packed(bits: 2, row: [0b0001_1011], spp: 2, channel: 0, expected: [0, 170]),
  ])
  func subByteSamplesAreUnpackedMostSignificantFirst(_ c: Packed) {
    let type = TIFFSampleType.unsigned(bits: c.bits)
    var out = [Float](repeating: -1, count: c.expected.count)
    c.row.withUnsafeBytes { bytes in
      out.withUnsafeMutableBufferPointer { destination in
        type.convert(
          row: bytes.baseAddress!, samplesPerPixel: c.spp, channel: c.channel,
          count: c.expected.count, into: destination.baseAddress!, rawIndices: c.raw)
      }
    }
    #expect(out == c.expected)
  }

  @Test func signedSamplesAreShiftedToTheUnsignedScale() {
    let row: [Int16] = [-32768, -1, 0, 1, 32767]
    var out = [Float](repeating: 0, count: row.count)
    row.withUnsafeBytes { bytes in
      out.withUnsafeMutableBufferPointer { destination in
        TIFFSampleType.signed(bits: 16).convert(
          row: bytes.baseAddress!, samplesPerPixel: 1, channel: 0, count: row.count,
          into: destination.baseAddress!)
      }
    }
    #expect(out == [0, 32767, 32768, 32769, 65535])
    #expect(TIFFSampleType.signed(bits: 16).integerMax == 65535)
  }

  @Test func thirtyTwoBitIntegersRoundToTheNearestFloat() {
    let row: [UInt32] = [16_777_217, 4_294_967_295, 7]
    var out = [Float](repeating: 0, count: row.count)
    row.withUnsafeBytes { bytes in
      out.withUnsafeMutableBufferPointer { destination in
        TIFFSampleType.unsigned(bits: 32).convert(
          row: bytes.baseAddress!, samplesPerPixel: 1, channel: 0, count: row.count,
          into: destination.baseAddress!)
      }
    }
    #expect(out == [16_777_216, 4_294_967_296, 7])
  }

  @Test(arguments: [
    (1, UInt16(1), true), (12, 1, false), (16, 3, true), (8, 3, false), (64, 3, true),
    (64, 1, false), (32, 2, true), (8, 4, true), (8, 5, false),
  ] as [(Int, UInt16, Bool)])
  func supportedLayouts(bits: Int, format: UInt16, supported: Bool) {
    #expect((TIFFSampleType(bits: bits, format: format) != nil) == supported)
  }
}
