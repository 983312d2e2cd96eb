/// An error answered by AWS Identity and Access Management: its code (`NoSuchEntity`, `EntityAlreadyExists`, ...),
/// message and HTTP status, as the Query protocol's `<ErrorResponse>` carries them.
///
/// ```swift
/// do { _ = try await iam.getRole(name: "missing") }
/// catch IAMError.Code.noSuchEntity { ... }
/// ```
public struct IAMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code.
    public var code: Code
    /// The message the service gave.
    public var message: String
    /// The HTTP status of the answer.
    public var httpStatus: Int

    /// Creates an error.
    public init(_ code: Code, _ message: String, httpStatus: Int = 400) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "IAM \(code.rawValue): \(message)" }

    /// An IAM error code; codes the library does not name are kept as they are.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code as IAM spells it.
        public var rawValue: String
        /// Wraps a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The role or policy does not exist (404).
        public static let noSuchEntity = Self(rawValue: "NoSuchEntity")
        /// A role of that name exists (409).
        public static let entityAlreadyExists = Self(rawValue: "EntityAlreadyExists")
        /// The policy document is not valid (400).
        public static let malformedPolicyDocument = Self(rawValue: "MalformedPolicyDocument")
        /// A quota was reached (409).
        public static let limitExceeded = Self(rawValue: "LimitExceeded")
        /// A parameter is not valid (400).
        public static let invalidInput = Self(rawValue: "InvalidInput")
        /// The entity is protected (400).
        public static let unmodifiableEntity = Self(rawValue: "UnmodifiableEntity")
        /// Another request changed the entity at the same time (409).
        public static let concurrentModification = Self(rawValue: "ConcurrentModification")
        /// The entity still has attached resources (409).
        public static let deleteConflict = Self(rawValue: "DeleteConflict")
        /// The caller may not do this (403).
        public static let accessDenied = Self(rawValue: "AccessDenied")
        /// IAM failed (500).
        public static let serviceFailure = Self(rawValue: "ServiceFailure")
        /// IAM asks the caller to slow down.
        public static let throttling = Self(rawValue: "Throttling")

        /// Matches an error against a code in a `catch`: `catch IAMError.Code.noSuchEntity`.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? IAMError)?.code == code
        }
    }
}

/// An IAM request that got no answer: the connection failed or the deadline passed.
public struct IAMTransportError: Error, Sendable, CustomStringConvertible {
    /// The IAM action called (`GetRole`, ...).
    public var action: String
    /// Whether the attempt timed out.
    public var isTimeout: Bool
    /// What the HTTP client reported (no headers, no body).
    public var reason: String

    public var description: String { "IAM \(action) \(isTimeout ? "timed out" : "failed to reach the endpoint"): \(reason)" }
}
