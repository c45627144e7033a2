import Foundation
import Testing
@testable import DensitoStats

/// Student's t and Fisher's F against closed forms, mpmath (60 digits) and scipy.stats.
@Suite struct DistributionTests {
  // MARK: Analytic

  /// ν = 1 is the Cauchy distribution: sf(t) = ½ − atan(t)/π, which for t > 0 is
  /// atan(1/t)/π (the form without cancellation in the tail). Tolerance 1e−13: at t = 1e200
  /// the tail is exp of ≈ −460, whose rounding alone is ≈ 460 · 2.2e−16 = 1e−13 relative.
  @Test(arguments: [-20.0, -1, 0, 0.3, 1, 7, 1e6, 1e200])
  func tWithOneDegreeOfFreedomIsCauchy(_ t: Double) throws {
    let distribution = try StudentTDistribution(degreesOfFreedom: 1)
    let expected = t > 0 ? atan(1 / t) / Double.pi : 0.5 - atan(t) / Double.pi
    #expect(relativeError(distribution.survival(t), expected) <= 1e-13)
  }

  /// ν = 2: sf(t) = ½ − t / (2√(2 + t²)) = 1 / (√(2 + t²) (√(2 + t²) + t)) for t ≥ 0.
  @Test(arguments: [-3.0, 0, 0.5, 2, 10, 1e5])
  func tWithTwoDegreesOfFreedomHasClosedForm(_ t: Double) throws {
    let distribution = try StudentTDistribution(degreesOfFreedom: 2)
    let root = (2 + t * t).squareRoot()
    let expected = t >= 0 ? 1 / (root * (root + t)) : 0.5 - t / (2 * root)
    #expect(relativeError(distribution.survival(t), expected) <= 1e-14)
  }

  @Test func tIsSymmetricAndItsTailsAddUp() throws {
    let distribution = try StudentTDistribution(degreesOfFreedom: 7.3)
    for t in [0.1, 1.5, 4, 30] {
      #expect(relativeError(distribution.survival(-t), distribution.cdf(t)) <= 1e-15)
      #expect(abs(distribution.survival(t) + distribution.cdf(t) - 1) <= 1e-15)
      #expect(relativeError(distribution.twoSidedP(t), 2 * distribution.survival(t)) <= 1e-15)
    }
    #expect(distribution.twoSidedP(0) == 1)
    #expect(distribution.survival(.infinity) == 0)
    #expect(distribution.cdf(-.infinity) == 0)
  }

  /// F(1, ν) is the square of T_ν: sf_F(t²) = P(|T| ≥ t).
  @Test(arguments: [1.0, 4, 12.5, 300])
  func fWithOneNumeratorDegreeIsASquaredT(_ nu: Double) throws {
    let f = try FDistribution(numeratorDegreesOfFreedom: 1, denominatorDegreesOfFreedom: nu)
    let t = try StudentTDistribution(degreesOfFreedom: nu)
    for value in [0.2, 1.0, 2.5, 9.0] {
      #expect(relativeError(f.survival(value * value), t.twoSidedP(value)) <= 1e-14)
    }
  }

  @Test func fAtZeroAndInfinity() throws {
    let f = try FDistribution(numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 8)
    #expect(f.survival(0) == 1 && f.cdf(0) == 0)
    #expect(f.survival(.infinity) == 0 && f.cdf(.infinity) == 1)
  }

  @Test func quantileInvertsTheCdf() throws {
    for nu in [1.0, 2.5, 9, 60] {
      let distribution = try StudentTDistribution(degreesOfFreedom: nu)
      for p in [1e-200, 1e-9, 0.025, 0.3, 0.5, 0.9] {
        let t = try distribution.quantile(p)
        #expect(relativeError(distribution.cdf(t), p) <= 1e-12, "ν=\(nu) p=\(p) t=\(t)")
      }
    }
  }

  @Test(arguments: [0.0, -1, .nan, .infinity])
  func invalidDegreesOfFreedomAreRejected(_ nu: Double) {
    #expect(throws: StatisticsError.invalidParameter(
      name: "degrees of freedom", value: "\(nu)", requirement: "must be finite and > 0")) {
      try StudentTDistribution(degreesOfFreedom: nu)
    }
  }

  @Test(arguments: [0.0, 1, -0.5, .nan])
  func quantileRejectsProbabilitiesOutsideTheOpenUnitInterval(_ p: Double) throws {
    let distribution = try StudentTDistribution(degreesOfFreedom: 3)
    #expect(throws: StatisticsError.self) { try distribution.quantile(p) }
  }

  // MARK: Against mpmath and scipy

  /// Tolerance: 5e−12 relative to mpmath (tails down to 1e−300 included). Up to ν ≈ 1000 the
  /// error stays below 1e−13; for ν = 1e5 near |t| ≈ 2 it reaches ~2e−12, because x = ν/(ν+t²)
  /// then lies within 4e−5 of 1 and its rounding (1e−16 absolute) moves 1 − x by ~3e−12
  /// relative in the continued fraction. scipy is checked within the p-value tolerance.
  @Test func tTailsMatchMpmathAndScipy() throws {
    let fixture = try ReferenceFixture.load()
    var worst = 0.0
    for point in fixture.studentT {
      let distribution = try StudentTDistribution(degreesOfFreedom: point.df)
      let sf = distribution.survival(point.t)
      let cdf = distribution.cdf(point.t)
      worst = max(worst, relativeError(sf, point.exactSf), relativeError(cdf, point.exactCdf))
      #expect(relativeError(sf, point.exactSf) <= 5e-12, "sf(\(point.t); \(point.df))")
      #expect(relativeError(cdf, point.exactCdf) <= 5e-12, "cdf(\(point.t); \(point.df))")
      #expect(pValueAgrees(sf, point.sf) && pValueAgrees(cdf, point.cdf))
    }
    print("Student t: \(fixture.studentT.count) points, worst relative error vs mpmath \(worst)")
  }

  /// Tolerance: 1e−12 relative to mpmath (the incomplete beta bound with margin).
  @Test func fTailsMatchMpmathAndScipy() throws {
    let fixture = try ReferenceFixture.load()
    var worst = 0.0
    for point in fixture.fisherF {
      let distribution = try FDistribution(
        numeratorDegreesOfFreedom: point.df1, denominatorDegreesOfFreedom: point.df2)
      let sf = distribution.survival(point.f)
      worst = max(worst, relativeError(sf, point.exactSf))
      let label = "sf(\(point.f); \(point.df1), \(point.df2))"
      #expect(relativeError(sf, point.exactSf) <= 1e-12, "\(label)")
      #expect(pValueAgrees(sf, point.sf))
      #expect(pValueAgrees(distribution.cdf(point.f), point.cdf))
    }
    print("F: \(fixture.fisherF.count) points, worst relative error vs mpmath \(worst)")
  }

  /// Tolerance: 1e−9 relative to scipy.stats.t.ppf (a statistic, not a probability).
  @Test func tQuantilesMatchScipy() throws {
    let fixture = try ReferenceFixture.load()
    for point in fixture.studentTQuantile {
      let t = try StudentTDistribution(degreesOfFreedom: point.df).quantile(point.p)
      #expect(
        statisticAgrees(t, point.scipy), "t_\(point.p)(\(point.df)) = \(t), scipy \(point.scipy)")
    }
  }
}
