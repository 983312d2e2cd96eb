// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// Contains details about an activity that failed during an execution.
public struct ActivityFailedEventDetails: StepFunctionsShape {
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

/// Contains details about an activity schedule failure that occurred during an execution.
public struct ActivityScheduleFailedEventDetails: StepFunctionsShape {
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

/// Contains details about an activity scheduled during an execution.
public struct ActivityScheduledEventDetails: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the scheduled activity.
    public var resource: String
    /// The JSON data input to the activity task.
    public var input: String?
    /// Contains details about the input for an execution history event.
    public var inputDetails: HistoryEventExecutionDataDetails?
    /// The maximum allowed duration of the activity task.
    public var timeoutInSeconds: Int?
    /// The maximum allowed duration between two heartbeats for the activity task.
    public var heartbeatInSeconds: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resource: String,
        input: String? = nil,
        inputDetails: HistoryEventExecutionDataDetails? = nil,
        timeoutInSeconds: Int? = nil,
        heartbeatInSeconds: Int? = nil
    ) {
        self.resource = resource
        self.input = input
        self.inputDetails = inputDetails
        self.timeoutInSeconds = timeoutInSeconds
        self.heartbeatInSeconds = heartbeatInSeconds
    }

    public static let requiredMembers: [String] = ["resource"]
}

/// Contains details about the start of an activity during an execution.
public struct ActivityStartedEventDetails: StepFunctionsShape {
    /// The name of the worker that the task is assigned to.
    public var workerName: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        workerName: String? = nil
    ) {
        self.workerName = workerName
    }

    public static let requiredMembers: [String] = []
}

/// Contains details about an activity that successfully terminated during an execution.
public struct ActivitySucceededEventDetails: StepFunctionsShape {
    /// The JSON data output by the activity task.
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

/// Contains details about an activity timeout that occurred during an execution.
public struct ActivityTimedOutEventDetails: StepFunctionsShape {
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
