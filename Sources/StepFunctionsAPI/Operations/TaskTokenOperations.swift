// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// The request of `SendTaskSuccess`.
public struct SendTaskSuccessInput: StepFunctionsShape {
    /// The token that represents this task.
    public var taskToken: String
    /// The JSON output of the task.
    public var output: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        taskToken: String,
        output: String
    ) {
        self.taskToken = taskToken
        self.output = output
    }

    public static let requiredMembers: [String] = ["taskToken", "output"]
    public static let hiddenMembers: Set<String> = ["output"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.taskToken, at: path + "taskToken", min: 1, max: 2048)
        violations.checkString(self.output, at: path + "output", max: 262144, sensitive: true, utf8: true)
    }
}

/// The response of `SendTaskSuccess`.
public struct SendTaskSuccessOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}

/// The request of `SendTaskFailure`.
public struct SendTaskFailureInput: StepFunctionsShape {
    /// The token that represents this task.
    public var taskToken: String
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        taskToken: String,
        error: String? = nil,
        cause: String? = nil
    ) {
        self.taskToken = taskToken
        self.error = error
        self.cause = cause
    }

    public static let requiredMembers: [String] = ["taskToken"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.taskToken, at: path + "taskToken", min: 1, max: 2048)
        if let value = self.error {
            violations.checkString(value, at: path + "error", max: 256, sensitive: true)
        }
        if let value = self.cause {
            violations.checkString(value, at: path + "cause", max: 32768, sensitive: true)
        }
    }
}

/// The response of `SendTaskFailure`.
public struct SendTaskFailureOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}

/// The request of `SendTaskHeartbeat`.
public struct SendTaskHeartbeatInput: StepFunctionsShape {
    /// The token that represents this task.
    public var taskToken: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        taskToken: String
    ) {
        self.taskToken = taskToken
    }

    public static let requiredMembers: [String] = ["taskToken"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.taskToken, at: path + "taskToken", min: 1, max: 2048)
    }
}

/// The response of `SendTaskHeartbeat`.
public struct SendTaskHeartbeatOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}
