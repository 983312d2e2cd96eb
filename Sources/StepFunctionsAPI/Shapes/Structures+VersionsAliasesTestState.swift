// Generated from AWS Step Functions service model (API version 2016-11-23) by the generator of
// Tests/python/generate_shapes.py, reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// Contains additional details about the state's execution, including its input and output data processing flow, and HTTP request and…
public struct InspectionData: StepFunctionsShape {
    /// The raw state input.
    public var input: String?
    /// The input after Step Functions applies an Arguments filter.
    public var afterArguments: String?
    /// The input after Step Functions applies the InputPath filter.
    public var afterInputPath: String?
    /// The effective input after Step Functions applies the Parameters filter.
    public var afterParameters: String?
    /// The state's raw result.
    public var result: String?
    /// The effective result after Step Functions applies the ResultSelector filter.
    public var afterResultSelector: String?
    /// The effective result combined with the raw state input after Step Functions applies the ResultPath filter.
    public var afterResultPath: String?
    /// The raw HTTP request that is sent when you test an HTTP Task.
    public var request: InspectionDataRequest?
    /// The raw HTTP response that is returned when you test an HTTP Task.
    public var response: InspectionDataResponse?
    /// JSON string that contains the set of workflow variables after execution of the state.
    public var variables: String?
    /// An object containing data about a handled exception in the tested state.
    public var errorDetails: InspectionErrorDetails?
    /// The effective input after the ItemsPath filter is applied.
    public var afterItemsPath: String?
    /// An array containing the inputs for each Map iteration, transformed by the ItemSelector specified in a Map state.
    public var afterItemSelector: String?
    /// The effective input after the ItemBatcher filter is applied in a Map state.
    public var afterItemBatcher: String?
    /// The effective input after the ItemsPointer filter is applied in a Map state.
    public var afterItemsPointer: String?
    /// The tolerated failure threshold for a Map state as defined in number of Map state iterations.
    public var toleratedFailureCount: Int?
    /// The tolerated failure threshold for a Map state as defined in percentage of Map state iterations.
    public var toleratedFailurePercentage: Double?
    /// The max concurrency of the Map state.
    public var maxConcurrency: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        input: String? = nil,
        afterArguments: String? = nil,
        afterInputPath: String? = nil,
        afterParameters: String? = nil,
        result: String? = nil,
        afterResultSelector: String? = nil,
        afterResultPath: String? = nil,
        request: InspectionDataRequest? = nil,
        response: InspectionDataResponse? = nil,
        variables: String? = nil,
        errorDetails: InspectionErrorDetails? = nil,
        afterItemsPath: String? = nil,
        afterItemSelector: String? = nil,
        afterItemBatcher: String? = nil,
        afterItemsPointer: String? = nil,
        toleratedFailureCount: Int? = nil,
        toleratedFailurePercentage: Double? = nil,
        maxConcurrency: Int? = nil
    ) {
        self.input = input
        self.afterArguments = afterArguments
        self.afterInputPath = afterInputPath
        self.afterParameters = afterParameters
        self.result = result
        self.afterResultSelector = afterResultSelector
        self.afterResultPath = afterResultPath
        self.request = request
        self.response = response
        self.variables = variables
        self.errorDetails = errorDetails
        self.afterItemsPath = afterItemsPath
        self.afterItemSelector = afterItemSelector
        self.afterItemBatcher = afterItemBatcher
        self.afterItemsPointer = afterItemsPointer
        self.toleratedFailureCount = toleratedFailureCount
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.maxConcurrency = maxConcurrency
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.input {
            violations.checkString(value, at: path + "input", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterArguments {
            violations.checkString(value, at: path + "afterArguments", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterInputPath {
            violations.checkString(value, at: path + "afterInputPath", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterParameters {
            violations.checkString(value, at: path + "afterParameters", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.result {
            violations.checkString(value, at: path + "result", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterResultSelector {
            violations.checkString(value, at: path + "afterResultSelector", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterResultPath {
            violations.checkString(value, at: path + "afterResultPath", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.request {
            value.collectViolations(at: path + "request" + ".", into: &violations)
        }
        if let value = self.response {
            value.collectViolations(at: path + "response" + ".", into: &violations)
        }
        if let value = self.variables {
            violations.checkString(value, at: path + "variables", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.errorDetails {
            value.collectViolations(at: path + "errorDetails" + ".", into: &violations)
        }
        if let value = self.afterItemsPath {
            violations.checkString(value, at: path + "afterItemsPath", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterItemSelector {
            violations.checkString(value, at: path + "afterItemSelector", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterItemBatcher {
            violations.checkString(value, at: path + "afterItemBatcher", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.afterItemsPointer {
            violations.checkString(value, at: path + "afterItemsPointer", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.toleratedFailureCount {
            violations.checkNumber(value, at: path + "toleratedFailureCount", min: 0)
        }
        if let value = self.maxConcurrency {
            violations.checkNumber(value, at: path + "maxConcurrency", min: 0)
        }
    }
}

/// Contains additional details about the state's execution, including its input and output data processing flow, and HTTP request information.
public struct InspectionDataRequest: StepFunctionsShape {
    /// The protocol used to make the HTTP request.
    public var `protocol`: String?
    /// The HTTP method used for the HTTP request.
    public var method: String?
    /// The API endpoint used for the HTTP request.
    public var url: String?
    /// The request headers associated with the HTTP request.
    public var headers: String?
    /// The request body for the HTTP request.
    public var body: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        protocol: String? = nil,
        method: String? = nil,
        url: String? = nil,
        headers: String? = nil,
        body: String? = nil
    ) {
        self.`protocol` = `protocol`
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static let requiredMembers: [String] = []
}

/// Contains additional details about the state's execution, including its input and output data processing flow, and HTTP response information.
public struct InspectionDataResponse: StepFunctionsShape {
    /// The protocol used to return the HTTP response.
    public var `protocol`: String?
    /// The HTTP response status code for the HTTP response.
    public var statusCode: String?
    /// The message associated with the HTTP status code.
    public var statusMessage: String?
    /// The response headers associated with the HTTP response.
    public var headers: String?
    /// The HTTP response returned.
    public var body: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        protocol: String? = nil,
        statusCode: String? = nil,
        statusMessage: String? = nil,
        headers: String? = nil,
        body: String? = nil
    ) {
        self.`protocol` = `protocol`
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.headers = headers
        self.body = body
    }

    public static let requiredMembers: [String] = []
}

/// An object containing data about a handled exception in the tested state.
public struct InspectionErrorDetails: StepFunctionsShape {
    /// The array index of the Catch which handled the exception.
    public var catchIndex: Int?
    /// The array index of the Retry which handled the exception.
    public var retryIndex: Int?
    /// The duration in seconds of the backoff for a retry on a failed state invocation.
    public var retryBackoffIntervalSeconds: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        catchIndex: Int? = nil,
        retryIndex: Int? = nil,
        retryBackoffIntervalSeconds: Int? = nil
    ) {
        self.catchIndex = catchIndex
        self.retryIndex = retryIndex
        self.retryBackoffIntervalSeconds = retryBackoffIntervalSeconds
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.catchIndex {
            violations.checkNumber(value, at: path + "catchIndex", min: 0)
        }
        if let value = self.retryIndex {
            violations.checkNumber(value, at: path + "retryIndex", min: 0)
        }
        if let value = self.retryBackoffIntervalSeconds {
            violations.checkNumber(value, at: path + "retryBackoffIntervalSeconds", min: 0)
        }
    }
}

/// A JSON object that contains a mocked error.
public struct MockErrorOutput: StepFunctionsShape {
    /// A string denoting the error code of the exception thrown when invoking the tested state.
    public var error: String?
    /// A string containing the cause of the exception thrown when executing the state's logic.
    public var cause: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        error: String? = nil,
        cause: String? = nil
    ) {
        self.error = error
        self.cause = cause
    }

    public static let requiredMembers: [String] = []
}

/// A JSON object that contains a mocked result or errorOutput .
public struct MockInput: StepFunctionsShape {
    /// A JSON string containing the mocked result of the state invocation.
    public var result: String?
    /// The mocked error output when calling TestState.
    public var errorOutput: MockErrorOutput?
    /// Determines the level of strictness when validating mocked results against their respective API models.
    public var fieldValidationMode: MockResponseValidationMode?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        result: String? = nil,
        errorOutput: MockErrorOutput? = nil,
        fieldValidationMode: MockResponseValidationMode? = nil
    ) {
        self.result = result
        self.errorOutput = errorOutput
        self.fieldValidationMode = fieldValidationMode
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.result {
            violations.checkString(value, at: path + "result", max: 262144, sensitive: true, utf8: true)
        }
        if let value = self.errorOutput {
            value.collectViolations(at: path + "errorOutput" + ".", into: &violations)
        }
        if let value = self.fieldValidationMode {
            if !MockResponseValidationMode.allKnown.contains(value) { violations.append(.enumValue(value.rawValue, at: path + "fieldValidationMode", allowed: MockResponseValidationMode.validationOrder.map(\.rawValue))) }
        }
    }
}

/// Contains details about the routing configuration of a state machine alias.
public struct RoutingConfigurationListItem: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies one or two state machine versions defined in the routing configuration.
    public var stateMachineVersionArn: String
    /// The percentage of traffic you want to route to a state machine version.
    public var weight: Int

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineVersionArn: String,
        weight: Int
    ) {
        self.stateMachineVersionArn = stateMachineVersionArn
        self.weight = weight
    }

    public static let requiredMembers: [String] = ["stateMachineVersionArn", "weight"]
}

/// Contains details about a specific state machine alias.
public struct StateMachineAliasListItem: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies a state machine alias.
    public var stateMachineAliasArn: String
    /// The creation date of a state machine alias.
    public var creationDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineAliasArn: String,
        creationDate: Date
    ) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.creationDate = creationDate
    }

    public static let requiredMembers: [String] = ["stateMachineAliasArn", "creationDate"]
}

/// Contains details about a specific state machine version.
public struct StateMachineVersionListItem: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies a state machine version.
    public var stateMachineVersionArn: String
    /// The creation date of a state machine version.
    public var creationDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineVersionArn: String,
        creationDate: Date
    ) {
        self.stateMachineVersionArn = stateMachineVersionArn
        self.creationDate = creationDate
    }

    public static let requiredMembers: [String] = ["stateMachineVersionArn", "creationDate"]
}

/// Contains configurations for the tested state.
public struct TestStateConfiguration: StepFunctionsShape {
    /// The number of retry attempts that have occurred for the state's Retry that applies to the mocked error.
    public var retrierRetryCount: Int?
    /// The name of the state from which an error originates when an error is mocked for a Map or Parallel state.
    public var errorCausedByState: String?
    /// The number of Map state iterations that failed during the Map state invocation.
    public var mapIterationFailureCount: Int?
    /// The data read by ItemReader in Distributed Map states as found in its original source.
    public var mapItemReaderData: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        retrierRetryCount: Int? = nil,
        errorCausedByState: String? = nil,
        mapIterationFailureCount: Int? = nil,
        mapItemReaderData: String? = nil
    ) {
        self.retrierRetryCount = retrierRetryCount
        self.errorCausedByState = errorCausedByState
        self.mapIterationFailureCount = mapIterationFailureCount
        self.mapItemReaderData = mapItemReaderData
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.retrierRetryCount {
            violations.checkNumber(value, at: path + "retrierRetryCount", min: 0)
        }
        if let value = self.errorCausedByState {
            violations.checkString(value, at: path + "errorCausedByState", min: 1, max: 80, sensitive: true)
        }
        if let value = self.mapIterationFailureCount {
            violations.checkNumber(value, at: path + "mapIterationFailureCount", min: 0)
        }
        if let value = self.mapItemReaderData {
            violations.checkString(value, at: path + "mapItemReaderData", max: 262144, sensitive: true, utf8: true)
        }
    }
}
