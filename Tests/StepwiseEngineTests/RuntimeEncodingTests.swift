import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepwiseTesting
import Testing

@testable import StepwiseEngine

/// The saved state of a running execution is written by ``RuntimeEncoding``, not `JSONEncoder`: what it writes must
/// read back (with `JSONDecoder`, as recovery and redrives read it) to exactly what `JSONEncoder`'s text reads back
/// to, and it must refuse what `JSONEncoder` refuses.
@Suite("Engine: saved execution state encoding")
struct RuntimeEncodingTests {
    /// Reads `runtime` back from both encodings and compares the results (written with sorted keys).
    static func expectSameReadBack(_ runtime: ExecutionRuntime, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try RuntimeEncoding.encode(runtime)
        let reference = try JSONEncoder().encode(runtime)
        let sorted = JSONEncoder()
        sorted.outputFormatting = [.sortedKeys]
        let fromFast = try sorted.encode(JSONDecoder().decode(ExecutionRuntime.self, from: fast))
        let fromReference = try sorted.encode(JSONDecoder().decode(ExecutionRuntime.self, from: reference))
        #expect(
            String(decoding: fromFast, as: UTF8.self) == String(decoding: fromReference, as: UTF8.self),
            sourceLocation: sourceLocation)
        // And the text is JSON this project's own parser reads (the console and the CLI show it).
        _ = try JSONValue(parsing: String(decoding: fast, as: UTF8.self))
    }

    /// Executions stopped in every kind of wait (a task, a Wait timer, a Retry timer, Map iterations with results and
    /// running children, Parallel branches, variables): each runtime, as the engine holds it, reads back the same.
    @Test("runtimes of parked executions read back as JSONEncoder's do")
    func parkedExecutionsReadBackTheSame() async throws {
        let engine = try StepwiseEngine(location: .inMemory, clock: ManualEngineClock())
        engine.start()
        defer { Task { await engine.shutdown() } }
        let activity = try await engine.createActivity(name: "work")
        let definition = """
            {"QueryLanguage": "JSONPath", "StartAt": "Setup", "States": {
              "Setup": {"Type": "Pass", "Assign": {"quote": "a \\"b\\" \\\\ c\\n\\u0001 é 😀", "n": 2.5, "big": 1e300,
                        "whole": 3.0, "neg": -0.0, "list": [1, null, true, {"deep": [[[]]]}]},
                        "Result": {"items": [1, 2.5, "x", {"k": "v"}, [null], 1e21, 0.1]}, "Next": "Both"},
              "Both": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 3,
                  "ItemProcessor": {"StartAt": "Route", "States": {
                    "Route": {"Type": "Choice", "Choices": [{"Variable": "$", "IsNumeric": true, "Next": "Work"}],
                              "Default": "Done"},
                    "Work": {"Type": "Task", "Resource": "\(activity.activityArn)", "HeartbeatSeconds": 30,
                             "TimeoutSeconds": 600, "Retry": [{"ErrorEquals": ["Again"], "IntervalSeconds": 50}],
                             "End": true},
                    "Done": {"Type": "Pass", "End": true}}},
                  "End": true}}},
                {"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 3600, "End": true}}}
              ]}}}
            """
        let machine = try await engine.createStateMachine(name: "Parked", definition: definition)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"in": "put"}"#)
        // One task fails with a retried error: its iteration waits on a Retry timer.
        let task = try #require(try await nextActivityTask(engine, activity.activityArn))
        try await engine.sendTaskFailure(taskToken: task.taskToken, error: "Again", cause: "once more")
        await engine.drainEvaluations(within: .seconds(10))
        let runtime = try #require(engine.state.withLock { $0.runtimes[run.executionArn] })
        let waits = runtime.frames.values.map { frame -> String in
            switch frame.waiting {
            case .nothing: "nothing"
            case .task: "task"
            case .waitTimer: "wait"
            case .retryTimer: "retry"
            case .children: "children"
            }
        }
        #expect(Set(waits).isSuperset(of: ["task", "wait", "retry", "children"]), "\(waits)")
        try Self.expectSameReadBack(runtime)
    }

    @Test("a state holding a number that is not finite is refused, as JSONEncoder refuses it")
    func refusesNonFiniteNumbers() throws {
        for value in [Double.nan, .infinity, -.infinity] {
            let runtime = Self.runtime(input: .object(["a": .array([.int(1), .double(value)])]))
            #expect(throws: EncodingError.self) { try JSONEncoder().encode(runtime) }
            #expect(throws: EncodingError.self) { try RuntimeEncoding.encode(runtime) }
        }
    }

    @Test("a value nested past what JSONDecoder reads back is refused, as JSONEncoder refuses it")
    func refusesValuesTooDeepToReadBack() throws {
        var deep = JSONValue.int(1)
        for _ in 0..<(JSONValue.maximumCodableDepth + 1) { deep = .array([deep]) }
        #expect(throws: EncodingError.self) { try RuntimeEncoding.encode(Self.runtime(input: deep)) }
        var nested = JSONValue.string("bottom")
        for level in 0..<100 { nested = level.isMultiple(of: 2) ? .array([nested, .null]) : .object(["k\(level)": nested]) }
        try Self.expectSameReadBack(Self.runtime(input: nested))
    }

    @Test("strings with every kind of escape, numbers of every form and dates read back the same")
    func scalarsReadBackTheSame() throws {
        let values: [JSONValue] = [
            .string("\"\\/\u{0}\u{1F}\u{7F}\u{2028} é 😀"), .int(.max), .int(.min), .double(-0.0), .double(5e-324),
            .double(1.7976931348623157e308), .double(1e16), .double(123456789.125), .double(3), .bool(false), .null,
        ]
        var runtime = Self.runtime(input: .array(values))
        runtime.startTime = Date(timeIntervalSinceReferenceDate: 1234.5678)
        runtime.inputText = "\"\\"
        try Self.expectSameReadBack(runtime)
    }

    static func runtime(input: JSONValue) -> ExecutionRuntime {
        var runtime = ExecutionRuntime(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:M:e", executionName: "e",
            stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:M", stateMachineName: "M",
            roleArn: "arn:aws:iam::123456789012:role/R", startTime: Date(timeIntervalSince1970: 1_700_000_000.25),
            input: input, inputText: nil)
        runtime.frames[0] = Frame(
            id: 0, path: [], index: 0, variables: ["v": input], lastEventId: 1, stateName: "S", stateInput: input,
            enteredTime: Date(timeIntervalSince1970: 1_700_000_001))
        return runtime
    }
}
