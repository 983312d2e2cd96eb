import Foundation
import StepFunctionsAPI
import StatesLanguage
import Synchronization

/// What an evaluation thread takes from the engine for one execution: its queued inputs and its runtime.
private struct Claim {
    var inputs: [PendingTransition]
    var runtime: ExecutionRuntime
    var machine: Result<CompiledMachine, StepFunctionsError>
    var activities: KnownActivities
    /// S3 buckets served from local directories (a Distributed Map's ItemReader).
    var s3Directories: [String: String]
    var s3Client: S3Client?
    /// The execution's restore epoch when its runtime was taken (see `EngineState.restoreEpochs`).
    var epoch: Int
    /// The name of the execution's machine when it has been deleted: the execution fails at its next state transition.
    var deletedMachineName: String?
}

/// One evaluated input, applied under the engine lock.
private struct Evaluated {
    var pending: PendingTransition
    var result: StepResult
    /// The state saved with the transition: the runtime after it, or the stopped position of an execution that
    /// stopped (nil for one that succeeded).
    var saved: ExecutionRuntime?
    var eventCount: Int
    var now: Date
    /// The result's history events as rows (their details written as text here, not under the engine lock).
    var events: [EventRecord]
}

extension StepwiseEngine {
    /// Inputs of one execution evaluated per claim (each still gets its own transition and batch).
    static let inputsPerEvaluation = 256

    /// Runs the evaluation threads until cancelled; part of ``run()``. Threads busy with an evaluation are not
    /// waited for: they apply its result (the committer refuses it once stopped) and exit.
    func evaluationLoop() async {
        evaluator.start { arn in self.evaluate(arn) }
        // Executions saved between a start (or redrive) and its first states (a crash, a shutdown) go on.
        state.withLock { state in
            let idle = state.runtimes.filter { $0.value.frames.values.contains(where: \.isIdle) }.keys
            for arn in idle where state.mailboxes[arn] == nil { transition(arn, .advance, state: &state) }
        }
        // Returns on cancellation.
        await WakeSignal().wait()
        evaluator.stop()
        let stranded = state.withLock { state in
            state.evaluationStopped = true
            return takeStrandedTransitions(&state)
        }
        for pending in stranded { pending.onDurable?(StepFunctionsError.storage("The engine has shut down.")) }
    }

    /// Waits until no execution has inputs queued or being evaluated, or `limit` has passed (at shutdown, before the
    /// group committer stops). Polls every 2 ms; a cancelled caller does not wait.
    package func drainEvaluations(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let busy = state.withLock { state in
                state.mailboxes.values.contains { !$0.pending.isEmpty || $0.inFlight }
            }
            guard busy, !Task.isCancelled else { return }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Takes the inputs queued for executions that were not evaluated when the engine stopped (their callers are
    /// told the engine has shut down; timers and tasks stay in the store and are taken up again at the next start).
    func takeStrandedTransitions(_ state: inout EngineState) -> [PendingTransition] {
        var stranded: [PendingTransition] = []
        for (arn, var mailbox) in state.mailboxes {
            stranded.append(contentsOf: mailbox.pending)
            mailbox.pending.removeAll()
            // One still on a thread is cleaned up when its result is applied.
            if mailbox.inFlight { state.mailboxes[arn] = mailbox } else { state.mailboxes[arn] = nil }
        }
        return stranded
    }

    /// State entries of the first states run in the same claim as a start or a redrive (the rest run in a next
    /// claim): enough for a short workflow to reach its first task, or its end, in the start's own group commit.
    package static let firstStatesBudget = 64

    /// For tests: how long the group committer waits for the rest of a claim after its start's batch (see
    /// ``evaluate(_:)``; 0.5 ms by default).
    package func setCommitLinger(_ linger: Duration) {
        committer.setLinger(linger)
    }

    /// Evaluates an execution's queued inputs on the calling thread (an evaluation thread): takes its runtime
    /// under the engine lock, runs the interpreter without the lock, then applies each input's result under it.
    ///
    /// A claim runs in rounds. A start (or redrive) ends its round: its batch is submitted at once (StartExecution never
    /// waits for the states), and the claim goes on with the first states (``firstStatesBudget``), a transition of
    /// their own. A task those states schedule for a poll parked on its activity is started at once, and that start's
    /// transition (with anything else queued meanwhile) is evaluated in a further round. The batches of the later
    /// rounds are submitted together when the claim ends; the group committer waits for them a moment
    /// (``GroupCommitter/defaultLinger``) before writing the start's batch alone, so that a short workflow's start,
    /// first states and task start commit in one transaction: one flush, not three.
    func evaluate(_ arn: String) {
        // The claim's last batches were submitted with `lead`: this thread writes them if the writer is idle.
        defer { committer.lead() }
        let (claim, notApplied) = state.withLock { (state: inout EngineState) -> (Claim?, [PendingTransition]) in
            guard var mailbox = state.mailboxes[arn], !mailbox.inFlight else { return (nil, []) }
            let count = min(mailbox.pending.count, Self.inputsPerEvaluation)
            guard count > 0 else {
                state.mailboxes[arn] = nil
                return (nil, [])
            }
            guard let record = state.executions[arn], record.status == ExecutionStatus.running.rawValue,
                let runtime = state.runtimes.removeValue(forKey: arn)
            else {
                // The execution stopped (or failed to save) after these were queued.
                state.mailboxes[arn] = nil
                return (nil, Array(mailbox.pending))
            }
            let inputs = Array(mailbox.pending.prefix(count))
            mailbox.pending.removeFirst(count)
            mailbox.inFlight = true
            state.mailboxes[arn] = mailbox
            let machine: Result<CompiledMachine, StepFunctionsError>
            do throws(StepFunctionsError) {
                machine = .success(try executionMachine(arn, record: record, state: &state))
            } catch {
                machine = .failure(error)
            }
            // AWS: "On the next state transition, the state machine's executions are terminated" (DeleteStateMachine;
            // Express executions go on). The machine is DELETING meanwhile, or gone after a restart.
            let deleted = state.machines[record.stateMachineArn] == nil && !ResourceNames.isExpressExecutionArn(arn)
            let claim = Claim(
                inputs: inputs, runtime: runtime, machine: machine,
                activities: KnownActivities(activities: state.activities), s3Directories: state.s3Directories, s3Client: state.s3Client,
                epoch: state.restoreEpochs[arn, default: 0], deletedMachineName: deleted ? runtime.stateMachineName : nil)
            return (claim, [])
        }
        for pending in notApplied { didNotApply(pending) }
        guard let claim else { return }

        var runtime = claim.runtime
        var inputs = claim.inputs
        // Batches applied in earlier rounds of this claim, submitted with the last round's; and whether the group
        // committer holds a group open for them (see `GroupCommitter.submit(_:hold:release:)`).
        var held = HeldBatches()
        var round = 0
        while true {
            let (evaluated, deferred, stopped) = evaluateRound(arn, claim, inputs, runtime: &runtime)
            round += 1
            let outcome = state.withLock { (state: inout EngineState) -> RoundOutcome in
                finishRound(
                    arn, claim: claim, evaluated: evaluated, deferred: deferred, stopped: stopped, runtime: runtime,
                    mayContinue: round < Self.roundsPerClaim, held: &held, state: &state)
            }
            switch outcome {
            case .again(let next):
                inputs = next
            case .done(let skipped, let refused, let stale):
                for pending in skipped { didNotApply(pending) }
                for pending in refused { pending.onDurable?(StepFunctionsError.storage("The engine has shut down.")) }
                for pending in stale { answerStale(pending) }
                return
            }
        }
    }

    /// Rounds of evaluation one claim may run (see ``evaluate(_:)``): a start, its first states, a task's start.
    static let roundsPerClaim = 3

    /// The batches a claim applied and has not submitted yet.
    private struct HeldBatches {
        var submissions: [GroupCommitter.Submission] = []
        /// An earlier round submitted its batches asking the committer to wait for these.
        var holding = false
    }

    /// What the end of a round decided.
    private enum RoundOutcome {
        /// Evaluate these inputs too, in this claim (the execution's runtime stays on this thread).
        case again([PendingTransition])
        /// The claim is over: inputs that did not apply, inputs refused because the engine stopped, and inputs
        /// evaluated against a runtime the store no longer has.
        case done(skipped: [PendingTransition], refused: [PendingTransition], stale: [PendingTransition])
    }

    /// Runs the interpreter over one round's inputs (no lock held). Inputs after an evaluation that continues (a start,
    /// a redrive, first states past their budget) are left for the next round or claim (`deferred`), behind an
    /// `.advance`: one marked `firstStates` after a start or redrive.
    private func evaluateRound(
        _ arn: String, _ claim: Claim, _ inputs: [PendingTransition], runtime: inout ExecutionRuntime
    ) -> (evaluated: [Evaluated], deferred: [PendingTransition], stopped: Bool) {
        var evaluated: [Evaluated] = []
        evaluated.reserveCapacity(inputs.count)
        var stopped = false
        var deferred: [PendingTransition] = []
        // Each input is evaluated at the time it arrived (never earlier than the one before it): a loaded machine
        // delays evaluations, not the timers and timestamps they produce.
        var previous = Date.distantPast
        for (position, pending) in inputs.enumerated() {
            let now = max(pending.receivedAt ?? clock.now, previous)
            previous = now
            var result: StepResult
            if stopped {
                result = StepResult()
                result.ignored = true
            } else {
                switch claim.machine {
                case .success(let machine):
                    var interpreter = Interpreter(machine: machine, now: now, activities: claim.activities)
                    interpreter.s3Directories = claim.s3Directories
                    interpreter.s3Client = claim.s3Client
                    interpreter.mapRunResultReader = mapRunResultReader()
                    let committer = self.committer
                    interpreter.mapRunBackpressure = { committer.waitForSubmitted() }
                    if pending.firstStates { interpreter.stateBudget = Self.firstStatesBudget }
                    interpreter.deletedMachineName = claim.deletedMachineName
                    result = interpreter.step(pending.input, runtime: &runtime)
                case .failure(let error):
                    var interpreter = Interpreter(machine: nil, now: now)
                    result = interpreter.failExecution(
                        runtime: &runtime, error: StatesError.Name.runtime, cause: error.message)
                }
            }
            let completed = result.completion != nil
            if completed { stopped = true }
            let events = result.events.map { event in
                EventRecord(
                    executionArn: arn, id: event.id, previousEventId: event.previousEventId,
                    timestamp: event.timestamp.timeIntervalSince1970, type: event.type,
                    details: event.details?.jsonString())
            }
            result.events = []
            evaluated.append(Evaluated(
                pending: pending, result: result, saved: completed ? result.stoppedPosition : runtime,
                eventCount: runtime.nextEventId - 1, now: now, events: events))
            if result.continues, !completed {
                var advance = PendingTransition(input: .advance, receivedAt: now)
                switch pending.input {
                case .start, .redrive: advance.firstStates = true
                default: break
                }
                deferred = [advance] + inputs[(position + 1)...]
                break
            }
        }
        return (evaluated, deferred, stopped)
    }

    /// Applies one round's results under the engine lock. Either the claim goes on: with the first states after a
    /// start or redrive (whose batch is submitted now, the committer holding its group open for the rest), or with the
    /// inputs queued meanwhile (a task start for a parked poll), its batches held. Or its batches are all submitted and
    /// the claim ends.
    private func finishRound(
        _ arn: String, claim: Claim, evaluated: [Evaluated], deferred: [PendingTransition], stopped: Bool,
        runtime: ExecutionRuntime, mayContinue: Bool, held: inout HeldBatches, state: inout EngineState
    ) -> RoundOutcome {
        var skipped: [PendingTransition] = []
        // The store refused an earlier transition while this one was evaluated (`restoreFromStore`): the execution
        // went back to its saved state, which this evaluation did not start from. Nothing of it applies (the batches
        // of an earlier round are written, and refused in turn: they do not follow the stored history).
        if state.restoreEpochs[arn, default: 0] != claim.epoch {
            committer.submit(held.submissions, release: held.holding, lead: true)
            held = HeldBatches()
            let refused = endClaim(arn, state.mailboxes[arn] ?? ExecutionMailbox(), state: &state)
            return .done(skipped: [], refused: refused, stale: evaluated.map(\.pending) + deferred)
        }
        // A store failure of an earlier transition (`transitionNotSaved`) may have stopped it meanwhile.
        let alive = state.executions[arn]?.status == ExecutionStatus.running.rawValue && state.unsaved[arn] == nil
        var newTokens: [String] = []
        for item in evaluated {
            if item.result.ignored || !alive {
                skipped.append(item.pending)
            } else {
                if let submission = apply(arn, item, state: &state) { held.submissions.append(submission) }
                newTokens.append(contentsOf: item.result.newTasks.map(\.token))
            }
        }
        var mailbox = state.mailboxes[arn] ?? ExecutionMailbox()
        if alive, !stopped {
            // A task for a poll parked on its activity starts now: its start is evaluated in the next round and
            // committed with the transition that scheduled it.
            for token in newTokens { startOnParkedPoll(token: token, state: &state) }
            mailbox = state.mailboxes[arn] ?? mailbox
            let running = !state.loopsStopped && !state.evaluationStopped
            if mayContinue, running, deferred.first?.firstStates == true {
                // The start is answered once its own batch is durable, whatever the first states cost.
                committer.submit(held.submissions, hold: !held.holding)
                held.submissions = []
                held.holding = true
                return .again(deferred)
            }
            // Only task starts go on in this claim (the task a parked poll takes, committed with what scheduled it):
            // any other input may read the store (a Map Run's results, when its collect timer fires), which must then
            // hold this claim's batches, so it waits for them to be submitted, in a claim of its own.
            if mayContinue, running, deferred.isEmpty, !mailbox.pending.isEmpty,
                mailbox.pending.prefix(Self.inputsPerEvaluation).allSatisfy(\.isTaskStart)
            {
                let count = min(mailbox.pending.count, Self.inputsPerEvaluation)
                let next = Array(mailbox.pending.prefix(count))
                mailbox.pending.removeFirst(count)
                state.mailboxes[arn] = mailbox
                return .again(next)
            }
            state.runtimes[arn] = runtime
        }
        committer.submit(held.submissions, release: held.holding, lead: true)
        held = HeldBatches()
        if alive {
            mailbox.pending.insert(contentsOf: deferred, at: 0)
        } else {
            skipped.append(contentsOf: deferred)
        }
        return .done(skipped: skipped, refused: endClaim(arn, mailbox, state: &state), stale: [])
    }

    /// Ends a claim on the execution's mailbox: the execution is queued for evaluation again when inputs wait, or
    /// they are returned, refused, when the engine stopped.
    private func endClaim(_ arn: String, _ mailbox: ExecutionMailbox, state: inout EngineState) -> [PendingTransition] {
        var mailbox = mailbox
        mailbox.inFlight = false
        if mailbox.pending.isEmpty {
            state.mailboxes[arn] = nil
            return []
        }
        if state.loopsStopped || state.evaluationStopped {
            state.mailboxes[arn] = nil
            return Array(mailbox.pending)
        }
        mailbox.queued = true
        state.mailboxes[arn] = mailbox
        evaluator.enqueue(arn)
        return []
    }

    /// Answers an input evaluated against a runtime the store no longer has (an earlier transition was refused
    /// meanwhile). A fired timer and the run of next states are taken up again from the saved state (its timers,
    /// and the retried `.advance`); anyone else waiting is told the store refused it, and may send it again.
    private func answerStale(_ pending: PendingTransition) {
        switch pending.input {
        case .timerFired, .advance:
            return
        default:
            pending.onDurable?(StepFunctionsError.storage(
                "The store refused an earlier transition of this execution; it went back to its last saved state. "
                    + "Try again."))
        }
    }

    /// Answers an input that did not apply; a timer that fired for nothing is deleted from the store.
    private func didNotApply(_ pending: PendingTransition) {
        if case .timerFired(let id) = pending.input { committer.submit(WriteBatch(deletedTimers: [id])) }
        if let onIgnored = pending.onIgnored {
            onIgnored()
        } else {
            pending.onDurable?(nil)
        }
    }

    /// Applies one evaluated transition under the engine lock: tasks, timers and the execution's row in memory.
    /// Returns its batch (events, row, runtime, tasks, timers) for the group committer, with what runs once it is
    /// durable.
    private func apply(_ arn: String, _ item: Evaluated, state: inout EngineState) -> GroupCommitter.Submission? {
        let result = item.result
        guard var record = state.executions[arn] else { return nil }
        var batch = WriteBatch()
        for task in result.newTasks {
            state.tasks[task.token] = TaskEntry(record: task, durable: false)
            batch.tasks.append(task)
        }
        for token in result.endedTasks {
            guard let entry = state.tasks.removeValue(forKey: token) else { continue }
            if entry.record.status == .queued, var queue = state.queues[entry.record.resource],
                let index = queue.firstIndex(of: token)
            {
                queue.remove(at: index)
                state.queues[entry.record.resource] = queue
            }
            batch.deletedTasks.append(token)
        }
        for timer in result.newTimers {
            state.timers[timer.id] = TimerEntry(executionArn: arn, due: timer.due)
            state.timerHeap.push(timer.due, timer.id)
            batch.timers.append(TimerRecord(id: timer.id, executionArn: arn, dueDate: timer.due.timeIntervalSince1970))
        }
        if case .timerFired(let id) = item.pending.input { batch.deletedTimers.append(id) }
        // A task's start: its started row (worker name) is written with its ActivityStarted, in the same commit, so a
        // crash leaves both or neither (the poll that took it is answered only after that commit).
        if case .taskStarted(let token, _) = item.pending.input, let entry = state.tasks[token] {
            batch.tasks.append(entry.record)
        }
        for id in result.cancelledTimers where state.timers.removeValue(forKey: id) != nil {
            batch.deletedTimers.append(id)
        }
        batch.events = item.events
        batch.childEvents = result.childEvents
        batch.mapRuns = Array(result.mapRuns.values)
        batch.mapRunExecutions = Array(result.mapRunExecutions.values)
        record.eventCount = item.eventCount
        let completed = result.completion != nil
        if let completion = result.completion {
            record.status = completion.status.rawValue
            record.output = completion.output
            record.error = completion.error
            record.cause = completion.cause
            record.stopDate = item.now
        }
        state.executions[arn] = record
        taskSignals.transitioned(arn, endedTasks: result.endedTasks, completed: completed)
        // The runtime is encoded by the group committer, off the engine lock; an execution whose state cannot be
        // encoded fails alone there (see `GroupCommitter.WriteFailure.encoding`).
        // A start inserts the row: a long definition goes in by reference, under the key its compiled machine has.
        var definitionKey: String?
        var isStart = false
        if case .start = item.pending.input {
            isStart = true
            if let machine = state.executionMachines[arn], machine.definitionText == record.definition {
                definitionKey = machine.sharedDefinitionKey
            }
        }
        batch.executions = [
            ExecutionWrite(record: record, runtime: item.saved, sharedDefinitionKey: definitionKey, isStart: isStart)
        ]
        let newTokens = result.newTasks.map(\.token)
        let onDurable = item.pending.onDurable
        let submission = GroupCommitter.Submission(batch: batch) { error in
            // A rejected batch (engine shut down) may be reported synchronously, under the engine lock: only a
            // failure reported by the writer loop (`GroupCommitter.WriteFailure`) may take the lock here.
            if let failure = error as? GroupCommitter.WriteFailure, failure.encoding {
                // The execution's own state was at fault, not the store: the transition's events are written, the
                // execution stops FAILED after them (a stopped one only loses its redrive position), and the caller
                // is answered.
                if completed {
                    self.afterCommit(arn, newTokens: newTokens, completed: true)
                } else {
                    self.transitionNotSaved(arn, failure)
                }
                onDurable?(nil)
                return
            }
            if error == nil {
                self.afterCommit(arn, newTokens: newTokens, completed: completed)
            } else if let failure = error as? GroupCommitter.WriteFailure {
                self.transitionNotSaved(arn, failure)
            }
            onDurable?(error)
        }
        if !result.newTimers.isEmpty { timerWake.signal() }
        return submission
    }
}
