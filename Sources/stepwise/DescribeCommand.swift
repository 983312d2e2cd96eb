import ArgumentParser
import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise describe EXECUTION`: the execution's description as `DescribeExecution` answers it (JSON), dates in ISO 8601.
struct DescribeCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print an execution's description (DescribeExecution) as JSON, with ISO 8601 dates.")

    @Argument(help: "The execution: its ARN, or MACHINE/NAME.")
    var executionArn: String

    @Flag(help: "Print dates in UTC (default: the local time zone).")
    var utc = false

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await backend.run(readOnly: true) { sfn in
            let arn = try await Resolving.executionArn(executionArn, on: sfn)
            let request = DescribeExecutionInput(executionArn: arn)
            try request.validateRequest()
            let described = try await sfn.describeExecution(request)
            let options = try OutputOptions.parse(utc ? ["--utc"] : [])
            let text = try options.jsonLine(described)
            print((try? JSONValue(parsing: text)).map { Self.sortingKeys($0).jsonString(.pretty) } ?? text)
        }
    }
}

extension DescribeCommand {
    /// The value with the members of every object in key order, so the printed description is stable.
    static func sortingKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var sorted = JSONObject()
            for (key, member) in object.sorted(by: { $0.key < $1.key }) { sorted[key] = sortingKeys(member) }
            return .object(sorted)
        case .array(let items):
            return .array(items.map(sortingKeys))
        default:
            return value
        }
    }
}
