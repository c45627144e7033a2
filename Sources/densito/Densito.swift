import ArgumentParser
import Foundation

/// Exit codes shared by every subcommand (documented in Docs/user-guide.md).
enum ExitStatus {
  /// A check found a difference (`verify`) or some items failed (`batch`).
  static let negativeResult: Int32 = 1
  /// The input could not be used or the output could not be written.
  static let failure: Int32 = 2
}

@main
struct Densito: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "densito",
    abstract: "Western blot densitometry: from blot scans to fold change with significance.",
    discussion: """
      Example:
        densito inspect TestImages/demo/actin.tif
        densito convert scan.png scan-gray.tif --gray luma
      """,
    version: DensitoVersion.string,
    subcommands: [Inspect.self, Convert.self, Background.self, Lanes.self, Bands.self, Profiles.self, Analyze.self, Stats.self, Verify.self, Synth.self, Batch.self]
  )

  /// Refuses arguments that cannot be file names (see `RawArguments`) before parsing.
  static func main() {
    if let problem = RawArguments.problem() {
      printError(problem)
      Foundation.exit(ExitStatus.failure)
    }
    main(nil)
  }
}

enum DensitoVersion {
  static let string = "0.1.0"
}

/// Writes one line to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data("densito: \(message)\n".utf8))
}

/// Runs `body`, turning any thrown error into one line on stderr and exit status 2.
/// Installs the SIGINT/SIGTERM handling first (see `Interruption`): every command runs here.
func reportingErrors(_ body: () throws -> Void) throws {
  Interruption.install()
  do {
    try body()
  } catch let exit as ExitCode {
    throw exit
  } catch {
    printError(String(describing: error))
    throw ExitCode(ExitStatus.failure)
  }
}

/// A failure described by the command itself (one line, naming the file).
struct CommandError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
