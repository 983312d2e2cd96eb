import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: state types")
struct EngineStateTypeTests {
    @Test func passChainRecordsEveryEventAndOutput() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.a", "Next": "B"},
                  "B": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a.x, 41)"}, "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"keep": true}"#)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["sum": 42])
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == [
                "ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited",
                "ExecutionSucceeded",
            ])
            #expect(events.map(\.id) == Array(1...6))
            #expect(events.map(\.previousEventId) == [0, 0, 2, 3, 4, 5])  // the first state chained to 0, as AWS does
            #expect(events[1].details?["name"] == "A")
            #expect(events[2].details?["output"]?.stringValue.flatMap { try? JSONValue(parsing: $0) }
                == ["keep": true, "a": ["x": 1]])
        }
    }

    @Test func choiceRoutesAndDefaultsAndFailsWithoutMatch() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                     {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"},
                  "Big": {"Type": "Pass", "Result": "big", "End": true},
                  "Small": {"Type": "Pass", "Result": "small", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Choice", definition: definition)
            for (input, expected) in [(#"{"n": 11}"#, "big"), (#"{"n": 3}"#, "small")] {
                let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: input)
                let result = try await engine.awaitExecution(executionArn: run.executionArn)
                #expect(try json(result.output) == .string(expected))
            }
            let noDefault = """
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                   {"Variable": "$.n", "NumericEquals": 1, "Next": "Done"}]}, "Done": {"Type": "Succeed"}}}
                """
            let failed = try await engine.runToCompletion(definition: noDefault, input: #"{"n": 2}"#, machineName: "NoMatch")
            #expect(failed.status == .failed)
            // AWS reports States.Runtime, not the States Language's States.NoChoiceMatched (recorded against AWS,
            // floci-io/floci#3167), after ExecutionStarted and ChoiceStateEntered only
            #expect(failed.error == "States.Runtime")
            #expect(
                failed.cause == "An error occurred while executing the state 'C' (entered at the event id #2). "
                    + "Failed to transition out of the state. The state does not point to a next state.")
            #expect(types(try engine.allHistory(executionArn: failed.executionArn)) == [
                "ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed",
            ])
        }
    }

    @Test func failStateWithErrorPathAndCausePath() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"e": "Custom.Err", "c": "because"}"#)
            #expect(result.status == .failed)
            #expect(result.error == "Custom.Err")
            #expect(result.cause == "because")
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(types(events) == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
            #expect(events.last?.details?["error"] == "Custom.Err")
            // A path that matches nothing, in AWS's words (quoted in localstack/localstack#11951), naming the input as
            // it was given.
            let missing = try await engine.runToCompletion(
                definition: #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.ErrorX", "Cause": "c"}}}"#,
                input: #"{"Error": "e"}"#, machineName: "FailPathMissing")
            #expect(missing.error == "States.Runtime")
            #expect(
                missing.cause == "An error occurred while executing the state 'F' (entered at the event id #2). The JSONPath "
                    + "'$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"Error\": \"e\"}'")
        }
    }

    @Test func twoMinuteWaitRunsOnTheManualClock() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 120, "Next": "D"},
                 "D": {"Type": "Pass", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Wait", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"a": 1}"#)
            clock.advance(by: .seconds(119))
            try await Task.sleep(for: .milliseconds(20))
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
            clock.advance(by: .seconds(1))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["a": 1])
            let events = try engine.allHistory(executionArn: run.executionArn)
            #expect(types(events).prefix(3) == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited"])
            #expect(events[2].timestamp.timeIntervalSince(events[1].timestamp) == 120)
        }
    }

    @Test func waitSecondsPathAndTimestamp() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "T"},
                 "T": {"Type": "Wait", "Timestamp": "2026-01-01T01:00:00Z", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "WaitPath", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"s": 30}"#)
            clock.advance(by: .seconds(30))
            try #require(try await eventually {
                try engine.allHistory(executionArn: run.executionArn).contains { $0.type.rawValue == "WaitStateExited" }
            })
            clock.advance(by: .seconds(3600))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .succeeded)
        }
    }

    @Test func waitTimestampsAreTruncatedToTheSecond() async throws {
        // AWS: "Step Functions considers the time value up to seconds and truncates milliseconds."
        try await withTestEngine { engine, clock in
            let definition = """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "TimestampPath": "$.t", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "WaitMillis", definition: definition)
            let run = try await engine.startExecution(
                stateMachineArn: machine.stateMachineArn, input: #"{"t": "2026-01-01T00:00:10.900Z"}"#)
            clock.advance(by: .seconds(10))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .succeeded)
            let exited = try #require(try engine.allHistory(executionArn: run.executionArn).first {
                $0.type.rawValue == "WaitStateExited"
            })
            #expect(exited.timestamp == Date(timeIntervalSince1970: 1_767_225_610))
        }
    }

    @Test func parallelOutputsArrayInBranchOrder() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Pass", "InputPath": "$.v", "End": true}}}]}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"v": "x"}"#)
            #expect(try json(result.output) == [1, "x"])
            let events = types(try engine.allHistory(executionArn: result.executionArn))
            #expect(events.first(where: { $0.hasPrefix("Parallel") }) == "ParallelStateEntered")
            #expect(events.contains("ParallelStateStarted") && events.contains("ParallelStateSucceeded"))
            #expect(events.suffix(2) == ["ParallelStateExited", "ExecutionSucceeded"])
        }
    }

    @Test func parallelBranchFailureFailsTheStateWithTheBranchError() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
                  "Catch": [{"ErrorEquals": ["Boom"], "ResultPath": "$.err", "Next": "Caught"}],
                  "Branches": [
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}},
                    {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "bad"}}}]},
                  "Caught": {"Type": "Pass", "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"in": 1}"#)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["in": 1, "err": ["Error": "Boom", "Cause": "bad"]])
            // The sibling branch's Wait, stopped by the failure, is closed in the history before the Parallel fails;
            // both follow the event the branch failed at (AWS chains what a failure closes to it).
            let events = try engine.allHistory(executionArn: result.executionArn)
            let names = types(events)
            let aborted = try #require(names.firstIndex(of: "WaitStateAborted"))
            let failed = try #require(names.firstIndex(of: "ParallelStateFailed"))
            #expect(aborted < failed)
            #expect(names.filter { $0 == "WaitStateAborted" }.count == 1)
            let fail = try #require(events.first { $0.type.rawValue == "FailStateEntered" })
            #expect(events[aborted].previousEventId == fail.id)
            #expect(events[failed].previousEventId == fail.id)
        }
    }

    @Test func aMapInAStoppedBranchAbortsItsIterations() async throws {
        try await withTestEngine { engine, clock in
            // The branch with the Map is stopped by the other branch's failure: each waiting iteration records its
            // MapIterationAborted and WaitStateAborted, in index order, then the Map its MapStateAborted.
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "W",
                    "States": {"W": {"Type": "Wait", "Seconds": 100, "End": true}}}}}},
                  {"StartAt": "G", "States": {"G": {"Type": "Wait", "Seconds": 1, "Next": "F"},
                                              "F": {"Type": "Fail", "Error": "Boom"}}}]}}}
                """
            let machine = try await engine.createStateMachine(name: "NestedAbort", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[1, 2]")
            try #require(try await eventually {
                try engine.allHistory(executionArn: run.executionArn).filter { $0.type.rawValue == "WaitStateEntered" }.count == 3
            })
            clock.advance(by: .seconds(1))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .failed && result.error == "Boom")
            let names = types(try engine.allHistory(executionArn: run.executionArn))
            let tail = Array(names.drop { $0 != "FailStateEntered" })
            #expect(tail == [
                "FailStateEntered", "MapIterationAborted", "WaitStateAborted", "MapIterationAborted", "WaitStateAborted",
                "MapStateAborted", "ParallelStateFailed", "ExecutionFailed",
            ])
        }
    }

    @Test func mapIterationFailureAbortsTheOthersRunningStates() async throws {
        try await withTestEngine { engine, _ in
            // Items 0 and 1 wait; item 2 reaches a Fail state: each waiting iteration records its MapIterationAborted,
            // then its WaitStateAborted, and only then the failed one its MapIterationFailed (measured on AWS,
            // floci-io/floci AslExecutorParallelCutTest: the cut iterations' events come "ahead of MapIterationFailed
            // and MapStateFailed").
            let definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "W"},
                    "W": {"Type": "Wait", "Seconds": 100, "End": true},
                    "F": {"Type": "Fail", "Error": "Two"}}}}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "[1, 3, 2]")
            #expect(result.status == .failed)
            #expect(result.error == "Two")
            let events = try engine.allHistory(executionArn: result.executionArn)
            let names = types(events)
            // Iterations started together each follow MapStateStarted, as AWS chains them (not one another).
            let started = try #require(events.first { $0.type.rawValue == "MapStateStarted" })
            #expect(events.filter { $0.type.rawValue == "MapIterationStarted" }.map(\.previousEventId)
                == [started.id, started.id, started.id])
            let tail = Array(names.drop { $0 != "FailStateEntered" })
            #expect(tail == [
                "FailStateEntered", "MapIterationAborted", "WaitStateAborted", "MapIterationAborted", "WaitStateAborted",
                "MapIterationFailed", "MapStateFailed", "ExecutionFailed",
            ])
        }
    }

    @Test func mapRunsEveryItemWithItemSelectorAndContext() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                  "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "k.$": "$.k"},
                  "ItemProcessor": {"StartAt": "Double", "States": {
                    "Double": {"Type": "Pass", "Parameters": {"r.$": "States.MathAdd($.value, $.value)", "i.$": "$.index", "k.$": "$.k"}, "End": true}}},
                  "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"items": [1, 2, 3], "k": "z"}"#)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == [["r": 2, "i": 0, "k": "z"], ["r": 4, "i": 1, "k": "z"], ["r": 6, "i": 2, "k": "z"]])
            let events = try engine.allHistory(executionArn: result.executionArn)
            let started = events.first { $0.type.rawValue == "MapStateStarted" }
            #expect(started?.details?["length"] == 3)
            #expect(events.filter { $0.type.rawValue == "MapIterationStarted" }.count == 3)
            #expect(events.filter { $0.type.rawValue == "MapIterationSucceeded" }.map { $0.details?["index"] } == [0, 1, 2])
        }
    }

    @Test func mapToleratedFailures() async throws {
        try await withTestEngine { engine, _ in
            // An inline Map fails with its first failed iteration, whatever it tolerates (AWS: "In this mode, if any
            // iteration fails, the Map state fails"): thresholds are a Distributed Map's.
            let inline = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
                  "ItemProcessor": {"StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "S"},
                    "F": {"Type": "Fail", "Error": "Two"}, "S": {"Type": "Succeed"}}},
                  "End": true}}}
                """
            let strict = try await engine.runToCompletion(definition: inline, input: "[1, 2, 3]", machineName: "Inline")
            #expect(strict.status == .failed)
            #expect(strict.error == "Two")
            let definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "S"},
                    "F": {"Type": "Fail", "Error": "Two"}, "S": {"Type": "Succeed"}}},
                  "End": true}}}
                """
            let ok = try await engine.runToCompletion(definition: definition, input: "[1, 2, 3]", machineName: "Tolerant")
            #expect(ok.status == .succeeded)
            #expect(try json(ok.output) == [1, ["Error": "Two", "Cause": ""], 3])
            let machine = try engine.describeStateMachine(stateMachineArn: engine.names.stateMachineArn("Tolerant"))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "[2, 2, 3]")
            let failed = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(failed.status == .failed)
            #expect(failed.error == "States.ExceedToleratedFailureThreshold")
        }
    }

    @Test func mapFailsWhenEitherToleranceIsExceeded() async throws {
        try await withTestEngine { engine, _ in
            // The count (5) tolerates one failure, the percentage (10%) does not: the Map must fail.
            let definition = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 5,
                  "ToleratedFailurePercentage": 10,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "S"},
                    "F": {"Type": "Fail", "Error": "Two"}, "S": {"Type": "Succeed"}}},
                  "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: "[1, 2, 3]", machineName: "Both")
            #expect(result.status == .failed)
            #expect(result.error == "States.ExceedToleratedFailureThreshold")
        }
    }

    @Test func unencodableStateFailsOnlyItsOwnExecution() async throws {
        try await withTestEngine { engine, _ in
            let bad = try await engine.createStateMachine(name: "Bad", definition: """
                {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                  "P": {"Type": "Pass", "Output": "{% $sum([1e308, 1e308]) %}", "Next": "W"},
                  "W": {"Type": "Wait", "Seconds": 1000, "End": true}}}
                """)
            let good = try await engine.createStateMachine(name: "Good", definition: """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": true}}}
                """)
            var goods: [String] = []
            let badRun = try await engine.startExecution(stateMachineArn: bad.stateMachineArn, input: "{}")
            for _ in 0..<5 {
                goods.append(try await engine.startExecution(stateMachineArn: good.stateMachineArn, input: "{}").executionArn)
            }
            let failed = try await engine.awaitExecution(executionArn: badRun.executionArn)
            #expect(failed.status == .failed)
            // JSONata itself now refuses the infinite sum (D1001), so the bad execution fails before its state is
            // saved; either way it fails alone and the others succeed.
            #expect(failed.error == "States.QueryEvaluationError" || failed.error == "States.Runtime")
            for arn in goods {
                let done = try await engine.awaitExecution(executionArn: arn)
                #expect(done.status == .succeeded)
            }
        }
    }

    @Test func jsonataNumericFieldsAreEvaluated() async throws {
        try await withTestEngine { engine, _ in
            // An expression tolerating no failures makes the Map fail; a non-number fails the state with
            // States.QueryEvaluationError (AWS: a JSONata value of the wrong type).
            let strict = """
                {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map",
                  "ToleratedFailureCount": "{% 0 %}", "MaxConcurrency": "{% 1 %}",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input = 2 %}", "Next": "F"}], "Default": "S"},
                    "F": {"Type": "Fail", "Error": "Two"}, "S": {"Type": "Succeed"}}},
                  "End": true}}}
                """
            let failed = try await engine.runToCompletion(definition: strict, input: "[1, 2, 3]", machineName: "Strict")
            #expect(failed.status == .failed)
            #expect(failed.error == "States.ExceedToleratedFailureThreshold")
            let bad = """
                {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map",
                  "MaxConcurrency": "{% 'many' %}",
                  "ItemProcessor": {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}},
                  "End": true}}}
                """
            let invalid = try await engine.runToCompletion(definition: bad, input: "[1]", machineName: "Bad")
            #expect(invalid.status == .failed)
            #expect(invalid.error == "States.QueryEvaluationError")
        }
    }

    @Test func variablesAssignAndScopes() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Set", "States": {
                  "Set": {"Type": "Pass", "Assign": {"greeting": "hello", "n.$": "$.n"}, "Next": "M"},
                  "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "Use", "States": {
                     "Use": {"Type": "Pass", "Parameters": {"g.$": "$greeting", "v.$": "$"}, "End": true}}},
                     "ResultPath": "$.out", "Next": "Out"},
                  "Out": {"Type": "Pass", "Parameters": {"n.$": "$n", "out.$": "$.out"}, "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"n": 5, "items": [1]}"#)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["n": 5, "out": [["v": 1, "g": "hello"]]])  // AWS's order (TemplateMemberOrder)
        }
    }

    @Test func contextObjectFields() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Ctx", "States": {"Ctx": {"Type": "Pass", "Parameters": {
                  "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "state.$": "$$.State.Name",
                  "machine.$": "$$.StateMachine.Name", "input.$": "$$.Execution.Input"},
                  "End": true}}}
                """
            let result = try await engine.runToCompletion(
                definition: definition, input: #"{"q": 1}"#, machineName: "Ctx", executionName: "run-1")
            let output = try json(result.output)
            #expect(output["id"] == .string(engine.names.executionArn(machineName: "Ctx", name: "run-1")))
            #expect(output["name"] == "run-1")
            #expect(output["state"] == "Ctx")
            #expect(output["machine"] == "Ctx")
            #expect(output["input"] == ["q": 1])
        }
    }

    /// Recorded against AWS (LocalStack's test_context_object test_input_path[$$]): a Pass state's context object is
    /// Execution (Id, Input, StartTime, Name, RoleArn, RedriveCount), StateMachine (Id, Name), State (Name,
    /// EnteredTime), in that order, without RetryCount.
    @Test func passContextObjectAsRecorded() async throws {
        try await withTestEngine { engine, _ in
            let definition = #"{"StartAt": "TestState", "States": {"TestState": {"Type": "Pass", "InputPath": "$$", "End": true}}}"#
            let result = try await engine.runToCompletion(definition: definition, input: #"{"input-value": 0}"#)
            let output = try #require(result.output)
            let pattern = /\{"Execution":\{"Id":"[^"]+","Input":\{"input-value":0\},"StartTime":"[^"]+","Name":"[^"]+","RoleArn":"[^"]+","RedriveCount":0\},"StateMachine":\{"Id":"[^"]+","Name":"[^"]+"\},"State":\{"Name":"TestState","EnteredTime":"[^"]+"\}\}/
            #expect(output.wholeMatch(of: pattern) != nil, "\(output)")
        }
    }

    @Test func executionTimeoutSecondsTimesOut() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"TimeoutSeconds": 3600, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 7200, "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Slow", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            clock.advance(by: .seconds(3600))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .timedOut)
            let events = try engine.allHistory(executionArn: run.executionArn)
            #expect(types(events).last == "ExecutionTimedOut")
            // AWS records it with previousEventId 0 (floci-io/floci#2782, measured in us-east-1)
            #expect(events.last?.previousEventId == 0)
        }
    }

    /// AWS accepts a machine's `"TimeoutSeconds": 0` (measured with ValidateStateMachineDefinition): no timeout, not
    /// one at once. A retrier's `"IntervalSeconds": 0`, accepted too, retries at once.
    @Test func zeroTimeoutAndZeroIntervalAreAccepted() async throws {
        try await withTestEngine { engine, clock in
            let definition = """
                {"TimeoutSeconds": 0, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "Next": "F"},
                 "F": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "C"},
                 "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 3, "Next": "Done"}], "Default": "Fail"},
                 "Fail": {"Type": "Parallel", "Retry": [{"ErrorEquals": ["Again"], "IntervalSeconds": 0, "MaxAttempts": 5}],
                   "Branches": [{"StartAt": "Raise", "States": {"Raise": {"Type": "Fail", "Error": "Again"}}}], "Next": "Done"},
                 "Done": {"Type": "Succeed"}}}
                """
            let machine = try await engine.createStateMachine(name: "Zero", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"n": 2}"#)
            #expect(try await eventually { try types(engine.allHistory(executionArn: run.executionArn)).contains("WaitStateEntered") })
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
            clock.advance(by: .seconds(60))
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)

            // The retried Parallel: six attempts without the clock moving, then the error.
            let failing = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"n": 5}"#)
            clock.advance(by: .seconds(60))
            let failed = try await engine.awaitExecution(executionArn: failing.executionArn)
            #expect(failed.status == .failed)
            #expect(failed.error == "Again")
            let started = try types(engine.allHistory(executionArn: failing.executionArn)).filter { $0 == "ParallelStateStarted" }
            #expect(started.count == 6)
        }
    }

    @Test func outputOverTheLimitFailsWithDataLimitExceeded() async throws {
        try await withTestEngine { engine, _ in
            let big = String(repeating: "x", count: 300_000)
            let definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "\(big)", "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition)
            #expect(result.status == .failed)
            #expect(result.error == "States.DataLimitExceeded")
        }
    }

    @Test func historyLimitOf25000EventsFailsTheExecution() async throws {
        try await withTestEngine { engine, _ in
            let definition = """
                {"StartAt": "Loop", "States": {
                  "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 100000, "Next": "Inc"}], "Default": "Done"},
                  "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Loop"},
                  "Done": {"Type": "Succeed"}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"i": 0}"#)
            #expect(result.status == .failed)
            #expect(result.error == "States.Runtime")
            // As AWS records it (floci-io/floci#2734): the last state event is #24999, ExecutionFailed #25000.
            let last = try engine.getExecutionHistory(executionArn: result.executionArn, maxResults: 2, reverseOrder: true)
            #expect(last.events.map(\.type.rawValue) == ["ExecutionFailed", "ChoiceStateExited"])
            #expect(last.events.map(\.id) == [25_000, 24_999])
            #expect(last.events.first?.previousEventId == 24_999)
            #expect(result.cause == "The execution reached the maximum number of history events (25000).")
        }
    }
}
