import Foundation
import StepFunctionsAPI
import GRDB
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// A full disk (SQLite's `max_page_count`): memory never shows a state the store does not have. A refused transition
/// leaves its execution as the store has it (RUNNING, retried), a refused StartExecution leaves no execution, and
/// what the API says before freeing space, after it and after a restart agrees.
@Suite("Engine: a full disk")
struct StorageFaultTests {
    static let waits = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "P"}, "P": {"Type": "Pass", "End": true}}}"#

    /// An input big enough that storing it again needs new pages (overflow pages), whatever the free space left.
    static func bigInput(_ tag: String) -> String { #"{"tag": "\#(tag)", "pad": "\#(String(repeating: "x", count: 60_000))"}"# }

    /// Waits (real time, bounded) until the engine has re-armed a refused timer: the clock's next deadline moves
    /// to `date`.
    func waitForDeadline(_ clock: ManualEngineClock, _ date: Date) async throws {
        for _ in 0..<500 where clock.nextDeadline != date { try await Task.sleep(for: .milliseconds(10)) }
        #expect(clock.nextDeadline == date)
    }

    /// Waits (real time, bounded) until the execution's history has `count` events: StartExecution answers once
    /// the start is durable, and the first states run as a transition of their own.
    func waitForEvents(_ engine: StepwiseEngine, _ arn: String, _ count: Int) async throws {
        for _ in 0..<1000 where try engine.allHistory(executionArn: arn).count < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try engine.allHistory(executionArn: arn).count == count)
    }

    @Test("a transition refused by a full disk leaves the execution RUNNING as stored; it goes on once space is freed, and a restart agrees")
    func fullDiskThenFreed() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let machine = try await engine.createStateMachine(name: "Waits", definition: Self.waits)
        let waiting = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "waiting", input: Self.bigInput("a"))
        try await waitForEvents(engine, waiting.executionArn, 2)
        let before = try engine.allHistory(executionArn: waiting.executionArn)
        #expect(types(before) == ["ExecutionStarted", "WaitStateEntered"])

        try await engine.simulateFullDisk(true)
        // The Wait ends; its transition (the 60 kB input carried on) does not fit: refused.
        clock.advance(by: .seconds(10))
        try await waitForDeadline(clock, clock.now.addingTimeInterval(StepwiseEngine.storageRetryDelay))
        let during = try engine.describeExecution(executionArn: waiting.executionArn)
        #expect(during.status == .running)
        #expect(try engine.allHistory(executionArn: waiting.executionArn) == before)

        // A StartExecution refused by the full disk is answered with an error and leaves nothing behind.
        await #expect(throws: StepFunctionsError.self) {
            try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "refused", input: Self.bigInput("b"))
        }
        let refusedArn = engine.names.executionArn(machineName: "Waits", name: "refused")
        #expect(throws: StepFunctionsError.self) { try engine.describeExecution(executionArn: refusedArn) }
        let listed = try engine.listExecutions(stateMachineArn: machine.stateMachineArn).executions.map(\.name)
        #expect(listed == ["waiting"])

        // Space is freed: the waiting execution goes on at the retry, the refused name can be used.
        try await engine.simulateFullDisk(false)
        clock.advance(by: .seconds(StepwiseEngine.storageRetryDelay))
        let done = try await engine.awaitExecution(executionArn: waiting.executionArn)
        #expect(done.status == .succeeded)
        let history = try engine.allHistory(executionArn: waiting.executionArn)
        #expect(types(history) == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        #expect(history.map(\.id) == Array(1...history.count))
        let again = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "refused", input: "{}")
        await engine.shutdown()

        // A restart shows what the API showed.
        let reopened = try StepwiseEngine(location: .file(path), clock: clock)
        reopened.start()
        #expect(try reopened.describeExecution(executionArn: waiting.executionArn).status == .succeeded)
        #expect(try reopened.allHistory(executionArn: waiting.executionArn) == history)
        #expect(try reopened.describeExecution(executionArn: again.executionArn).status == .running)
        await reopened.shutdown()
    }

    @Test("an execution refused while the disk is full and the engine restarted before space is freed resumes RUNNING where it was stored")
    func fullDiskThenRestart() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        let machine = try await engine.createStateMachine(name: "Waits", definition: Self.waits)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: Self.bigInput("c"))
        try await waitForEvents(engine, run.executionArn, 2)
        try await engine.simulateFullDisk(true)
        clock.advance(by: .seconds(10))
        try await waitForDeadline(clock, clock.now.addingTimeInterval(StepwiseEngine.storageRetryDelay))
        #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
        await engine.shutdown()

        // The cap does not survive the process (as space freed meanwhile): the stored Wait is overdue and fires.
        let reopened = try StepwiseEngine(location: .file(path), clock: clock)
        #expect(try reopened.describeExecution(executionArn: run.executionArn).status == .running)
        reopened.start()
        let done = try await reopened.awaitExecution(executionArn: run.executionArn)
        #expect(done.status == .succeeded)
        await reopened.shutdown()
    }

    @Test("a refused run of an execution's first states (after its durable start) is run again once space is freed")
    func refusedFirstStates() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(path), clock: clock)
        engine.start()
        // The first state's output (about 120 kB) needs new pages; the definition and the start are small.
        let fields = (1...30).map { #""f\#($0).$": "States.ArrayRange(1, 1000, 1)""# }.joined(separator: ", ")
        let big = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {\#(fields)}, "End": true}}}"#
        let machine = try await engine.createStateMachine(name: "Big", definition: big)
        // A deleted machine's 20 kB leaves free pages in the file: room for a start, not for the Pass's output.
        let pad = #"{"Comment": "\#(String(repeating: "c", count: 20_000))", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        let padded = try await engine.createStateMachine(name: "Pad", definition: pad)
        try await engine.deleteStateMachine(stateMachineArn: padded.stateMachineArn)
        try await engine.simulateFullDisk(true)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "refused-first", input: "{}")
        try await waitForDeadline(clock, clock.now.addingTimeInterval(StepwiseEngine.storageRetryDelay))
        #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
        #expect(types(try engine.allHistory(executionArn: run.executionArn)) == ["ExecutionStarted"])

        try await engine.simulateFullDisk(false)
        clock.advance(by: .seconds(StepwiseEngine.storageRetryDelay))
        let done = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(done.status == .succeeded)
        let history = try engine.allHistory(executionArn: run.executionArn)
        #expect(types(history) == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        #expect(history.map(\.id) == Array(1...history.count))
        await engine.shutdown()
    }

    @Test("a refused write of a machine or of tags leaves them as the store has them")
    func refusedResourceWrites() async throws {
        let path = temporaryDatabasePath()
        let engine = try StepwiseEngine(location: .file(path), clock: ManualEngineClock())
        engine.start()
        let small = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        // A definition whose row needs new pages (a long Comment), so a full file refuses it.
        let big = #"{"Comment": "\#(String(repeating: "c", count: 60_000))", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        let kept = try await engine.createStateMachine(name: "Kept", definition: small)
        try await engine.simulateFullDisk(true)

        await #expect(throws: StepFunctionsError.self) { try await engine.createStateMachine(name: "Refused", definition: big) }
        #expect(try engine.listStateMachines().stateMachines.map(\.name) == ["Kept"])
        await #expect(throws: StepFunctionsError.self) {
            try await engine.updateStateMachine(stateMachineArn: kept.stateMachineArn, definition: big)
        }
        #expect(try engine.describeStateMachine(stateMachineArn: kept.stateMachineArn).definition == small)
        let tags = (0..<50).map { ResourceTag(key: "k\($0)-" + String(repeating: "k", count: 120), value: String(repeating: "v", count: 256)) }
        await #expect(throws: StepFunctionsError.self) { try await engine.tagResource(resourceArn: kept.stateMachineArn, tags: tags) }
        #expect(try engine.listTagsForResource(resourceArn: kept.stateMachineArn).isEmpty)

        // Space freed: the same writes succeed, and the machine runs its new definition.
        try await engine.simulateFullDisk(false)
        try await engine.updateStateMachine(stateMachineArn: kept.stateMachineArn, definition: big)
        #expect(try engine.describeStateMachine(stateMachineArn: kept.stateMachineArn).definition == big)
        try await engine.tagResource(resourceArn: kept.stateMachineArn, tags: tags)
        #expect(try engine.listTagsForResource(resourceArn: kept.stateMachineArn).count == 50)
        await engine.shutdown()
    }
}
