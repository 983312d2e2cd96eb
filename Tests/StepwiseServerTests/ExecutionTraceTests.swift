import Foundation
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

/// The console's runs of states read from a history. AWS chains the events a failure closes (the stopped states'
/// `…StateAborted`, `ParallelStateFailed`, the state's end) to the event the failure happened at, in another branch:
/// they still belong to the states they close.
@Suite struct ExecutionTraceTests {
    static func events(_ rows: [(Int, Int, String, String?)]) throws -> [HistoryEvent] {
        let objects: [[String: Any]] = rows.map { id, previous, type, name in
            var object: [String: Any] = ["id": id, "previousEventId": previous, "type": type, "timestamp": Double(id)]
            if let name {
                object[type.hasSuffix("Entered") ? "stateEnteredEventDetails" : "stateExitedEventDetails"] =
                    ["name": name, "input": "{}", "output": "{}"]
            }
            return object
        }
        return try JSONDecoder().decode([HistoryEvent].self, from: JSONSerialization.data(withJSONObject: objects))
    }

    @Test("a branch's failed task and the other branch's task are both stopped; the caught Parallel ends and the next state runs")
    func parallelBranchFailureCaught() throws {
        let history = try Self.events([
            (1, 0, "ExecutionStarted", nil),
            (2, 0, "ParallelStateEntered", "P"),
            (3, 2, "ParallelStateStarted", nil),
            (4, 3, "TaskStateEntered", "A"),
            (5, 3, "TaskStateEntered", "B"),
            (6, 4, "ActivityFailed", nil),
            (7, 6, "TaskStateAborted", nil),
            (8, 6, "TaskStateAborted", nil),
            (9, 6, "ParallelStateFailed", nil),
            (10, 9, "ParallelStateExited", "P"),
            (11, 10, "PassStateEntered", "Caught"),
        ])
        let trace = ExecutionTrace(events: history, definition: nil, executionStatus: .running)
        let byName = Dictionary(uniqueKeysWithValues: trace.runs.map { ($0.name, $0) })
        #expect(byName["A"]?.eventIDs == [4, 6, 7])
        #expect(byName["B"]?.eventIDs == [5, 8])
        #expect(byName["B"]?.status == .failed && byName["B"]?.exited != nil)
        #expect(byName["P"]?.eventIDs == [2, 3, 9, 10])
        #expect(byName["P"]?.status == .caught || byName["P"]?.exited != nil)
        #expect(trace.events.first { $0.event.id == 10 }?.run == byName["P"]?.index)
    }

    @Test("a Parallel retried: the next attempt's ParallelStateStarted, which follows the branch's failure, is the Parallel's")
    func parallelRetried() throws {
        let history = try Self.events([
            (1, 0, "ExecutionStarted", nil),
            (2, 0, "ParallelStateEntered", "P"),
            (3, 2, "ParallelStateStarted", nil),
            (4, 3, "FailStateEntered", "F"),
            (5, 4, "ParallelStateStarted", nil),
            (6, 5, "FailStateEntered", "F"),
            (7, 6, "ParallelStateFailed", nil),
            (8, 7, "ExecutionFailed", nil),
        ])
        let trace = ExecutionTrace(events: history, definition: nil, executionStatus: .failed)
        let parallel = try #require(trace.runs.first { $0.name == "P" })
        #expect(parallel.eventIDs == [2, 3, 5, 7, 8])
        #expect(parallel.status == .failed)
    }

    @Test("a failed JSONata expression's EvaluationFailed, chained to the event before its state's Entered event, is that state's failure")
    func evaluationFailedIsItsStates() throws {
        var history = try Self.events([
            (1, 0, "ExecutionStarted", nil),
            (2, 0, "PassStateEntered", "First"),
            (3, 2, "PassStateExited", "First"),
            (4, 3, "PassStateEntered", "Undef"),
        ])
        let failure = try JSONDecoder().decode([HistoryEvent].self, from: JSONSerialization.data(withJSONObject: [[
            "id": 5, "previousEventId": 3, "type": "EvaluationFailed", "timestamp": 5.0,
            "evaluationFailedEventDetails": ["error": "States.QueryEvaluationError", "cause": "c", "location": "Output/v", "state": "Undef"],
        ]]))
        history += failure
        let trace = ExecutionTrace(events: history, definition: nil, executionStatus: .running)
        let byName = Dictionary(uniqueKeysWithValues: trace.runs.map { ($0.name, $0) })
        #expect(byName["Undef"]?.eventIDs == [4, 5])
        #expect(byName["Undef"]?.status == .failed)
        #expect(byName["First"]?.eventIDs == [2, 3])
    }
}
