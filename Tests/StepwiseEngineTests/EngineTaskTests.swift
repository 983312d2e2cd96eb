import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

@Suite("Engine: tasks, activities, retry and catch")
struct EngineTaskTests {
    static func taskDefinition(_ activityArn: String, extra: String = "") -> String {
        """
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activityArn)", \(extra) "End": true}}}
        """
    }

    @Test func activityWorkerPollsAndAnswers() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "work")
            let machine = try await engine.createStateMachine(
                name: "M", definition: Self.taskDefinition(activity.activityArn, extra: #""Parameters": {"x.$": "$.x"},"#))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"x": 7}"#)
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w1"))
            #expect(try json(task.input) == ["x": 7])
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: #"{"done": true}"#)
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(try json(result.output) == ["done": true])
            let events = try engine.allHistory(executionArn: run.executionArn)
            #expect(types(events) == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
                "TaskStateExited", "ExecutionSucceeded",
            ])
            #expect(events[2].details?["resource"] == .string(activity.activityArn))
            #expect(events[3].details?["workerName"] == "w1")
            // An answered token is gone: answering again fails as AWS does.
            await #expect(throws: StepFunctionsError.self) {
                try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            }
            #expect(await awsError {
                try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            } == "TaskTimedOut")
            #expect(await awsError {
                try await engine.sendTaskSuccess(taskToken: "garbage", output: "{}")
            } == "InvalidToken")
        }
    }

    @Test func cancelledPollDoesNotSwallowATask() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "queue")
            let poll = Task { try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(3600)) }
            try await Task.sleep(for: .milliseconds(20))
            poll.cancel()
            #expect(try await poll.value == nil)
            let machine = try await engine.createStateMachine(name: "Q", definition: Self.taskDefinition(activity.activityArn))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"n": 1}"#)
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "1")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        }
    }

    @Test("a poll cancelled before it reaches the engine takes no queued task (a worker's shutdown cancels such polls)")
    func pollCancelledBeforeItLooksTakesNothing() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "queued")
            let machine = try await engine.createStateMachine(name: "Queued", definition: Self.taskDefinition(activity.activityArn))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"n": 3}"#)
            let poll = Task {
                // Polls only once cancelled: the task is queued by then.
                while !Task.isCancelled { await Task.yield() }
                return try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60))
            }
            poll.cancel()
            #expect(try await poll.value == nil)
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            #expect(try json(task.input) == ["n": 3])
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "3")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        }
    }

    @Test func aParkedPollReceivesATaskScheduledAfterItStarted() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "later")
            let poll = Task { try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(3600)) }
            try await Task.sleep(for: .milliseconds(20))
            let machine = try await engine.createStateMachine(name: "Later", definition: Self.taskDefinition(activity.activityArn))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"n": 2}"#)
            let task = try #require(try await poll.value)
            #expect(try json(task.input) == ["n": 2])
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "2")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        }
    }

    @Test func workerHereRetriesThenSucceeds() async throws {
        try await withTestEngine { engine, clock in
            let attempts = Mutex(0)
            let resource = try await engine.handleHere(activityName: "flaky") { input, _ in
                let attempt = attempts.withLock { value in
                    value += 1
                    return value
                }
                // $$.State.RetryCount counts the retries so far: 0, 1, 2.
                guard input.contains(#""retry":\#(attempt - 1)"#) else { return .failure(error: "WrongRetryCount", cause: input) }
                return attempt < 3 ? .failure(error: "Flaky", cause: "attempt \(attempt)") : .success(input)
            }
            let definition = Self.taskDefinition(
                resource,
                extra: #""Parameters": {"v.$": "$.v", "retry.$": "$$.State.RetryCount"}, "ResultSelector": {"v.$": "$.v"}, "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 5}],"#)
            let machine = try await engine.createStateMachine(name: "Retry", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"v": 1}"#)
            // First retry after 2 s, second after 2 × 3 = 6 s more.
            // Advance only once the failure is recorded (the retry timer counts from it).
            func failures() throws -> Int {
                try engine.allHistory(executionArn: run.executionArn).filter { $0.type.rawValue == "ActivityFailed" }.count
            }
            try #require(try await eventually { try failures() == 1 })
            clock.advance(by: .seconds(2))
            try #require(try await eventually { try failures() == 2 })
            clock.advance(by: .seconds(5))
            try await Task.sleep(for: .milliseconds(20))
            #expect(attempts.withLock { $0 } == 2)
            clock.advance(by: .seconds(1))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["v": 1])
            let events = types(try engine.allHistory(executionArn: run.executionArn))
            #expect(events.filter { $0 == "ActivityFailed" }.count == 2)
            #expect(events.filter { $0 == "ActivityScheduled" }.count == 3)
            #expect(events.filter { $0 == "TaskStateEntered" }.count == 1)
        }
    }

    @Test func catchPutsErrorOutputAtResultPath() async throws {
        try await withTestEngine { engine, _ in
            let resource = try await engine.handleHere(activityName: "broken") { _, _ in .failure(error: "Broken", cause: "it broke") }
            let definition = """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "\(resource)", "Next": "Never",
                        "Catch": [{"ErrorEquals": ["Other"], "Next": "Never"},
                                  {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}]},
                  "Never": {"Type": "Fail", "Error": "Wrong"},
                  "Handled": {"Type": "Pass", "End": true}}}
                """
            let result = try await engine.runToCompletion(definition: definition, input: #"{"id": 9}"#)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["id": 9, "error": ["Error": "Broken", "Cause": "it broke"]])
        }
    }

    @Test func taskTimeoutAfterOneHourGoesThroughCatch() async throws {
        try await withTestEngine { engine, clock in
            let activity = try await engine.createActivity(name: "slow")
            let definition = """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "\(activity.activityArn)", "TimeoutSeconds": 3600, "End": true,
                        "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "TimedOut"}]},
                  "TimedOut": {"Type": "Pass", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Timeout", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            let task = try #require(try await nextActivityTask(engine, activity.activityArn))
            clock.advance(by: .seconds(3600))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["Error": "States.Timeout", "Cause": ""])
            let events = try engine.allHistory(executionArn: run.executionArn)
            let timedOut = try #require(events.first { $0.type.rawValue == "ActivityTimedOut" })
            #expect(timedOut.details?["error"] == "States.Timeout")
            #expect(await awsError {
                try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            } == "TaskTimedOut")
        }
    }

    @Test func heartbeatKeepsTaskAliveThenTimesOut() async throws {
        try await withTestEngine { engine, clock in
            let activity = try await engine.createActivity(name: "beat")
            let definition = Self.taskDefinition(activity.activityArn, extra: #""HeartbeatSeconds": 10,"#)
            let machine = try await engine.createStateMachine(name: "Beat", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            let task = try #require(try await nextActivityTask(engine, activity.activityArn))
            clock.advance(by: .seconds(8))
            try await engine.sendTaskHeartbeat(taskToken: task.taskToken)
            clock.advance(by: .seconds(8))
            try await Task.sleep(for: .milliseconds(20))
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
            clock.advance(by: .seconds(2))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .failed)
            // As AWS records a heartbeat timeout: States.Timeout on the timed-out event and the execution, no cause.
            #expect(result.error == "States.Timeout")
            #expect(result.cause == nil)
            let events = try engine.allHistory(executionArn: run.executionArn)
            let timedOut = try #require(events.first { $0.type.rawValue == "ActivityTimedOut" })
            #expect(timedOut.details == ["error": "States.Timeout"])
            #expect(events.last?.details == ["error": "States.Timeout"])
        }
    }

    /// `States.HeartbeatTimeout` is a name for Retry and Catch to match (AWS: "only available inside the Catch and
    /// Retry fields"): it catches a heartbeat timeout, reported as States.Timeout, and not a task's own timeout.
    @Test func heartbeatTimeoutIsCaughtByItsOwnName() async throws {
        try await withTestEngine { engine, clock in
            let activity = try await engine.createActivity(name: "beat")
            let catchers = #""Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Caught"}],"#
            let definition = """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "\(activity.activityArn)", "HeartbeatSeconds": 10,
                        "TimeoutSeconds": 100, \(catchers) "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Beat", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            _ = try #require(try await nextActivityTask(engine, activity.activityArn))
            clock.advance(by: .seconds(11))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["Error": "States.Timeout", "Cause": ""])

            // The task's own timeout is not a heartbeat timeout: the same catcher lets it through.
            let quiet = try await engine.createStateMachine(
                name: "Quiet", definition: definition.replacingOccurrences(of: #""HeartbeatSeconds": 10,"#, with: ""))
            let second = try await engine.startExecution(stateMachineArn: quiet.stateMachineArn)
            _ = try #require(try await nextActivityTask(engine, activity.activityArn))
            clock.advance(by: .seconds(101))
            let failed = try await engine.awaitExecution(executionArn: second.executionArn)
            #expect(failed.status == .failed)
            #expect(failed.error == "States.Timeout")
        }
    }

    @Test func waitForTaskTokenCallback() async throws {
        try await withTestEngine { engine, _ in
            // A callback task is not an activity: nothing in the engine serves it. The integration's parameters carry
            // the token (here in history, as AWS records them), and whoever receives it answers with SendTaskSuccess.
            let resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
            let definition = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(resource)",
                  "Parameters": {"QueueUrl": "q", "MessageBody": "m", "token.$": "$$.Task.Token"}, "End": true}}}
                """
            let machine = try await engine.createStateMachine(name: "Callback", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
            func sentToken() throws -> String? {
                let scheduled = try engine.allHistory(executionArn: run.executionArn).first { $0.type.rawValue == "TaskScheduled" }
                guard let parameters = scheduled?.details?["parameters"]?.stringValue else { return nil }
                return try JSONValue(parsing: parameters)["token"]?.stringValue
            }
            try #require(try await eventually { try sentToken() != nil })
            try await Task.sleep(for: .milliseconds(20))
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
            let token = try #require(try sentToken())
            try await engine.sendTaskSuccess(taskToken: token, output: #"{"answer": 42}"#)
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(try json(result.output) == ["answer": 42])
            let events = types(try engine.allHistory(executionArn: run.executionArn))
            #expect(events.contains("TaskScheduled") && events.contains("TaskSucceeded"))
        }
    }

    @Test func timeoutSecondsPathComesFromTheInput() async throws {
        try await withTestEngine { engine, clock in
            let activity = try await engine.createActivity(name: "pathed")
            let definition = Self.taskDefinition(activity.activityArn, extra: #""TimeoutSecondsPath": "$.limit","#)
            let machine = try await engine.createStateMachine(name: "PathTimeout", definition: definition)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"limit": 90}"#)
            let events = try engine.allHistory(executionArn: run.executionArn)
            #expect(events.first { $0.type.rawValue == "ActivityScheduled" }?.details?["timeoutInSeconds"] == 90)
            clock.advance(by: .seconds(89))
            try await Task.sleep(for: .milliseconds(20))
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
            clock.advance(by: .seconds(1))
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(result.status == .failed)
            #expect(result.error == "States.Timeout")
        }
    }
}
