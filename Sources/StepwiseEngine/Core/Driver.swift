import DequeModule
import StepFunctionsAPI
import Foundation
import StatesLanguage
import Synchronization

extension StepwiseEngine {
    /// Queues one input for one execution, under the engine lock; the interpreter runs later on an evaluation
    /// thread, outside the lock (``evaluate(_:)``), and the result is applied under the lock briefly: the in-memory
    /// state is updated and the transition's batch submitted to the group committer. Inputs of one execution are
    /// evaluated one at a time, in the order they were queued.
    ///
    /// `onDurable` runs once the batch is committed; when the input does not apply (an unknown token or timer, or
    /// the execution stopped before it was evaluated) `onIgnored` runs instead, or `onDurable(nil)` without one.
    /// Returns false, calling neither, when the execution is not running now.
    @discardableResult
    func transition(
        _ arn: String,
        _ input: RuntimeInput,
        state: inout EngineState,
        onDurable: GroupCommitter.Callback? = nil,
        onIgnored: (@Sendable () -> Void)? = nil
    ) -> Bool {
        guard let record = state.executions[arn], record.status == ExecutionStatus.running.rawValue else { return false }
        var mailbox = state.mailboxes[arn] ?? ExecutionMailbox()
        guard mailbox.inFlight || state.runtimes[arn] != nil else { return false }
        if state.loopsStopped || state.evaluationStopped {
            // Nothing evaluates or writes until the engine starts again: say so now instead of never.
            onDurable?(StepFunctionsError.storage("The engine has shut down."))
            return true
        }
        mailbox.pending.append(
            PendingTransition(input: input, onDurable: onDurable, onIgnored: onIgnored, receivedAt: clock.now))
        if !mailbox.queued {
            mailbox.queued = true
            evaluator.enqueue(arn)
        }
        state.mailboxes[arn] = mailbox
        return true
    }

    /// Releases a committed transition's effects: hands new tasks out, wakes callers awaiting completion.
    func afterCommit(_ arn: String, newTokens: [String], completed: Bool) {
        var waiters: [CheckedContinuation<Result<DescribeExecutionOutput, StepFunctionsError>?, Never>] = []
        var description: DescribeExecutionOutput?
        state.withLock { state in
            for token in newTokens {
                guard var entry = state.tasks[token] else { continue }
                entry.durable = true
                state.tasks[token] = entry
                dispatch(token: token, state: &state)
            }
            if completed {
                // The stop is durable: from now on the store alone answers for the execution.
                waiters = state.completionWaiters.removeValue(forKey: arn).map { Array($0.values) } ?? []
                if let record = state.executions.removeValue(forKey: arn) {
                    description = Self.describe(record, now: clock.now)
                    state.recentlyClosed.insert(record)
                }
                state.executionMachines[arn] = nil
            }
        }
        if let description {
            for waiter in waiters { waiter.resume(returning: .success(description)) }
        }
    }

    /// Hands a durable queued task to a parked poller, or queues it. The poller is answered once the task's start is
    /// durable (``startTask(token:poll:workerName:state:engine:answer:)``), not here.
    func dispatch(token: String, state: inout EngineState) {
        guard let entry = state.tasks[token], entry.record.status == .queued else { return }
        let resource = entry.record.resource
        if let (handler, answers) = integration(for: entry.record, state: state) {
            if let job = Self.startIntegration(token: token, handler: handler, answersCallback: answers, state: &state, engine: self) {
                state.integrationJobs.append(job)
                integrationWake.signal()
            }
            return
        }
        if handToParkedPoll(token: token, resource: resource, state: &state) { return }
        state.queues[resource, default: []].append(token)
    }

    /// Starts a task just scheduled (its batch not yet submitted) for a poll parked on its activity, if there is one:
    /// its start's transition is queued behind the scheduling one, so that the evaluation thread evaluates it in the
    /// same claim and both commit together (``evaluate(_:)``). A task with no parked poll, or one an integration
    /// or a mock answers, is dispatched once its scheduling is durable, as usual (``afterCommit(_:newTokens:completed:)``).
    func startOnParkedPoll(token: String, state: inout EngineState) {
        guard let entry = state.tasks[token], entry.record.status == .queued, state.pollers[entry.record.resource] != nil,
            integration(for: entry.record, state: state) == nil
        else { return }
        _ = handToParkedPoll(token: token, resource: entry.record.resource, state: &state)
    }

    /// Starts the task for the oldest poll parked on `resource` (one cancelled meanwhile is skipped; its caller removes
    /// its entry); false when none is parked or the task cannot start now.
    private func handToParkedPoll(token: String, resource: String, state: inout EngineState) -> Bool {
        guard var parked = state.pollers[resource], let entry = state.tasks[token], Self.canStart(entry.record, state: state)
        else { return false }
        while let (id, poller) = parked.min(by: { $0.key < $1.key }) {
            parked[id] = nil
            guard let continuation = poller.slot.take() else { continue }
            state.pollers[resource] = parked.isEmpty ? nil : parked
            Self.startTask(token: token, poll: id, workerName: poller.workerName, state: &state, engine: self) {
                continuation.resume(returning: $0)
            }
            return true
        }
        state.pollers[resource] = nil
        return false
    }

    /// Whether a queued task can be started now: its execution takes input (it is running, with its runtime in
    /// memory or on an evaluation thread) and the engine's loops run. A task that cannot stays in its queue.
    static func canStart(_ record: TaskRecord, state: EngineState) -> Bool {
        guard !state.loopsStopped, !state.evaluationStopped,
            state.executions[record.executionArn]?.status == ExecutionStatus.running.rawValue
        else { return false }
        return state.mailboxes[record.executionArn]?.inFlight == true || state.runtimes[record.executionArn] != nil
    }

    /// Marks a queued task started by poll `poll` and queues its start transition (the `ActivityStarted` event and
    /// the task's started row, written in one batch of the group commit). `answer` runs once that batch is durable
    /// (`.handed`), or with `.notStarted` when it was refused or did not apply; it may run under the engine lock, so it
    /// must only resume the poll. Returns false (nothing changed, `answer` not called) when the task cannot start
    /// now (see ``canStart(_:state:)``).
    ///
    /// A task taken by a worker of this process (``attachLocalWorker(named:)``) is recorded as such, so that recovery
    /// hands it out again after a crash.
    @discardableResult
    static func startTask(
        token: String, poll: Int, workerName: String?, state: inout EngineState, engine: StepwiseEngine,
        answer: @escaping @Sendable (PollOutcome) -> Void
    ) -> Bool {
        guard var entry = state.tasks[token], entry.record.status == .queued, canStart(entry.record, state: state) else {
            return false
        }
        let task = ActivityTask(taskToken: token, input: entry.record.input)
        guard !entry.record.resource.hasSuffix(".waitForTaskToken") else {
            // A callback task was recorded started when it was scheduled.
            answer(.handed(task))
            return true
        }
        let previous = entry
        entry.record.status = .started
        let local = workerName.map { state.localWorkers[$0, default: 0] > 0 } ?? false
        entry.record.workerName = local ? inProcessWorker : workerName
        entry.startingPoll = poll
        state.tasks[token] = entry
        let queued = engine.transition(
            entry.record.executionArn, .taskStarted(token: token, workerName: workerName), state: &state,
            onDurable: { error in
                guard let error else { return answer(.handed(task)) }
                answer(.notStarted(token: token, error: (error as? StepFunctionsError) ?? .storage("\(error)")))
            },
            onIgnored: { answer(.notStarted(token: token, error: nil)) })
        if !queued { state.tasks[token] = previous }
        return queued
    }

    /// The compiled machine an execution runs: kept per execution while it is in memory (set when it starts, from
    /// its machine's revision), else compiled from its definition snapshot (after a restart or a redrive).
    func executionMachine(
        _ arn: String, record: ExecutionRecord, state: inout EngineState
    ) throws(StepFunctionsError) -> CompiledMachine {
        if let machine = state.executionMachines[arn] { return machine }
        let machine = try compiledMachine(record.definition, state: &state)
        state.executionMachines[arn] = machine
        return machine
    }

    /// The compiled form of a machine's current revision: compiled once per create or update.
    func machineRevision(_ record: StateMachineRecord, state: inout EngineState) throws(StepFunctionsError) -> CompiledMachine {
        if let compiled = state.machineRevisions[record.arn], compiled.revision == record.revision {
            return compiled.machine
        }
        let machine = try compiledMachine(record.definition, state: &state)
        state.machineRevisions[record.arn] = (record.revision, machine)
        return machine
    }

    /// The compiled form of a definition text, cached by text (only where no machine revision is at hand).
    func compiledMachine(_ definition: String, state: inout EngineState) throws(StepFunctionsError) -> CompiledMachine {
        if let cached = state.definitionCache[definition] { return cached }
        let machine = try CompiledMachine(definitionText: definition, stored: true)
        state.definitionCache[definition] = machine
        return machine
    }

    /// DescribeExecution's answer for `record` (`machineDeleting`: its machine is DELETING, so it cannot be redriven).
    static func describe(_ record: ExecutionRecord, now: Date, machineDeleting: Bool = false) -> DescribeExecutionOutput {
        let redrive = redriveStatus(record, now: now, machineDeleting: machineDeleting)
        return DescribeExecutionOutput(
            executionArn: record.arn, stateMachineArn: record.stateMachineArn, name: record.name,
            status: StepFunctionsAPI.ExecutionStatus(rawValue: record.status), startDate: record.startDate,
            stopDate: record.stopDate, input: record.input, inputDetails: CloudWatchEventsExecutionDataDetails(included: true),
            output: record.output, outputDetails: record.output == nil ? nil : CloudWatchEventsExecutionDataDetails(included: true),
            error: record.error, cause: record.cause, redriveCount: record.redriveCount, redriveDate: record.redriveDate,
            redriveStatus: redrive == nil ? .redrivable : .notRedrivable, redriveStatusReason: redrive)
    }
}

/// The worker name recorded for tasks taken by a worker in the engine's process (handed out again after a restart).
let inProcessWorker = "stepwise-in-process"
