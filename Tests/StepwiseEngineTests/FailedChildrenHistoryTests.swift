import Foundation
import StepFunctionsAPI
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// The events a Parallel or an inline Map records when one of its branches or iterations fails (and how its events
/// chain when they all succeed), as AWS records them (histories recorded against AWS: an inline Map whose Lambda tasks
/// time out, a Map whose iteration reaches a Fail state, Catch and Retry on a Map and on a Parallel): everything the
/// failure closes is chained to the event the child failed at, and a retried attempt records no `MapStateFailed`.
@Suite("Engine: histories of a failed branch or iteration")
struct FailedChildrenHistoryTests {
    /// (type, previousEventId) from the first event of `type` on.
    static func chain(_ events: [HistoryEvent], from type: String) -> [(String, Int)] {
        pairs(Array(events.drop { $0.type.rawValue != type }))
    }

    /// (type, previousEventId) of each event.
    static func pairs(_ events: [HistoryEvent]) -> [(String, Int)] {
        events.map { ($0.type.rawValue, $0.previousEventId ?? -1) }
    }

    static func same(_ a: [(String, Int)], _ b: [(String, Int)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    }

    /// Starts an execution and moves the manual clock on until it stops (Retry intervals pass).
    static func run(
        _ engine: StepwiseEngine, _ clock: ManualEngineClock, definition: String, input: String = "{}"
    ) async throws -> DescribeExecutionOutput {
        let machine = try await engine.createStateMachine(name: "FailedChildren", definition: definition)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: input)
        for _ in 0..<2000 where try engine.describeExecution(executionArn: run.executionArn).status == .running {
            clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(2))
        }
        return try await engine.awaitExecution(executionArn: run.executionArn)
    }

    @Test("an inline Map's iteration whose task times out: MapIterationFailed, its TaskStateAborted, each other iteration's MapIterationAborted and TaskStateAborted, MapStateFailed, all after the timeout")
    func mapIterationTaskTimesOut() async throws {
        try await withTestEngine { engine, clock in
            let activity = try await engine.createActivity(name: "slow")
            let definition = """
                {"StartAt": "MapWait", "States": {"MapWait": {"Type": "Map", "End": true, "ItemProcessor": {
                  "StartAt": "Invoke", "States": {"Invoke": {"Type": "Task", "Resource": "\(activity.activityArn)",
                    "TimeoutSecondsPath": "$.t", "End": true}}}}}}
                """
            let machine = try await engine.createStateMachine(name: "MapTimeout", definition: definition)
            let run = try await engine.startExecution(
                stateMachineArn: machine.stateMachineArn, input: #"[{"t": 5}, {"t": 100}, {"t": 100}, {"t": 100}]"#)
            try #require(try await eventually {
                try engine.allHistory(executionArn: run.executionArn).filter { $0.type.rawValue == "ActivityScheduled" }.count == 4
            })
            clock.advance(by: .seconds(5))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .failed && result.error == "States.Timeout")
            let events = try engine.allHistory(executionArn: run.executionArn)
            let timedOut = try #require(events.first { $0.type.rawValue == "ActivityTimedOut" })
            let t = timedOut.id
            let tail = Self.chain(events, from: "ActivityTimedOut")
            let expected: [(String, Int)] = [
                ("ActivityTimedOut", tail.first?.1 ?? -1), ("MapIterationFailed", t), ("TaskStateAborted", t),
                ("MapIterationAborted", t), ("TaskStateAborted", t), ("MapIterationAborted", t), ("TaskStateAborted", t),
                ("MapIterationAborted", t), ("TaskStateAborted", t), ("MapStateFailed", t), ("ExecutionFailed", t + 9),
            ]
            #expect(Self.same(tail, expected), "\(tail)")
            let failed = try #require(events.first { $0.type.rawValue == "MapIterationFailed" })
            #expect(failed.details?["name"] == "MapWait" && failed.details?["index"] == 0)
            #expect(events.filter { $0.type.rawValue == "MapIterationAborted" }.map { $0.details?["index"] } == [1, 2, 3])
        }
    }

    @Test("an inline Map's iteration that reaches a Fail state: MapIterationFailed and MapStateFailed both follow FailStateEntered")
    func mapIterationReachesFail() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "MapState", "States": {"MapState": {"Type": "Map", "MaxConcurrency": 1, "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Equals3", "States": {
                    "Equals3": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 3, "Next": "Break"}], "Default": "Pass"},
                    "Pass": {"Type": "Pass", "End": true},
                    "Break": {"Type": "Fail", "Error": "SomeFailure", "Cause": "stop"}}}}}}
                """
            let result = try await Self.run(engine, clock, definition: definition, input: "[1, 3]")
            #expect(result.status == .failed && result.error == "SomeFailure")
            let events = try engine.allHistory(executionArn: result.executionArn)
            let fail = try #require(events.first { $0.type.rawValue == "FailStateEntered" })
            let tail = Self.chain(events, from: "FailStateEntered")
            let expected: [(String, Int)] = [
                ("FailStateEntered", fail.previousEventId ?? -1), ("MapIterationFailed", fail.id), ("MapStateFailed", fail.id),
                ("ExecutionFailed", fail.id + 2),
            ]
            #expect(Self.same(tail, expected), "\(tail)")
        }
    }

    @Test("Catch on an inline Map: MapStateFailed follows the iteration's failure, MapStateExited follows MapStateFailed")
    func mapCatch() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "StartState", "States": {
                  "StartState": {"Type": "Pass", "Result": [1], "ResultPath": "$.arr", "Next": "MapState"},
                  "MapState": {"Type": "Map", "ResultPath": null, "InputPath": "$.arr", "MaxConcurrency": 1,
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItemFail", "States": {
                      "HandleItemFail": {"Type": "Fail", "Error": "HandleItemFailError", "Cause": "HandleItemFailCause"}}},
                    "Catch": [{"ErrorEquals": ["HandleItemFailError"], "Next": "FinalCaught"}], "Next": "Final"},
                  "FinalCaught": {"Type": "Pass", "End": true},
                  "Final": {"Type": "Pass", "End": true}}}
                """
            let result = try await Self.run(engine, clock, definition: definition)
            #expect(result.status == .succeeded)
            let events = try engine.allHistory(executionArn: result.executionArn)
            let chain = Self.pairs(events)
            let expected: [(String, Int)] = [
                ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
                ("MapStateStarted", 4), ("MapIterationStarted", 5), ("FailStateEntered", 6), ("MapIterationFailed", 7),
                ("MapStateFailed", 7), ("MapStateExited", 9), ("PassStateEntered", 10), ("PassStateExited", 11),
                ("ExecutionSucceeded", 12),
            ]
            #expect(Self.same(chain, expected), "\(chain)")
            #expect(try json(result.output) == ["Error": "HandleItemFailError", "Cause": "HandleItemFailCause"])
        }
    }

    @Test("Retry on an inline Map: no MapStateFailed for a retried attempt; the next MapStateStarted follows the failure")
    func mapRetry() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "StartState", "States": {
                  "StartState": {"Type": "Pass", "Result": [1], "ResultPath": "$.arr", "Next": "MapState"},
                  "MapState": {"Type": "Map", "ResultPath": null, "InputPath": "$.arr", "MaxConcurrency": 1,
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItemFail", "States": {
                      "HandleItemFail": {"Type": "Fail", "Error": "HandleItemFailError", "Cause": "HandleItemFailCause"}}},
                    "Retry": [{"ErrorEquals": ["HandleItemFailError"], "MaxAttempts": 2}], "Next": "Final"},
                  "Final": {"Type": "Pass", "End": true}}}
                """
            let result = try await Self.run(engine, clock, definition: definition)
            #expect(result.status == .failed && result.error == "HandleItemFailError" && result.cause == "HandleItemFailCause")
            let events = try engine.allHistory(executionArn: result.executionArn)
            let chain = Self.pairs(events)
            let expected: [(String, Int)] = [
                ("ExecutionStarted", 0), ("PassStateEntered", 0), ("PassStateExited", 2), ("MapStateEntered", 3),
                ("MapStateStarted", 4), ("MapIterationStarted", 5), ("FailStateEntered", 6), ("MapIterationFailed", 7),
                ("MapStateStarted", 7), ("MapIterationStarted", 9), ("FailStateEntered", 10), ("MapIterationFailed", 11),
                ("MapStateStarted", 11), ("MapIterationStarted", 13), ("FailStateEntered", 14), ("MapIterationFailed", 15),
                ("MapStateFailed", 15), ("ExecutionFailed", 17),
            ]
            #expect(Self.same(chain, expected), "\(chain)")
        }
    }

    @Test("a Parallel branch whose task fails: its TaskStateAborted, the running branch's TaskStateAborted, ParallelStateFailed, all after the failure")
    func parallelBranchTaskFails() async throws {
        try await withTestEngine { engine, _ in
            let first = try await engine.createActivity(name: "first")
            let second = try await engine.createActivity(name: "second")
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "\(first.activityArn)", "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "\(second.activityArn)", "End": true}}}]}}}
                """
            let machine = try await engine.createStateMachine(name: "ParallelTasks", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            let task = try #require(try await nextActivityTask(engine, first.activityArn))
            try #require(try await nextActivityTask(engine, second.activityArn) != nil)
            try await engine.sendTaskFailure(taskToken: task.taskToken, error: "Boom", cause: "bad")
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .failed && result.error == "Boom" && result.cause == "bad")
            let events = try engine.allHistory(executionArn: run.executionArn)
            let failed = try #require(events.first { $0.type.rawValue == "ActivityFailed" })
            let f = failed.id
            let tail = Self.chain(events, from: "ActivityFailed")
            let expected: [(String, Int)] = [
                ("ActivityFailed", failed.previousEventId ?? -1), ("TaskStateAborted", f), ("TaskStateAborted", f),
                ("ParallelStateFailed", f), ("ExecutionFailed", f + 3),
            ]
            #expect(Self.same(tail, expected), "\(tail)")
        }
    }
    static let failingBranch = #"""
        "Branches": [{"StartAt": "Branch1", "States": {"Branch1": {"Type": "Fail", "Error": "FailureType", "Cause": "Cause description"}}}]
        """#

    @Test("Catch on a Parallel: ParallelStateFailed follows the branch's FailStateEntered, ParallelStateExited follows it")
    func parallelCatch() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "ParallelState", "States": {
                  "ParallelState": {"Type": "Parallel", \(Self.failingBranch),
                    "Catch": [{"ErrorEquals": ["FailureType"], "Next": "FinalCaught"}], "Next": "Final"},
                  "FinalCaught": {"Type": "Pass", "End": true},
                  "Final": {"Type": "Pass", "End": true}}}
                """
            let result = try await Self.run(engine, clock, definition: definition)
            #expect(result.status == .succeeded)
            let events = try engine.allHistory(executionArn: result.executionArn)
            let chain = Self.pairs(events)
            let expected: [(String, Int)] = [
                ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("FailStateEntered", 3),
                ("ParallelStateFailed", 4), ("ParallelStateExited", 5), ("PassStateEntered", 6), ("PassStateExited", 7),
                ("ExecutionSucceeded", 8),
            ]
            #expect(Self.same(chain, expected), "\(chain)")
        }
    }

    @Test("Retry on a Parallel: no ParallelStateFailed for a retried attempt; the next ParallelStateStarted follows the failure")
    func parallelRetry() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "ParallelState", "States": {
                  "ParallelState": {"Type": "Parallel", \(Self.failingBranch),
                    "Retry": [{"ErrorEquals": ["FailureType"], "MaxAttempts": 2}], "Next": "Final"},
                  "Final": {"Type": "Pass", "End": true}}}
                """
            let result = try await Self.run(engine, clock, definition: definition)
            #expect(result.status == .failed && result.error == "FailureType" && result.cause == "Cause description")
            let events = try engine.allHistory(executionArn: result.executionArn)
            let chain = Self.pairs(events)
            let expected: [(String, Int)] = [
                ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("FailStateEntered", 3),
                ("ParallelStateStarted", 4), ("FailStateEntered", 5), ("ParallelStateStarted", 6), ("FailStateEntered", 7),
                ("ParallelStateFailed", 8), ("ExecutionFailed", 9),
            ]
            #expect(Self.same(chain, expected), "\(chain)")
        }
    }

    @Test("a Map's and a Parallel's Succeeded and Exited events both follow the last iteration's or branch's event; with MaxConcurrency 1 the next MapIterationStarted follows the last event of the iteration that ended")
    func succeededAndExitedFollowTheSameEvent() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "MapState", "States": {
                  "MapState": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}},
                    "Next": "ParallelState"},
                  "ParallelState": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}}]}}}
                """
            let result = try await Self.run(engine, clock, definition: definition, input: #"["Hello", "World"]"#)
            #expect(result.status == .succeeded)
            let events = try engine.allHistory(executionArn: result.executionArn)
            let chain = Self.pairs(events)
            let expected: [(String, Int)] = [
                ("ExecutionStarted", 0), ("MapStateEntered", 0), ("MapStateStarted", 2), ("MapIterationStarted", 3),
                ("PassStateEntered", 4), ("PassStateExited", 5), ("MapIterationSucceeded", 6), ("MapIterationStarted", 6),
                ("PassStateEntered", 8), ("PassStateExited", 9), ("MapIterationSucceeded", 10), ("MapStateSucceeded", 11),
                ("MapStateExited", 11), ("ParallelStateEntered", 13), ("ParallelStateStarted", 14), ("PassStateEntered", 15),
                ("PassStateExited", 16), ("ParallelStateSucceeded", 17), ("ParallelStateExited", 17), ("ExecutionSucceeded", 19),
            ]
            #expect(Self.same(chain, expected), "\(chain)")
        }
    }
}
