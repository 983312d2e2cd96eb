// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// Contains details about the events of an execution.
public struct HistoryEvent: StepFunctionsShape {
    /// The date and time the event occurred, expressed in seconds and fractional milliseconds since the Unix epoch, which is defined as January…
    public var timestamp: Date
    /// The type of the event.
    public var type: HistoryEventType
    /// The id of the event.
    public var id: Int
    /// The id of the previous event.
    public var previousEventId: Int?
    /// Contains details about an activity that failed during an execution.
    public var activityFailedEventDetails: ActivityFailedEventDetails?
    /// Contains details about an activity schedule event that failed during an execution.
    public var activityScheduleFailedEventDetails: ActivityScheduleFailedEventDetails?
    /// Contains details about an activity scheduled during an execution.
    public var activityScheduledEventDetails: ActivityScheduledEventDetails?
    /// Contains details about the start of an activity during an execution.
    public var activityStartedEventDetails: ActivityStartedEventDetails?
    /// Contains details about an activity that successfully terminated during an execution.
    public var activitySucceededEventDetails: ActivitySucceededEventDetails?
    /// Contains details about an activity timeout that occurred during an execution.
    public var activityTimedOutEventDetails: ActivityTimedOutEventDetails?
    /// Contains details about the failure of a task.
    public var taskFailedEventDetails: TaskFailedEventDetails?
    /// Contains details about a task that was scheduled.
    public var taskScheduledEventDetails: TaskScheduledEventDetails?
    /// Contains details about a task that failed to start.
    public var taskStartFailedEventDetails: TaskStartFailedEventDetails?
    /// Contains details about a task that was started.
    public var taskStartedEventDetails: TaskStartedEventDetails?
    /// Contains details about a task that where the submit failed.
    public var taskSubmitFailedEventDetails: TaskSubmitFailedEventDetails?
    /// Contains details about a submitted task.
    public var taskSubmittedEventDetails: TaskSubmittedEventDetails?
    /// Contains details about a task that succeeded.
    public var taskSucceededEventDetails: TaskSucceededEventDetails?
    /// Contains details about a task that timed out.
    public var taskTimedOutEventDetails: TaskTimedOutEventDetails?
    /// Contains details about an execution failure event.
    public var executionFailedEventDetails: ExecutionFailedEventDetails?
    /// Contains details about the start of the execution.
    public var executionStartedEventDetails: ExecutionStartedEventDetails?
    /// Contains details about the successful termination of the execution.
    public var executionSucceededEventDetails: ExecutionSucceededEventDetails?
    /// Contains details about an abort of an execution.
    public var executionAbortedEventDetails: ExecutionAbortedEventDetails?
    /// Contains details about the execution timeout that occurred during the execution.
    public var executionTimedOutEventDetails: ExecutionTimedOutEventDetails?
    /// Contains details about the redrive attempt of an execution.
    public var executionRedrivenEventDetails: ExecutionRedrivenEventDetails?
    /// Contains details about Map state that was started.
    public var mapStateStartedEventDetails: MapStateStartedEventDetails?
    /// Contains details about an iteration of a Map state that was started.
    public var mapIterationStartedEventDetails: MapIterationEventDetails?
    /// Contains details about an iteration of a Map state that succeeded.
    public var mapIterationSucceededEventDetails: MapIterationEventDetails?
    /// Contains details about an iteration of a Map state that failed.
    public var mapIterationFailedEventDetails: MapIterationEventDetails?
    /// Contains details about an iteration of a Map state that was aborted.
    public var mapIterationAbortedEventDetails: MapIterationEventDetails?
    /// Contains details about a Lambda function that failed during an execution.
    public var lambdaFunctionFailedEventDetails: LambdaFunctionFailedEventDetails?
    /// Contains details about a failed Lambda function schedule event that occurred during an execution.
    public var lambdaFunctionScheduleFailedEventDetails: LambdaFunctionScheduleFailedEventDetails?
    /// Contains details about a Lambda function scheduled during an execution.
    public var lambdaFunctionScheduledEventDetails: LambdaFunctionScheduledEventDetails?
    /// Contains details about a lambda function that failed to start during an execution.
    public var lambdaFunctionStartFailedEventDetails: LambdaFunctionStartFailedEventDetails?
    /// Contains details about a Lambda function that terminated successfully during an execution.
    public var lambdaFunctionSucceededEventDetails: LambdaFunctionSucceededEventDetails?
    /// Contains details about a Lambda function timeout that occurred during an execution.
    public var lambdaFunctionTimedOutEventDetails: LambdaFunctionTimedOutEventDetails?
    /// Contains details about a state entered during an execution.
    public var stateEnteredEventDetails: StateEnteredEventDetails?
    /// Contains details about an exit from a state during an execution.
    public var stateExitedEventDetails: StateExitedEventDetails?
    /// Contains details, such as mapRunArn , and the start date and time of a Map Run.
    public var mapRunStartedEventDetails: MapRunStartedEventDetails?
    /// Contains error and cause details about a Map Run that failed.
    public var mapRunFailedEventDetails: MapRunFailedEventDetails?
    /// Contains details about the redrive attempt of a Map Run.
    public var mapRunRedrivenEventDetails: MapRunRedrivenEventDetails?
    /// Contains details about an evaluation failure that occurred while processing a state.
    public var evaluationFailedEventDetails: EvaluationFailedEventDetails?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        timestamp: Date,
        type: HistoryEventType,
        id: Int,
        previousEventId: Int? = nil,
        activityFailedEventDetails: ActivityFailedEventDetails? = nil,
        activityScheduleFailedEventDetails: ActivityScheduleFailedEventDetails? = nil,
        activityScheduledEventDetails: ActivityScheduledEventDetails? = nil,
        activityStartedEventDetails: ActivityStartedEventDetails? = nil,
        activitySucceededEventDetails: ActivitySucceededEventDetails? = nil,
        activityTimedOutEventDetails: ActivityTimedOutEventDetails? = nil,
        taskFailedEventDetails: TaskFailedEventDetails? = nil,
        taskScheduledEventDetails: TaskScheduledEventDetails? = nil,
        taskStartFailedEventDetails: TaskStartFailedEventDetails? = nil,
        taskStartedEventDetails: TaskStartedEventDetails? = nil,
        taskSubmitFailedEventDetails: TaskSubmitFailedEventDetails? = nil,
        taskSubmittedEventDetails: TaskSubmittedEventDetails? = nil,
        taskSucceededEventDetails: TaskSucceededEventDetails? = nil,
        taskTimedOutEventDetails: TaskTimedOutEventDetails? = nil,
        executionFailedEventDetails: ExecutionFailedEventDetails? = nil,
        executionStartedEventDetails: ExecutionStartedEventDetails? = nil,
        executionSucceededEventDetails: ExecutionSucceededEventDetails? = nil,
        executionAbortedEventDetails: ExecutionAbortedEventDetails? = nil,
        executionTimedOutEventDetails: ExecutionTimedOutEventDetails? = nil,
        executionRedrivenEventDetails: ExecutionRedrivenEventDetails? = nil,
        mapStateStartedEventDetails: MapStateStartedEventDetails? = nil,
        mapIterationStartedEventDetails: MapIterationEventDetails? = nil,
        mapIterationSucceededEventDetails: MapIterationEventDetails? = nil,
        mapIterationFailedEventDetails: MapIterationEventDetails? = nil,
        mapIterationAbortedEventDetails: MapIterationEventDetails? = nil,
        lambdaFunctionFailedEventDetails: LambdaFunctionFailedEventDetails? = nil,
        lambdaFunctionScheduleFailedEventDetails: LambdaFunctionScheduleFailedEventDetails? = nil,
        lambdaFunctionScheduledEventDetails: LambdaFunctionScheduledEventDetails? = nil,
        lambdaFunctionStartFailedEventDetails: LambdaFunctionStartFailedEventDetails? = nil,
        lambdaFunctionSucceededEventDetails: LambdaFunctionSucceededEventDetails? = nil,
        lambdaFunctionTimedOutEventDetails: LambdaFunctionTimedOutEventDetails? = nil,
        stateEnteredEventDetails: StateEnteredEventDetails? = nil,
        stateExitedEventDetails: StateExitedEventDetails? = nil,
        mapRunStartedEventDetails: MapRunStartedEventDetails? = nil,
        mapRunFailedEventDetails: MapRunFailedEventDetails? = nil,
        mapRunRedrivenEventDetails: MapRunRedrivenEventDetails? = nil,
        evaluationFailedEventDetails: EvaluationFailedEventDetails? = nil
    ) {
        self.timestamp = timestamp
        self.type = type
        self.id = id
        self.previousEventId = previousEventId
        self.activityFailedEventDetails = activityFailedEventDetails
        self.activityScheduleFailedEventDetails = activityScheduleFailedEventDetails
        self.activityScheduledEventDetails = activityScheduledEventDetails
        self.activityStartedEventDetails = activityStartedEventDetails
        self.activitySucceededEventDetails = activitySucceededEventDetails
        self.activityTimedOutEventDetails = activityTimedOutEventDetails
        self.taskFailedEventDetails = taskFailedEventDetails
        self.taskScheduledEventDetails = taskScheduledEventDetails
        self.taskStartFailedEventDetails = taskStartFailedEventDetails
        self.taskStartedEventDetails = taskStartedEventDetails
        self.taskSubmitFailedEventDetails = taskSubmitFailedEventDetails
        self.taskSubmittedEventDetails = taskSubmittedEventDetails
        self.taskSucceededEventDetails = taskSucceededEventDetails
        self.taskTimedOutEventDetails = taskTimedOutEventDetails
        self.executionFailedEventDetails = executionFailedEventDetails
        self.executionStartedEventDetails = executionStartedEventDetails
        self.executionSucceededEventDetails = executionSucceededEventDetails
        self.executionAbortedEventDetails = executionAbortedEventDetails
        self.executionTimedOutEventDetails = executionTimedOutEventDetails
        self.executionRedrivenEventDetails = executionRedrivenEventDetails
        self.mapStateStartedEventDetails = mapStateStartedEventDetails
        self.mapIterationStartedEventDetails = mapIterationStartedEventDetails
        self.mapIterationSucceededEventDetails = mapIterationSucceededEventDetails
        self.mapIterationFailedEventDetails = mapIterationFailedEventDetails
        self.mapIterationAbortedEventDetails = mapIterationAbortedEventDetails
        self.lambdaFunctionFailedEventDetails = lambdaFunctionFailedEventDetails
        self.lambdaFunctionScheduleFailedEventDetails = lambdaFunctionScheduleFailedEventDetails
        self.lambdaFunctionScheduledEventDetails = lambdaFunctionScheduledEventDetails
        self.lambdaFunctionStartFailedEventDetails = lambdaFunctionStartFailedEventDetails
        self.lambdaFunctionSucceededEventDetails = lambdaFunctionSucceededEventDetails
        self.lambdaFunctionTimedOutEventDetails = lambdaFunctionTimedOutEventDetails
        self.stateEnteredEventDetails = stateEnteredEventDetails
        self.stateExitedEventDetails = stateExitedEventDetails
        self.mapRunStartedEventDetails = mapRunStartedEventDetails
        self.mapRunFailedEventDetails = mapRunFailedEventDetails
        self.mapRunRedrivenEventDetails = mapRunRedrivenEventDetails
        self.evaluationFailedEventDetails = evaluationFailedEventDetails
    }

    public static let requiredMembers: [String] = ["timestamp", "type", "id"]
}
