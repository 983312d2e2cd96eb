import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import TestChildProcess
import Testing

/// Parses JSON text in tests (fails the test on bad JSON).
func json(_ text: String?) throws -> JSONValue {
    try JSONValue(parsing: try #require(text))
}

/// The event types of a history, in order.
func types(_ events: [HistoryEvent]) -> [String] { events.map(\.type.rawValue) }

/// Waits (on real time, briefly) until `condition` holds; for conditions the engine reaches asynchronously.
func eventually(_ condition: () throws -> Bool) async throws -> Bool {
    for _ in 0..<2000 {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(2))
    }
    return false
}

/// The next task of an activity, polled without parking (`timeout: .zero`) until one is queued or ten seconds of real
/// time pass: an execution's first states run after StartExecution answers, so its task is scheduled a moment later.
func nextActivityTask(_ engine: StepwiseEngine, _ activityArn: String, workerName: String? = nil) async throws -> ActivityTask? {
    let limit = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < limit {
        if let task = try await engine.getActivityTask(activityArn: activityArn, workerName: workerName, timeout: .zero) {
            return task
        }
        try await Task.sleep(for: .milliseconds(2))
    }
    return nil
}

/// A temporary directory for one test's database.
func temporaryDatabasePath(_ name: String = "engine") -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("\(name).sqlite").path
}

/// The AWS error name an engine call throws, or nil when it succeeds.
func awsError(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as StepFunctionsError {
        return error.code.rawValue
    } catch {
        return "\(error)"
    }
}

/// Runs `sql` on the database file at `path` with the sqlite3 program: migration tests rewind a store's schema to an
/// older version with it (scripts/test.sh installs the program).
func rewindSchema(of path: String, _ sql: String) async throws {
    let sqlite = "/usr/bin/sqlite3"
    try #require(FileManager.default.isExecutableFile(atPath: sqlite), "migration tests rewind the schema with the sqlite3 program")
    let rewind = try await ChildProcess.run(sqlite, arguments: ["-cmd", ".timeout 10000", path, sql])
    try #require(rewind.status == 0, "\(rewind.error)")
}
