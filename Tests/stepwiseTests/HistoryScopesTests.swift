import Foundation
import Testing

@testable import stepwise
import StepFunctionsAPI

/// `stepwise history` places each event in its Map iteration or Parallel branch from `previousEventId`. AWS chains the
/// events a failure closes (the other iterations' `MapIterationAborted`, the states they stop) to the event the failure
/// happened at, in another iteration or branch: they are still placed where those states were.
@Suite struct HistoryScopesTests {
    /// Events as GetExecutionHistory returns them: (id, previousEventId, type, details key, details).
    static func events(_ rows: [(Int, Int, String, String?, [String: Any])]) throws -> [HistoryEvent] {
        let objects: [[String: Any]] = rows.map { id, previous, type, key, details in
            var object: [String: Any] = ["id": id, "previousEventId": previous, "type": type, "timestamp": 0]
            if let key { object[key] = details }
            return object
        }
        return try JSONDecoder().decode([HistoryEvent].self, from: JSONSerialization.data(withJSONObject: objects))
    }

    static func labels(_ events: [HistoryEvent], definition: String? = nil) -> [String] {
        var scopes = HistoryScopes(definition: definition)
        return events.map { scopes.place($0).label }
    }

    static func entered(_ name: String) -> [String: Any] { ["name": name, "input": "{}"] }
    static func iteration(_ index: Int) -> [String: Any] { ["name": "MapWait", "index": index] }

    @Test("an inline Map whose iteration timed out: each other iteration's MapIterationAborted and TaskStateAborted are theirs")
    func mapIterationsAbortedByAFailure() throws {
        let events = try Self.events([
            (1, 0, "ExecutionStarted", nil, [:]),
            (2, 0, "MapStateEntered", "stateEnteredEventDetails", Self.entered("MapWait")),
            (3, 2, "MapStateStarted", "mapStateStartedEventDetails", ["length": 2]),
            (4, 3, "MapIterationStarted", "mapIterationStartedEventDetails", Self.iteration(0)),
            (5, 3, "MapIterationStarted", "mapIterationStartedEventDetails", Self.iteration(1)),
            (6, 4, "TaskStateEntered", "stateEnteredEventDetails", Self.entered("Invoke")),
            (7, 5, "TaskStateEntered", "stateEnteredEventDetails", Self.entered("Invoke")),
            (8, 6, "TaskTimedOut", nil, [:]),
            (9, 8, "MapIterationFailed", "mapIterationFailedEventDetails", Self.iteration(0)),
            (10, 8, "TaskStateAborted", nil, [:]),
            (11, 8, "MapIterationAborted", "mapIterationAbortedEventDetails", Self.iteration(1)),
            (12, 8, "TaskStateAborted", nil, [:]),
            (13, 8, "MapStateFailed", nil, [:]),
            (14, 13, "ExecutionFailed", nil, [:]),
        ])
        #expect(Self.labels(events) == [
            "", "MapWait", "MapWait", "MapWait[0]", "MapWait[1]", "MapWait[0]/Invoke", "MapWait[1]/Invoke",
            "MapWait[0]/Invoke", "MapWait[0]", "MapWait[0]/Invoke", "MapWait[1]", "MapWait[1]/Invoke", "MapWait", "",
        ])
    }

    @Test("a Parallel whose branch failed: the other branch's aborted Wait is placed in that branch")
    func parallelBranchAbortedByAFailure() throws {
        let definition = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}},
              {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}}]}}}
            """#
        let events = try Self.events([
            (1, 0, "ExecutionStarted", nil, [:]),
            (2, 0, "ParallelStateEntered", "stateEnteredEventDetails", Self.entered("P")),
            (3, 2, "ParallelStateStarted", nil, [:]),
            (4, 3, "WaitStateEntered", "stateEnteredEventDetails", Self.entered("W")),
            (5, 3, "FailStateEntered", "stateEnteredEventDetails", Self.entered("F")),
            (6, 5, "WaitStateAborted", nil, [:]),
            (7, 5, "ParallelStateFailed", nil, [:]),
            (8, 7, "ExecutionFailed", nil, [:]),
        ])
        #expect(Self.labels(events, definition: definition) == ["", "P", "P", "P#0/W", "P#1/F", "P#0/W", "P", ""])
    }

    @Test("a failed JSONata expression's EvaluationFailed, chained to the event before its state's Entered event, is that state's")
    func evaluationFailedIsItsStates() throws {
        let failure: [String: Any] = [
            "error": "States.QueryEvaluationError", "cause": "c", "location": "Output/v", "state": "Undef",
        ]
        let events = try Self.events([
            (1, 0, "ExecutionStarted", nil, [:]),
            (2, 0, "MapStateEntered", "stateEnteredEventDetails", Self.entered("MapWait")),
            (3, 2, "MapStateStarted", "mapStateStartedEventDetails", ["length": 1]),
            (4, 3, "MapIterationStarted", "mapIterationStartedEventDetails", Self.iteration(0)),
            (5, 4, "PassStateEntered", "stateEnteredEventDetails", Self.entered("Undef")),
            (6, 4, "EvaluationFailed", "evaluationFailedEventDetails", failure),
        ])
        #expect(Self.labels(events).last == "MapWait[0]/Undef")
    }
}
