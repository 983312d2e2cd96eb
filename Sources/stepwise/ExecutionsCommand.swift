import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise executions [MACHINE] [--status S] [--limit N]`: executions, newest first: status, name, start and stop
/// dates, ARN (and the machine, when every machine's executions are listed).
struct ExecutionsCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions",
        abstract: "List executions, newest first: status, name, start and stop dates, ARN.",
        discussion: "Without a state machine, lists the executions of every state machine.")

    @Argument(help: "The state machine's name or ARN (default: every state machine).")
    var stateMachine: String?

    @Option(help: "Only executions with this status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.")
    var status: String?

    @Option(help: "At most this many executions (the newest).")
    var limit: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var backend: BackendOptions

    func validate() throws {
        if let status, !ExecutionStatus.allKnown.map(\.rawValue).contains(status) {
            throw ValidationError(
                "--status must be one of \(ExecutionStatus.allKnown.map(\.rawValue).joined(separator: ", ")), not \(status)")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, not \(limit)") }
    }

    func run() async throws {
        try await backend.run(readOnly: true) { sfn in
            var executions: [ExecutionListItem] = []
            let machines: [String]
            if let stateMachine {
                machines = [try await resolveStateMachine(stateMachine, on: sfn)]
            } else {
                // AWS lists no EXPRESS machine's executions (ListExecutions refuses them).
                machines = try await Resolving.allStateMachines(on: sfn).filter { $0.type != .express }.map(\.stateMachineArn)
            }
            for machine in machines {
                do {
                    executions += try await list(machine, on: sfn)
                } catch let error as StepFunctionsError where error.code == .stateMachineTypeNotSupported {
                    throw CommandFailure(
                        "\(stateMachine ?? machine) is an EXPRESS state machine: its executions are not listed, as on AWS "
                            + "(StartSyncExecution answers each one's result)")
                }
            }
            if machines.count > 1 { executions.sort { $0.startDate > $1.startDate } }
            if let limit, executions.count > limit { executions.removeLast(executions.count - limit) }
            render(executions, showingMachine: stateMachine == nil)
        }
    }

    /// A machine's executions, newest first, at most `limit` of them.
    private func list(_ machineArn: String, on sfn: any StepFunctionsBackend) async throws -> [ExecutionListItem] {
        var executions: [ExecutionListItem] = []
        var token: String?
        repeat {
            let page = try await sfn.listExecutions(
                ListExecutionsInput(
                    stateMachineArn: machineArn, statusFilter: status.map(ExecutionStatus.init(rawValue:)),
                    maxResults: min(limit ?? 1000, 1000), nextToken: token))
            executions += page.executions
            token = page.nextToken
        } while token != nil && executions.count < (limit ?? .max)
        return executions
    }

    private func render(_ executions: [ExecutionListItem], showingMachine: Bool) {
        switch output.output {
        case .json:
            for execution in executions {
                if let line = try? output.jsonLine(execution) { print(line) }
            }
        case .table:
            var table =
                showingMachine
                ? Table("STATUS", "MACHINE", "NAME", "STARTED", "STOPPED", "ARN") : Table("STATUS", "NAME", "STARTED", "STOPPED", "ARN")
            for execution in executions {
                let machine = execution.stateMachineArn.split(separator: ":").last.map(String.init) ?? ""
                let dates = [output.date(execution.startDate), execution.stopDate.map(output.date) ?? "-"]
                table.append(
                    [execution.status.rawValue] + (showingMachine ? [machine] : []) + [execution.name] + dates + [execution.executionArn])
            }
            table.print()
        }
    }
}
