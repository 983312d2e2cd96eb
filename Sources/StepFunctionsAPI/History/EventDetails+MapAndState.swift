// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// Contains details about an evaluation failure that occurred while processing a state, for example, when a JSONata expression throws an error.
public struct EvaluationFailedEventDetails: StepFunctionsShape {
    /// The error code of the failure.
    public var error: String?
    /// A more detailed explanation of the cause of the failure.
    public var cause: String?
    /// The location of the field in the state in which the evaluation error occurred.
    public var location: String?
    /// The name of the state in which the evaluation error occurred.
    public var state: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        error: String? = nil,
        cause: String? = nil,
        location: String? = nil,
        state: String
    ) {
        self.error = error
        self.cause = cause
        self.location = location
        self.state = state
    }

    public static let requiredMembers: [String] = ["state"]
}

/// Contains details about an iteration of a Map state.
public struct MapIterationEventDetails: StepFunctionsShape {
    /// The name of the iteration’s parent Map state.
    public var name: String?
    /// The index of the array belonging to the Map state iteration.
    public var index: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        name: String? = nil,
        index: Int? = nil
    ) {
        self.name = name
        self.index = index
    }

    public static let requiredMembers: [String] = []
}

/// Contains details about a Map Run failure event that occurred during a state machine execution.
public struct MapRunFailedEventDetails: StepFunctionsShape {
    /// The error code of the Map Run failure.
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

/// Contains details about a Map Run that was redriven.
public struct MapRunRedrivenEventDetails: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of a Map Run that was redriven.
    public var mapRunArn: String?
    /// The number of times the Map Run has been redriven at this point in the execution's history including this event.
    public var redriveCount: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        mapRunArn: String? = nil,
        redriveCount: Int? = nil
    ) {
        self.mapRunArn = mapRunArn
        self.redriveCount = redriveCount
    }

    public static let requiredMembers: [String] = []
}

/// Contains details about a Map Run that was started during a state machine execution.
public struct MapRunStartedEventDetails: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of a Map Run that was started.
    public var mapRunArn: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        mapRunArn: String? = nil
    ) {
        self.mapRunArn = mapRunArn
    }

    public static let requiredMembers: [String] = []
}

/// Details about a Map state that was started.
public struct MapStateStartedEventDetails: StepFunctionsShape {
    /// The size of the array for Map state iterations.
    public var length: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        length: Int? = nil
    ) {
        self.length = length
    }

    public static let requiredMembers: [String] = []
}

/// Contains details about a state entered during an execution.
public struct StateEnteredEventDetails: StepFunctionsShape {
    /// The name of the state.
    public var name: String
    /// The string that contains the JSON input data for the state.
    public var input: String?
    /// Contains details about the input for an execution history event.
    public var inputDetails: HistoryEventExecutionDataDetails?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        name: String,
        input: String? = nil,
        inputDetails: HistoryEventExecutionDataDetails? = nil
    ) {
        self.name = name
        self.input = input
        self.inputDetails = inputDetails
    }

    public static let requiredMembers: [String] = ["name"]
}

/// Contains details about an exit from a state during an execution.
public struct StateExitedEventDetails: StepFunctionsShape {
    /// The name of the state.
    public var name: String
    /// The JSON output data of the state.
    public var output: String?
    /// Contains details about the output of an execution history event.
    public var outputDetails: HistoryEventExecutionDataDetails?
    /// Map of variable name and value as a serialized JSON representation.
    public var assignedVariables: [String: String]?
    /// Provides details about input or output in an execution history event.
    public var assignedVariablesDetails: AssignedVariablesDetails?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        name: String,
        output: String? = nil,
        outputDetails: HistoryEventExecutionDataDetails? = nil,
        assignedVariables: [String: String]? = nil,
        assignedVariablesDetails: AssignedVariablesDetails? = nil
    ) {
        self.name = name
        self.output = output
        self.outputDetails = outputDetails
        self.assignedVariables = assignedVariables
        self.assignedVariablesDetails = assignedVariablesDetails
    }

    public static let requiredMembers: [String] = ["name"]
}
