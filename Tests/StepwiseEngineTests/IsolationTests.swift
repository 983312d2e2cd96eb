import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// (The suite's time limit bounds the waits on `entered`: a cancelled iteration of the stream ends at once.)
/// Holds one execution's evaluation on its evaluation thread until released: a stand-in for a slow evaluation
/// (a huge sort, a wide Map) that takes no wall-clock time to set up and cannot finish early by itself.
private final class EvaluationGate: Sendable {
    let entered: AsyncStream<Void>
    private let enteredContinuation: AsyncStream<Void>.Continuation
    private let released = DispatchSemaphore(value: 0)
    private let marker: String

    /// Holds evaluations of executions whose ARN contains `marker` (each one until ``release()``).
    init(holding marker: String) {
        (entered, enteredContinuation) = AsyncStream.makeStream()
        self.marker = marker
    }

    func hook(_ arn: String) {
        guard arn.contains(marker) else { return }
        enteredContinuation.yield()
        // Bounded, so that a failing test cannot hang the suite.
        _ = released.wait(timeout: .now() + 60)
    }

    func release(_ count: Int = 1) {
        for _ in 0..<count { released.signal() }
    }
}

@Suite("Engine: evaluation runs outside the engine lock", .timeLimit(.minutes(3)))
struct IsolationTests {
    static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#

    @Test func otherExecutionsAndCallsFinishWhileOneEvaluates() async throws {
        try await withTestEngine { engine, _ in
            let slowMachine = try await engine.createStateMachine(name: "Slow", definition: Self.pass)
            let quickMachine = try await engine.createStateMachine(name: "Quick", definition: Self.pass)
            let gate = EvaluationGate(holding: ":Slow:")
            engine.setEvaluationHook { gate.hook($0) }
            defer { engine.setEvaluationHook(nil) }
            async let slowStart = engine.startExecution(stateMachineArn: slowMachine.stateMachineArn, name: "held")
            var entered = gate.entered.makeAsyncIterator()
            _ = await entered.next()
            // The slow execution is being evaluated now (held on its thread): the rest of the engine goes on.
            for index in 0..<5 {
                let run = try await engine.startExecution(
                    stateMachineArn: quickMachine.stateMachineArn, name: "quick-\(index)", input: #"{"i": \#(index)}"#)
                let result = try await engine.awaitExecution(executionArn: run.executionArn)
                #expect(result.status == .succeeded)
                #expect(try json(result.output) == ["i": .int(index)])
            }
            let machines = try engine.listStateMachines()
            #expect(machines.stateMachines.count == 2)
            let activity = try await engine.createActivity(name: "meanwhile")
            #expect(activity.activityArn.hasSuffix(":meanwhile"))
            let held = try engine.describeExecution(executionArn: slowMachine.stateMachineArn
                .replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":held")
            #expect(held.status == .running)
            // Its start, then its first states (a transition of their own).
            gate.release(2)
            let slow = try await slowStart
            #expect(try await engine.awaitExecution(executionArn: slow.executionArn).status == .succeeded)
        }
    }

    @Test func inputsOfOneExecutionApplyInOrderWhileItIsHeld() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "work")
            let machine = try await engine.createStateMachine(
                name: "Held", definition: """
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
                    """)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w"))
            let gate = EvaluationGate(holding: ":Held:")
            engine.setEvaluationHook { gate.hook($0) }
            defer { engine.setEvaluationHook(nil) }
            // Two answers for one token while its execution is held: the first applies, the second is told the task
            // is gone (as when it comes after the first was applied).
            async let first: Void = engine.sendTaskSuccess(taskToken: task.taskToken, output: #"{"n": 1}"#)
            var entered = gate.entered.makeAsyncIterator()
            _ = await entered.next()
            async let second = awsError { try await engine.sendTaskSuccess(taskToken: task.taskToken, output: #"{"n": 2}"#) }
            gate.release(3)
            try await first
            #expect(await second == "TaskTimedOut")
            let result = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(try json(result.output) == ["n": 1])
        }
    }

    @Test func anExecutionSavedBetweenItsFirstStatesAndTheRestGoesOnAfterARestart() async throws {
        let path = temporaryDatabasePath()
        let first = try StepwiseEngine(location: .file(path))
        first.start()
        // More Pass states than the start's claim runs: the rest are a transition of their own, a claim later.
        let count = StepwiseEngine.firstStatesBudget + 2
        let chain = (0..<count).map { index in
            #""P\#(index)": {"Type": "Pass", \#(index == count - 1 ? #""End": true"# : #""Next": "P\#(index + 1)""#)}"#
        }
        let definition = #"{"StartAt": "P0", "States": {\#(chain.joined(separator: ", "))}}"#
        let machine = try await first.createStateMachine(name: "Resumed", definition: definition)
        // Holds every evaluation after the start's own: the states past the start's budget never run in this engine.
        let starts = Mutex(0)
        let gate = EvaluationGate(holding: ":Resumed:")
        first.setEvaluationHook { arn in
            let seen = starts.withLock { count in
                count += 1
                return count
            }
            if seen > 1 { gate.hook(arn) }
        }
        let run = try await first.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"k": 1}"#)
        var entered = gate.entered.makeAsyncIterator()
        _ = await entered.next()
        await first.shutdown()
        gate.release()
        first.setEvaluationHook(nil)
        let second = try StepwiseEngine(location: .file(path))
        second.start()
        let result = try await second.awaitExecution(executionArn: run.executionArn)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["k": 1])
        #expect(types(try second.allHistory(executionArn: run.executionArn)) ==
            ["ExecutionStarted"] + Array(repeating: ["PassStateEntered", "PassStateExited"], count: count).flatMap { $0 }
            + ["ExecutionSucceeded"])
        await second.shutdown()
    }

    @Test func shutdownDoesNotWaitForAnEvaluation() async throws {
        let engine = try StepwiseEngine.inMemory()
        let machine = try await engine.createStateMachine(name: "Stuck", definition: Self.pass)
        let gate = EvaluationGate(holding: ":Stuck:")
        engine.setEvaluationHook { gate.hook($0) }
        async let start = awsError { _ = try await engine.startExecution(stateMachineArn: machine.stateMachineArn) }
        var entered = gate.entered.makeAsyncIterator()
        _ = await entered.next()
        // Returns while the evaluation is still held (it is released only afterwards).
        await engine.shutdown()
        gate.release()
        // The held start learns that its transition could not be written.
        #expect(await start != nil)
        engine.setEvaluationHook(nil)
    }
}
