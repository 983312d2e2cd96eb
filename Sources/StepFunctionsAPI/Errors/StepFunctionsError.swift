import OrderedCollections
import StatesLanguage

/// An error of the AWS Step Functions API, as AWS names and shapes it.
///
/// Every error AWS returns carries a code (the JSON `__type`, such as `ExecutionDoesNotExist`), a message and an
/// HTTP status. Codes are extensible: a client keeps codes it does not know, and the server can render any code.
///
/// ```swift
/// do { try await backend.describeExecution(.init(executionArn: arn)) }
/// catch let error as StepFunctionsError where error.code == .executionDoesNotExist { ... }
/// ```
public struct StepFunctionsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The AWS error code, rendered as `__type`.
    public var code: Code
    /// The human-readable message, rendered as `message`.
    public var message: String
    /// `resourceName` of `ResourceNotFound` and `TooManyTags`.
    public var resourceName: String?
    /// `reason` of `ValidationException` (`API_DOES_NOT_SUPPORT_LABELED_ARNS`, `CANNOT_UPDATE_COMPLETED_MAP_RUN`, ...).
    public var reason: String?

    /// Creates an error with a code and message.
    public init(_ code: Code, _ message: String, resourceName: String? = nil, reason: String? = nil) {
        self.code = code
        self.message = message
        self.resourceName = resourceName
        self.reason = reason
    }

    /// The HTTP status AWS answers this error with.
    public var httpStatus: Int { code.httpStatus }

    public var description: String { "\(code.rawValue): \(message)" }

    /// An AWS error code, such as `ExecutionDoesNotExist`, with the HTTP status AWS uses for it.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code as AWS spells it (`__type`).
        public var rawValue: String
        /// The HTTP status AWS answers this error with: 400 unless AWS documents another.
        public var httpStatus: Int

        /// A code AWS documents with status 400 (or a code this library does not know).
        public init(rawValue: String) {
            self.rawValue = rawValue
            self.httpStatus = Self.knownStatuses[rawValue] ?? 400
        }

        public var description: String { rawValue }

        /// Codes whose status is not 400 (from AWS's "Common Errors" table and the SigV4 documentation).
        private static let knownStatuses: [String: Int] = [
            "InternalFailure": 500, "ServiceUnavailable": 503, "InvalidClientTokenId": 403, "OptInRequired": 403,
        ]
    }
}

extension StepFunctionsError.Code {
    private init(_ name: String) { self.init(rawValue: name) }

    // Errors of the Step Functions operations (all HTTP 400, as the API reference documents).
    public static let activityAlreadyExists = Self("ActivityAlreadyExists")
    public static let activityDoesNotExist = Self("ActivityDoesNotExist")
    public static let activityLimitExceeded = Self("ActivityLimitExceeded")
    public static let activityWorkerLimitExceeded = Self("ActivityWorkerLimitExceeded")
    public static let conflictException = Self("ConflictException")
    public static let executionAlreadyExists = Self("ExecutionAlreadyExists")
    public static let executionDoesNotExist = Self("ExecutionDoesNotExist")
    public static let executionLimitExceeded = Self("ExecutionLimitExceeded")
    public static let executionNotRedrivable = Self("ExecutionNotRedrivable")
    public static let invalidArn = Self("InvalidArn")
    public static let invalidDefinition = Self("InvalidDefinition")
    public static let invalidEncryptionConfiguration = Self("InvalidEncryptionConfiguration")
    public static let invalidExecutionInput = Self("InvalidExecutionInput")
    public static let invalidLoggingConfiguration = Self("InvalidLoggingConfiguration")
    public static let invalidName = Self("InvalidName")
    public static let invalidOutput = Self("InvalidOutput")
    public static let invalidToken = Self("InvalidToken")
    public static let invalidTracingConfiguration = Self("InvalidTracingConfiguration")
    public static let kmsAccessDeniedException = Self("KmsAccessDeniedException")
    public static let kmsInvalidStateException = Self("KmsInvalidStateException")
    public static let kmsThrottlingException = Self("KmsThrottlingException")
    public static let missingRequiredParameter = Self("MissingRequiredParameter")
    public static let resourceNotFound = Self("ResourceNotFound")
    public static let serviceQuotaExceededException = Self("ServiceQuotaExceededException")
    public static let stateMachineAlreadyExists = Self("StateMachineAlreadyExists")
    public static let stateMachineDeleting = Self("StateMachineDeleting")
    public static let stateMachineDoesNotExist = Self("StateMachineDoesNotExist")
    public static let stateMachineLimitExceeded = Self("StateMachineLimitExceeded")
    public static let stateMachineTypeNotSupported = Self("StateMachineTypeNotSupported")
    public static let taskDoesNotExist = Self("TaskDoesNotExist")
    public static let taskTimedOut = Self("TaskTimedOut")
    public static let tooManyTags = Self("TooManyTags")
    public static let validationException = Self("ValidationException")

    // Errors of the AWS JSON 1.0 protocol layer, common to every operation.
    public static let unknownOperationException = Self("UnknownOperationException")
    public static let serializationException = Self("SerializationException")
    public static let accessDeniedException = Self("AccessDeniedException")
    public static let throttlingException = Self("ThrottlingException")
    public static let internalFailure = Self("InternalFailure")
    public static let serviceUnavailable = Self("ServiceUnavailable")

    // Errors of request authentication (SigV4). AWS JSON-protocol services name them with the `Exception` suffix
    // and answer all of them with HTTP 400 (as DynamoDB's and Cognito's error tables document).
    public static let missingAuthenticationToken = Self("MissingAuthenticationTokenException")
    public static let incompleteSignature = Self("IncompleteSignatureException")
    public static let invalidSignature = Self("InvalidSignatureException")
    public static let unrecognizedClient = Self("UnrecognizedClientException")
    public static let invalidClientTokenId = Self("InvalidClientTokenId")
    public static let expiredToken = Self("ExpiredTokenException")
}

extension StepFunctionsError.Code {
    /// Matches an error against a code in a `catch` or `switch`: `catch StepFunctionsError.Code.taskTimedOut`.
    public static func ~= (code: Self, error: any Error) -> Bool {
        (error as? StepFunctionsError)?.code == code
    }
}

extension StepFunctionsError {
    /// `ValidationException` with AWS's wording for constraint violations.
    public static func validation(_ violations: [ConstraintViolation]) -> StepFunctionsError {
        StepFunctionsError(.validationException, ConstraintViolation.message(for: violations))
    }

    /// The JSON body AWS sends for this error: `{"__type": code, "message": message}` and the extra members.
    public var jsonBody: [UInt8] {
        var object: [(String, String)] = [("__type", code.rawValue), ("message", message)]
        if let resourceName { object.append(("resourceName", resourceName)) }
        if let reason { object.append(("reason", reason)) }
        let members = object.map { "\(JSONString.quoted($0.0)):\(JSONString.quoted($0.1))" }
        return Array("{\(members.joined(separator: ","))}".utf8)
    }

    /// Reads an error body as AWS sends it. `__type` may carry a namespace (`com.amazonaws...#InvalidArn`) or a
    /// suffix (`InvalidArn:http://...`); both are stripped. `message` may also be spelled `Message`.
    public init?(jsonBody: some Collection<UInt8>, httpStatus: Int? = nil) {
        guard case .object(let object)? = try? JSONValue(parsing: jsonBody),
            var type = object["__type"]?.stringValue ?? object["code"]?.stringValue
        else { return nil }
        if let hash = type.lastIndex(of: "#") { type = String(type[type.index(after: hash)...]) }
        if let colon = type.firstIndex(of: ":") { type = String(type[..<colon]) }
        var code = Code(rawValue: type)
        if let httpStatus { code.httpStatus = httpStatus }
        self.init(
            code, object["message"]?.stringValue ?? object["Message"]?.stringValue ?? "",
            resourceName: object["resourceName"]?.stringValue, reason: object["reason"]?.stringValue)
    }
}

/// JSON string quoting without going through Foundation's encoder.
enum JSONString {
    static func quoted(_ text: String) -> String { JSONValue.string(text).jsonString() }
}
