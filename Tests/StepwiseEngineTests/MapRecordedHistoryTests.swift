import Foundation
import StepFunctionsAPI
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// Map and Distributed Map histories and Map Run answers as AWS records them (executions recorded against AWS:
/// ItemReader failures, JSONata `Items` that is not an array, nested Map Runs, a Map Run's child machine).
@Suite("Engine: Map histories as AWS records them")
struct MapRecordedHistoryTests {
    static func readerMap(_ reader: String) -> String {
        MapRunItemReaderTests.definition(reader)
    }

    @Test("with an ItemReader, MapStateStarted has length 0")
    func itemReaderLengthIsZero() async throws {
        let reader = #"{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "items", "Key": "l.json"}}"#
        let directory = try MapRunItemReaderTests.bucket(["l.json": "[1, 2, 3]"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory)
            let result = try await engine.runToCompletion(definition: Self.readerMap(reader), input: "{}")
            #expect(result.status == .succeeded)
            let started = try #require(try engine.allHistory(executionArn: result.executionArn).first { $0.type.rawValue == "MapStateStarted" })
            #expect(started.details?["length"] == 0)
        }
    }

    @Test(
        "an ItemReader that cannot read its items: MapStateStarted, MapRunStarted, MapRunFailed, MapStateFailed",
        arguments: [
            (#""ReaderConfig": {"InputType": "JSON"}"#, "l.json", #"{"not": "an array"}"#, "Attempting to map over non-iterable node."),
            (#""ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H", "H"]}"#, "t.csv", "a,b\n",
             "CSV headers cannot contain duplicates."),
            (#""ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.max"}"#, "l.json", "[1]", "field MaxItems must be positive"),
        ])
    func itemReaderFailed(config: String, key: String, contents: String, cause: String) async throws {
        let reader = #"{"Resource": "arn:aws:states:::s3:getObject", "# + config + #", "Parameters": {"Bucket": "items", "Key": ""# + key + #""}}"#
        let directory = try MapRunItemReaderTests.bucket([key: contents])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory)
            let result = try await engine.runToCompletion(definition: Self.readerMap(reader), input: #"{"max": -1}"#)
            #expect(result.status == .failed && result.error == "States.ItemReaderFailed" && result.cause == cause)
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed", "MapStateFailed",
                "ExecutionFailed",
            ])
            let failed = try #require(events.first { $0.type.rawValue == "MapRunFailed" })
            #expect(failed.details?["error"] == "States.ItemReaderFailed")
            #expect(failed.details?["cause"] == .string(cause))
            let run = try #require(try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn)).mapRuns.first)
            #expect(try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: run.mapRunArn)).status == .failed)
        }
    }

    @Test("a MaxItemsPath that is not an integer: MapStateStarted, then the execution fails with States.Runtime")
    func maxItemsPathNotAnInteger() async throws {
        let reader = #"{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.MaxItems"}, "Parameters": {"Bucket": "items", "Key": "l.json"}}"#
        let directory = try MapRunItemReaderTests.bucket(["l.json": "[1]"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory)
            let result = try await engine.runToCompletion(definition: Self.readerMap(reader), input: #"{"MaxItems": 1.5}"#)
            #expect(result.status == .failed && result.error == "States.Runtime")
            #expect(result.cause == "An error occurred while executing the state 'Map' (entered at the event id #2). "
                + #"The MaxItemsPath field refers to value "1.5" which is not a valid integer: $.MaxItems"#)
            #expect(types(try engine.allHistory(executionArn: result.executionArn)) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed",
            ])
        }
    }

    @Test(
        "a ToleratedFailure*Path value that cannot be used: MapStateStarted, then States.Runtime in AWS's words",
        arguments: [
            ("ToleratedFailureCountPath", "$.c", #"{"c": "NoNumber"}"#,
             #"The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.c"#),
            ("ToleratedFailureCountPath", "$.c", #"{"c": {}}"#,
             #"The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.c"#),
            ("ToleratedFailureCountPath", "$.c", #"{"c": -1}"#, "ToleratedFailureCount cannot be negative."),
            ("ToleratedFailurePercentagePath", "$.p", #"{"p": "NoNumber"}"#,
             #"The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.p"#),
            ("ToleratedFailurePercentagePath", "$.p", #"{"p": 100.1}"#, "ToleratedFailurePercentage must be between 0 and 100."),
            ("ToleratedFailurePercentagePath", "$.p", #"{"p": -1.1}"#, "ToleratedFailurePercentage must be between 0 and 100."),
        ])
    func toleratedFailurePathInvalid(field: String, path: String, values: String, cause: String) async throws {
        try await withTestEngine { engine, _ in
            let definition = DistributedMapTests.definition(#""ItemsPath": "$.items", ""# + field + #"": ""# + path + #"""#)
            let result = try await engine.runToCompletion(definition: definition, input: #"{"items": [0], "# + values.dropFirst())
            #expect(result.status == .failed && result.error == "States.Runtime")
            #expect(result.cause == "An error occurred while executing the state 'Map' (entered at the event id #2). " + cause)
            #expect(types(try engine.allHistory(executionArn: result.executionArn)) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed",
            ])
        }
    }

    @Test(
        "JSONata Items that is not an array: EvaluationFailed (with the location when Items is set), MapStateFailed",
        arguments: [
            (#""Items": "{% $v %}","#, "The JSONata expression '$v' specified for the field 'Items' returned an unexpected "
                + "result type. Expected 'array', but was 'number' for value: 1", true),
            ("", "Map state input must be an array but was: 1", false),
        ])
    func itemsNotAnArray(items: String, cause: String, located: Bool) async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Start", "States": {
                  "Start": {"Type": "Pass", "Assign": {"v": 1}, "Output": 1, "Next": "M"},
                  "M": {"Type": "Map", \(items)
                    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "{}")
            let fullCause = "An error occurred while executing the state 'M' (entered at the event id #4). " + cause
            #expect(result.status == .failed && result.error == "States.QueryEvaluationError" && result.cause == fullCause)
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events).suffix(4) == ["MapStateEntered", "EvaluationFailed", "MapStateFailed", "ExecutionFailed"])
            let failed = try #require(events.first { $0.type.rawValue == "EvaluationFailed" })
            #expect(failed.previousEventId == 3)
            #expect(failed.details?["error"] == "States.QueryEvaluationError")
            #expect(failed.details?["cause"] == .string(fullCause))
            #expect(failed.details?["state"] == "M")
            #expect(failed.details?["location"] == (located ? "Items" : nil))
        }
    }

    /// Recorded against AWS (LocalStack's test_context_object test_items_path): an inline Map's MapStateExited
    /// follows the last iteration's event, as MapStateSucceeded does (#8 after #7, #9 after #7).
    @Test("an inline Map's MapStateExited is chained to the event before MapStateSucceeded")
    func mapStateExitedFollowsTheIterations() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "TestState", "States": {"TestState": {"Type": "Map", "ItemsPath": "$.input-values",
                  "ItemProcessor": {"StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": true}}}, "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"input-values": ["item-0"]}"#)
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events).suffix(4) == ["MapIterationSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
            #expect(events.map(\.previousEventId) == [0, 0, 2, 3, 4, 5, 6, 7, 7, 9])
        }
    }

    /// Recorded against AWS (LocalStack's test_assign_reference_variables BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE, two
    /// nested Maps with MaxConcurrency 1): the next iteration's MapIterationStarted follows the ended iteration's last
    /// event, not its MapIterationSucceeded (#14 after #13, #15 after #13; #25 after #24, #26 after #24).
    @Test("with MaxConcurrency 1, the next MapIterationStarted follows the ended iteration's last event")
    func nextIterationFollowsTheLastIterationEvent() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "First", "States": {
                    "First": {"Type": "Pass", "Next": "Inner"},
                    "Inner": {"Type": "Map", "MaxConcurrency": 1,
                      "ItemProcessor": {"StartAt": "Leaf", "States": {"Leaf": {"Type": "Pass", "End": true}}}, "End": true}}},
                  "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "[[1, 2], [3]]")
            #expect(result.status == .succeeded)
            let events = try engine.allHistory(executionArn: result.executionArn)
            let chain = events.map { "\($0.type.rawValue)<\($0.previousEventId ?? -1)" }
            #expect(chain == [
                "ExecutionStarted<0", "MapStateEntered<0", "MapStateStarted<2", "MapIterationStarted<3",
                "PassStateEntered<4", "PassStateExited<5", "MapStateEntered<6", "MapStateStarted<7",
                "MapIterationStarted<8", "PassStateEntered<9", "PassStateExited<10", "MapIterationSucceeded<11",
                "MapIterationStarted<11", "PassStateEntered<13", "PassStateExited<14", "MapIterationSucceeded<15",
                "MapStateSucceeded<16", "MapStateExited<16", "MapIterationSucceeded<18", "MapIterationStarted<18",
                "PassStateEntered<20", "PassStateExited<21", "MapStateEntered<22", "MapStateStarted<23",
                "MapIterationStarted<24", "PassStateEntered<25", "PassStateExited<26", "MapIterationSucceeded<27",
                "MapStateSucceeded<28", "MapStateExited<28", "MapIterationSucceeded<30", "MapStateSucceeded<31",
                "MapStateExited<31", "ExecutionSucceeded<33",
            ])
        }
    }

    /// Recorded against AWS (LocalStack's test_assign_reference_variables MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH):
    /// MapRunStarted #6, MapRunSucceeded #7 after #6, MapStateSucceeded #8 after #7, MapStateExited #9 after #6.
    @Test("a Distributed Map's MapStateExited is chained to the event before MapRunSucceeded")
    func distributedMapStateExitedFollowsTheRunStart() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {
                  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "[1, 2]")
            #expect(result.status == .succeeded)
            let events = try engine.allHistory(executionArn: result.executionArn)
            func event(_ type: String) throws -> HistoryEvent { try #require(events.first { $0.type.rawValue == type }) }
            #expect(try event("MapRunSucceeded").previousEventId == event("MapRunStarted").id)
            #expect(try event("MapStateSucceeded").previousEventId == event("MapRunSucceeded").id)
            #expect(try event("MapStateExited").previousEventId == event("MapRunStarted").id)
        }
    }

    @Test("a Parallel's ParallelStateExited is chained to the event before ParallelStateSucceeded")
    func parallelStateExitedFollowsTheBranches() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel",
                  "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}], "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "{}")
            let events = try engine.allHistory(executionArn: result.executionArn)
            let succeeded = try #require(events.first { $0.type.rawValue == "ParallelStateSucceeded" })
            let exited = try #require(events.first { $0.type.rawValue == "ParallelStateExited" })
            #expect(exited.previousEventId == succeeded.previousEventId)
        }
    }

    static let nested = """
        {"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "Label": "outer",
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Inner", "States": {"Inner": {"Type": "Map", "Label": "inner",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}},
          "End": true}}}
        """

    @Test("a nested Distributed Map's Map Run belongs to the child execution that started it")
    func nestedMapRunBelongsToItsChild() async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.runToCompletion(definition: Self.nested, input: "[[1, 2]]")
            #expect(result.status == .succeeded)
            let top = try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn)).mapRuns
            #expect(top.count == 1)
            let outer = try #require(top.first)
            let child = try #require(try await MapRunExecutionTests.children(engine, outer.mapRunArn).first)
            let inner = try await engine.listMapRuns(ListMapRunsInput(executionArn: child.executionArn)).mapRuns
            #expect(inner.count == 1 && inner.first?.executionArn == child.executionArn)
            let described = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: try #require(inner.first?.mapRunArn)))
            #expect(described.executionArn == child.executionArn && described.status == .succeeded)
        }
    }

    @Test("DescribeStateMachineForExecution of a Map Run's child: the Map Run's machine, its ItemProcessor, ARN and label")
    func describeChildMachine() async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.runToCompletion(definition: Self.nested, input: "[[1]]")
            let outer = try #require(try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn)).mapRuns.first)
            let child = try #require(try await MapRunExecutionTests.children(engine, outer.mapRunArn).first)
            let machine = try await engine.describeStateMachineForExecution(
                DescribeStateMachineForExecutionInput(executionArn: child.executionArn))
            #expect(machine.stateMachineArn == outer.stateMachineArn && machine.stateMachineArn.hasSuffix(":stateMachine:Test/outer"))
            #expect(machine.name == "Test/outer")
            #expect(machine.mapRunArn == outer.mapRunArn && machine.label == "outer")
            let definition = try JSONValue(parsing: machine.definition)
            #expect(definition["StartAt"] == "Inner")
            #expect(definition["States"]?["Inner"]?["Label"] == "inner")
        }
    }

    @Test("DescribeMapRun without a ResultWriter: resultsWritten counts the succeeded children and items")
    func resultsWrittenWithoutWriter() async throws {
        try await withTestEngine { engine, _ in
            let definition = DistributedMapTests.definition(#""MaxConcurrency": 1"#)
            let result = try await engine.runToCompletion(definition: definition, input: "[1, 2]")
            #expect(result.status == .succeeded)
            let run = try #require(try await engine.listMapRuns(ListMapRunsInput(executionArn: result.executionArn)).mapRuns.first)
            let described = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: run.mapRunArn))
            #expect(described.executionCounts.resultsWritten == 2 && described.itemCounts.resultsWritten == 2)
        }
    }
}
