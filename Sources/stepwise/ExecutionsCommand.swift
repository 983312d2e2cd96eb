import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise executions NAME-or-ARN [--status S]`: one line per execution, newest first:
/// `STATUS<TAB>NAME<TAB>START<TAB>ARN`.
struct ExecutionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions",
        abstract: "List a state machine's executions: STATUS, name, start date and ARN, tab-separated.")

    @Argument(help: "The state machine's name or ARN.")
    var stateMachine: String

    @Option(help: "Only executions with this status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.")
    var status: String?

    @OptionGroup var backend: BackendOptions

    func validate() throws {
        if let status, !ExecutionStatus.allKnown.map(\.rawValue).contains(status) {
            throw ValidationError(
                "--status must be one of \(ExecutionStatus.allKnown.map(\.rawValue).joined(separator: ", ")), not \(status)")
        }
    }

    func run() async throws {
        try await reportingErrors {
            try await backend.run(readOnly: true) { sfn in
                let arn = try await resolveStateMachine(stateMachine, on: sfn)
                var token: String?
                repeat {
                    let page = try await sfn.listExecutions(
                        ListExecutionsInput(
                            stateMachineArn: arn, statusFilter: status.map(ExecutionStatus.init(rawValue:)), maxResults: 1000,
                            nextToken: token))
                    for execution in page.executions {
                        let start = execution.startDate.formatted(.iso8601)
                        print("\(execution.status.rawValue)\t\(execution.name)\t\(start)\t\(execution.executionArn)")
                    }
                    token = page.nextToken
                } while token != nil
            }
        }
    }
}
