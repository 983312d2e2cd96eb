import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise history EXECUTION-ARN [--reverse] [--json]`: every event of the history, all pages.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print an execution's history: one line per event (ID TYPE [STATE]), or one JSON object per line with --json.")

    @Argument(help: "The execution's ARN.")
    var executionArn: String

    @Flag(help: "Newest event first.")
    var reverse = false

    @Flag(help: "Print each event as JSON (GetExecutionHistory's shape), one per line.")
    var json = false

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await reportingErrors {
            try GetExecutionHistoryInput(executionArn: executionArn).validateRequest()
            try await backend.run(readOnly: true) { sfn in
                // The output type is not used: only the history is read.
                let events = try await sfn.execution(executionArn, output: JSONValue.self).history(reverseOrder: reverse)
                for event in events {
                    print(json ? String(decoding: try StepFunctionsCoding.encode(event), as: UTF8.self) : event.summaryLine)
                }
            }
        }
    }
}
