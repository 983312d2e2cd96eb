import Foundation
import GRDB
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// Recovery never dies of one execution: rows corrupted in a real SQLite file fail their own execution at start-up,
/// each with an `ExecutionFailed` event ending its history, and the others resume.
@Suite("Engine: recovery isolates bad executions")
struct RecoveryIsolationTests {
    static let waits = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 300, "End": true}}}"#

    /// How each execution's rows are damaged while the engine is stopped.
    enum Damage: String, CaseIterable {
        case runtimeBlob, definition, row, timerRow, nothing
    }

    @Test("each kind of damaged execution fails alone at restart; the healthy one resumes and succeeds")
    func damagedExecutionsFailAlone() async throws {
        let path = temporaryDatabasePath()
        let clock = ManualEngineClock()
        let first = try StepwiseEngine(location: .file(path), clock: clock)
        first.start()
        let machine = try await first.createStateMachine(name: "Waits", definition: Self.waits)
        var arns: [Damage: String] = [:]
        var lengths: [Damage: Int] = [:]
        for damage in Damage.allCases {
            let run = try await first.startExecution(stateMachineArn: machine.stateMachineArn, name: damage.rawValue)
            arns[damage] = run.executionArn
            lengths[damage] = try first.allHistory(executionArn: run.executionArn).count
        }
        await first.shutdown()

        let queue = try DatabaseQueue(path: path)
        try await queue.write { [arns] db in
            func arn(_ damage: Damage) -> String { arns[damage] ?? "" }
            try db.execute(sql: "UPDATE execution SET runtime = X'7B2266' WHERE arn = ?", arguments: [arn(.runtimeBlob)])
            try db.execute(sql: "UPDATE execution SET definition = '{\"StartAt\": \"Nowhere\"' WHERE arn = ?", arguments: [arn(.definition)])
            try db.execute(sql: "UPDATE execution SET eventCount = 'many' WHERE arn = ?", arguments: [arn(.row)])
            try db.execute(sql: "UPDATE timer SET dueDate = 'soon' WHERE executionArn = ?", arguments: [arn(.timerRow)])
        }
        try queue.close()

        let second = try StepwiseEngine(location: .file(path), clock: clock)
        second.start()
        for damage in Damage.allCases where damage != .nothing {
            let arn = try #require(arns[damage])
            let described = try second.describeExecution(executionArn: arn)
            #expect(described.status == .failed, "\(damage)")
            #expect(described.error == "States.Runtime", "\(damage)")
            let events = try second.allHistory(executionArn: arn)
            #expect(events.count == (lengths[damage] ?? 0) + 1, "\(damage)")
            #expect(events.map(\.id) == Array(1...events.count), "\(damage)")
            #expect(events.last?.type.rawValue == "ExecutionFailed", "\(damage)")
            #expect(events.last?.details?["error"] == "States.Runtime", "\(damage)")
            #expect(events.last?.details?["cause"] == described.cause.map(JSONValue.string), "\(damage)")
        }
        #expect(try second.describeExecution(executionArn: try #require(arns[.definition])).cause?
            .contains("definition no longer compiles") == true)
        let healthy = try #require(arns[.nothing])
        #expect(try second.describeExecution(executionArn: healthy).status == .running)
        clock.advance(by: .seconds(300))
        #expect(try await second.awaitExecution(executionArn: healthy).status == .succeeded)
        await second.shutdown()

        // The failures are durable: a third start finds the same, and starts.
        let third = try StepwiseEngine(location: .file(path), clock: clock)
        for damage in Damage.allCases where damage != .nothing {
            #expect(try third.describeExecution(executionArn: try #require(arns[damage])).status == .failed)
        }
        #expect(try third.describeExecution(executionArn: healthy).status == .succeeded)
    }
}
