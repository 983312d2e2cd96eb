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
            .string("\"\\/\u{0}\u{1F}\u{7F}\u{2028} é 😀"), .int(.max), .int(.min), .double(-0.0), .double(.leastNonzeroMagnitude),
            .double(1.7976931348623157e308), .double(1e16), .double(123456789.125), .double(3), .bool(false), .null,
        ]
        var runtime = Self.runtime(input: .array(values))
        runtime.startTime = Date(timeIntervalSinceReferenceDate: 1234.5678)
        runtime.inputText = "\"\\"
        try Self.expectSameReadBack(runtime)
    }

    /// The direct writer (`RuntimeWriter`) writes exactly the tree's bytes for every shape it takes: each optional
    /// present and absent, each kind of wait but children, several frames, variables, Map items, escapes.
    @Test("the direct writer writes the tree's bytes for executions running states and tasks")
    func directWriterWritesTheTreesBytes() throws {
        let value: JSONValue = .object([
            "text": .string("\"\\/\u{0}\u{1F} é 😀"), "n": .double(2.5), "i": .int(-7), "whole": .double(3),
            "list": .array([.null, .bool(true), .object(["deep": .array([.array([])])])]),
        ])
        var full = Self.runtime(input: value)
        full.inputText = #"{"text": "\u0022"}"#
        full.nextEventId = 42
        full.nextFrameId = 3
        full.nextSequence = 9
        full.maxDurationSeconds = 300
        full.executionTimer = "arn#timer1"
        full.versionArn = "arn:aws:states:us-east-1:123456789012:stateMachine:M:2"
        full.aliasArn = "arn:aws:states:us-east-1:123456789012:stateMachine:M:live"
        full.synchronous = true
        full.frames[1] = Frame(
            id: 1, parentId: 0, path: [BranchStep(state: "Map", branch: -1), BranchStep(state: "Par", branch: 2)],
            index: 4, mapItem: .string("item"), variables: ["a": .int(1), "b": value], inheritsVariables: false,
            lastEventId: 17, stateName: "Work \"quoted\"", stateInput: value, enteredTime: Date(timeIntervalSince1970: 1_700_000_002.125),
            enteredEventId: 16, retryCount: 2, retrierAttempts: [1, 0, 3],
            waiting: .task(TaskWait(
                token: "arn#task3", resource: "arn:aws:states:::lambda:invoke", isActivity: false,
                timeoutTimer: "arn#timer2", heartbeatTimer: "arn#timer3", heartbeatSeconds: 30, started: true)),
            detached: true)
        full.frames[2] = Frame(
            id: 2, path: [], index: 0, lastEventId: 20, stateName: "Sleep", stateInput: .null,
            enteredTime: Date(timeIntervalSince1970: 1_700_000_003), waiting: .waitTimer("arn#timer4"))
        var bare = Self.runtime(input: .object([:]))
        bare.frames[0]?.waiting = .task(TaskWait(
            token: "t", resource: "arn:aws:states:us-east-1:123456789012:activity:a", isActivity: true,
            timeoutTimer: nil, heartbeatTimer: nil, heartbeatSeconds: nil))
        var retrying = Self.runtime(input: .array([]))
        retrying.frames[0]?.waiting = .retryTimer("arn#timer5")
        for runtime in [full, bare, retrying, Self.runtime(input: .string("plain"))] {
            let direct = try #require(RuntimeWriter.write(runtime))
            let tree = try RuntimeEncoding.encodeTree(runtime)
            #expect(String(decoding: direct, as: UTF8.self) == String(decoding: tree, as: UTF8.self))
            try Self.expectSameReadBack(runtime)
        }
    }

    /// A member added to the saved state must be written by `RuntimeWriter` too (else it would be lost, or the state
    /// would not read back): these are the members it writes, in its order, with the runtime's `input` and `inputText`,
    /// which are not saved (the execution's row keeps the input). When this fails, add the new member to
    /// `ExecutionRuntime.CodingKeys` (it has explicit keys: a member left out of them is silently not saved) and teach
    /// the writer, then add it here.
    @Test("the direct writer knows every stored member of the state it writes")
    func directWriterKnowsEveryMember() throws {
        let runtime = Self.runtime(input: .null)
        let frame = try #require(runtime.frames[0])
        let storage = try #require(Mirror(reflecting: frame).children.first { $0.label == "storage" }?.value)
        let task = TaskWait(token: "", resource: "", isActivity: true, timeoutTimer: nil,
                            heartbeatTimer: nil, heartbeatSeconds: nil)
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        #expect(labels(runtime) == [
            "executionArn", "executionName", "stateMachineArn", "stateMachineName", "roleArn", "startTime", "input",
            "inputText", "nextEventId", "frames", "nextFrameId", "nextSequence", "maxDurationSeconds", "executionTimer",
            "versionArn", "aliasArn", "synchronous",
        ])
        #expect(labels(storage) == [
            "id", "parentId", "path", "index", "mapItem", "variables", "inheritsVariables", "lastEventId", "stateName",
            "stateInput", "inputText", "enteredTime", "enteredEventId", "retryCount", "retrierAttempts", "waiting", "detached",
            "childExecution",
        ])
        #expect(labels(task) == [
            "token", "resource", "isActivity", "timeoutTimer", "heartbeatTimer", "heartbeatSeconds", "started", "submitted",
        ])
        #expect(labels(BranchStep(state: "", branch: 0)) == ["state", "branch"])
    }

    /// What the direct writer does not take goes through the tree: children, a child execution, and values the tree
    /// may refuse (so the refusal is the tree's own).
    @Test("the direct writer leaves children, child executions and doubtful values to the tree")
    func directWriterLeavesTheRestToTheTree() throws {
        var children = Self.runtime(input: .null)
        children.frames[0]?.waiting = .children(ChildrenWait(
            isMap: true, effectiveInput: .null, items: [.int(1)], results: [nil], maxConcurrency: 0))
        var child = Self.runtime(input: .null)
        child.frames[0]?.childExecution = ChildExecution(
            arn: "arn:aws:states:us-east-1:123456789012:execution:M/Map:c", startDate: Date(timeIntervalSince1970: 5),
            input: .null, nextEventId: 1)
        var deep = JSONValue.int(1)
        for _ in 0..<(JSONValue.maximumCodableDepth - 4) { deep = .array([deep]) }
        var nonFinite = Self.runtime(input: .array([.double(.nan)]))
        nonFinite.frames[0]?.waiting = .task(TaskWait(
            token: "t", resource: "r", isActivity: true, timeoutTimer: nil, heartbeatTimer: nil, heartbeatSeconds: nil))
        for runtime in [children, child, Self.runtime(input: deep), nonFinite] {
            #expect(RuntimeWriter.write(runtime) == nil)
        }
        try Self.expectSameReadBack(children)
        try Self.expectSameReadBack(child)
        #expect(throws: EncodingError.self) { try RuntimeEncoding.encode(nonFinite) }
    }

    @Test("a frame's input text is saved and read back; a runtime saved before its first state gets the row's text back")
    func inputTextReadBack() throws {
        let given = #"{"a": 1,   "b": [1, 2]}"#
        let input = try JSONValue(parsing: given)
        var runtime = Self.runtime(input: input)
        runtime.frames[0]?.inputText = given
        runtime.nextEventId = 2
        let saved = Data(try RuntimeEncoding.encode(runtime))
        let read = try ExecutionRuntime.decode(saved, input: given)
        #expect(read.frames[0]?.inputText == given)
        // Only ExecutionStarted recorded: the first state is still to record the text.
        #expect(read.inputText == given)
        runtime.nextEventId = 3
        #expect(try ExecutionRuntime.decode(Data(try RuntimeEncoding.encode(runtime)), input: given).inputText == nil)
        // A change of the input forgets its text.
        var frame = try #require(read.frames[0])
        frame.stateInput = .int(1)
        #expect(frame.inputText == nil)
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
