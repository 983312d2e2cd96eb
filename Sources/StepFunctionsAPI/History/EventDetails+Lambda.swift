// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// Contains details about a Lambda function that failed during an execution.
public struct LambdaFunctionFailedEventDetails: StepFunctionsShape {
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
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

/// Contains details about a failed Lambda function schedule event that occurred during an execution.
public struct LambdaFunctionScheduleFailedEventDetails: StepFunctionsShape {
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
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

/// Contains details about a Lambda function scheduled during an execution.
public struct LambdaFunctionScheduledEventDetails: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the scheduled Lambda function.
    public var resource: String
    /// The JSON data input to the Lambda function.
    public var input: String?
    /// Contains details about input for an execution history event.
    public var inputDetails: HistoryEventExecutionDataDetails?
    /// The maximum allowed duration of the Lambda function.
    public var timeoutInSeconds: Int?
    /// The credentials that Step Functions uses for the task.
    public var taskCredentials: TaskCredentials?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resource: String,
        input: String? = nil,
        inputDetails: HistoryEventExecutionDataDetails? = nil,
        timeoutInSeconds: Int? = nil,
        taskCredentials: TaskCredentials? = nil
    ) {
        self.resource = resource
        self.input = input
        self.inputDetails = inputDetails
        self.timeoutInSeconds = timeoutInSeconds
        self.taskCredentials = taskCredentials
    }

    public static let requiredMembers: [String] = ["resource"]
}

/// Contains details about a lambda function that failed to start during an execution.
public struct LambdaFunctionStartFailedEventDetails: StepFunctionsShape {
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
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

/// Contains details about a Lambda function that successfully terminated during an execution.
public struct LambdaFunctionSucceededEventDetails: StepFunctionsShape {
    /// The JSON data output by the Lambda function.
    public var output: String?
    /// Contains details about the output of an execution history event.
    public var outputDetails: HistoryEventExecutionDataDetails?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        output: String? = nil,
        outputDetails: HistoryEventExecutionDataDetails? = nil
    ) {
        self.output = output
        self.outputDetails = outputDetails
    }

    public static let requiredMembers: [String] = []
}

/// Contains details about a Lambda function timeout that occurred during an execution.
public struct LambdaFunctionTimedOutEventDetails: StepFunctionsShape {
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the timeout.
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
