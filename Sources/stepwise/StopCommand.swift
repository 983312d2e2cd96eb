import ArgumentParser
import Foundation
import StepFunctionsAPI
import Stepwise

/// `stepwise stop EXECUTION [--error E] [--cause C]`: stops a running execution (StopExecution); it ends ABORTED.
struct StopCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop a running execution (it ends ABORTED) and print \"stopped ARN at DATE\".")

    @Argument(help: "The execution: its ARN, or MACHINE/NAME.")
    var execution: String

    @Option(help: "The error recorded for the stop.")
    var error: String?

    @Option(help: "The cause recorded for the stop.")
    var cause: String?

    @Flag(help: "Print dates in UTC (default: the local time zone).")
    var utc = false

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await backend.run { sfn in
            let arn = try await Resolving.executionArn(execution, on: sfn)
            let request = StopExecutionInput(executionArn: arn, error: error, cause: cause)
            try request.validateRequest()
            let stopped = try await sfn.stopExecution(request)
            print("stopped \(arn) at \(ISO8601.format(stopped.stopDate, timeZone: utc ? TimeZone(identifier: "UTC") ?? .current : .current))")
        }
    }
}
