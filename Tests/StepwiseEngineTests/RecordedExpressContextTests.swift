import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// `$$.Execution` of an Express execution as recorded against AWS: started by StartExecution it has RedriveCount
/// (LocalStack's express/test_express_async.snapshot.json, test_query_runtime_memory), started by StartSyncExecution it
/// has none (express/test_express_sync.snapshot.json, test_query_runtime_memory).
@Suite("Engine: the context object of Express executions as recorded")
struct RecordedExpressContextTests {
    static let query = #"{"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Parameters": {"e.$": "$$.Execution"}, "End": true}}}"#

    private func members(_ output: String?) throws -> [String] {
        let value = try JSONValue(parsing: try #require(output))
        guard case .object(let object) = value, case .object(let execution)? = object["e"] else { return [] }
        return Array(execution.keys)
    }

    @Test func asyncHasRedriveCountAndSyncHasNone() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(name: "Query", definition: Self.query, type: .express)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            let started = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(try members(started.output) == ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"])
            let sync = try await engine.startSyncExecution(.init(stateMachineArn: machine.stateMachineArn))
            #expect(try members(sync.output) == ["Id", "Input", "StartTime", "Name", "RoleArn"])
            #expect(sync.outputDetails?.included == true)
        }
    }
}
