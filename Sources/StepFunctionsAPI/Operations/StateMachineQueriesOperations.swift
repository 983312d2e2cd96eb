// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// The request of `ListStateMachines`.
public struct ListStateMachinesInput: StepFunctionsShape {
    /// The maximum number of results that are returned per call.
    public var maxResults: Int?
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        maxResults: Int? = nil,
        nextToken: String? = nil
    ) {
        self.maxResults = maxResults
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.maxResults {
            violations.checkNumber(value, at: path + "maxResults", min: 0, max: 1000)
        }
        if let value = self.nextToken {
            violations.checkString(value, at: path + "nextToken", min: 1, max: 1024)
        }
    }
}

/// The response of `ListStateMachines`.
public struct ListStateMachinesOutput: StepFunctionsShape {
    /// `stateMachines` as AWS names it.
    public var stateMachines: [StateMachineListItem]
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachines: [StateMachineListItem],
        nextToken: String? = nil
    ) {
        self.stateMachines = stateMachines
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["stateMachines"]
}

/// The request of `ValidateStateMachineDefinition`.
public struct ValidateStateMachineDefinitionInput: StepFunctionsShape {
    /// The Amazon States Language definition of the state machine.
    public var definition: String
    /// The target type of state machine for this definition.
    public var type: StateMachineType?
    /// Minimum level of diagnostics to return.
    public var severity: ValidateStateMachineDefinitionSeverity?
    /// The maximum number of diagnostics that are returned per call.
    public var maxResults: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        definition: String,
        type: StateMachineType? = nil,
        severity: ValidateStateMachineDefinitionSeverity? = nil,
        maxResults: Int? = nil
    ) {
        self.definition = definition
        self.type = type
        self.severity = severity
        self.maxResults = maxResults
    }

    public static let requiredMembers: [String] = ["definition"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        // min 0, not the model's 1: recorded against AWS (LocalStack's test_sfn_api_validation, EMPTY_STRING), an
        // empty definition is answered with a diagnostic, not a ValidationException.
        violations.checkString(self.definition, at: path + "definition", min: 0, max: 1_048_576, sensitive: true, utf8: true)
        if let value = self.type {
            if !StateMachineType.allKnown.contains(value) {
                violations.append(.enumValue(value.rawValue, at: path + "type", allowed: StateMachineType.validationOrder.map(\.rawValue)))
            }
        }
        if let value = self.severity {
            if !ValidateStateMachineDefinitionSeverity.allKnown.contains(value) {
                violations.append(
                    .enumValue(value.rawValue, at: path + "severity", allowed: ValidateStateMachineDefinitionSeverity.validationOrder.map(\.rawValue))
                )
            }
        }
        if let value = self.maxResults {
            violations.checkNumber(value, at: path + "maxResults", min: 0, max: 100)
        }
    }
}

/// The response of `ValidateStateMachineDefinition`.
public struct ValidateStateMachineDefinitionOutput: StepFunctionsShape {
    /// The result value will be OK when no syntax errors are found, or FAIL if the workflow definition does not pass verification.
    public var result: ValidateStateMachineDefinitionResultCode
    /// An array of diagnostic errors and warnings found during validation of the state machine definition.
    public var diagnostics: [ValidateStateMachineDefinitionDiagnostic]
    /// The result value will be true if the number of diagnostics found in the workflow definition exceeds maxResults .
    public var truncated: Bool?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        result: ValidateStateMachineDefinitionResultCode,
        diagnostics: [ValidateStateMachineDefinitionDiagnostic],
        truncated: Bool? = nil
    ) {
        self.result = result
        self.diagnostics = diagnostics
        self.truncated = truncated
    }

    public static let requiredMembers: [String] = ["result", "diagnostics"]
}

/// The request of `DescribeStateMachineForExecution`.
public struct DescribeStateMachineForExecutionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the execution you want state machine information for.
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

/// The response of `DescribeStateMachineForExecution`.
public struct DescribeStateMachineForExecutionOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine associated with the execution.
    public var stateMachineArn: String
    /// The name of the state machine associated with the execution.
    public var name: String
    /// The Amazon States Language definition of the state machine.
    public var definition: String
    /// The Amazon Resource Name (ARN) of the IAM role of the State Machine for the execution.
    public var roleArn: String
    /// The date and time the state machine associated with an execution was updated.
    public var updateDate: Date
    /// The LoggingConfiguration data type is used to set CloudWatch Logs options.
    public var loggingConfiguration: LoggingConfiguration?
    /// Selects whether X-Ray tracing is enabled.
    public var tracingConfiguration: TracingConfiguration?
    /// The Amazon Resource Name (ARN) of the Map Run that started the child workflow execution.
    public var mapRunArn: String?
    /// A user-defined or an auto-generated string that identifies a Map state.
    public var label: String?
    /// The revision identifier for the state machine.
    public var revisionId: String?
    /// Settings to configure server-side encryption.
    public var encryptionConfiguration: EncryptionConfiguration?
    /// A map of state name to a list of variables referenced by that state.
    public var variableReferences: [String: [String]]?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        name: String,
        definition: String,
        roleArn: String,
        updateDate: Date,
        loggingConfiguration: LoggingConfiguration? = nil,
        tracingConfiguration: TracingConfiguration? = nil,
        mapRunArn: String? = nil,
        label: String? = nil,
        revisionId: String? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil,
        variableReferences: [String: [String]]? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.definition = definition
        self.roleArn = roleArn
        self.updateDate = updateDate
        self.loggingConfiguration = loggingConfiguration
        self.tracingConfiguration = tracingConfiguration
        self.mapRunArn = mapRunArn
        self.label = label
        self.revisionId = revisionId
        self.encryptionConfiguration = encryptionConfiguration
        self.variableReferences = variableReferences
    }

    public static let requiredMembers: [String] = ["stateMachineArn", "name", "definition", "roleArn", "updateDate"]
}
