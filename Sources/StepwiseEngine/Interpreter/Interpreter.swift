import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// The deterministic core: given an execution's runtime state and one input event, advances every flow
/// it can (several states per step where nothing waits) and records the events, tasks, timers and
/// completion that the driver writes in one transaction.
struct Interpreter {
    /// What a state did.
    enum Outcome {
        case next(String, JSONValue)
        case end(JSONValue)
        case blocked
        case failed(StatesError)
    }

    static let maxHistoryEvents = 25_000
    /// Events one state entry may record before the next limit check (an Inline Map's start records one per
    /// iteration it launches, at most 40, so a Map can still pass the limit by that many).
    static let historyHeadroom = 16

    /// The most events entering `state` records before the next limit check: exact for the states that do their
    /// work at once (Entered and Exited; Entered alone for Wait and Fail, whose Exited or ExecutionFailed comes
    /// later or ends the execution), ``historyHeadroom`` for the others.
    static func eventsAtEntry(_ state: State?) -> Int {
        switch state {
        case .pass?, .choice?, .succeed?: 2
        case .wait?, .fail?: 1
        default: historyHeadroom
        }
    }

    let machine: CompiledMachine?
    let now: Date
    var result = StepResult()
    var ready: [Int] = []
    var readyHead = 0
    var finished = false
    /// The runtime as it was when the failure now propagating began (before the failed flow and its
    /// siblings were torn down): where RedriveExecution resumes. Cleared when a catcher handles it.
    var failurePosition: ExecutionRuntime?
    /// Distributed Map children started in this transition (at most ``mapRunLaunchesPerStep``; more start
    /// in the next one, so a Map of a million items neither holds the engine nor answers late).
    var mapRunLaunches = 0
    /// S3 buckets mapped to local directories, for Distributed Map `ItemReader`s (bucket → directory).
    var s3Directories: [String: String] = [:]
    /// Amazon S3 for the buckets not mapped to directories (``StepwiseEngine/useS3(_:)``).
    var s3Client: S3Client?
    /// How many Distributed Map children this transition may start: few in the one that answers a caller (a start,
    /// a task's answer), more in those that only continue a Map Run.
    var mapRunLaunchLimit = Interpreter.mapRunLaunchesPerStep
    /// Reads a finished Map Run's results from the store (its children's rows, in item order); nil: a Distributed Map
    /// keeps its results in its saved state (``ChildrenWait/resultsInStore``).
    var mapRunResultReader: MapRunResultReader?
    /// Blocks until the transitions already submitted are written: called before a Map Run's continuation starts
    /// more children, so the writer's queue holds at most about one continuation's children instead of growing
    /// while the writer falls behind (nil: no store to wait for).
    var mapRunBackpressure: (@Sendable () -> Void)?
    /// Which activity ARNs a Task state can schedule on (nil: every one, no check).
    let activities: KnownActivities?
    /// State entries this step may run (``drain(_:)``); when it stops with flows still ready, the result
    /// `continues` and the driver runs them in a next `.advance`. Bounds the first states run with a start, so that
    /// StartExecution is not answered late.
    var stateBudget = Int.max
    /// While a failed branch or iteration stops its siblings: the event it failed at, which the aborted states'
    /// events follow (AWS chains them all to it).
    var abortAnchor: (event: Int, root: Int?)?
    /// Set when the execution's state machine has been deleted: the next state entered fails the execution with
    /// `States.Runtime` instead (AWS: "On the next state transition, the state machine's executions are terminated").
    var deletedMachineName: String?
    /// A Parallel state's result as the text AWS records when a branch passed its input's text on (see
    /// `Frame.inputText`), by the Parallel's frame, for the state's exit in the same step.
    var parallelResultTexts: [Int: (value: JSONValue, text: String)] = [:]

    /// The event an aborted state's event in frame `fid` follows: ``abortAnchor`` when the frame records in the same
    /// history as the failure (a Distributed Map's children keep their own chains), else nil (its own last event).
    func abortPrevious(_ rt: ExecutionRuntime, _ fid: Int) -> Int? {
        guard let anchor = abortAnchor, childRoot(rt, fid) == anchor.root else { return nil }
        return anchor.event
    }

    init(machine: CompiledMachine?, now: Date, activities: KnownActivities? = nil) {
        self.machine = machine
        self.now = now
        self.activities = activities
    }

    mutating func step(_ input: RuntimeInput, runtime rt: inout ExecutionRuntime) -> StepResult {
        switch input {
        case .start:
            start(&rt)
            result.continues = !finished
            return result
        case .taskStarted(let token, let workerName):
            taskStarted(&rt, token: token, workerName: workerName)
        case .taskSucceeded(let token, let output):
            taskSucceeded(&rt, token: token, output: output)
        case .taskFailed(let token, let error, let cause):
            taskFailed(&rt, token: token, error: .reported(error: error, cause: cause))
        case .taskSubmitted(let token, let output):
            taskSubmitted(&rt, token: token, output: output)
        case .heartbeat(let token):
            heartbeat(&rt, token: token)
        case .timerFired(let id):
            if !continueMapRun(&rt, timer: id) { timerFired(&rt, id: id) }
        case .stop(let error, let cause):
            finish(&rt, ExecutionStatus.aborted, output: nil, error: error, cause: cause)
        case .redrive(let count):
            redrive(&rt, count: count)
            result.continues = !finished
            return result
        case .updateMapRun(let update):
            updateMapRun(&rt, update)
        case .advance:
            ready = rt.frames.values.filter(\.isIdle).map(\.id).sorted()
            if ready.isEmpty {
                result.ignored = true
                return result
            }
        }
        drain(&rt)
        return result
    }

    /// Fails the execution at once (used when its definition can no longer be loaded).
    mutating func failExecution(runtime rt: inout ExecutionRuntime, error: String, cause: String) -> StepResult {
        finish(&rt, .failed, output: nil, error: error, cause: cause)
        return result
    }

    private mutating func start(_ rt: inout ExecutionRuntime) {
        guard let machine else { return }
        let frame = Frame(
            id: 0, parentId: nil, path: [], index: 0, inheritsVariables: false, lastEventId: 0,
            stateName: machine.definition.startAt, stateInput: rt.input, enteredTime: now)
        rt.frames[0] = frame
        rt.nextFrameId = 1
        var details: JSONObject = [
            "input": .string(rt.inputText ?? rt.input.jsonString()), "inputDetails": untruncated,
            "roleArn": .string(rt.roleArn),
        ]
        // A start by version or alias ARN names them, as AWS records it.
        if let version = rt.versionArn { details["stateMachineVersionArn"] = .string(version) }
        if let alias = rt.aliasArn { details["stateMachineAliasArn"] = .string(alias) }
        emit(&rt, frame: 0, "ExecutionStarted", .object(details))
        // AWS's histories chain the first state's entered event to 0, not to ExecutionStarted.
        rt.frames[0]?.lastEventId = 0
        // Kept (in memory, not saved) until the first state is entered, which records it too (`enterState`).
        if let seconds = Self.executionTimeout(machine.definition.timeoutSeconds, limit: rt.maxDurationSeconds) {
            let id = rt.makeId("x")
            rt.executionTimer = id
            result.newTimers.append((id, now.addingTimeInterval(Double(seconds))))
        }
        ready.append(0)
    }

    /// The execution timeout: TimeoutSeconds, at most the machine type's limit.
    static func executionTimeout(_ seconds: Int?, limit: Int?) -> Int? {
        // AWS accepts a machine's `"TimeoutSeconds": 0` (no minimum at the top level, unlike a Task's): no timeout.
        let seconds = seconds == 0 ? nil : seconds
        guard let limit else { return seconds }
        return min(seconds ?? limit, limit)
    }

    /// Runs every ready frame until each waits or ends.
    mutating func drain(_ rt: inout ExecutionRuntime) {
        var entered = 0
        while readyHead < ready.count, !finished {
            if entered >= stateBudget {
                // The frames still in `ready` are idle (waiting for nothing): a next `.advance` takes them up.
                result.continues = true
                return
            }
            let fid = ready[readyHead]
            readyHead += 1
            guard let frame = rt.frames[fid], case .nothing = frame.waiting else { continue }
            // The state's own events must fit below the limit, which the final ExecutionFailed takes: in a loop of
            // Pass or Choice states the last state event is #24999 and ExecutionFailed #25000, as AWS records it.
            if rt.nextEventId + Self.eventsAtEntry(currentState(rt, fid)) > Self.maxHistoryEvents {
                finish(
                    &rt, .failed, output: nil, error: StatesError.Name.runtime,
                    cause: "The execution reached the maximum number of history events (\(Self.maxHistoryEvents)).")
                return
            }
            if let name = deletedMachineName {
                // As AWS words it (AWS re:Post, "Why is my Step Functions state machine stuck in DELETING status?").
                finish(
                    &rt, .failed, output: nil, error: StatesError.Name.runtime,
                    cause: "State machine \(name) has been deleted.", previous: frame.lastEventId)
                return
            }
            entered += 1
            let outcome = enterState(&rt, fid)
            apply(&rt, fid, outcome)
        }
    }

    /// Applies a state's outcome to its frame.
    mutating func apply(_ rt: inout ExecutionRuntime, _ fid: Int, _ outcome: Outcome) {
        guard !finished else { return }
        switch outcome {
        case .next(let name, let output):
            guard var frame = rt.frames[fid] else { return }
            let text = passedText(rt, fid, output)
            parallelResultTexts[fid] = nil
            frame.stateName = name
            frame.stateInput = output
            frame.inputText = text
            frame.enteredTime = now
            frame.retryCount = 0
            frame.retrierAttempts = []
            frame.waiting = .nothing
            rt.frames[fid] = frame
            ready.append(fid)
        case .end(let output):
            frameSucceeded(&rt, fid, output: output)
        case .blocked:
            break
        case .failed(let error):
            handleError(&rt, fid, stateFailure(rt, fid, error))
        }
    }

    // MARK: Events

    /// Appends an event to the frame's chain (previousEventId is the frame's last event).
    mutating func emit(_ rt: inout ExecutionRuntime, frame fid: Int?, _ type: String, _ details: JSONValue?, previous: Int? = nil) {
        // A Distributed Map's child workflows record their events in their own executions' histories.
        if let fid, rt.frames[fid]?.detached == true {
            emitChild(&rt, fid, type, details, previous: previous)
            return
        }
        let id = rt.nextEventId
        rt.nextEventId += 1
        let prior = previous ?? fid.flatMap { rt.frames[$0]?.lastEventId } ?? (id - 1)
        if let fid { rt.frames[fid]?.lastEventId = id }
        result.events.append(HistoryEvent(id: id, previousEventId: prior, timestamp: now, type: type, details: details))
    }

    // MARK: Completion

    /// Ends the execution: records its last event, ends its tasks and timers.
    mutating func finish(
        _ rt: inout ExecutionRuntime, _ status: ExecutionStatus, output: JSONValue?, outputText passed: String? = nil,
        error: String?, cause: String?, previous: Int? = nil
    ) {
        guard !finished else { return }
        finished = true
        var details: JSONObject = [:]
        let type: String
        var outputText: String?
        switch status {
        case .succeeded:
            type = "ExecutionSucceeded"
            outputText = passed ?? (output ?? .null).jsonString()
            details = ["output": .string(outputText ?? "null"), "outputDetails": untruncated]
        case .failed: type = "ExecutionFailed"
        case .timedOut: type = "ExecutionTimedOut"
        case .aborted: type = "ExecutionAborted"
        case .running: return
        }
        // An error or cause that is not there (a Fail state without them, a timeout's cause) is left out, not
        // written empty: AWS records `"executionFailedEventDetails": {}` for a bare Fail state.
        let error = error.flatMap { $0.isEmpty ? nil : $0 }
        let cause = cause.flatMap { $0.isEmpty ? nil : $0 }
        if let error { details["error"] = .string(error) }
        if let cause { details["cause"] = .string(cause) }
        if status != .succeeded {
            var position = failurePosition ?? rt
            position.executionTimer = nil
            result.stoppedPosition = position
        }
        closeMapRuns(&rt)
        // The execution's timeout and StopExecution end it from outside its states: AWS records ExecutionTimedOut and
        // ExecutionAborted with previousEventId 0 and no event for the state that was running (floci-io/floci#2782 and
        // #2965, measured in us-east-1: a Wait stopped reads ExecutionStarted, WaitStateEntered, then
        // {"type": "ExecutionAborted", "id": 3, "previousEventId": 0}; LocalStack chains its ExecutionAborted to 0 too).
        let fromOutside = status == .timedOut || status == .aborted
        emit(&rt, frame: rt.frames[0] == nil ? nil : 0, type, .object(details), previous: fromOutside ? 0 : previous)
        for fid in rt.frames.keys.sorted() { releaseResources(&rt, fid) }
        rt.frames = [:]
        if let timer = rt.executionTimer { result.cancelledTimers.append(timer) }
        rt.executionTimer = nil
        // A timed-out execution's description has neither (AWS: DescribeExecution of a TIMED_OUT execution), though
        // its ExecutionTimedOut event names States.Timeout.
        result.completion = status == .timedOut
            ? Completion(status: status, output: outputText, error: nil, cause: nil)
            : Completion(status: status, output: outputText, error: error, cause: cause)
        if var position = result.stoppedPosition {
            position.nextEventId = rt.nextEventId
            position.nextFrameId = max(position.nextFrameId, rt.nextFrameId)
            position.nextSequence = max(position.nextSequence, rt.nextSequence)
            result.stoppedPosition = position
        }
    }

    /// Remembers where a failure that no handler has caught yet began (the first one of a propagation).
    mutating func keepFailurePosition(_ rt: ExecutionRuntime) {
        if failurePosition == nil { failurePosition = rt }
    }

    /// Ends a frame's pending task and timers (not its children).
    mutating func releaseResources(_ rt: inout ExecutionRuntime, _ fid: Int) {
        guard let frame = rt.frames[fid] else { return }
        switch frame.waiting {
        case .task(let wait):
            result.endedTasks.append(wait.token)
            if let timer = wait.timeoutTimer { result.cancelledTimers.append(timer) }
            if let timer = wait.heartbeatTimer { result.cancelledTimers.append(timer) }
        case .waitTimer(let id), .retryTimer(let id):
            result.cancelledTimers.append(id)
        case .children, .nothing:
            break
        }
    }

    /// Removes a frame and everything below it (a stopped Parallel branch or Map iteration).
    mutating func abortFrame(_ rt: inout ExecutionRuntime, _ fid: Int) {
        guard let frame = rt.frames[fid] else { return }
        if case .children(var children) = frame.waiting {
            if case .map(let map)? = currentState(rt, fid) {
                // A Map inside the stopped frame stops as a failed Map's siblings do: its iterations in index order,
                // each inline one with MapIterationAborted, and its Map Run (counts, timers) ABORTED.
                abortIterations(&rt, fid, map, children)
                if Self.isDistributed(map) {
                    stopMapRun(rt, &children, status: "ABORTED")
                    rt.frames[fid]?.waiting = .children(children)
                }
            } else {
                for (_, child) in children.running.sorted(by: { $0.key < $1.key }) { abortFrame(&rt, child) }
            }
        }
        // A sibling's failure stops this frame where it waits: its history says so, as when the execution is stopped
        // (AWS records TaskStateAborted for each task still running in the iterations a failed Map aborts).
        recordAbortedState(&rt, fid)
        // Read again: the events just recorded moved a child execution's event counter.
        if let current = rt.frames[fid], current.childExecution != nil { endChildExecution(rt, current, .aborted) }
        releaseResources(&rt, fid)
        rt.frames[fid] = nil
    }

    mutating func frameSucceeded(_ rt: inout ExecutionRuntime, _ fid: Int, output: JSONValue) {
        let text = passedText(rt, fid, output)
        guard let frame = rt.frames.removeValue(forKey: fid) else { return }
        guard let parent = frame.parentId else {
            rt.frames[fid] = frame
            finish(&rt, .succeeded, output: output, outputText: text, error: nil, cause: nil)
            return
        }
        childSucceeded(&rt, parent: parent, child: frame, output: output, outputText: text)
    }

    /// The text AWS records for `output`, the output of the state frame `fid` is in, when it is not the compact JSON:
    /// the state passed its input on unchanged and that input came as other text (`Frame.inputText`), or it is a
    /// Parallel whose result was put together from such texts (``parallelResultTexts``). Nil otherwise.
    func passedText(_ rt: ExecutionRuntime, _ fid: Int, _ output: JSONValue) -> String? {
        if let frame = rt.frames[fid], let text = frame.inputText, frame.stateInput == output,
            let state = currentState(rt, fid), Self.passesInputOn(state)
        {
            return text
        }
        if let (value, text) = parallelResultTexts[fid], value == output { return text }
        return nil
    }

    /// A state whose output is its input unless a path changes it: a Pass without Result, Parameters or Output, a
    /// Choice, a Wait, a Succeed. (A Task, Map or Parallel builds its output, even one equal to its input: AWS records
    /// a nested Map's `[[1, 2, 3], [4, 5, 6]]` as `[[1,2,3],[4,5,6]]` when it exits.)
    static func passesInputOn(_ state: State) -> Bool {
        switch state {
        case .pass(let pass): pass.result == nil && pass.parameters == nil && pass.output == nil
        case .choice, .wait, .succeed: true
        case .task, .parallel, .map, .fail: false
        }
    }

    mutating func frameFailed(_ rt: inout ExecutionRuntime, _ fid: Int, _ error: StatesError) {
        guard let frame = rt.frames.removeValue(forKey: fid) else { return }
        guard let parent = frame.parentId else {
            rt.frames[fid] = frame
            finish(&rt, .failed, output: nil, error: error.reportedError, cause: error.cause)
            return
        }
        // States.Runtime in a Parallel branch or an inline Map iteration ends the execution at once: no Failed event
        // of the iteration, the Map or the Parallel, and ExecutionFailed follows the failing state's last event, as
        // AWS records it (floci-io/floci#2868, a history from AWS: ParallelStateStarted, PassStateEntered,
        // ExecutionFailed). A Distributed Map's child is an execution of its own, whose failure its Map Run counts.
        if error.error == StatesError.Name.runtime, frame.detached != true {
            finish(&rt, .failed, output: nil, error: error.reportedError, cause: error.cause, previous: frame.lastEventId)
            return
        }
        childFailed(&rt, parent: parent, child: frame, error: error)
    }
}
