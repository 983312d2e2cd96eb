import Foundation
import StatesLanguage

extension StepwiseEngine {
    /// Applies one input to one execution, under the engine lock: runs the interpreter, updates the
    /// in-memory state and submits the transition's batch to the group committer. `onDurable` runs
    /// once the batch is committed. Returns false when the execution is not running.
    @discardableResult
    func transition(
        _ arn: String,
        _ input: RuntimeInput,
        state: inout EngineState,
        onDurable: GroupCommitter.Callback? = nil
    ) -> Bool {
        guard var runtime = state.runtimes[arn], var record = state.executions[arn] else { return false }
        let now = clock.now
        let result: StepResult
        do {
            let machine = try executionMachine(arn, record: record, state: &state)
            var interpreter = Interpreter(
                machine: machine, now: now,
                activities: KnownActivities(activities: state.activities))
            interpreter.s3Directories = state.s3Directories
            result = interpreter.step(input, runtime: &runtime)
        } catch {
            var interpreter = Interpreter(machine: nil, now: now)
            result = interpreter.failExecution(
                runtime: &runtime, error: StatesError.Name.runtime, cause: error.message)
        }
        if result.ignored { return false }
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
        if case .timerFired(let id) = input { batch.deletedTimers.append(id) }
        for id in result.cancelledTimers where state.timers.removeValue(forKey: id) != nil {
            batch.deletedTimers.append(id)
        }
        batch.events = result.events.map { event in
            EventRecord(
                executionArn: arn, id: event.id, previousEventId: event.previousEventId,
                timestamp: event.timestamp.timeIntervalSince1970, type: event.type,
                details: event.details?.jsonString())
        }
        batch.mapRuns = Array(result.mapRuns.values)
        record.eventCount = runtime.nextEventId - 1
        let completed = result.completion != nil
        // The runtime is encoded by the group committer, off the engine lock; an execution whose state cannot be
        // encoded fails alone there (see `GroupCommitter.WriteFailure.encoding`).
        let saved: ExecutionRuntime? = completed ? result.stoppedPosition : runtime
        if let completion = result.completion {
            record.status = completion.status.rawValue
            record.output = completion.output
            record.error = completion.error
            record.cause = completion.cause
            record.stopDate = now
            state.runtimes[arn] = nil
        } else {
            state.runtimes[arn] = runtime
        }
        state.executions[arn] = record
        batch.executions = [ExecutionWrite(record: record, runtime: saved)]
        let newTokens = result.newTasks.map(\.token)
        let finished = completed
        committer.submit(batch) { error in
            // A rejected batch (engine shut down) may be reported synchronously, under the engine lock: only a
            // failure reported by the writer loop (`GroupCommitter.WriteFailure`) may take the lock here.
            if let failure = error as? GroupCommitter.WriteFailure, failure.encoding {
                // The execution's own state was at fault, not the store: the transition's events are written, the
                // execution stops FAILED after them (a stopped one only loses its redrive position), and the caller
                // is answered.
                if finished {
                    self.afterCommit(arn, newTokens: newTokens, completed: true)
                } else {
                    self.transitionNotSaved(arn, failure)
                }
                onDurable?(nil)
                return
            }
            if error == nil {
                self.afterCommit(arn, newTokens: newTokens, completed: finished)
            } else if let failure = error as? GroupCommitter.WriteFailure {
                self.transitionNotSaved(arn, failure)
            }
            onDurable?(error)
        }
        if !result.newTimers.isEmpty { timerWake.signal() }
        return true
    }

    /// Releases a committed transition's effects: hands new tasks out, wakes callers awaiting completion.
    func afterCommit(_ arn: String, newTokens: [String], completed: Bool) {
        var waiters: [CheckedContinuation<Result<ExecutionDescription, EngineError>?, Never>] = []
        var description: ExecutionDescription?
        state.withLock { state in
            for token in newTokens {
                guard var entry = state.tasks[token] else { continue }
                entry.durable = true
                state.tasks[token] = entry
                dispatch(token: token, state: &state)
            }
            if completed {
                // The stop is durable: from now on the store alone answers for the execution.
                waiters = state.completionWaiters.removeValue(forKey: arn) ?? []
                description = state.executions.removeValue(forKey: arn).map { Self.describe($0, now: clock.now) }
                state.executionMachines[arn] = nil
            }
        }
        if let description {
            for waiter in waiters { waiter.resume(returning: .success(description)) }
        }
    }

    /// Hands a durable queued task to a parked poller, or queues it.
    func dispatch(token: String, state: inout EngineState) {
        guard let entry = state.tasks[token], entry.record.status == .queued else { return }
        let resource = entry.record.resource
        if let handler = Self.integration(forResource: resource, state: state) {
            if let job = Self.startIntegration(token: token, handler: handler, state: &state, engine: self) {
                state.integrationJobs.append(job)
                integrationWake.signal()
            }
            return
        }
        if var parked = state.pollers[resource], let (id, poller) = parked.min(by: { $0.key < $1.key }) {
            parked[id] = nil
            state.pollers[resource] = parked
            Self.startTask(token: token, workerName: poller.workerName, state: &state, engine: self)
            poller.continuation.resume(returning: ActivityTask(taskToken: token, input: entry.record.input))
            return
        }
        state.queues[resource, default: []].append(token)
    }

    /// Marks a task started by a poller and records the start event. A task taken by a worker of this process
    /// (``attachLocalWorker(named:)``) is recorded as such, so that recovery hands it out again after a crash.
    static func startTask(token: String, workerName: String?, state: inout EngineState, engine: StepwiseEngine) {
        guard var entry = state.tasks[token] else { return }
        guard !entry.record.resource.hasSuffix(".waitForTaskToken") else { return }
        entry.record.status = .started
        let local = workerName.map { state.localWorkers[$0, default: 0] > 0 } ?? false
        entry.record.workerName = local ? inProcessWorker : workerName
        state.tasks[token] = entry
        engine.transition(entry.record.executionArn, .taskStarted(token: token, workerName: workerName), state: &state)
        if let task = state.tasks[token] {
            engine.committer.submit(WriteBatch(tasks: [task.record]))
        }
    }

    /// The compiled machine an execution runs: kept per execution while it is in memory (set when it starts, from
    /// its machine's revision), else compiled from its definition snapshot (after a restart or a redrive).
    func executionMachine(
        _ arn: String, record: ExecutionRecord, state: inout EngineState
    ) throws(EngineError) -> CompiledMachine {
        if let machine = state.executionMachines[arn] { return machine }
        let machine = try compiledMachine(record.definition, state: &state)
        state.executionMachines[arn] = machine
        return machine
    }

    /// The compiled form of a machine's current revision: compiled once per create or update.
    func machineRevision(_ record: StateMachineRecord, state: inout EngineState) throws(EngineError) -> CompiledMachine {
        if let compiled = state.machineRevisions[record.arn], compiled.revision == record.revision {
            return compiled.machine
        }
        let machine = try compiledMachine(record.definition, state: &state)
        state.machineRevisions[record.arn] = (record.revision, machine)
        return machine
    }

    /// The compiled form of a definition text, cached by text (only where no machine revision is at hand).
    func compiledMachine(_ definition: String, state: inout EngineState) throws(EngineError) -> CompiledMachine {
        if let cached = state.definitionCache[definition] { return cached }
        let machine = try CompiledMachine(definitionText: definition)
        state.definitionCache[definition] = machine
        return machine
    }

    static func describe(_ record: ExecutionRecord, now: Date) -> ExecutionDescription {
        let redrive = redriveStatus(record, now: now)
        return ExecutionDescription(
            executionArn: record.arn, stateMachineArn: record.stateMachineArn, name: record.name,
            status: ExecutionStatus(rawValue: record.status) ?? .running, startDate: record.startDate,
            stopDate: record.stopDate, input: record.input, output: record.output, error: record.error,
            cause: record.cause, redriveCount: record.redriveCount, redriveDate: record.redriveDate,
            redriveStatus: redrive == nil ? .redrivable : .notRedrivable, redriveStatusReason: redrive)
    }
}

/// The worker name recorded for tasks taken by a worker in the engine's process (handed out again after a restart).
let inProcessWorker = "stepwise-in-process"
