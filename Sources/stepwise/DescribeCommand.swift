import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise describe EXECUTION-ARN`: the execution's description as `DescribeExecution` answers it (JSON).
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Print an execution's description (DescribeExecution) as JSON.")

    @Argument(help: "The execution's ARN.")
    var executionArn: String

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await reportingErrors {
            let request = DescribeExecutionInput(executionArn: executionArn)
            try request.validateRequest()
            try await backend.run(readOnly: true) { sfn in
                let described = try await sfn.describeExecution(request)
                let text = String(decoding: try StepFunctionsCoding.encode(described), as: UTF8.self)
                print((try? JSONValue(parsing: text)).map { Self.sortingKeys($0).jsonString(.pretty) } ?? text)
            }
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
