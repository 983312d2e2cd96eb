// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// Contains details about an abort of an execution.
public struct ExecutionAbortedEventDetails: StepFunctionsShape {
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

/// Contains details about an execution failure event.
public struct ExecutionFailedEventDetails: StepFunctionsShape {
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

/// Contains details about a redriven execution.
public struct ExecutionRedrivenEventDetails: StepFunctionsShape {
    /// The number of times you've redriven an execution.
    public var redriveCount: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        redriveCount: Int? = nil
    ) {
        self.redriveCount = redriveCount
    }

    public static let requiredMembers: [String] = []
}

/// Contains details about the start of the execution.
public struct ExecutionStartedEventDetails: StepFunctionsShape {
    /// The JSON data input to the execution.
    public var input: String?
    /// Contains details about the input for an execution history event.
    public var inputDetails: HistoryEventExecutionDataDetails?
    /// The Amazon Resource Name (ARN) of the IAM role used for executing Lambda tasks.
    public var roleArn: String?
    /// The Amazon Resource Name (ARN) that identifies a state machine alias used for starting the state machine execution.
    public var stateMachineAliasArn: String?
    /// The Amazon Resource Name (ARN) that identifies a state machine version used for starting the state machine execution.
    public var stateMachineVersionArn: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        input: String? = nil,
        inputDetails: HistoryEventExecutionDataDetails? = nil,
        roleArn: String? = nil,
        stateMachineAliasArn: String? = nil,
        stateMachineVersionArn: String? = nil
    ) {
        self.input = input
        self.inputDetails = inputDetails
        self.roleArn = roleArn
        self.stateMachineAliasArn = stateMachineAliasArn
        self.stateMachineVersionArn = stateMachineVersionArn
    }

    public static let requiredMembers: [String] = []
}

/// Contains details about the successful termination of the execution.
public struct ExecutionSucceededEventDetails: StepFunctionsShape {
    /// The JSON data output by the execution.
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

/// Contains details about the execution timeout that occurred during the execution.
public struct ExecutionTimedOutEventDetails: StepFunctionsShape {
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
