// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// The `EncryptionType` values AWS defines; unknown values from newer services are kept as they are.
public struct EncryptionType: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let awsOwnedKey = EncryptionType(rawValue: "AWS_OWNED_KEY")
    public static let customerManagedKmsKey = EncryptionType(rawValue: "CUSTOMER_MANAGED_KMS_KEY")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [EncryptionType] = [.awsOwnedKey, .customerManagedKmsKey]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [EncryptionType] { allKnown }
}

/// The `ExecutionRedriveFilter` values AWS defines; unknown values from newer services are kept as they are.
public struct ExecutionRedriveFilter: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let redriven = ExecutionRedriveFilter(rawValue: "REDRIVEN")
    public static let notRedriven = ExecutionRedriveFilter(rawValue: "NOT_REDRIVEN")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [ExecutionRedriveFilter] = [.redriven, .notRedriven]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [ExecutionRedriveFilter] { allKnown }
}

/// The `ExecutionRedriveStatus` values AWS defines; unknown values from newer services are kept as they are.
public struct ExecutionRedriveStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let redrivable = ExecutionRedriveStatus(rawValue: "REDRIVABLE")
    public static let notRedrivable = ExecutionRedriveStatus(rawValue: "NOT_REDRIVABLE")
    public static let redrivableByMapRun = ExecutionRedriveStatus(rawValue: "REDRIVABLE_BY_MAP_RUN")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [ExecutionRedriveStatus] = [.redrivable, .notRedrivable, .redrivableByMapRun]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [ExecutionRedriveStatus] { allKnown }
}

/// The `ExecutionStatus` values AWS defines; unknown values from newer services are kept as they are.
public struct ExecutionStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let running = ExecutionStatus(rawValue: "RUNNING")
    public static let succeeded = ExecutionStatus(rawValue: "SUCCEEDED")
    public static let failed = ExecutionStatus(rawValue: "FAILED")
    public static let timedOut = ExecutionStatus(rawValue: "TIMED_OUT")
    public static let aborted = ExecutionStatus(rawValue: "ABORTED")
    public static let pendingRedrive = ExecutionStatus(rawValue: "PENDING_REDRIVE")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [ExecutionStatus] = [.running, .succeeded, .failed, .timedOut, .aborted, .pendingRedrive]
    /// The order AWS lists the values in when a request violates the enumeration (recorded from AWS).
    public static let validationOrder: [ExecutionStatus] = [.succeeded, .timedOut, .pendingRedrive, .aborted, .failed, .running]
}

/// The `HistoryEventType` values AWS defines; unknown values from newer services are kept as they are.
public struct HistoryEventType: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let activityFailed = HistoryEventType(rawValue: "ActivityFailed")
    public static let activityScheduled = HistoryEventType(rawValue: "ActivityScheduled")
    public static let activityScheduleFailed = HistoryEventType(rawValue: "ActivityScheduleFailed")
    public static let activityStarted = HistoryEventType(rawValue: "ActivityStarted")
    public static let activitySucceeded = HistoryEventType(rawValue: "ActivitySucceeded")
    public static let activityTimedOut = HistoryEventType(rawValue: "ActivityTimedOut")
    public static let choiceStateEntered = HistoryEventType(rawValue: "ChoiceStateEntered")
    public static let choiceStateExited = HistoryEventType(rawValue: "ChoiceStateExited")
    public static let executionAborted = HistoryEventType(rawValue: "ExecutionAborted")
    public static let executionFailed = HistoryEventType(rawValue: "ExecutionFailed")
    public static let executionStarted = HistoryEventType(rawValue: "ExecutionStarted")
    public static let executionSucceeded = HistoryEventType(rawValue: "ExecutionSucceeded")
    public static let executionTimedOut = HistoryEventType(rawValue: "ExecutionTimedOut")
    public static let failStateEntered = HistoryEventType(rawValue: "FailStateEntered")
    public static let lambdaFunctionFailed = HistoryEventType(rawValue: "LambdaFunctionFailed")
    public static let lambdaFunctionScheduled = HistoryEventType(rawValue: "LambdaFunctionScheduled")
    public static let lambdaFunctionScheduleFailed = HistoryEventType(rawValue: "LambdaFunctionScheduleFailed")
    public static let lambdaFunctionStarted = HistoryEventType(rawValue: "LambdaFunctionStarted")
    public static let lambdaFunctionStartFailed = HistoryEventType(rawValue: "LambdaFunctionStartFailed")
    public static let lambdaFunctionSucceeded = HistoryEventType(rawValue: "LambdaFunctionSucceeded")
    public static let lambdaFunctionTimedOut = HistoryEventType(rawValue: "LambdaFunctionTimedOut")
    public static let mapIterationAborted = HistoryEventType(rawValue: "MapIterationAborted")
    public static let mapIterationFailed = HistoryEventType(rawValue: "MapIterationFailed")
    public static let mapIterationStarted = HistoryEventType(rawValue: "MapIterationStarted")
    public static let mapIterationSucceeded = HistoryEventType(rawValue: "MapIterationSucceeded")
    public static let mapStateAborted = HistoryEventType(rawValue: "MapStateAborted")
    public static let mapStateEntered = HistoryEventType(rawValue: "MapStateEntered")
    public static let mapStateExited = HistoryEventType(rawValue: "MapStateExited")
    public static let mapStateFailed = HistoryEventType(rawValue: "MapStateFailed")
    public static let mapStateStarted = HistoryEventType(rawValue: "MapStateStarted")
    public static let mapStateSucceeded = HistoryEventType(rawValue: "MapStateSucceeded")
    public static let parallelStateAborted = HistoryEventType(rawValue: "ParallelStateAborted")
    public static let parallelStateEntered = HistoryEventType(rawValue: "ParallelStateEntered")
    public static let parallelStateExited = HistoryEventType(rawValue: "ParallelStateExited")
    public static let parallelStateFailed = HistoryEventType(rawValue: "ParallelStateFailed")
    public static let parallelStateStarted = HistoryEventType(rawValue: "ParallelStateStarted")
    public static let parallelStateSucceeded = HistoryEventType(rawValue: "ParallelStateSucceeded")
    public static let passStateEntered = HistoryEventType(rawValue: "PassStateEntered")
    public static let passStateExited = HistoryEventType(rawValue: "PassStateExited")
    public static let succeedStateEntered = HistoryEventType(rawValue: "SucceedStateEntered")
    public static let succeedStateExited = HistoryEventType(rawValue: "SucceedStateExited")
    public static let taskFailed = HistoryEventType(rawValue: "TaskFailed")
    public static let taskScheduled = HistoryEventType(rawValue: "TaskScheduled")
    public static let taskStarted = HistoryEventType(rawValue: "TaskStarted")
    public static let taskStartFailed = HistoryEventType(rawValue: "TaskStartFailed")
    public static let taskStateAborted = HistoryEventType(rawValue: "TaskStateAborted")
    public static let taskStateEntered = HistoryEventType(rawValue: "TaskStateEntered")
    public static let taskStateExited = HistoryEventType(rawValue: "TaskStateExited")
    public static let taskSubmitFailed = HistoryEventType(rawValue: "TaskSubmitFailed")
    public static let taskSubmitted = HistoryEventType(rawValue: "TaskSubmitted")
    public static let taskSucceeded = HistoryEventType(rawValue: "TaskSucceeded")
    public static let taskTimedOut = HistoryEventType(rawValue: "TaskTimedOut")
    public static let waitStateAborted = HistoryEventType(rawValue: "WaitStateAborted")
    public static let waitStateEntered = HistoryEventType(rawValue: "WaitStateEntered")
    public static let waitStateExited = HistoryEventType(rawValue: "WaitStateExited")
    public static let mapRunAborted = HistoryEventType(rawValue: "MapRunAborted")
    public static let mapRunFailed = HistoryEventType(rawValue: "MapRunFailed")
    public static let mapRunStarted = HistoryEventType(rawValue: "MapRunStarted")
    public static let mapRunSucceeded = HistoryEventType(rawValue: "MapRunSucceeded")
    public static let executionRedriven = HistoryEventType(rawValue: "ExecutionRedriven")
    public static let mapRunRedriven = HistoryEventType(rawValue: "MapRunRedriven")
    public static let evaluationFailed = HistoryEventType(rawValue: "EvaluationFailed")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [HistoryEventType] = [
        .activityFailed, .activityScheduled, .activityScheduleFailed, .activityStarted, .activitySucceeded, .activityTimedOut, .choiceStateEntered,
        .choiceStateExited, .executionAborted, .executionFailed, .executionStarted, .executionSucceeded, .executionTimedOut, .failStateEntered,
        .lambdaFunctionFailed, .lambdaFunctionScheduled, .lambdaFunctionScheduleFailed, .lambdaFunctionStarted, .lambdaFunctionStartFailed,
        .lambdaFunctionSucceeded, .lambdaFunctionTimedOut, .mapIterationAborted, .mapIterationFailed, .mapIterationStarted, .mapIterationSucceeded,
        .mapStateAborted, .mapStateEntered, .mapStateExited, .mapStateFailed, .mapStateStarted, .mapStateSucceeded, .parallelStateAborted,
        .parallelStateEntered, .parallelStateExited, .parallelStateFailed, .parallelStateStarted, .parallelStateSucceeded, .passStateEntered,
        .passStateExited, .succeedStateEntered, .succeedStateExited, .taskFailed, .taskScheduled, .taskStarted, .taskStartFailed, .taskStateAborted,
        .taskStateEntered, .taskStateExited, .taskSubmitFailed, .taskSubmitted, .taskSucceeded, .taskTimedOut, .waitStateAborted, .waitStateEntered,
        .waitStateExited, .mapRunAborted, .mapRunFailed, .mapRunStarted, .mapRunSucceeded, .executionRedriven, .mapRunRedriven, .evaluationFailed,
    ]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [HistoryEventType] { allKnown }
}

/// The `IncludedData` values AWS defines; unknown values from newer services are kept as they are.
public struct IncludedData: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let allData = IncludedData(rawValue: "ALL_DATA")
    public static let metadataOnly = IncludedData(rawValue: "METADATA_ONLY")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [IncludedData] = [.allData, .metadataOnly]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [IncludedData] { allKnown }
}

/// The `LogLevel` values AWS defines; unknown values from newer services are kept as they are.
public struct LogLevel: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let all = LogLevel(rawValue: "ALL")
    public static let error = LogLevel(rawValue: "ERROR")
    public static let fatal = LogLevel(rawValue: "FATAL")
    public static let off = LogLevel(rawValue: "OFF")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [LogLevel] = [.all, .error, .fatal, .off]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [LogLevel] { allKnown }
}

/// The `StateMachineStatus` values AWS defines; unknown values from newer services are kept as they are.
public struct StateMachineStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let active = StateMachineStatus(rawValue: "ACTIVE")
    public static let deleting = StateMachineStatus(rawValue: "DELETING")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [StateMachineStatus] = [.active, .deleting]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [StateMachineStatus] { allKnown }
}

/// The `StateMachineType` values AWS defines; unknown values from newer services are kept as they are.
public struct StateMachineType: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let standard = StateMachineType(rawValue: "STANDARD")
    public static let express = StateMachineType(rawValue: "EXPRESS")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [StateMachineType] = [.standard, .express]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [StateMachineType] { allKnown }
}

/// The `SyncExecutionStatus` values AWS defines; unknown values from newer services are kept as they are.
public struct SyncExecutionStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let succeeded = SyncExecutionStatus(rawValue: "SUCCEEDED")
    public static let failed = SyncExecutionStatus(rawValue: "FAILED")
    public static let timedOut = SyncExecutionStatus(rawValue: "TIMED_OUT")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [SyncExecutionStatus] = [.succeeded, .failed, .timedOut]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [SyncExecutionStatus] { allKnown }
}

/// The `ValidateStateMachineDefinitionResultCode` values AWS defines; unknown values from newer services are kept as they are.
public struct ValidateStateMachineDefinitionResultCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let ok = ValidateStateMachineDefinitionResultCode(rawValue: "OK")
    public static let fail = ValidateStateMachineDefinitionResultCode(rawValue: "FAIL")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [ValidateStateMachineDefinitionResultCode] = [.ok, .fail]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [ValidateStateMachineDefinitionResultCode] { allKnown }
}

/// The `ValidateStateMachineDefinitionSeverity` values AWS defines; unknown values from newer services are kept as they are.
public struct ValidateStateMachineDefinitionSeverity: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let error = ValidateStateMachineDefinitionSeverity(rawValue: "ERROR")
    public static let warning = ValidateStateMachineDefinitionSeverity(rawValue: "WARNING")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [ValidateStateMachineDefinitionSeverity] = [.error, .warning]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [ValidateStateMachineDefinitionSeverity] { allKnown }
}
