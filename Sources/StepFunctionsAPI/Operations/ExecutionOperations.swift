// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// The request of `StartExecution`.
public struct StartExecutionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine to execute.
    public var stateMachineArn: String
    /// Optional name of the execution.
    public var name: String?
    /// The string that contains the JSON input data for the execution, for example: "{\"first_name\" : \"Alejandro\"}" If you don't include any…
    public var input: String?
    /// Passes the X-Ray trace header.
    public var traceHeader: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        name: String? = nil,
        input: String? = nil,
        traceHeader: String? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.input = input
        self.traceHeader = traceHeader
    }

    public static let requiredMembers: [String] = ["stateMachineArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineArn, at: path + "stateMachineArn", min: 1, max: 256)
        if let value = self.name {
            violations.checkString(value, at: path + "name", min: 1, max: 80)
        }
        if let value = self.input {
            violations.checkString(value, at: path + "input", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.traceHeader {
            violations.checkString(value, at: path + "traceHeader", max: 256, pattern: #"\p{ASCII}*"#)
        }
    }
}

/// The response of `StartExecution`.
public struct StartExecutionOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the execution.
    public var executionArn: String
    /// The date the execution is started.
    public var startDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        startDate: Date
    ) {
        self.executionArn = executionArn
        self.startDate = startDate
    }

    public static let requiredMembers: [String] = ["executionArn", "startDate"]
}

/// The request of `StartSyncExecution`.
public struct StartSyncExecutionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine to execute.
    public var stateMachineArn: String
    /// The name of the execution.
    public var name: String?
    /// The string that contains the JSON input data for the execution, for example: "{\"first_name\" : \"Alejandro\"}" If you don't include any…
    public var input: String?
    /// Passes the X-Ray trace header.
    public var traceHeader: String?
    /// If your state machine definition is encrypted with a KMS key, callers must have kms:Decrypt permission to decrypt the definition.
    public var includedData: IncludedData?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        name: String? = nil,
        input: String? = nil,
        traceHeader: String? = nil,
        includedData: IncludedData? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.input = input
        self.traceHeader = traceHeader
        self.includedData = includedData
    }

    public static let requiredMembers: [String] = ["stateMachineArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineArn, at: path + "stateMachineArn", min: 1, max: 256)
        if let value = self.name {
            violations.checkString(value, at: path + "name", min: 1, max: 80)
        }
        if let value = self.input {
            violations.checkString(value, at: path + "input", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.traceHeader {
            violations.checkString(value, at: path + "traceHeader", max: 256, pattern: #"\p{ASCII}*"#)
        }
        if let value = self.includedData {
            if !IncludedData.allKnown.contains(value) {
                violations.append(.enumValue(value.rawValue, at: path + "includedData", allowed: IncludedData.validationOrder.map(\.rawValue)))
            }
        }
    }
}

/// The response of `StartSyncExecution`.
public struct StartSyncExecutionOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the execution.
    public var executionArn: String
    /// The Amazon Resource Name (ARN) that identifies the state machine.
    public var stateMachineArn: String?
    /// The name of the execution.
    public var name: String?
    /// The date the execution is started.
    public var startDate: Date
    /// If the execution has already ended, the date the execution stopped.
    public var stopDate: Date
    /// The current status of the execution.
    public var status: SyncExecutionStatus
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?
    /// The string that contains the JSON input data of the execution.
    public var input: String?
    /// Provides details about execution input or output.
    public var inputDetails: CloudWatchEventsExecutionDataDetails?
    /// The JSON output data of the execution.
    public var output: String?
    /// Provides details about execution input or output.
    public var outputDetails: CloudWatchEventsExecutionDataDetails?
    /// The X-Ray trace header that was passed to the execution.
    public var traceHeader: String?
    /// An object that describes workflow billing details, including billed duration and memory use.
    public var billingDetails: BillingDetails?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        stateMachineArn: String? = nil,
        name: String? = nil,
        startDate: Date,
        stopDate: Date,
        status: SyncExecutionStatus,
        error: String? = nil,
        cause: String? = nil,
        input: String? = nil,
        inputDetails: CloudWatchEventsExecutionDataDetails? = nil,
        output: String? = nil,
        outputDetails: CloudWatchEventsExecutionDataDetails? = nil,
        traceHeader: String? = nil,
        billingDetails: BillingDetails? = nil
    ) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.startDate = startDate
        self.stopDate = stopDate
        self.status = status
        self.error = error
        self.cause = cause
        self.input = input
        self.inputDetails = inputDetails
        self.output = output
        self.outputDetails = outputDetails
        self.traceHeader = traceHeader
        self.billingDetails = billingDetails
    }

    public static let requiredMembers: [String] = ["executionArn", "startDate", "stopDate", "status"]
}

/// The request of `StopExecution`.
public struct StopExecutionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the execution to stop.
    public var executionArn: String
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        error: String? = nil,
        cause: String? = nil
    ) {
        self.executionArn = executionArn
        self.error = error
        self.cause = cause
    }

    public static let requiredMembers: [String] = ["executionArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.executionArn, at: path + "executionArn", min: 1, max: 256)
        if let value = self.error {
            violations.checkString(value, at: path + "error", max: 256, sensitive: true)
        }
        if let value = self.cause {
            violations.checkString(value, at: path + "cause", max: 32768, sensitive: true)
        }
    }
}

/// The response of `StopExecution`.
public struct StopExecutionOutput: StepFunctionsShape {
    /// The date the execution is stopped.
    public var stopDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stopDate: Date
    ) {
        self.stopDate = stopDate
    }

    public static let requiredMembers: [String] = ["stopDate"]
}

/// The request of `DescribeExecution`.
public struct DescribeExecutionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the execution to describe.
    public var executionArn: String
    /// If your state machine definition is encrypted with a KMS key, callers must have kms:Decrypt permission to decrypt the definition.
    public var includedData: IncludedData?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        includedData: IncludedData? = nil
    ) {
        self.executionArn = executionArn
        self.includedData = includedData
    }

    public static let requiredMembers: [String] = ["executionArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.executionArn, at: path + "executionArn", min: 1, max: 256)
        if let value = self.includedData {
            if !IncludedData.allKnown.contains(value) {
                violations.append(.enumValue(value.rawValue, at: path + "includedData", allowed: IncludedData.validationOrder.map(\.rawValue)))
            }
        }
    }
}

/// The response of `DescribeExecution`.
public struct DescribeExecutionOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the execution.
    public var executionArn: String
    /// The Amazon Resource Name (ARN) of the executed stated machine.
    public var stateMachineArn: String
    /// The name of the execution.
    public var name: String?
    /// The current status of the execution.
    public var status: ExecutionStatus
    /// The date the execution is started.
    public var startDate: Date
    /// If the execution ended, the date the execution stopped.
    public var stopDate: Date?
    /// The string that contains the JSON input data of the execution.
    public var input: String?
    /// Provides details about execution input or output.
    public var inputDetails: CloudWatchEventsExecutionDataDetails?
    /// The JSON output data of the execution.
    public var output: String?
    /// Provides details about execution input or output.
    public var outputDetails: CloudWatchEventsExecutionDataDetails?
    /// The X-Ray trace header that was passed to the execution.
    public var traceHeader: String?
    /// The Amazon Resource Name (ARN) that identifies a Map Run, which dispatched this execution.
    public var mapRunArn: String?
    /// The error string if the state machine execution failed.
    public var error: String?
    /// The cause string if the state machine execution failed.
    public var cause: String?
    /// The Amazon Resource Name (ARN) of the state machine version associated with the execution.
    public var stateMachineVersionArn: String?
    /// The Amazon Resource Name (ARN) of the state machine alias associated with the execution.
    public var stateMachineAliasArn: String?
    /// The number of times you've redriven an execution.
    public var redriveCount: Int?
    /// The date the execution was last redriven.
    public var redriveDate: Date?
    /// Indicates whether or not an execution can be redriven at a given point in time.
    public var redriveStatus: ExecutionRedriveStatus?
    /// When redriveStatus is NOT_REDRIVABLE , redriveStatusReason specifies the reason why an execution cannot be redriven.
    public var redriveStatusReason: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        stateMachineArn: String,
        name: String? = nil,
        status: ExecutionStatus,
        startDate: Date,
        stopDate: Date? = nil,
        input: String? = nil,
        inputDetails: CloudWatchEventsExecutionDataDetails? = nil,
        output: String? = nil,
        outputDetails: CloudWatchEventsExecutionDataDetails? = nil,
        traceHeader: String? = nil,
        mapRunArn: String? = nil,
        error: String? = nil,
        cause: String? = nil,
        stateMachineVersionArn: String? = nil,
        stateMachineAliasArn: String? = nil,
        redriveCount: Int? = nil,
        redriveDate: Date? = nil,
        redriveStatus: ExecutionRedriveStatus? = nil,
        redriveStatusReason: String? = nil
    ) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.input = input
        self.inputDetails = inputDetails
        self.output = output
        self.outputDetails = outputDetails
        self.traceHeader = traceHeader
        self.mapRunArn = mapRunArn
        self.error = error
        self.cause = cause
        self.stateMachineVersionArn = stateMachineVersionArn
        self.stateMachineAliasArn = stateMachineAliasArn
        self.redriveCount = redriveCount
        self.redriveDate = redriveDate
        self.redriveStatus = redriveStatus
        self.redriveStatusReason = redriveStatusReason
    }

    public static let requiredMembers: [String] = ["executionArn", "stateMachineArn", "status", "startDate"]
}
