import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// A Distributed Map whose children cannot be started, from AWS's "Distributed Map" documentation.
@Suite("Engine: Distributed Map failures")
struct MapStartFailureTests {
    @Test("an ItemSelector that fails on the first item: MapRunFailed and MapStateFailed before the execution fails")
    func selectorFailsAtStart() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemSelector": {"v.$": "$.missing"},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
                  "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"items": [1, 2]}"#)
            #expect(result.status == .failed)
            #expect(result.error == "States.Runtime")
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed", "MapStateFailed",
                "ExecutionFailed",
            ])
            let failed = try #require(events.first { $0.type.rawValue == "MapRunFailed" })
            #expect(failed.details?["error"] == "States.Runtime")
        }
    }
}

@Suite("Engine: a Map whose ItemSelector fails while it starts")
struct InlineMapStartFailureTests {
    @Test("an inline Map: the iterations already started are aborted, then MapStateFailed and ExecutionFailed")
    func startedIterationsAbort() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemSelector": {"v.$": "$$.Map.Item.Value.x"},
                  "ItemProcessor": {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
                  "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"[{"x": 1}, {"x": 2}, {"y": 3}]"#)
            #expect(result.status == .failed)
            #expect(result.error == "States.Runtime")
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted", "MapIterationStarted",
                "MapIterationAborted", "MapIterationAborted", "MapStateFailed", "ExecutionFailed",
            ])
            #expect(events.filter { $0.type.rawValue == "MapIterationAborted" }.map { $0.details?["index"] } == [0, 1])
        }
    }
}
