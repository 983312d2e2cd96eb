// Generated from AWS Step Functions service model (API version 2016-11-23) by the generator of
// Tests/python/generate_shapes.py, reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// The request of `TestState`.
public struct TestStateInput: StepFunctionsShape {
    /// The Amazon States Language (ASL) definition of the state or state machine.
    public var definition: String
    /// The Amazon Resource Name (ARN) of the execution role with the required IAM permissions for the state.
    public var roleArn: String?
    /// A string that contains the JSON input data for the state.
    public var input: String?
    /// Determines the values to return when a state is tested.
    public var inspectionLevel: InspectionLevel?
    /// Specifies whether or not to include secret information in the test result.
    public var revealSecrets: Bool?
    /// JSON object literal that sets variables used in the state under test.
    public var variables: String?
    /// Denotes the particular state within a state machine definition to be tested.
    public var stateName: String?
    /// Defines a mocked result or error for the state under test.
    public var mock: MockInput?
    /// A JSON string representing a valid Context object for the state under test.
    public var context: String?
    /// Contains configurations for the state under test.
    public var stateConfiguration: TestStateConfiguration?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        definition: String,
        roleArn: String? = nil,
        input: String? = nil,
        inspectionLevel: InspectionLevel? = nil,
        revealSecrets: Bool? = nil,
        variables: String? = nil,
        stateName: String? = nil,
        mock: MockInput? = nil,
        context: String? = nil,
        stateConfiguration: TestStateConfiguration? = nil
    ) {
        self.definition = definition
        self.roleArn = roleArn
        self.input = input
        self.inspectionLevel = inspectionLevel
        self.revealSecrets = revealSecrets
        self.variables = variables
        self.stateName = stateName
        self.mock = mock
        self.context = context
        self.stateConfiguration = stateConfiguration
    }

    public static let requiredMembers: [String] = ["definition"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.definition, at: path + "definition", min: 1, max: 1048576, sensitive: true, utf8: true)
        if let value = self.roleArn {
            violations.checkString(value, at: path + "roleArn", min: 1, max: 256)
        }
        if let value = self.input {
            violations.checkString(value, at: path + "input", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.inspectionLevel {
            if !InspectionLevel.allKnown.contains(value) { violations.append(.enumValue(value.rawValue, at: path + "inspectionLevel", allowed: InspectionLevel.validationOrder.map(\.rawValue))) }
        }
        if let value = self.variables {
            violations.checkString(value, at: path + "variables", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.stateName {
            violations.checkString(value, at: path + "stateName", min: 1, max: 80, sensitive: true)
        }
        if let value = self.mock {
            value.collectViolations(at: path + "mock" + ".", into: &violations)
        }
        if let value = self.context {
            violations.checkString(value, at: path + "context", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.stateConfiguration {
            value.collectViolations(at: path + "stateConfiguration" + ".", into: &violations)
        }
    }
}

/// The response of `TestState`.
public struct TestStateOutput: StepFunctionsShape {
    /// The JSON output data of the state.
    public var output: String?
    /// The error returned when the execution of a state fails.
    public var error: String?
    /// A detailed explanation of the cause for the error when the execution of a state fails.
    public var cause: String?
    /// Returns additional details about the state's execution, including its input and output data processing flow, and HTTP request and…
    public var inspectionData: InspectionData?
    /// The name of the next state to transition to.
    public var nextState: String?
    /// The execution status of the state.
    public var status: TestExecutionStatus?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        output: String? = nil,
        error: String? = nil,
        cause: String? = nil,
        inspectionData: InspectionData? = nil,
        nextState: String? = nil,
        status: TestExecutionStatus? = nil
    ) {
        self.output = output
        self.error = error
        self.cause = cause
        self.inspectionData = inspectionData
        self.nextState = nextState
        self.status = status
    }

    public static let requiredMembers: [String] = []
}
