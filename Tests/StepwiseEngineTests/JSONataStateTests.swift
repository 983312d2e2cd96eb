import OrderedCollections
import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: JSONata Pass, Choice, Succeed and Fail states")
struct JSONataStateTests {
    @Test func passChoiceAndSucceedWithOutputAndAssign() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Total", "States": {
                  "Total": {"Type": "Pass", "Assign": {"count": "{% $count($states.input.items) %}"},
                            "Output": {"sum": "{% $sum($states.input.items) %}", "name": "{% $states.context.Execution.Name %}"},
                            "Next": "Big?"},
                  "Big?": {"Type": "Choice", "Choices": [
                      {"Condition": "{% $states.input.sum > 10 %}", "Next": "Done",
                       "Output": {"big": true, "sum": "{% $states.input.sum %}", "count": "{% $count %}"}}],
                    "Default": "Small"},
                  "Small": {"Type": "Fail", "Error": "{% 'Too.Small' %}", "Cause": "{% 'sum is ' & $string($states.input.sum) %}"},
                  "Done": {"Type": "Succeed", "Output": "{% $merge([$states.input, {'done': true}]) %}"}}}
                """
            let big = try await engine.runToCompletion(
                definition: definition, input: #"{"items": [5, 6, 7]}"#, machineName: "Big", executionName: "run-big")
            #expect(big.status == .succeeded, "\(big.error ?? "") \(big.cause ?? "")")
            #expect(try json(big.output) == ["big": true, "sum": 18, "count": 3, "done": true])
            let exited = try engine.allHistory(executionArn: big.executionArn).first { $0.type.rawValue == "PassStateExited" }
            #expect(exited?.details?["assignedVariables"] == ["count": "3"])

            let machine = try engine.describeStateMachine(stateMachineArn: engine.listStateMachines().stateMachines[0].stateMachineArn)
            let small = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"items": [1, 2]}"#)
            let failed = try await engine.awaitExecution(executionArn: small.executionArn)
            #expect(failed.status == .failed)
            #expect(failed.error == "Too.Small")
            #expect(failed.cause == "sum is 3")
        }
    }

    /// AWS: a single variable, and all the variables of one Assign together, may be at most 256 KiB.
    @Test(arguments: [
        (#"{"v": "{% $pad('', 262140, 'x') %}"}"#, true),  // 262,142 bytes with its quotes
        (#"{"v": "{% $pad('', 262143, 'x') %}"}"#, false),  // 262,145 bytes
        (#"{"a": "{% $pad('', 150000, 'x') %}", "b": "{% $pad('', 150000, 'y') %}"}"#, false),  // 300,004 together
    ])
    func assignedVariablesAreLimitedTo256KiB(_ assign: String, _ fits: Bool) async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Assign": \(assign), "Output": "done", "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "{}")
            if fits {
                #expect(result.status == .succeeded)
            } else {
                #expect(result.status == .failed)
                #expect(result.error == "States.DataLimitExceeded")
                #expect(result.cause?.contains("assigned variables exceeding the maximum number of bytes") == true)
            }
        }
    }

    /// A Fail state's Error and Cause are strings: an expression of another type is a States.QueryEvaluationError
    /// naming the field, as for the other typed fields (it was turned into text: error `1`, cause `{"a":1}`).
    @Test(arguments: [
        (#""Error": "{% 1 %}""#, "Error", "number"),
        (#""Error": "E", "Cause": "{% {'a': 1} %}""#, "Cause", "object"),
        (#""Error": "{% null %}""#, "Error", "null"),
    ])
    func failFieldsMustBeStrings(_ fields: String, _ field: String, _ type: String) async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"QueryLanguage": "JSONata", "StartAt": "F", "States": {"F": {"Type": "Fail", \(fields)}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "{}")
            #expect(result.status == .failed)
            #expect(result.error == "States.QueryEvaluationError")
            #expect(result.cause?.contains("specified for the field '\(field)' returned an unexpected result type. Expected 'string', but was '\(type)'") == true, "\(result.cause ?? "")")
        }
    }

    /// A catcher whose own Assign is over the limit fails the state with States.DataLimitExceeded, once: the same
    /// catcher naming that error does not catch it again (it did, without end, until the stack ran out).
    @Test func aCatcherOverTheLimitFailsTheStateOnce() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "big")
            let definition = """
                {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true,
                        "Catch": [{"ErrorEquals": ["States.DataLimitExceeded", "Custom"], "Next": "After",
                                   "Assign": {"v": "{% $pad('', 300000, 'x') %}"}}]},
                  "After": {"Type": "Pass", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "BigCatch", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            let task = try #require(try await nextActivityTask(engine, activity.activityArn))
            try await engine.sendTaskFailure(taskToken: task.taskToken, error: "Custom", cause: "boom")
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .failed)
            #expect(result.error == "States.DataLimitExceeded")
        }
    }

    @Test func expressionFailureIsAQueryEvaluationError() async throws {
        try await withTestEngine { engine, _ in
            let failed = try await engine.runToCompletion(definition: """
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Output": "{% $states.input.missing %}", "End": true}}}
                """)
            #expect(failed.status == .failed)
            #expect(failed.error == "States.QueryEvaluationError")
        }
    }
}

@Suite("Engine: JSONata Task states")
struct JSONataTaskTests {
    /// The activity the tests' Task states use, served through an ActivityWorker (`handleHere`).
    static let activity = "jsonata-work"
    static let resource = "arn:aws:states:us-east-1:123456789012:activity:jsonata-work"

    @Test func argumentsOutputAssignAndCatcherOutput() async throws {
        try await withTestEngine { engine, _ in
            try await engine.handleHere(activityName: Self.activity) { input, _ in
                guard case .object(let object)? = try? JSONValue(parsing: input), case .int(let n)? = object["n"] else {
                    return .failure(error: "Bad.Input", cause: "no n")
                }
                if n < 0 { return .failure(error: "Negative", cause: "n is \(n)") }
                return .success(#"{"doubled": \#(n * 2)}"#)
            }
            let definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Double", "States": {
                  "Double": {"Type": "Task", "Resource": "\(Self.resource)",
                    "Arguments": {"n": "{% $states.input.value %}"},
                    "Assign": {"last": "{% $states.result.doubled %}"},
                    "Output": {"result": "{% $states.result.doubled %}", "was": "{% $states.input.value %}"},
                    "Catch": [{"ErrorEquals": ["Negative"], "Next": "Handled",
                               "Output": {"error": "{% $states.errorOutput.Error %}", "input": "{% $states.input.value %}"}}],
                    "Next": "Report"},
                  "Report": {"Type": "Pass", "Output": "{% $merge([$states.input, {'last': $last}]) %}", "End": true},
                  "Handled": {"Type": "Pass", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "J", definition: definition)
            let ok = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"value": 21}"#)
            let done = try await engine.awaitExecution(executionArn: ok.executionArn)
            #expect(done.status == .succeeded, "\(done.error ?? "") \(done.cause ?? "")")
            #expect(try json(done.output) == ["result": 42, "was": 21, "last": 42])
            let scheduled = try engine.allHistory(executionArn: ok.executionArn).first { $0.type.rawValue == "ActivityScheduled" }
            #expect(try json(scheduled?.details?["input"]?.stringValue) == ["n": 21])

            let bad = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"value": -1}"#)
            let caught = try await engine.awaitExecution(executionArn: bad.executionArn)
            #expect(caught.status == .succeeded)
            #expect(try json(caught.output) == ["error": "Negative", "input": -1])
        }
    }
}

@Suite("Engine: JSONata Parallel and Map states")
struct JSONataChildrenTests {
    @Test func parallelArgumentsAndMapItemsWithItemSelector() async throws {
        try await withTestEngine { engine, _ in
            let done = try await engine.runToCompletion(definition: """
                {"QueryLanguage": "JSONata", "StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "Arguments": {"x": "{% $states.input.x %}"},
                    "Output": "{% $states.result %}", "Next": "Each",
                    "Branches": [
                      {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.x + 1 %}", "End": true}}},
                      {"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.x * 10 %}", "End": true}}}]},
                  "Each": {"Type": "Map", "Items": "{% $states.input %}",
                    "ItemSelector": {"value": "{% $states.context.Map.Item.Value %}", "index": "{% $states.context.Map.Item.Index %}"},
                    "ItemProcessor": {"StartAt": "Sq", "States": {
                      "Sq": {"Type": "Pass", "Output": "{% $states.input.value * $states.input.value + $states.input.index %}", "End": true}}},
                    "Output": {"squares": "{% $states.result %}"}, "End": true}}}
                """, input: #"{"x": 2, "ignored": true}"#)
            #expect(done.status == .succeeded, "\(done.error ?? "") \(done.cause ?? "")")
            // Parallel: [3, 20]; Map: 3*3+0, 20*20+1.
            #expect(try json(done.output) == ["squares": [9, 401]])
        }
    }
}

@Suite("Engine: JSONata Wait states")
struct JSONataWaitTests {
    @Test func secondsExpressionWaitsOnTheClock() async throws {
        try await withTestEngine { engine, clock in
            let machine = try await engine.createStateMachine(name: "W", definition: """
                {"QueryLanguage": "JSONata", "StartAt": "W", "States": {
                  "W": {"Type": "Wait", "Seconds": "{% $states.input.delay * 2 %}",
                        "Output": {"waited": "{% $states.input.delay * 2 %}"}, "End": true}}}
                """)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"delay": 30}"#)
            clock.advance(by: .seconds(59))
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
            clock.advance(by: .seconds(1))
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["waited": 60])
        }
    }
}

@Suite("Engine: JSONata retries")
struct JSONataRetryTests {
    @Test func retryResendsTheArguments() async throws {
        try await withTestEngine { engine, clock in
            let flaky = FlakyHandler(failFirst: [#"{"n":5}"#])
            try await engine.handleHere(activityName: JSONataTaskTests.activity, flaky.handler)
            let machine = try await engine.createStateMachine(name: "R", definition: """
                {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "\(JSONataTaskTests.resource)", "Arguments": {"n": "{% $states.input.v %}"},
                        "Retry": [{"ErrorEquals": ["Flaky.Error"], "IntervalSeconds": 1}], "End": true}}}
                """)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"v": 5}"#)
            #expect(try await eventually { flaky.total == 1 })
            #expect(try await eventually {
                try engine.allHistory(executionArn: run.executionArn).contains { $0.type.rawValue == "ActivityFailed" }
            })
            clock.advance(by: .seconds(1))
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(try json(done.output) == ["n": 5])
            #expect(flaky.count(#"{"n":5}"#) == 2)
        }
    }
}
