// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// Contains details about an activity.
public struct ActivityListItem: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the activity.
    public var activityArn: String
    /// The name of the activity.
    public var name: String
    /// The date the activity is created.
    public var creationDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        activityArn: String,
        name: String,
        creationDate: Date
    ) {
        self.activityArn = activityArn
        self.name = name
        self.creationDate = creationDate
    }

    public static let requiredMembers: [String] = ["activityArn", "name", "creationDate"]
}

/// Provides details about assigned variables in an execution history event.
public struct AssignedVariablesDetails: StepFunctionsShape {
    /// Indicates whether assigned variables were truncated in the response.
    public var truncated: Bool?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        truncated: Bool? = nil
    ) {
        self.truncated = truncated
    }

    public static let requiredMembers: [String] = []
}

/// An object that describes workflow billing details.
public struct BillingDetails: StepFunctionsShape {
    /// Billed memory consumption of your workflow, in MB.
    public var billedMemoryUsedInMB: Int?
    /// Billed duration of your workflow, in milliseconds.
    public var billedDurationInMilliseconds: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        billedMemoryUsedInMB: Int? = nil,
        billedDurationInMilliseconds: Int? = nil
    ) {
        self.billedMemoryUsedInMB = billedMemoryUsedInMB
        self.billedDurationInMilliseconds = billedDurationInMilliseconds
    }

    public static let requiredMembers: [String] = []
}

/// Provides details about execution input or output.
public struct CloudWatchEventsExecutionDataDetails: StepFunctionsShape {
    /// Indicates whether input or output was included in the response.
    public var included: Bool?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        included: Bool? = nil
    ) {
        self.included = included
    }

    public static let requiredMembers: [String] = []
}

/// The `CloudWatchLogsLogGroup` shape of the Step Functions API.
public struct CloudWatchLogsLogGroup: StepFunctionsShape {
    /// The ARN of the the CloudWatch log group to which you want your logs emitted to.
    public var logGroupArn: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        logGroupArn: String? = nil
    ) {
        self.logGroupArn = logGroupArn
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.logGroupArn {
            violations.checkString(value, at: path + "logGroupArn", min: 1, max: 256)
        }
    }
}

/// Settings to configure server-side encryption.
public struct EncryptionConfiguration: StepFunctionsShape {
    /// An alias, alias ARN, key ID, or key ARN of a symmetric encryption KMS key to encrypt data.
    public var kmsKeyId: String?
    /// Maximum duration that Step Functions will reuse data keys.
    public var kmsDataKeyReusePeriodSeconds: Int?
    /// Encryption type
    public var type: EncryptionType

    /// Creates the shape from its members; optional members default to absent.
    public init(
        kmsKeyId: String? = nil,
        kmsDataKeyReusePeriodSeconds: Int? = nil,
        type: EncryptionType
    ) {
        self.kmsKeyId = kmsKeyId
        self.kmsDataKeyReusePeriodSeconds = kmsDataKeyReusePeriodSeconds
        self.type = type
    }

    public static let requiredMembers: [String] = ["type"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.kmsKeyId {
            violations.checkString(value, at: path + "kmsKeyId", min: 1, max: 2048)
        }
        if let value = self.kmsDataKeyReusePeriodSeconds {
            violations.checkNumber(value, at: path + "kmsDataKeyReusePeriodSeconds", min: 60, max: 900)
        }
        if !EncryptionType.allKnown.contains(self.type) {
            violations.append(.enumValue(self.type.rawValue, at: path + "type", allowed: EncryptionType.validationOrder.map(\.rawValue)))
        }
    }
}

/// Contains details about an execution.
public struct ExecutionListItem: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the execution.
    public var executionArn: String
    /// The Amazon Resource Name (ARN) of the state machine that ran the execution.
    public var stateMachineArn: String
    /// The name of the execution.
    public var name: String
    /// The current status of the execution.
    public var status: ExecutionStatus
    /// The date the execution started.
    public var startDate: Date
    /// If the execution already ended, the date the execution stopped.
    public var stopDate: Date?
    /// The Amazon Resource Name (ARN) of a Map Run.
    public var mapRunArn: String?
    /// The total number of items processed in a child workflow execution.
    public var itemCount: Int?
    /// The Amazon Resource Name (ARN) of the state machine version associated with the execution.
    public var stateMachineVersionArn: String?
    /// The Amazon Resource Name (ARN) of the state machine alias used to start an execution.
    public var stateMachineAliasArn: String?
    /// The number of times you've redriven an execution.
    public var redriveCount: Int?
    /// The date the execution was last redriven.
    public var redriveDate: Date?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        stateMachineArn: String,
        name: String,
        status: ExecutionStatus,
        startDate: Date,
        stopDate: Date? = nil,
        mapRunArn: String? = nil,
        itemCount: Int? = nil,
        stateMachineVersionArn: String? = nil,
        stateMachineAliasArn: String? = nil,
        redriveCount: Int? = nil,
        redriveDate: Date? = nil
    ) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.mapRunArn = mapRunArn
        self.itemCount = itemCount
        self.stateMachineVersionArn = stateMachineVersionArn
        self.stateMachineAliasArn = stateMachineAliasArn
        self.redriveCount = redriveCount
        self.redriveDate = redriveDate
    }

    public static let requiredMembers: [String] = ["executionArn", "stateMachineArn", "name", "status", "startDate"]
}

/// Provides details about input or output in an execution history event.
public struct HistoryEventExecutionDataDetails: StepFunctionsShape {
    /// Indicates whether input or output was truncated in the response.
    public var truncated: Bool?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        truncated: Bool? = nil
    ) {
        self.truncated = truncated
    }

    public static let requiredMembers: [String] = []
}

/// The `LogDestination` shape of the Step Functions API.
public struct LogDestination: StepFunctionsShape {
    /// An object describing a CloudWatch log group.
    public var cloudWatchLogsLogGroup: CloudWatchLogsLogGroup?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        cloudWatchLogsLogGroup: CloudWatchLogsLogGroup? = nil
    ) {
        self.cloudWatchLogsLogGroup = cloudWatchLogsLogGroup
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.cloudWatchLogsLogGroup {
            value.collectViolations(at: path + "cloudWatchLogsLogGroup" + ".", into: &violations)
        }
    }
}

/// The LoggingConfiguration data type is used to set CloudWatch Logs options.
public struct LoggingConfiguration: StepFunctionsShape {
    /// Defines which category of execution history events are logged.
    public var level: LogLevel?
    /// Determines whether execution data is included in your log.
    public var includeExecutionData: Bool?
    /// An array of objects that describes where your execution history events will be logged.
    public var destinations: [LogDestination]?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        level: LogLevel? = nil,
        includeExecutionData: Bool? = nil,
        destinations: [LogDestination]? = nil
    ) {
        self.level = level
        self.includeExecutionData = includeExecutionData
        self.destinations = destinations
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.level {
            if !LogLevel.allKnown.contains(value) {
                violations.append(.enumValue(value.rawValue, at: path + "level", allowed: LogLevel.validationOrder.map(\.rawValue)))
            }
        }
        if let value = self.destinations {
            for (index, element) in value.enumerated() {
                element.collectViolations(at: path + "destinations" + ".\(index + 1).member" + ".", into: &violations)
            }
        }
    }
}

/// Contains details about the state machine.
public struct StateMachineListItem: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the state machine.
    public var stateMachineArn: String
    /// The name of the state machine.
    public var name: String
    /// `type` as AWS names it.
    public var type: StateMachineType
    /// The date the state machine is created.
    public var creationDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        name: String,
        type: StateMachineType,
        creationDate: Date
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.type = type
        self.creationDate = creationDate
    }

    public static let requiredMembers: [String] = ["stateMachineArn", "name", "type", "creationDate"]
}

extension StateMachineListItem {
    private enum LenientKeys: String, CodingKey { case stateMachineArn, name, type, creationDate }

    /// Decodes a list item leniently in `type`, as AWS's SDKs do with response members: some emulators (moto 5.x)
    /// leave the required member out, and one such item must not make a whole listing (and `ensureStateMachine`'s
    /// lookup by name) fail. An absent `type` reads as `STANDARD`, the default CreateStateMachine gives.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: LenientKeys.self)
        self.init(
            stateMachineArn: try container.decode(String.self, forKey: .stateMachineArn),
            name: try container.decode(String.self, forKey: .name),
            type: try container.decodeIfPresent(StateMachineType.self, forKey: .type) ?? .standard,
            creationDate: try container.decode(Date.self, forKey: .creationDate))
    }
}

/// Tags are key-value pairs that can be associated with Step Functions state machines and activities.
public struct Tag: StepFunctionsShape {
    /// The key of a tag.
    public var key: String?
    /// The value of a tag.
    public var value: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        key: String? = nil,
        value: String? = nil
    ) {
        self.key = key
        self.value = value
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.key {
            violations.checkString(value, at: path + "key", min: 1, max: 128)
        }
        if let value = self.value {
            violations.checkString(value, at: path + "value", max: 256)
        }
    }
}

/// Contains details about the credentials that Step Functions uses for a task.
public struct TaskCredentials: StepFunctionsShape {
    /// The ARN of an IAM role that Step Functions assumes for the task.
    public var roleArn: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        roleArn: String? = nil
    ) {
        self.roleArn = roleArn
    }

    public static let requiredMembers: [String] = []
}

/// Selects whether or not the state machine's X-Ray tracing is enabled.
public struct TracingConfiguration: StepFunctionsShape {
    /// When set to true , X-Ray tracing is enabled.
    public var enabled: Bool?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        enabled: Bool? = nil
    ) {
        self.enabled = enabled
    }

    public static let requiredMembers: [String] = []
}

/// Describes potential issues found during state machine validation.
public struct ValidateStateMachineDefinitionDiagnostic: StepFunctionsShape {
    /// A value of ERROR means that you cannot create or update a state machine with this definition.
    public var severity: ValidateStateMachineDefinitionSeverity
    /// Identifying code for the diagnostic.
    public var code: String
    /// Message describing the diagnostic condition.
    public var message: String
    /// Location of the issue in the state machine, if available.
    public var location: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        severity: ValidateStateMachineDefinitionSeverity,
        code: String,
        message: String,
        location: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    public static let requiredMembers: [String] = ["severity", "code", "message"]
}
