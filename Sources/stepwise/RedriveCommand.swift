import ArgumentParser
import Foundation
import StepFunctionsAPI
import Stepwise

/// `stepwise redrive EXECUTION`: restarts a failed, timed-out or aborted execution from where it stopped
/// (RedriveExecution).
struct RedriveCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive",
        abstract: "Redrive a failed, timed-out or aborted execution from its failed step; print \"redriven ARN at DATE\".",
        discussion: "AWS allows a redrive within 14 days of the execution's stop; `stepwise history --follow` shows it run.")

    @Argument(help: "The execution: its ARN, or MACHINE/NAME.")
    var execution: String

    @Flag(help: "Print dates in UTC (default: the local time zone).")
    var utc = false

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await backend.run { sfn in
            let arn = try await Resolving.executionArn(execution, on: sfn)
            let request = RedriveExecutionInput(executionArn: arn)
            try request.validateRequest()
            let redriven = try await sfn.redriveExecution(request)
            print("redriven \(arn) at \(ISO8601.format(redriven.redriveDate, timeZone: utc ? TimeZone(identifier: "UTC") ?? .current : .current))")
        }
    }
}
