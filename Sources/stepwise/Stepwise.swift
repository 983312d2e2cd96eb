import ArgumentParser
import Foundation

@main
struct Stepwise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Durable workflows in the Amazon States Language.",
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, RunCommand.self, ServeCommand.self, DeployCommand.self, StartCommand.self, ExecutionsCommand.self,
            DescribeCommand.self, HistoryCommand.self, GraphCommand.self,
        ]
    )

    /// Runs the command, with one change to ArgumentParser's exit codes: a usage error exits 2 (not 64), as
    /// the commands document.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
