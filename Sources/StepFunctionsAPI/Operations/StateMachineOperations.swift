// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// The request of `CreateStateMachine`.
public struct CreateStateMachineInput: StepFunctionsShape {
    /// The name of the state machine.
    public var name: String
    /// The Amazon States Language definition of the state machine.
    public var definition: String
    /// The Amazon Resource Name (ARN) of the IAM role to use for this state machine.
    public var roleArn: String
    /// Determines whether a Standard or Express state machine is created.
    public var type: StateMachineType?
    /// Defines what execution history events are logged and where they are logged.
    public var loggingConfiguration: LoggingConfiguration?
    /// Tags to be added when creating a state machine.
    public var tags: [Tag]?
    /// Selects whether X-Ray tracing is enabled.
    public var tracingConfiguration: TracingConfiguration?
    /// Set to true to publish the first version of the state machine during creation.
    public var publish: Bool?
    /// Sets description about the state machine version.
    public var versionDescription: String?
    /// Settings to configure server-side encryption.
    public var encryptionConfiguration: EncryptionConfiguration?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        name: String,
        definition: String,
        roleArn: String,
        type: StateMachineType? = nil,
        loggingConfiguration: LoggingConfiguration? = nil,
        tags: [Tag]? = nil,
        tracingConfiguration: TracingConfiguration? = nil,
        publish: Bool? = nil,
        versionDescription: String? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil
    ) {
        self.name = name
        self.definition = definition
        self.roleArn = roleArn
        self.type = type
        self.loggingConfiguration = loggingConfiguration
        self.tags = tags
        self.tracingConfiguration = tracingConfiguration
        self.publish = publish
        self.versionDescription = versionDescription
        self.encryptionConfiguration = encryptionConfiguration
    }

    public static let requiredMembers: [String] = ["name", "definition", "roleArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.name, at: path + "name", min: 1, max: 80)
        violations.checkString(self.definition, at: path + "definition", min: 1, max: 1_048_576, sensitive: true, utf8: true)
        violations.checkString(self.roleArn, at: path + "roleArn", min: 1, max: 256)
        if let value = self.type {
            if !StateMachineType.allKnown.contains(value) {
                violations.append(.enumValue(value.rawValue, at: path + "type", allowed: StateMachineType.validationOrder.map(\.rawValue)))
            }
        }
        if let value = self.loggingConfiguration {
            value.collectViolations(at: path + "loggingConfiguration" + ".", into: &violations)
        }
        if let value = self.tags {
            for (index, element) in value.enumerated() {
                element.collectViolations(at: path + "tags" + ".\(index + 1).member" + ".", into: &violations)
            }
        }
        if let value = self.tracingConfiguration {
            value.collectViolations(at: path + "tracingConfiguration" + ".", into: &violations)
        }
        if let value = self.versionDescription {
            violations.checkString(value, at: path + "versionDescription", max: 256, sensitive: true)
        }
        if let value = self.encryptionConfiguration {
            value.collectViolations(at: path + "encryptionConfiguration" + ".", into: &violations)
        }
    }
}

/// The response of `CreateStateMachine`.
public struct CreateStateMachineOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the created state machine.
    public var stateMachineArn: String
    /// The date the state machine is created.
    public var creationDate: Date
    /// The Amazon Resource Name (ARN) that identifies the created state machine version.
    public var stateMachineVersionArn: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        creationDate: Date,
        stateMachineVersionArn: String? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.creationDate = creationDate
        self.stateMachineVersionArn = stateMachineVersionArn
    }

    public static let requiredMembers: [String] = ["stateMachineArn", "creationDate"]
}

/// The request of `UpdateStateMachine`.
public struct UpdateStateMachineInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine.
    public var stateMachineArn: String
    /// The Amazon States Language definition of the state machine.
    public var definition: String?
    /// The Amazon Resource Name (ARN) of the IAM role of the state machine.
    public var roleArn: String?
    /// Use the LoggingConfiguration data type to set CloudWatch Logs options.
    public var loggingConfiguration: LoggingConfiguration?
    /// Selects whether X-Ray tracing is enabled.
    public var tracingConfiguration: TracingConfiguration?
    /// Specifies whether the state machine version is published.
    public var publish: Bool?
    /// An optional description of the state machine version to publish.
    public var versionDescription: String?
    /// Settings to configure server-side encryption.
    public var encryptionConfiguration: EncryptionConfiguration?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        definition: String? = nil,
        roleArn: String? = nil,
        loggingConfiguration: LoggingConfiguration? = nil,
        tracingConfiguration: TracingConfiguration? = nil,
        publish: Bool? = nil,
        versionDescription: String? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.definition = definition
        self.roleArn = roleArn
        self.loggingConfiguration = loggingConfiguration
        self.tracingConfiguration = tracingConfiguration
        self.publish = publish
        self.versionDescription = versionDescription
        self.encryptionConfiguration = encryptionConfiguration
    }

    public static let requiredMembers: [String] = ["stateMachineArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineArn, at: path + "stateMachineArn", min: 1, max: 256)
        if let value = self.definition {
            violations.checkString(value, at: path + "definition", min: 1, max: 1_048_576, sensitive: true, utf8: true)
        }
        if let value = self.roleArn {
            violations.checkString(value, at: path + "roleArn", min: 1, max: 256)
        }
        if let value = self.loggingConfiguration {
            value.collectViolations(at: path + "loggingConfiguration" + ".", into: &violations)
        }
        if let value = self.tracingConfiguration {
            value.collectViolations(at: path + "tracingConfiguration" + ".", into: &violations)
        }
        if let value = self.versionDescription {
            violations.checkString(value, at: path + "versionDescription", max: 256, sensitive: true)
        }
        if let value = self.encryptionConfiguration {
            value.collectViolations(at: path + "encryptionConfiguration" + ".", into: &violations)
        }
    }
}

/// The response of `UpdateStateMachine`.
public struct UpdateStateMachineOutput: StepFunctionsShape {
    /// The date and time the state machine was updated.
    public var updateDate: Date
    /// The revision identifier for the updated state machine.
    public var revisionId: String?
    /// The Amazon Resource Name (ARN) of the published state machine version.
    public var stateMachineVersionArn: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        updateDate: Date,
        revisionId: String? = nil,
        stateMachineVersionArn: String? = nil
    ) {
        self.updateDate = updateDate
        self.revisionId = revisionId
        self.stateMachineVersionArn = stateMachineVersionArn
    }

    public static let requiredMembers: [String] = ["updateDate"]
}

/// The request of `DescribeStateMachine`.
public struct DescribeStateMachineInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine for which you want the information.
    public var stateMachineArn: String
    /// If your state machine definition is encrypted with a KMS key, callers must have kms:Decrypt permission to decrypt the definition.
    public var includedData: IncludedData?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        includedData: IncludedData? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.includedData = includedData
    }

    public static let requiredMembers: [String] = ["stateMachineArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineArn, at: path + "stateMachineArn", min: 1, max: 256)
        if let value = self.includedData {
            if !IncludedData.allKnown.contains(value) {
                violations.append(.enumValue(value.rawValue, at: path + "includedData", allowed: IncludedData.validationOrder.map(\.rawValue)))
            }
        }
    }
}

/// The response of `DescribeStateMachine`.
public struct DescribeStateMachineOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the state machine.
    public var stateMachineArn: String
    /// The name of the state machine.
    public var name: String
    /// The current status of the state machine.
    public var status: StateMachineStatus?
    /// The Amazon States Language definition of the state machine.
    public var definition: String
    /// The Amazon Resource Name (ARN) of the IAM role used when creating this state machine.
    public var roleArn: String
    /// The type of the state machine ( STANDARD or EXPRESS ).
    public var type: StateMachineType
    /// The date the state machine is created.
    public var creationDate: Date
    /// The LoggingConfiguration data type is used to set CloudWatch Logs options.
    public var loggingConfiguration: LoggingConfiguration?
    /// Selects whether X-Ray tracing is enabled.
    public var tracingConfiguration: TracingConfiguration?
    /// A user-defined or an auto-generated string that identifies a Map state.
    public var label: String?
    /// The revision identifier for the state machine.
    public var revisionId: String?
    /// The description of the state machine version.
    public var description: String?
    /// Settings to configure server-side encryption.
    public var encryptionConfiguration: EncryptionConfiguration?
    /// A map of state name to a list of variables referenced by that state.
    public var variableReferences: [String: [String]]?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        name: String,
        status: StateMachineStatus? = nil,
        definition: String,
        roleArn: String,
        type: StateMachineType,
        creationDate: Date,
        loggingConfiguration: LoggingConfiguration? = nil,
        tracingConfiguration: TracingConfiguration? = nil,
        label: String? = nil,
        revisionId: String? = nil,
        description: String? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil,
        variableReferences: [String: [String]]? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.definition = definition
        self.roleArn = roleArn
        self.type = type
        self.creationDate = creationDate
        self.loggingConfiguration = loggingConfiguration
        self.tracingConfiguration = tracingConfiguration
        self.label = label
        self.revisionId = revisionId
        self.description = description
        self.encryptionConfiguration = encryptionConfiguration
        self.variableReferences = variableReferences
    }

    public static let requiredMembers: [String] = ["stateMachineArn", "name", "definition", "roleArn", "type", "creationDate"]
}

/// The request of `DeleteStateMachine`.
public struct DeleteStateMachineInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine to delete.
    public var stateMachineArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String
    ) {
        self.stateMachineArn = stateMachineArn
    }

    public static let requiredMembers: [String] = ["stateMachineArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineArn, at: path + "stateMachineArn", min: 1, max: 256)
    }
}

/// The response of `DeleteStateMachine`.
public struct DeleteStateMachineOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}
