import Testing
@testable import DensitoAnalysis

/// The ImageJ-identical sliding paraboloid's line pass (`ImageJSlidingParaboloid.slide`:
/// branch-free candidate marks, then the hull of the marked points only) against the
/// straightforward pass it replaced (`slideReference`: every ImageJ candidate pushed onto
/// the hull), which the ImageJ fixtures validated.
///
/// The extra marks only drop points lying clearly above a chord between two other points,
/// which cannot be hull vertices, so both passes find the same touching points and write
/// the same Float values: compared bit for bit, end estimates included.
@Suite struct BackgroundSlidingParaboloidTests {
  /// Lines of many shapes: 16-bit noise, smooth noise, integer plateaus (exact ties),
  /// a parabola of exactly the sliding curvature (every point touches), ramps with bands.
  static func lines(count n: Int, seed: UInt64) -> [[Float]] {
    var rng = SeededGenerator(seed: seed)
    let noise = (0..<n).map { _ in Float(Int.random(in: 0...65535, using: &rng)) }
    var smooth = [Float](repeating: 0, count: n)
    var level: Float = 1000
    for i in 0..<n {
      level += Float.random(in: -3...3, using: &rng)
      smooth[i] = level
    }
    let plateaus = (0..<n).map { Float(($0 / 7) % 3) * 20 }
    let bowl = (0..<n).map { i -> Float in
      let d = Float(i - n / 2)
      return 0.01 * d * d
    }
    let bands = (0..<n).map { i -> Float in
      Float(i) * 0.7 + (i % 40 < 6 ? 500 : 0) + Float(Int.random(in: 0...30, using: &rng))
    }
    let tiny = (0..<n).map { _ in Float.random(in: -1e-3...1e-3, using: &rng) }
    return [noise, smooth, plateaus, bowl, bands, tiny]
  }

  @Test("matches the reference pass bit for bit",
        arguments: [(0.005 as Float, 1), (0.01, 2), (0.02, 3), (0.1, 4), (1, 5), (5, 6)])
  func matchesReference(coeff2: Float, seed: Int) {
    for n in [1, 2, 3, 5, 8, 9, 17, 300] {
      for (shape, line) in Self.lines(count: n, seed: UInt64(seed * 1000 + n)).enumerated() {
        for edges in [false, true] where !(edges && n < 2) {
          var fast = line, slow = line
          let scratch = ImageJSlidingParaboloid.LineScratch(capacity: n)
          let span = ImageJSlidingParaboloid.Line(start: 0, step: 1, count: n)
          let a = fast.withUnsafeMutableBufferPointer {
            ImageJSlidingParaboloid.slide($0.baseAddress!, span, coeff2: coeff2,
                                          scratch: scratch, edges: edges)
          }
          let b = slow.withUnsafeMutableBufferPointer {
            ImageJSlidingParaboloid.slideReference($0.baseAddress!, span, coeff2: coeff2,
                                                   scratch: scratch, edges: edges)
          }
          let differing = zip(fast, slow).filter { $0.bitPattern != $1.bitPattern }.count
          #expect(differing == 0, "shape \(shape) n \(n) c \(coeff2): \(differing) differ")
          // Bit patterns: the end estimates are NaN (in both) when a line has no usable
          // touching points away from its ends.
          #expect(a.0.bitPattern == b.0.bitPattern && a.1.bitPattern == b.1.bitPattern,
                  "shape \(shape) n \(n) c \(coeff2): ends \(a) vs \(b)")
        }
      }
    }
  }

  /// Strided lines (every third sample, forwards and backwards, as columns and diagonals
  /// are walked) are slid through a contiguous copy: the same values as the reference,
  /// and the samples between them untouched.
  @Test("strided lines match the reference bit for bit", arguments: [1, 3, 7, 16, 300])
  func stridedMatchesReference(n: Int) {
    for (shape, line) in Self.lines(count: 3 * n, seed: UInt64(77 + n)).enumerated() {
      for step in [3, -3] {
        let span = ImageJSlidingParaboloid.Line(
          start: step > 0 ? 1 : 3 * n - 1, step: step, count: n)
        var fast = line, slow = line
        let scratch = ImageJSlidingParaboloid.LineScratch(capacity: n)
        let a = fast.withUnsafeMutableBufferPointer {
          ImageJSlidingParaboloid.slide($0.baseAddress!, span, coeff2: 0.01, scratch: scratch,
                                        edges: true)
        }
        let b = slow.withUnsafeMutableBufferPointer {
          ImageJSlidingParaboloid.slideReference($0.baseAddress!, span, coeff2: 0.01,
                                                 scratch: scratch, edges: true)
        }
        let differing = zip(fast, slow).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "shape \(shape) n \(n) step \(step): \(differing) differ")
        #expect(a.0.bitPattern == b.0.bitPattern && a.1.bitPattern == b.1.bitPattern)
      }
    }
  }

  /// The whole pipeline the plain way: smoothing, corner correction and every pass of
  /// `ImageJSlidingParaboloid.passes` with each line slid in place by `slideReference`,
  /// one line after another (no blocks, no line buffers, no threads).
  static func plainBackground(_ plane: FloatPlane, radius: Double, smooth: Bool) -> FloatPlane {
    typealias Paraboloid = ImageJSlidingParaboloid
    var work = plane
    var shift: Float = 0
    if smooth {
      shift = Float(ImageJSmoothing.maximum3x3(&work))
      ImageJSmoothing.mean3x3(&work)
    }
    let coeff2 = Float(0.5 / radius), coeff2Diagonal = Float(1.0 / radius)
    Paraboloid.correctCorners(&work, coeff2: coeff2, slideLine: Paraboloid.slideReference)
    let (w, h) = (work.width, work.height)
    let scratch = Paraboloid.LineScratch(capacity: max(w, h))
    work.samples.withUnsafeMutableBufferPointer { pixels in
      for direction in Paraboloid.passes {
        for line in Paraboloid.lines(direction, width: w, height: h) {
          _ = Paraboloid.slideReference(
            pixels.baseAddress!, line, coeff2: direction.isDiagonal ? coeff2Diagonal : coeff2,
            scratch: scratch, edges: false)
        }
      }
    }
    for i in work.samples.indices { work.samples[i] -= shift }
    return work
  }

  /// Whole images of many shapes (tall, wide, thin, tiny), radii and smoothing, on the
  /// blot and on 16-bit noise, negated too (light backgrounds): the fast pipeline (blocks of
  /// lines in contiguous buffers, threads, short-gap fills) equals the plain one bit for bit.
  @Test("whole-image result equals the plain line-by-line pipeline bit for bit",
        arguments: [(203, 157), (157, 203), (64, 300), (300, 41), (17, 3), (2, 9), (1, 1), (5, 5)])
  func matchesPlainPipeline(width: Int, height: Int) {
    var rng = SeededGenerator(seed: UInt64(width * 1000 + height))
    let blot = BackgroundSamples.noisyBlot(width, height, seed: UInt64(width + height)).samples
    let noise = (0..<(width * height)).map { _ in Float(Int.random(in: 0...65535, using: &rng)) }
    for (name, samples) in [("blot", blot), ("noise", noise), ("negated", blot.map { -$0 })] {
      let plane = FloatPlane(width: width, height: height, samples: samples)
      for radius in [0.5, 3, 12, 50] {
        for smooth in [true, false] {
          let fast = ImageJSlidingParaboloid.background(of: plane, radius: radius, smooth: smooth)
          let plain = Self.plainBackground(plane, radius: radius, smooth: smooth)
          let differing = zip(fast.samples, plain.samples)
            .filter { $0.bitPattern != $1.bitPattern }.count
          #expect(differing == 0,
                  "\(name) \(width)x\(height) r \(radius) smooth \(smooth): \(differing) differ")
        }
      }
    }
  }

  /// Whole images: the blocked column and diagonal passes give the same
  /// result with any number of threads (also covered for all methods in the spec tests).
  @Test("whole-image result does not depend on threading")
  func threading() async {
    let image = BackgroundSamples.noisyBlot(203, 157, seed: 7)
    let plane = FloatPlane(width: image.width, height: image.height, samples: image.samples)
    let parallel = ImageJSlidingParaboloid.background(of: plane, radius: 12, smooth: true)
    let serial = BackgroundConcurrency.$maximumChunks.withValue(1) {
      ImageJSlidingParaboloid.background(of: plane, radius: 12, smooth: true)
    }
    #expect(parallel == serial)
  }
}
