import Foundation

/// The status of an execution, with AWS's values.
public enum ExecutionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
}

/// A state machine's type, with AWS's values.
public enum StateMachineType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Durable, exactly-once executions with a history (up to a year).
    case standard = "STANDARD"
    /// Short executions (up to five minutes), also run synchronously by StartSyncExecution.
    case express = "EXPRESS"
}

/// `StartSyncExecution`'s result.
public struct SyncExecutionResult: Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String
    public var startDate: Date
    public var stopDate: Date
    /// `SUCCEEDED`, `FAILED` or `TIMED_OUT`.
    public var status: ExecutionStatus
    public var input: String
    /// The output JSON text, when SUCCEEDED.
    public var output: String?
    public var error: String?
    public var cause: String?
    /// `billingDetails.billedMemoryUsedInMB`.
    public var billedMemoryUsedInMB: Int
    /// `billingDetails.billedDurationInMilliseconds` (the duration rounded up to the next 100 ms).
    public var billedDurationInMilliseconds: Int
}

/// `DescribeStateMachine`'s result.
public struct StateMachineDescription: Sendable, Hashable {
    public var stateMachineArn: String
    public var name: String
    /// `ACTIVE`.
    public var status: String
    /// The ASL definition text, as created or last updated.
    public var definition: String
    public var roleArn: String
    /// `STANDARD` or `EXPRESS`.
    public var type: String
    public var creationDate: Date
    /// Increases with every update (`revisionId` in AWS's API is its string form).
    public var revision: Int
    /// When this revision was made: the creation date for revision 1, else the last update's date.
    public var revisionDate: Date
    /// Logging, tracing and encryption settings (AWS's defaults when never set).
    public var settings: StateMachineSettings

    public init(
        stateMachineArn: String, name: String, status: String, definition: String, roleArn: String, type: String,
        creationDate: Date, revision: Int, revisionDate: Date? = nil, settings: StateMachineSettings = .init()
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.definition = definition
        self.roleArn = roleArn
        self.type = type
        self.creationDate = creationDate
        self.revision = revision
        self.revisionDate = revisionDate ?? creationDate
        self.settings = settings
    }
}

/// An item of `ListStateMachines`.
public struct StateMachineListItem: Sendable, Hashable {
    public var stateMachineArn: String
    public var name: String
    public var type: String
    public var creationDate: Date
}

/// `DescribeActivity`'s result and an item of `ListActivities`.
public struct ActivityDescription: Sendable, Hashable {
    public var activityArn: String
    public var name: String
    public var creationDate: Date
    /// Encryption settings (an AWS owned key when never set).
    public var encryption: EncryptionSettings = .init()
}

/// `DescribeExecution`'s result and (without input/output) an item of `ListExecutions`.
public struct ExecutionDescription: Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String
    public var status: ExecutionStatus
    public var startDate: Date
    public var stopDate: Date?
    /// The input JSON text.
    public var input: String
    /// The output JSON text, once SUCCEEDED.
    public var output: String?
    /// The error name, once FAILED, TIMED_OUT or ABORTED.
    public var error: String?
    public var cause: String?
    /// How many times the execution has been redriven (0 if never).
    public var redriveCount: Int = 0
    /// When it was last redriven.
    public var redriveDate: Date?
    /// Whether RedriveExecution would redrive it now.
    public var redriveStatus: RedriveStatus = .notRedrivable
    /// Why not, when ``redriveStatus`` is `NOT_REDRIVABLE` (AWS's wording).
    public var redriveStatusReason: String?
}

/// `redriveStatus` of DescribeExecution, with AWS's values.
public enum RedriveStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case redrivable = "REDRIVABLE"
    case notRedrivable = "NOT_REDRIVABLE"
    case redrivableByMapRun = "REDRIVABLE_BY_MAP_RUN"
}

/// `StartExecution`'s result.
public struct StartExecutionResult: Sendable, Hashable {
    public var executionArn: String
    public var startDate: Date
}

/// A page of results and the token for the next page (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextToken: String?
}

/// `GetActivityTask`'s result: a task token and the task's input JSON text.
public struct ActivityTask: Sendable, Hashable {
    public var taskToken: String
    public var input: String
}
