import Foundation

/// Where the package and its shared test data live, found from this file's path (tests
/// never depend on the working directory).
public enum TestPaths {
  /// The package root (the folder holding Package.swift).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `TestImages/` inside the package.
  public static let testImages: URL = packageRoot.appendingPathComponent("TestImages")

  /// The read-only `../shared` folder (conformance images, real scans), or the folder named
  /// by `DENSITO_SHARED_DIR` (for checkouts that sit elsewhere, e.g. git worktrees); nil
  /// when neither exists: tests that need it are then skipped.
  public static let shared: URL? = {
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    if FileManager.default.fileExists(atPath: url.path) { return url }
    if let path = ProcessInfo.processInfo.environment["DENSITO_SHARED_DIR"],
      FileManager.default.fileExists(atPath: path)
    {
      return URL(fileURLWithPath: path)
    }
    return nil
  }()

  public static var hasShared: Bool { shared != nil }
}
