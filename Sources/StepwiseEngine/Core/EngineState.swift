import StepFunctionsAPI
import DequeModule
import Foundation
import StatesLanguage
import Synchronization

/// A task known to the engine (queued, handed to a worker, or waiting for a callback).
struct TaskEntry: Sendable {
    var record: TaskRecord
    /// Whether the transaction that created it has committed (only then is it handed out).
    var durable: Bool
    /// The poll this task was handed to while that poll waits for the task's start (its `ActivityStarted` and its
    /// started row) to be durable: only that poll may put the task back when the start was not recorded.
    var startingPoll: Int?
}

/// How a `getActivityTask` poll ended, as its continuation is resumed.
enum PollOutcome: Sendable {
    /// No task was handed to it (its time limit passed, or it was cancelled first).
    case nothing
    /// The task's start is durable: the worker may have it.
    case handed(ActivityTask)
    /// A task was handed to it but its start was not recorded: the store refused it (`error`), or the start did not
    /// apply (`error` nil: the task ended first, or its `ActivityStarted` was already recorded by an earlier worker).
    /// The poll puts the task back or finishes its hand-over (see `StepwiseEngine.pollActivityTask`).
    case notStarted(token: String, error: StepFunctionsError?)
}

/// One input waiting for its execution's evaluation, with whom to tell once it is durable (or did not apply).
struct PendingTransition: Sendable {
    var input: RuntimeInput
    /// Runs once the transition's batch is committed (or failed); also when it did not apply and `onIgnored` is nil.
    var onDurable: GroupCommitter.Callback?
    /// Runs instead of `onDurable` when the input did not apply (an unknown token or timer, an execution stopped).
    var onIgnored: (@Sendable () -> Void)?
    /// The engine clock's time when the input arrived (queued under the engine lock): the time it is evaluated at,
    /// so that its events' timestamps and the timers it arms (a task's heartbeat and timeout from its start, a Wait)
    /// count from when it happened, not from whenever an evaluation thread got to it. Nil: when it is evaluated.
    var receivedAt: Date?
    /// An `.advance` that runs an execution's first states after its start or redrive: at most
    /// ``StepwiseEngine/firstStatesBudget`` state entries, the rest in a next claim.
    var firstStates = false

    /// A worker took a task (the only input a claim takes up in a further round: see `finishRound`).
    var isTaskStart: Bool {
        if case .taskStarted = input { return true }
        return false
    }
}

/// An execution's inputs not yet evaluated. While `queued`, the execution is in the evaluation pool's queue or on
/// an evaluation thread (`inFlight`: that thread holds its runtime), so it is evaluated by one thread at a time.
struct ExecutionMailbox: Sendable {
    var pending: Deque<PendingTransition> = []
    var queued = false
    var inFlight = false
}

/// A timer known to the engine.
struct TimerEntry: Sendable {
    var executionArn: String
    var due: Date
    /// An in-memory timer, never stored: it runs the execution's next states (`.advance`) again after the store
    /// refused the transition that would have run them (see `StepwiseEngine.restoreFromStore`).
    var advances = false
}

/// A parked `getActivityTask` call.
struct Poller: Sendable {
    var workerName: String?
    var slot: PollerSlot
}

/// Where a parked poll's continuation waits: behind a lock of its own, not the engine lock, because the poll's
/// cancellation handler takes it from here. Swift runs a cancellation handler holding the task's status lock, and
/// resuming a continuation takes that same lock; a handler that took the engine lock while `dispatch` (under the engine
/// lock) resumed the poll's continuation deadlocked the whole engine (seen as a hung `pizza --fast --on-lambda` under
/// load: a poll's time limit and a task's hand-out crossed). Exactly one of `take()` and `cancel()` gets it.
/// `take()` does not answer the poll at once: the task's start is recorded first, and the continuation is resumed
/// from that commit's callback (see `StepwiseEngine.startTask`).
///
/// `Sendable`: its state lives in a `Mutex`.
final class PollerSlot: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<PollOutcome, Never>?, cancelled: Bool)>((nil, false))

    /// Parks `continuation`; false (and nothing is kept) when the poll was cancelled first.
    func park(_ continuation: CheckedContinuation<PollOutcome, Never>) -> Bool {
        state.withLock { state in
            guard !state.cancelled else { return false }
            state.continuation = continuation
            return true
        }
    }

    /// The parked continuation, to hand a task to; nil once cancelled or taken.
    func take() -> CheckedContinuation<PollOutcome, Never>? {
        state.withLock { $0.continuation.take() }
    }

    /// Whether a continuation is parked here (not cancelled, not yet handed a task).
    var isParked: Bool { state.withLock { $0.continuation != nil } }

    /// Marks the poll cancelled; the parked continuation, if any, is returned to be resumed with nothing.
    func cancel() -> CheckedContinuation<PollOutcome, Never>? {
        state.withLock { state in
            state.cancelled = true
            return state.continuation.take()
        }
    }
}

/// Everything the engine holds in memory; guarded by the engine's `Mutex`.
struct EngineState {
    var machines: [String: StateMachineRecord] = [:]
    /// Machines deleted while executions of theirs ran, until the last of those ends: DescribeStateMachine says
    /// DELETING, StartExecution and a CreateStateMachine of the name get StateMachineDeleting (AWS: "A state machine
    /// is deleted only when all its executions are completed"). Gone from the store already: after a restart the
    /// deletion is complete.
    var deletingMachines: [String: StateMachineRecord] = [:]
    var activities: [String: ActivityRecord] = [:]
    /// The rows of executions in memory: RUNNING ones, and stopped ones until their stop is durable (then the
    /// store alone answers for them). The `runtime` column is not kept here.
    var executions: [String: ExecutionRecord] = [:]
    /// The last executions that closed (``RecentlyClosed``): awaiting or describing one just closed reads no store.
    var recentlyClosed = RecentlyClosed()
    /// Execution ARNs a StartExecution is checking against the store (a concurrent start of the same name waits).
    var startingArns: Set<String> = []
    /// The start sequence the next execution gets (ListExecutions' order).
    var nextStartSequence = 1
    /// Runtime state of RUNNING executions (one being evaluated has its runtime on the evaluation thread meanwhile).
    var runtimes: [String: ExecutionRuntime] = [:]
    /// Inputs waiting for their execution's evaluation, per execution with any (see `StepwiseEngine.transition`).
    var mailboxes: [String: ExecutionMailbox] = [:]
    var tasks: [String: TaskEntry] = [:]
    /// Durable queued task tokens per resource, oldest first.
    var queues: [String: Deque<String>] = [:]
    var pollers: [String: [Int: Poller]] = [:]
    var nextPollerId = 0
    /// The names of the workers polling this engine from its own process (``StepwiseEngine/attachLocalWorker(named:)``):
    /// a task one of them took dies with the process, so recovery hands it out again.
    var localWorkers: [String: Int] = [:]
    /// Task sources by resource pattern (``TaskDispatcher``): a local Lambda serves its functions' tasks.
    var dispatchers: [any TaskDispatcher] = []
    /// Integration calls the engine runs itself, waiting for ``StepwiseEngine/integrationLoop()``.
    var integrationJobs: [IntegrationJob] = []
    var timers: [String: TimerEntry] = [:]
    var timerHeap = TimerHeap()
    /// Callers waiting for an execution to stop (resumed once the stop is durable, or with the store's error when
    /// the execution's state could not be written at all), by the id a cancelled caller removes its own with.
    var completionWaiters: [String: [Int: CheckedContinuation<Result<DescribeExecutionOutput, StepFunctionsError>?, Never>]] = [:]
    var nextCompletionWaiterId = 0
    /// How many times each execution went back to its saved state after a refused write (`restoreFromStore`): an
    /// evaluation that took the execution's runtime before the latest of them is not applied.
    var restoreEpochs: [String: Int] = [:]
    /// Executions whose state the store refused to write, even as a failure: what awaiting them reports.
    var unsaved: [String: StepFunctionsError] = [:]
    /// The engine's loops have stopped (``StepwiseEngine/run()`` returned): no RUNNING execution moves on, so
    /// awaiting one fails at once instead of waiting for ever. Cleared when the engine starts again.
    var loopsStopped = false
    /// The evaluation threads have stopped (the engine is shutting down): like `loopsStopped`, an input is answered
    /// at once instead of waiting for an evaluation that will never come (an integration call that ends during
    /// shutdown and reports its task would otherwise keep the shutdown waiting for ever).
    var evaluationStopped = false
    var definitionCache: [String: CompiledMachine] = [:]
    /// The JSON text of the machine snapshots executions started with (``MachineSnapshot/encoded(in:)``), so that a
    /// start does not run a JSONEncoder under the engine lock; cleared when it holds 256.
    var encodedSnapshots: [MachineSnapshot: String] = [:]
    /// The compiled current revision of each machine (compiled on create or update).
    var machineRevisions: [String: (revision: Int, machine: CompiledMachine)] = [:]
    /// The compiled machine of each execution in memory.
    var executionMachines: [String: CompiledMachine] = [:]
    /// Recent RedriveExecution client tokens per execution (newest last).
    var redriveTokens: [String: [RedriveToken]] = [:]
    /// Tags per state machine or activity ARN, in the order first added.
    var tags: [String: [ResourceTag]] = [:]
    /// S3 buckets mapped to local directories (Distributed Map `ItemReader`), bucket → directory.
    var s3Directories: [String: String] = [:]
    /// Amazon S3 (an S3-compatible endpoint or AWS) for the buckets not mapped to directories: `ItemReader`, `ResultWriter`.
    var s3Client: S3Client?
}

/// A min-heap of (due date, timer id) with lazy deletion (entries are checked against `timers`).
struct TimerHeap: Sendable {
    private var items: [(Date, String)] = []

    var first: (Date, String)? { items.first }
    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ due: Date, _ id: String) {
        items.append((due, id))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[child].0 >= items[parent].0 { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Date, String)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].0 < items[smallest].0 { smallest = left }
            if right < items.count, items[right].0 < items[smallest].0 { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}

extension EngineState {
    /// The machine `arn` while it is DELETING: deleted with executions of it running, and some still are. Found
    /// ended here, whatever way its last execution ended (completed, stopped, refused by the store), the deletion is
    /// complete.
    mutating func deletingMachine(_ arn: String) -> StateMachineRecord? {
        guard let record = deletingMachines[arn] else { return nil }
        if hasRunningExecutions(of: arn) { return record }
        deletingMachines[arn] = nil
        return nil
    }

    /// Whether an execution of the machine `arn` (of it, a version or an alias) is RUNNING.
    func hasRunningExecutions(of arn: String) -> Bool {
        executions.values.contains { $0.stateMachineArn == arn && $0.status == ExecutionStatus.running.rawValue }
    }
}
