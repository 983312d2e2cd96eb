import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise start NAME-or-ARN [--input JSON|@file] [--name N] [--wait]`: starts an execution and prints its ARN;
/// with `--wait`, also waits for it and prints its output.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an execution of a state machine (by name or ARN) and print the execution's ARN.",
        discussion: """
            With --wait, waits until the execution stops and prints its output (pretty JSON). An execution that \
            fails, times out or is aborted prints its status, error and cause on standard error and exits with status 1.
            """
    )

    @Argument(help: "The state machine's name or ARN.")
    var stateMachine: String

    @Option(help: "The execution input: JSON text, or @FILE to read it from a file.")
    var input: String = "{}"

    @Option(help: "The execution's name (default: a UUID).")
    var name: String?

    @Flag(help: "Wait for the execution to stop and print its output.")
    var wait = false

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await reportingErrors {
            let inputText = input.hasPrefix("@") ? try readText(String(input.dropFirst()), what: "input file") : input
            do {
                _ = try JSONValue(parsing: inputText)
            } catch {
                throw CommandFailure("the input is not JSON: \(error)")
            }
            try await backend.run { sfn in
                let arn = try await resolveStateMachine(stateMachine, on: sfn)
                let request = StartExecutionInput(stateMachineArn: arn, name: name, input: inputText)
                try request.validateRequest()
                let started = try await sfn.startExecution(request)
                print(started.executionArn)
                guard wait else { return }
                let described = try await sfn.awaitExecution(executionArn: started.executionArn)
                guard described.status == .succeeded else {
                    throw CommandFailure(
                        "execution \(described.status.rawValue): \(described.error ?? "")\(described.cause.map { ": \($0)" } ?? "")")
                }
                let output = described.output ?? "null"
                print((try? JSONValue(parsing: output))?.jsonString(.pretty) ?? output)
            }
        }
    }
}
