import StepFunctionsAPI
import Foundation
import GRDB

/// Fills a database with closed executions by direct SQL inserts, for the benchmark's memory and start-up
/// figures (a million executions through the interpreter would take minutes). Not for production data.
package enum StoreSeeding {
    /// Inserts `count` SUCCEEDED executions of the machine (each with an input, an output and a two-event history:
    /// `ExecutionStarted`, `ExecutionSucceeded`), named `closed-<index>` from `firstIndex` on, in transactions of
    /// 20,000. The machine must exist in the file (create it with an engine first).
    package static func insertClosedExecutions(
        path: String, stateMachineArn: String, executionArnPrefix: String, firstIndex: Int, count: Int,
        inputBytes: Int = 200
    ) throws {
        let store = try EngineStore(location: .file(path), synchronousFull: false)
        let padding = String(repeating: "x", count: max(0, inputBytes - 20))
        let definition = try store.read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM stateMachine WHERE arn = ?", arguments: [stateMachineArn])
        }
        guard let definition else { throw StepFunctionsError(.stateMachineDoesNotExist, "No machine '\(stateMachineArn)' to seed") }
        var index = firstIndex
        let end = firstIndex + count
        while index < end {
            let chunkEnd = min(end, index + 20_000)
            try store.writer.write { db in
                var sequence = (try Int.fetchOne(db, sql: "SELECT MAX(startSequence) FROM execution") ?? 0) + 1
                let execution = try db.makeStatement(sql: """
                    INSERT INTO execution (arn, stateMachineArn, name, status, input, output, startDate, stopDate, \
                    definition, roleArn, eventCount, startSequence) VALUES (?, ?, ?, 'SUCCEEDED', ?, ?, ?, ?, ?, ?, 2, ?)
                    """)
                let event = try db.makeStatement(sql: """
                    INSERT INTO historyEvent (executionArn, id, previousEventId, timestamp, type, details) \
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                let now = Date()
                for position in index..<chunkEnd {
                    let name = "closed-\(position)"
                    let arn = executionArnPrefix + name
                    let input = #"{"i":\#(position),"pad":"\#(padding)"}"#
                    try execution.execute(arguments: [
                        arn, stateMachineArn, name, input, input, now, now, definition,
                        "arn:aws:iam::123456789012:role/stepwise", sequence,
                    ])
                    sequence += 1
                    let time = now.timeIntervalSince1970
                    try event.execute(arguments: [
                        arn, 1, 0, time, "ExecutionStarted",
                        #"{"input":\#(input),"roleArn":"arn:aws:iam::123456789012:role/stepwise"}"#,
                    ])
                    try event.execute(arguments: [arn, 2, 1, time, "ExecutionSucceeded", #"{"output":\#(input)}"#])
                }
            }
            index = chunkEnd
        }
    }
}
