import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise start MACHINE [--input JSON|@file] [--name N] [--wait]`: starts an execution and prints
/// `started MACHINE EXECUTION-ARN` at once; with `--wait`, waits for it and prints its output.
struct StartCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an execution of a state machine (by name or ARN); print \"started MACHINE EXECUTION-ARN\".",
        discussion: """
            The line is printed (and flushed) as soon as the execution has started. With --wait, waits until the \
            execution stops and prints its output (pretty JSON); while it waits, an activity task that no worker \
            takes is reported on standard error after --warn-after seconds. An execution that fails, times out or \
            is aborted prints its status, error and cause on standard error and exits with status 1.
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

    @Option(name: .customLong("warn-after"), help: "With --wait: say after this many seconds when an activity task waits for a worker (0: never).")
    var warnAfter: Int = 5

    @OptionGroup var backend: BackendOptions

    func validate() throws {
        if warnAfter < 0 { throw ValidationError("--warn-after must be 0 or more seconds, not \(warnAfter)") }
    }

    func run() async throws {
        let inputText = try UserInput.json(input, option: "--input")
        try await backend.run { sfn in
            let arn = try await resolveStateMachine(stateMachine, on: sfn)
            let request = StartExecutionInput(stateMachineArn: arn, name: name, input: inputText)
            try request.validateRequest()
            let started = try await sfn.startExecution(request)
            let machineName = arn.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? arn
            print("started \(machineName) \(started.executionArn)")
            flushOutput()
            guard wait else { return }
            let watcher = ExecutionWatcher(
                backend: sfn, executionArn: started.executionArn, stallAfter: warnAfter > 0 ? .seconds(warnAfter) : nil)
            let described = try await withThrowingTaskGroup(of: DescribeExecutionOutput?.self) { group in
                group.addTask { try await sfn.awaitExecution(executionArn: started.executionArn) }
                if warnAfter > 0 {
                    group.addTask {
                        await watcher.warnAboutStalls()
                        return nil
                    }
                }
                var result: DescribeExecutionOutput?
                while let next = try await group.next() {
                    if let next {
                        result = next
                        group.cancelAll()
                    }
                }
                return result
            }
            guard let described else { throw CommandFailure("the execution's status could not be read") }
            guard described.status == .succeeded else {
                throw CommandFailure(
                    "execution \(described.status.rawValue): \(described.error ?? "")\(described.cause.map { ": \($0)" } ?? "")")
            }
            let output = described.output ?? "null"
            print((try? JSONValue(parsing: output))?.jsonString(.pretty) ?? output)
        }
    }
}
