import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct Stepwise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Durable workflows in the Amazon States Language.",
        discussion: """
            Exit status: 0 success, 1 runtime failure (one line "error: ..." on standard error), 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, RunCommand.self, ServeCommand.self, DeployCommand.self, StartCommand.self, ExecutionsCommand.self,
            DescribeCommand.self, HistoryCommand.self, MachinesCommand.self, ActivitiesCommand.self, StopCommand.self,
            RedriveCommand.self, DeleteCommand.self, TaskCommand.self, GraphCommand.self,
        ]
    )

    /// Runs the command with ArgumentParser's parsing, and these rules: a usage error exits 2 (not 64) with the usage; a runtime error prints one line
    /// `error: MESSAGE` on standard error (never the usage) and exits 1.
    static func main() async {
        if let unknown = UnknownCommand(arguments: Array(CommandLine.arguments.dropFirst())) {
            Console.err("error: \(unknown.message)\n")
            Foundation.exit(2)
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitForUsage(error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exitForRuntime(error, command: command)
        }
    }

    private static func exitForUsage(_ error: any Error) -> Never {
        if exitCode(for: error) == .validationFailure {
            Console.err(fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
        exit(withError: error)
    }

    private static func exitForRuntime(_ error: any Error, command: any ParsableCommand) -> Never {
        if error is ValidationError {
            // A usage error found while running: the message alone, status 2.
            fflush(nil)
            Console.err("error: \(ErrorLine.flatten(message(for: error)))\n")
            Foundation.exit(2)
        }
        // ArgumentParser's own errors (help asked for by `--help` or `help`, version, exit codes) keep its handling.
        if error is ExitCode || error is CleanExit || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            exitForUsage(error)
        }
        switch error {
        case let rejected as DefinitionRejected:
            fflush(nil)
            Console.err(rejected.description.split(separator: "\n").map { "error: \($0)\n" }.joined())
            Foundation.exit(1)
        default:
            var line = ErrorLine.message(for: error, endpoint: (command as? any RemoteCommand)?.backend.endpointDescription)
            if let serve = command as? ServeCommand, let listen = ErrorLine.listenMessage(error, host: serve.host, port: serve.port) {
                line = listen
            }
            fflush(nil)
            Console.err("error: \(line)\n")
            Foundation.exit(1)
        }
    }
}

/// A command word that names no command (`stepwise runn`, `stepwise task sucess`), found before ArgumentParser would
/// answer it with "2 unexpected arguments": the word, the command it was given to, and the nearest command's name.
struct UnknownCommand {
    let message: String

    init?(arguments: [String], root: any ParsableCommand.Type = Stepwise.self) {
        var command = root
        var path = [root.configuration.commandName ?? "stepwise"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-"), word != "help" else { return nil }
            guard let next = subcommands.first(where: { $0.configuration.commandName == word }) else {
                let names = subcommands.compactMap { $0.configuration.commandName }
                let nearest = names.map { (name: $0, distance: Self.distance(word.lowercased(), $0)) }
                    .filter { $0.distance <= max(1, min(2, word.count / 3)) || $0.name.hasPrefix(word.lowercased()) }
                    .min { $0.distance < $1.distance }
                let command = path.joined(separator: " ")
                let hint = nearest.map { " Did you mean '\(command) \($0.name)'?" } ?? ""
                message = "'\(word)' is not a \(command) command.\(hint) The commands: \(names.joined(separator: ", ")) "
                    + "('\(command) --help' tells what each does)."
                return
            }
            command = next
            path.append(word)
        }
        return nil
    }

    /// Levenshtein distance by characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return a.count + b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}

/// A command that calls a Step Functions backend (embedded or remote), so errors can name its endpoint.
protocol RemoteCommand {
    var backend: BackendOptions { get }
}

extension BackendOptions {
    /// The endpoint URL the client calls, when one is configured (nil: AWS's default, or the embedded engine).
    var endpointDescription: String? {
        let environment = ProcessInfo.processInfo.environment
        return endpoint ?? [environment["AWS_ENDPOINT_URL_SFN"], environment["AWS_ENDPOINT_URL"]].compactMap { $0 }.first { !$0.isEmpty }
    }
}

/// Flushes standard output, so a pipe sees what was printed at once (commands that print progress call it).
func flushOutput() {
    fflush(nil)
}
