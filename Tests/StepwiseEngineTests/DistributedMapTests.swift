import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// Distributed Map on the embedded engine, from AWS's "ItemBatcher (Map)" and "Distributed Map" documentation.
@Suite("Engine: Distributed Map")
struct DistributedMapTests {
    static func definition(_ map: String) -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", \(map),
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
          "End": true}}}
        """
    }

    static let verdicts: JSONValue = [
        "facts": [
            ["verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"],
            ["verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"],
            ["verdict": "true", "statement_date": "5/18/2016", "statement_source": "news"],
        ],
    ]

    @Test("a child workflow cannot read the outer workflow's variables; ItemSelector passes them in")
    func childWorkflowsHaveTheirOwnScope() async throws {
        // AWS: "Distributed Map states cannot currently reference variables in outer scopes."
        try await withTestEngine { engine, _ in
            func definition(itemSelector: String, inner: String) -> String {
                """
                {"QueryLanguage": "JSONata", "StartAt": "Set", "States": {
                  "Set": {"Type": "Pass", "Assign": {"x": 7}, "Next": "Map"},
                  "Map": {"Type": "Map", \(itemSelector)
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Output": "\(inner)", "End": true}}},
                    "End": true}}}
                """
            }
            let passedIn = try await engine.runToCompletion(
                definition: definition(itemSelector: #""ItemSelector": {"x": "{% $x %}"},"#, inner: "{% $states.input.x %}"),
                input: "[1, 2]", machineName: "PassedIn")
            #expect(passedIn.status == .succeeded)
            #expect(try json(passedIn.output) == [7, 7])
            let outer = try await engine.runToCompletion(
                definition: definition(itemSelector: "", inner: "{% $x %}"), input: "[1, 2]", machineName: "Outer")
            // The child's `$x` is undefined: its Output fails, and the Map with it.
            #expect(outer.status == .failed)
            let children = try await MapRunExecutionTests.children(
                engine, try #require(try await engine.listMapRuns(ListMapRunsInput(executionArn: outer.executionArn)).mapRuns.first?.mapRunArn),
                status: .failed)
            let child = try await engine.describeExecution(DescribeExecutionInput(executionArn: try #require(children.first?.executionArn)))
            #expect(child.error == "States.QueryEvaluationError")
            #expect(child.cause?.contains("The JSONata expression '$x' specified for the field 'Output' returned nothing (undefined)") == true, "\(child.cause ?? "")")
        }
    }

    @Test("ItemBatcher: each child gets {Items, BatchInput}, at most MaxItemsPerBatch items, in order")
    func batchesByCount() async throws {
        try await withTestEngine { engine, _ in
            let definition = Self.definition("""
                "ItemsPath": "$.facts",
                "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"factCheck": "December 2022"}}
                """)
            let result = try await engine.runToCompletion(definition: definition, input: Self.verdicts.jsonString())
            #expect(result.status == .succeeded)
            let facts = try #require(Self.verdicts["facts"]?.arrayValue)
            #expect(try json(result.output) == [
                ["BatchInput": ["factCheck": "December 2022"], "Items": .array(Array(facts[0..<2]))],
                ["BatchInput": ["factCheck": "December 2022"], "Items": .array([facts[2]])],
            ])
            // The parent's history shows the Map Run, not the children (each is an execution of its own on AWS).
            #expect(types(try engine.allHistory(executionArn: result.executionArn)) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded",
            ])
            let started = try #require(try engine.allHistory(executionArn: result.executionArn).first { $0.type.rawValue == "MapRunStarted" })
            #expect(started.details?["mapRunArn"]?.stringValue?.hasPrefix("arn:aws:states:us-east-1:123456789012:mapRun:Test/Map:") == true)
        }
    }

    @Test("ItemBatcher: MaxInputBytesPerBatch bounds the size of each child's input; ItemSelector applies per item")
    func batchesBySizeAfterSelector() async throws {
        try await withTestEngine { engine, _ in
            // {"Items":[]} is 12 bytes; each selected item {"v":"aaaaaaaa"} is 16: two fit in 45 bytes, three do not.
            let definition = Self.definition("""
                "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                "ItemBatcher": {"MaxInputBytesPerBatch": 45}
                """)
            let input: JSONValue = .array(Array(repeating: "aaaaaaaa", count: 5))
            let result = try await engine.runToCompletion(definition: definition, input: input.jsonString())
            #expect(result.status == .succeeded)
            let item: JSONValue = ["v": "aaaaaaaa"]
            #expect(try json(result.output) == [["Items": [item, item]], ["Items": [item, item]], ["Items": [item]]])
        }
    }

    @Test("a Distributed Map over more items than an inline Map's history could hold (7,000 × 4 events > 25,000)")
    func manyItems() async throws {
        try await withTestEngine { engine, _ in
            let items = JSONValue.array((0..<7000).map { .int($0) })
            let result = try await engine.runToCompletion(definition: Self.definition(#""MaxConcurrency": 1000"#), input: items.jsonString())
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == items)
            #expect(try engine.allHistory(executionArn: result.executionArn).count == 8)
        }
    }

    @Test("a redriven execution redrives its Map Run: MapRunRedriven, and only the failed child runs again")
    func redrive() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "items")
            let definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}},
                  "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Redriven", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            // Item 1 succeeds, item 2 fails: the Map Run fails.
            for _ in 0..<2 {
                let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
                if task.input == "1" {
                    try await engine.sendTaskSuccess(taskToken: task.taskToken, output: #""one""#)
                } else {
                    try await engine.sendTaskFailure(taskToken: task.taskToken, error: "Flaky", cause: "first try")
                }
            }
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .failed)
            _ = try await engine.redriveExecution(executionArn: run.executionArn)
            let again = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            #expect(again.input == "2")
            try await engine.sendTaskSuccess(taskToken: again.taskToken, output: #""two""#)
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["one", "two"])
            let events = try engine.allHistory(executionArn: run.executionArn)
            let started = try #require(events.first { $0.type.rawValue == "MapRunStarted" })
            let redriven = try #require(events.first { $0.type.rawValue == "MapRunRedriven" })
            #expect(redriven.details?["mapRunArn"] == started.details?["mapRunArn"])
            #expect(redriven.details?["redriveCount"] == 1)
            #expect(types(events).suffix(4) == ["MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
        }
    }

    @Test("an item larger than MaxInputBytesPerBatch fails the Map")
    func itemTooLarge() async throws {
        try await withTestEngine { engine, _ in
            let definition = Self.definition(#""ItemBatcher": {"MaxInputBytesPerBatch": 20}"#)
            let result = try await engine.runToCompletion(definition: definition, input: #"["a string much longer than twenty bytes"]"#)
            #expect(result.status == .failed && result.error == "States.Runtime")
            #expect(result.cause?.contains("MaxInputBytesPerBatch") == true)
        }
    }

    @Test("ToleratedFailureCount applies to a Distributed Map; beyond it MapRunFailed then States.ExceedToleratedFailureThreshold")
    func toleratedFailures() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ToleratedFailureCount": 1,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Check", "States": {
                      "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "Bad"}], "Default": "Good"},
                      "Bad": {"Type": "Fail", "Error": "TooBig"}, "Good": {"Type": "Succeed"}}},
                  "End": true}}}
                """
            let tolerated = try await engine.runToCompletion(definition: definition, input: "[1, 2]", executionName: "one")
            #expect(tolerated.status == .succeeded)
            let machine = try #require(try engine.listStateMachines().stateMachines.first)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "two", input: "[2, 3]")
            let failed = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(failed.status == .failed && failed.error == "States.ExceedToleratedFailureThreshold")
            let events = try engine.allHistory(executionArn: run.executionArn)
            let mapRunFailed = try #require(events.first { $0.type.rawValue == "MapRunFailed" })
            #expect(mapRunFailed.details?["error"] == "States.ExceedToleratedFailureThreshold")
            #expect(types(events).suffix(3) == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])
        }
    }

    @Test("without ToleratedFailure*, one failed child fails the Map Run with States.ExceedToleratedFailureThreshold")
    func noToleranceIsAZeroThreshold() async throws {
        // AWS (Distributed Map failure threshold): "The default percentage value is zero, which means that the workflow
        // fails if any one of its child workflow executions fails", with States.ExceedToleratedFailureThreshold.
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "TooBig", "Cause": "no"}}},
                  "End": true}}}
                """
            let failed = try await engine.runToCompletion(definition: definition, input: "[1]")
            #expect(failed.status == .failed && failed.error == "States.ExceedToleratedFailureThreshold")
            #expect(failed.cause == "The specified tolerated failure threshold was exceeded")
            let events = try engine.allHistory(executionArn: failed.executionArn)
            let mapRunFailed = try #require(events.first { $0.type.rawValue == "MapRunFailed" })
            #expect(mapRunFailed.details?["error"] == "States.ExceedToleratedFailureThreshold")
            #expect(mapRunFailed.details?["cause"] == "The specified tolerated failure threshold was exceeded")
            #expect(types(events).suffix(3) == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])
        }
    }

    @Test("with ItemBatcher, tolerated failures count items: a failed batch of two exceeds ToleratedFailureCount 1")
    func toleratedFailuresCountItems() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ToleratedFailureCount": 1,
                  "ItemBatcher": {"MaxItemsPerBatch": 2},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Check", "States": {
                      "Check": {"Type": "Choice", "Choices": [{"Variable": "$.Items[0]", "NumericGreaterThan": 4, "Next": "Bad"}],
                                "Default": "Good"},
                      "Bad": {"Type": "Fail", "Error": "TooBig"}, "Good": {"Type": "Succeed"}}},
                  "End": true}}}
                """
            // Batches [1, 5] and [6]: one failed item, tolerated.
            let tolerated = try await engine.runToCompletion(definition: definition, input: "[1, 5, 6]", executionName: "one")
            #expect(tolerated.status == .succeeded)
            // Batches [5, 6] and [1]: two failed items in one failed batch, more than one tolerated.
            let machine = try #require(try engine.listStateMachines().stateMachines.first)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "two", input: "[5, 6, 1]")
            let failed = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(failed.status == .failed && failed.error == "States.ExceedToleratedFailureThreshold")
        }
    }

    @Test(
        "ResultWriter to a bucket the engine cannot reach fails the Map with States.ResultWriterFailed naming it (ResultWriterTests)",
        arguments: [
            (#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}}"#, "'b'"),
        ])
    func unreachableBucket(field: String, name: String) async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.runToCompletion(definition: Self.definition(field), input: "[1, 2, 3]")
            #expect(result.status == .failed && result.error == "States.ResultWriterFailed")
            #expect(result.cause?.contains("The bucket \(name) is not available to the embedded engine") == true)
            let events = types(try engine.allHistory(executionArn: result.executionArn))
            #expect(events.contains("MapRunFailed") && events.contains("MapStateFailed"))
        }
    }
}
