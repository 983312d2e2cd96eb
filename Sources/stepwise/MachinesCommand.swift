import ArgumentParser
import Foundation
import StepFunctionsAPI
import Stepwise

/// `stepwise machines`: the state machines, as ListStateMachines answers (name order).
struct MachinesCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "machines",
        abstract: "List the state machines: name, type, creation date and ARN.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await backend.run(readOnly: true) { sfn in
            let machines = try await Resolving.allStateMachines(on: sfn)
            switch output.output {
            case .json:
                for machine in machines { print(try output.jsonLine(machine)) }
            case .table:
                var table = Table("NAME", "TYPE", "CREATED", "ARN")
                for machine in machines {
                    table.append([machine.name, machine.type.rawValue, output.date(machine.creationDate), machine.stateMachineArn])
                }
                table.print()
            }
        }
    }
}
