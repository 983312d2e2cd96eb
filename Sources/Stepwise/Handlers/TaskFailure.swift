import StatesLanguage

/// A named failure thrown by a handler: it reaches the workflow with exactly this ASL error name and cause,
/// so a retrier or catcher can match it.
///
/// ```swift
/// struct Bake: TaskHandler {
///     func run(_ pizza: Pizza, context: TaskContext) async throws -> Pizza {
///         guard pizza.hasDough else { throw TaskFailure(error: "NoDough", cause: "nothing to bake") }
///         return pizza
///     }
/// }
/// ```
///
/// Any other error a handler throws is named after its Swift type (``ErrorName/of(_:)-(any Error)``), with
/// its description as the cause.
public struct TaskFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ASL error name.
    public var error: String
    /// The cause: a readable explanation (AWS allows up to 32,768 characters).
    public var cause: String

    public init(error: String, cause: String = "") {
        self.error = error
        self.cause = cause
    }

    /// A failure with one of the ``ErrorName`` constants.
    public init(_ name: ErrorName, cause: String = "") {
        self.init(error: name.rawValue, cause: cause)
    }

    /// The failure that reports `error`: itself when it is a `TaskFailure`, a `StatesError` with its own name,
    /// otherwise the name of the error's Swift type with its description as the cause.
    public init(reporting error: any Error) {
        switch error {
        case let failure as TaskFailure: self = failure
        case let states as StatesError: self.init(error: states.error, cause: states.cause)
        default: self.init(error: ErrorName.of(error).rawValue, cause: String(describing: error))
        }
    }

    public var description: String { cause.isEmpty ? error : "\(error): \(cause)" }

    /// The failure as the error output a Catch passes on: `{"Error": ..., "Cause": ...}`.
    public var errorOutput: JSONValue { ["Error": .string(error), "Cause": .string(cause)] }
}

/// The input a catcher's recovery steps receive with the default `ResultPath`: the error output of the
/// failed step.
public struct CaughtError: Codable, Sendable, Hashable {
    public var error: String
    public var cause: String

    public init(error: String, cause: String) {
        self.error = error
        self.cause = cause
    }

    enum CodingKeys: String, CodingKey {
        case error = "Error"
        case cause = "Cause"
    }
}
