import Foundation
import StatesLanguage

/// One input event for an execution's interpreter.
enum RuntimeInput: Sendable {
    case start
    /// A worker took the task (records `ActivityStarted`/`TaskStarted`).
    case taskStarted(token: String, workerName: String?)
    case taskSucceeded(token: String, output: JSONValue)
    /// A task failed (nil: the worker gave no error or cause).
    case taskFailed(token: String, error: String?, cause: String?)
    /// The call of a `.waitForTaskToken` or `.sync` task went out and answered `output` (records `TaskSubmitted`);
    /// the task goes on waiting for its token or its child.
    case taskSubmitted(token: String, output: String)
    case heartbeat(token: String)
    case timerFired(id: String)
    case stop(error: String?, cause: String?)
    /// RedriveExecution: resume a stopped execution's position (the runtime is that position); `count` is the
    /// new redrive count.
    case redrive(count: Int)
    /// UpdateMapRun: new settings for a running Map Run (nil members stay as they are).
    case updateMapRun(MapRunUpdate)
    /// Runs every flow that waits for nothing: after `.start` and `.redrive`, which only record their event (the driver
    /// runs a few first states in the same claim, as a transition of their own, and the rest later); after a step that
    /// ran out of its state budget; and at start-up for an execution saved between the two.
    case advance
}

/// How an execution ended.
struct Completion: Sendable {
    var status: ExecutionStatus
    var output: String?
    var error: String?
    var cause: String?
}

/// What one transition produced, for the driver to write in one transaction.
struct StepResult: Sendable {
    var events: [HistoryEvent] = []
    var newTasks: [TaskRecord] = []
    var endedTasks: [String] = []
    var newTimers: [(id: String, due: Date)] = []
    var cancelledTimers: [String] = []
    var completion: Completion?
    /// For an execution that stopped FAILED, TIMED_OUT or ABORTED: the position to keep for a redrive.
    var stoppedPosition: ExecutionRuntime?
    /// The input did not apply (unknown token or timer): nothing changed.
    var ignored = false
    /// Distributed Map runs this transition changed, by ARN (written with it).
    var mapRuns: [String: MapRunRecord] = [:]
    /// Child workflow executions of Map Runs this transition started or ended, by ARN (the latest wins).
    var mapRunExecutions: [String: MapRunExecutionRecord] = [:]
    /// The history events of those children (each under its own ARN), in order.
    var childEvents: [ChildEvent] = []
    /// Flows are ready to run: the driver runs `.advance` next, as a transition of its own.
    var continues = false
}

/// The activities a Task state can be scheduled on: the created ones. A copy of the engine's dictionary (copy on
/// write).
struct KnownActivities {
    var activities: [String: ActivityRecord]

    func contains(_ arn: String) -> Bool { activities[arn] != nil }
}
