// swift-tools-version:6.1
// Densito: western blot densitometry, from scans to fold change with significance.
import Foundation
import PackageDescription

// Dependencies point one way:
//   densito (CLI) -> DensitoReport / DensitoExperiment -> DensitoAnalysis / DensitoStats
//   -> DensitoRaster -> CCodecShims -> CPNG / CTIFF / CJPEG (system libraries)

var products: [Product] = [
  .library(name: "DensitoRaster", targets: ["DensitoRaster"]),
  .library(name: "DensitoAnalysis", targets: ["DensitoAnalysis"]),
  .library(name: "DensitoStats", targets: ["DensitoStats"]),
  .library(name: "DensitoExperiment", targets: ["DensitoExperiment"]),
  .library(name: "DensitoReport", targets: ["DensitoReport"]),
  .executable(name: "densito", targets: ["densito"]),
  .executable(name: "densito-bench", targets: ["DensitoBench"]),
]

var targets: [Target] = [
  // MARK: C libraries (only DensitoRaster imports these)
  .systemLibrary(
    name: "CPNG", pkgConfig: "libpng",
    providers: [.apt(["libpng-dev"])]),
  .systemLibrary(
    name: "CTIFF", pkgConfig: "libtiff-4",
    providers: [.apt(["libtiff-dev"])]),
  .systemLibrary(
    name: "CJPEG", pkgConfig: "libjpeg",
    providers: [.apt(["libjpeg-dev"])]),
  // libpng and libjpeg report errors with longjmp, which Swift cannot catch:
  // every call into them sits in this C target behind its own setjmp.
  .target(name: "CCodecShims", dependencies: ["CPNG", "CJPEG"]),

  // MARK: Swift modules
  .target(name: "DensitoRaster", dependencies: ["CCodecShims", "CTIFF"]),
  .target(name: "DensitoAnalysis", dependencies: ["DensitoRaster"]),
  .target(name: "DensitoStats"),
  .target(
    name: "DensitoExperiment",
    dependencies: [
      "DensitoRaster", "DensitoAnalysis", "DensitoStats",
      .product(name: "Yams", package: "Yams"),
    ]),
  .target(
    name: "DensitoReport",
    dependencies: ["DensitoRaster", "DensitoAnalysis", "DensitoStats", "DensitoExperiment"]),
  .executableTarget(
    name: "densito",
    dependencies: [
      "DensitoRaster", "DensitoAnalysis", "DensitoStats", "DensitoExperiment", "DensitoReport",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
  .executableTarget(
    name: "DensitoBench", dependencies: ["DensitoRaster", "DensitoAnalysis"],
    path: "Benchmarks/DensitoBench"),

  // MARK: Tests
  // Paths to TestImages/ and ../shared, shared by every test target.
  .target(name: "DensitoTestSupport", path: "Tests/DensitoTestSupport"),
  .testTarget(name: "DensitoRasterTests", dependencies: ["DensitoRaster", "DensitoTestSupport"]),
  .testTarget(
    name: "DensitoAnalysisTests",
    dependencies: ["DensitoAnalysis", "DensitoRaster", "DensitoTestSupport"]),
  .testTarget(name: "DensitoStatsTests", dependencies: ["DensitoStats", "DensitoTestSupport"]),
  .testTarget(
    name: "DensitoExperimentTests",
    dependencies: [
      "DensitoExperiment", "DensitoAnalysis", "DensitoRaster", "DensitoStats", "DensitoTestSupport",
    ]),
  .testTarget(name: "DensitoReportTests", dependencies: ["DensitoReport", "DensitoTestSupport"]),
  .testTarget(
    name: "densitoCLITests", dependencies: ["densito", "DensitoRaster", "DensitoTestSupport"]),
]

// libFuzzer harnesses exist only when asked for (`DENSITO_FUZZ=1`, see Fuzz/README.md):
// their entry point is LLVMFuzzerTestOneInput, so they cannot link without -sanitize=fuzzer.
if ProcessInfo.processInfo.environment["DENSITO_FUZZ"] == "1" {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
  for name in [
    "FuzzPNG", "FuzzTIFF", "FuzzJPEG", "FuzzExperiment", "FuzzValueTable", "FuzzLanesFile",
  ]
  where FileManager.default.fileExists(atPath: "\(root)/Fuzz/\(name)/main.swift") {
    products.append(.executable(name: name, targets: [name]))
    targets.append(
      .executableTarget(
        name: name, dependencies: ["DensitoRaster", "DensitoExperiment"], path: "Fuzz/\(name)"))
  }
}

let package = Package(
  name: "Densito",
  platforms: [.macOS(.v14)],
  products: products,
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: targets,
  swiftLanguageModes: [.v6]
)
