import Foundation
import GRDB

// One record type per table (GRDB's recommended practice). Column names match property names.

/// A row of `stateMachine`.
struct StateMachineRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stateMachine"
    var arn: String
    var name: String
    var definition: String
    var roleArn: String
    var type: String
    var creationDate: Date
    var updateDate: Date?
    var revision: Int
    /// Logging, tracing and encryption (nil: AWS's defaults). GRDB stores it as JSON text.
    var settings: StateMachineSettings?
}

/// A row of `activity`.
struct ActivityRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "activity"
    var arn: String
    var name: String
    var creationDate: Date
    /// Encryption settings (nil: AWS's default). GRDB stores it as JSON text.
    var encryption: EncryptionSettings?
}

/// A row of `execution`: the summary, and while RUNNING the interpreter's runtime state (`runtime`).
struct ExecutionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "execution"
    var arn: String
    var stateMachineArn: String
    var name: String
    var status: String
    var input: String
    var output: String?
    var error: String?
    var cause: String?
    var startDate: Date
    var stopDate: Date?
    /// The definition the execution runs (a snapshot: updating the machine does not change it).
    var definition: String
    var roleArn: String
    /// The encoded runtime state while the execution runs; once it has stopped FAILED, TIMED_OUT or ABORTED,
    /// the position it stopped at (what RedriveExecution resumes); nil once it has SUCCEEDED.
    var runtime: Data?
    var eventCount: Int
    /// How many times the execution has been redriven.
    var redriveCount: Int = 0
    /// When it was last redriven.
    var redriveDate: Date?
    /// The machine revision and settings it started on (``MachineSnapshot`` as JSON text; nil before v4).
    var machineSnapshot: String?
    /// Start order (newest first in ListExecutions); unique per store.
    var startSequence: Int = 0
}

/// A row of `tag`: one tag of a state machine or activity.
struct TagRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "tag"
    var resourceArn: String
    /// The tag's place in the resource's list.
    var position: Int
    var key: String
    var value: String
}

/// A row of `historyEvent`.
struct EventRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "historyEvent"
    var executionArn: String
    var id: Int
    var previousEventId: Int
    /// Seconds since 1970 (a number: cheaper than date text on the hot path).
    var timestamp: Double
    var type: String
    var details: String?
}

/// A row of `task`: an activity task or callback that waits for an answer by token.
struct TaskRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "task"
    var token: String
    var executionArn: String
    /// The Task state's resource (an activity ARN or a service integration).
    var resource: String
    var input: String
    var status: TaskStatus
    var workerName: String?
    var scheduledDate: Date
}

/// A row of `timer`: something the engine must do at `dueDate` (the runtime says what).
struct TimerRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "timer"
    var id: String
    var executionArn: String
    /// Seconds since 1970.
    var dueDate: Double
}

/// Where a task stands (stored as its raw value in `task.status`).
enum TaskStatus: String, Codable, Sendable, Hashable {
    /// Waiting for a worker (or, for a `.waitForTaskToken` resource, for its callback).
    case queued
    /// Handed to a worker.
    case started
}
