// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// Contains details about a task failure event.
public struct TaskFailedEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String,
        error: String? = nil,
        cause: String? = nil
    ) {
        self.resourceType = resourceType
        self.resource = resource
        self.error = error
        self.cause = cause
    }

    public static let requiredMembers: [String] = ["resourceType", "resource"]
}

/// Contains details about a task scheduled during an execution.
public struct TaskScheduledEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String
    /// The region of the scheduled task
    public var region: String
    /// The JSON data passed to the resource referenced in a task state.
    public var parameters: String
    /// The maximum allowed duration of the task.
    public var timeoutInSeconds: Int?
    /// The maximum allowed duration between two heartbeats for the task.
    public var heartbeatInSeconds: Int?
    /// The credentials that Step Functions uses for the task.
    public var taskCredentials: TaskCredentials?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String,
        region: String,
        parameters: String,
        timeoutInSeconds: Int? = nil,
        heartbeatInSeconds: Int? = nil,
        taskCredentials: TaskCredentials? = nil
    ) {
        self.resourceType = resourceType
        self.resource = resource
        self.region = region
        self.parameters = parameters
        self.timeoutInSeconds = timeoutInSeconds
        self.heartbeatInSeconds = heartbeatInSeconds
        self.taskCredentials = taskCredentials
    }

    public static let requiredMembers: [String] = ["resourceType", "resource", "region", "parameters"]
}

/// Contains details about a task that failed to start during an execution.
public struct TaskStartFailedEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String,
        error: String? = nil,
        cause: String? = nil
    ) {
        self.resourceType = resourceType
        self.resource = resource
        self.error = error
        self.cause = cause
    }

    public static let requiredMembers: [String] = ["resourceType", "resource"]
}

/// Contains details about the start of a task during an execution.
public struct TaskStartedEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String
    ) {
        self.resourceType = resourceType
        self.resource = resource
    }

    public static let requiredMembers: [String] = ["resourceType", "resource"]
}

/// Contains details about a task that failed to submit during an execution.
public struct TaskSubmitFailedEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String,
        error: String? = nil,
        cause: String? = nil
    ) {
        self.resourceType = resourceType
        self.resource = resource
        self.error = error
        self.cause = cause
    }

    public static let requiredMembers: [String] = ["resourceType", "resource"]
}

/// Contains details about a task submitted to a resource .
public struct TaskSubmittedEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String
    /// The response from a resource when a task has started.
    public var output: String?
    /// Contains details about the output of an execution history event.
    public var outputDetails: HistoryEventExecutionDataDetails?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String,
        output: String? = nil,
        outputDetails: HistoryEventExecutionDataDetails? = nil
    ) {
        self.resourceType = resourceType
        self.resource = resource
        self.output = output
        self.outputDetails = outputDetails
    }

    public static let requiredMembers: [String] = ["resourceType", "resource"]
}

/// Contains details about the successful completion of a task state.
public struct TaskSucceededEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String
    /// The full JSON response from a resource when a task has succeeded.
    public var output: String?
    /// Contains details about the output of an execution history event.
    public var outputDetails: HistoryEventExecutionDataDetails?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String,
        output: String? = nil,
        outputDetails: HistoryEventExecutionDataDetails? = nil
    ) {
        self.resourceType = resourceType
        self.resource = resource
        self.output = output
        self.outputDetails = outputDetails
    }

    public static let requiredMembers: [String] = ["resourceType", "resource"]
}

/// Contains details about a resource timeout that occurred during an execution.
public struct TaskTimedOutEventDetails: StepFunctionsShape {
    /// The service name of the resource in a task state.
    public var resourceType: String
    /// The action of the resource called by a task state.
    public var resource: String
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceType: String,
        resource: String,
        error: String? = nil,
        cause: String? = nil
    ) {
        self.resourceType = resourceType
        self.resource = resource
        self.error = error
        self.cause = cause
    }

    public static let requiredMembers: [String] = ["resourceType", "resource"]
}
