public import CoreMetrics
import Foundation
import StepFunctionsAPI
public import Logging
public import ServiceLifecycle
import StatesLanguage
import Synchronization
public import Tracing

/// The embedded durable Step Functions engine: state machines, activities and executions in one SQLite
/// file (or in memory), with AWS Step Functions' operations, semantics, history and error names.
///
/// Every state transition is one transaction (history events, new position, tasks, timers), committed
/// in groups; callers are answered only once their transition is durable. Opening an engine on an
/// existing file resumes every RUNNING execution where it was. A file has one engine at a time: opening a file
/// another engine (in this or another process) has open fails with ``DatabaseInUseError``, naming its owner. An
/// engine that has shut down lets the file go (another engine may open it) and takes it back when it starts again;
/// if another engine has it then, it stays stopped.
///
/// It implements ``StepFunctionsBackend`` itself: its operations take and return the wire shapes of
/// `StepFunctionsAPI` and throw ``StepFunctionsError``.
///
/// It is a `Service`: run it in a `ServiceGroup` (its graceful shutdown writes what is queued and returns), or
/// call ``start()`` and ``shutdown()``. Handlers run through `ActivityWorker` (module `Stepwise`), which polls
/// the engine directly when placed in its process.
///
/// ```swift
/// let engine = try StepwiseEngine(location: .file("/tmp/flows.sqlite"))
/// engine.start()
/// let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "Hello", definition: asl, roleArn: role))
/// let run = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "{}"))
/// let result = try await engine.awaitExecution(executionArn: run.executionArn)
/// await engine.shutdown()
/// ```
///
/// `Sendable`: mutable state lives in a `Mutex`; the store serializes its own access.
public final class StepwiseEngine: Service, Sendable {
    /// The region and account used in ARNs.
    public let names: ResourceNames
    let clock: any EngineClock
    let store: EngineStore
    let committer: GroupCommitter
    let state: EngineLock<EngineState>
    let timerWake = WakeSignal()
    /// Wakes ``integrationLoop()`` when an integration call is queued.
    let integrationWake = WakeSignal()
    /// The threads that run interpreters, outside the engine lock (``evaluationLoop()``).
    let evaluator: EvaluationPool
    /// The time limits of parked polls.
    let pollTimeouts: PollTimeouts
    /// Mocked integrations (a Step Functions Local mock configuration) and each execution's test case.
    let mocks = MockRegistry()
    /// Wakes integration calls that wait on the engine (a `.sync` child execution) when their task or child ends.
    let taskSignals = TaskSignals()
    /// Connection credentials for `http:invoke` tasks (``setHTTPConnections(_:)``).
    let httpConnections = Mutex<HTTPConnections?>(nil)
    private let runner = Mutex<Task<Void, Never>?>(nil)
    /// How long closed executions are kept after they stop (nil: for ever).
    public let retention: Duration?
    /// Metrics and spans of what commits (see ``StepwiseMetricName``).
    let instrumentation: EngineInstrumentation
    /// The longest a `GetActivityTask` waits for a task (AWS: 60 seconds).
    public let activityPollTimeout: Duration

    /// Opens (or creates) a store and loads its state; RUNNING executions resume once ``run()`` or
    /// ``start()`` is called.
    ///
    /// - Parameters:
    ///   - location: the SQLite file (WAL mode) or `.inMemory`.
    ///   - clock: the source of time (inject a manual clock in tests).
    ///   - names: region and account for ARNs.
    ///   - synchronousFull: `PRAGMA synchronous=FULL` (every group commit is flushed to disk). With
    ///     `false` (NORMAL), a power loss may lose the last commits, a process crash does not.
    ///   - retention: how long a closed execution is kept after it stops (AWS: 90 days,
    ///     ``awsRetention``); older ones are deleted in the background. Nil keeps them for ever.
    ///   - metrics: where the engine records its metrics (``StepwiseMetricName``); nil: swift-metrics' bootstrapped
    ///     factory (`MetricsSystem.factory`, so bootstrap before creating the engine). Nothing is recorded into the
    ///     no-op factory.
    ///   - tracer: where the engine reports a span per execution and per state; nil: the bootstrapped tracer
    ///     (`InstrumentationSystem.tracer`). No spans are made for the no-op tracer.
    ///   - logger: where the engine logs its events (executions started and ended, tasks timed out, executions
    ///     resumed at start) at `info` and `notice`; nil (the default) logs nothing, so a library user opts in.
    ///   - evaluationSpin: how long an evaluation thread that ran out of work spins for more (one thread at a time,
    ///     yielding its core to any other thread) before it sleeps. Half a millisecond by default: an activity round
    ///     trip then finds a thread awake instead of waking one on each step (0.83–0.86× the round trip's time,
    ///     `docs/benchmarks.md`), for a few percent more CPU while round trips come back to back and up to that much
    ///     after each burst. `.zero` never spins.
    /// - Throws: ``DatabaseInUseError`` when another engine has the file open; an error when the database cannot
    ///   be opened or migrated.
    public init(
        location: StoreLocation,
        clock: any EngineClock = SystemEngineClock(),
        names: ResourceNames = ResourceNames(),
        synchronousFull: Bool = true,
        retention: Duration? = nil,
        activityPollTimeout: Duration = .seconds(60),
        metrics: (any MetricsFactory)? = nil,
        tracer: (any Tracer)? = nil,
        logger: Logger? = nil,
        evaluationSpin: Duration = .microseconds(500)
    ) throws {
        self.names = names
        self.evaluator = EvaluationPool(spin: evaluationSpin)
        self.pollTimeouts = PollTimeouts(clock: clock)
        self.activityPollTimeout = activityPollTimeout
        self.retention = retention
        self.clock = clock
        let store = try EngineStore(location: location, synchronousFull: synchronousFull)
        self.store = store
        let instrumentation = EngineInstrumentation(
            factory: metrics ?? MetricsSystem.factory, tracer: tracer ?? InstrumentationSystem.tracer, logger: logger)
        self.instrumentation = instrumentation
        self.committer = GroupCommitter(store: store, instrumentation: instrumentation)
        let recovered = try Recovery.load(from: store)
        if let logger, !recovered.runtimes.isEmpty {
            logger.notice(
                "resuming running executions", metadata: ["count": .stringConvertible(recovered.runtimes.count)])
        }
        self.state = EngineLock(recovered)
    }

    /// Runs the engine's loops (group commit, timers) until the calling task is cancelled or, in a
    /// `ServiceGroup`, until graceful shutdown; queued commits are written before it returns. Callers still
    /// awaiting an execution then (``awaitExecution(executionArn:)``), and any that await a RUNNING execution later
    /// (until the engine is started again), get an error instead of waiting for ever. It may run again after it
    /// returns: work resumes where it stopped.
    public func run() async {
        do {
            try store.ownerLock?.acquire()
        } catch {
            // Another engine took the file while this one was stopped: stay stopped (writes and waits fail at once).
            committer.close()
            state.withLock { $0.loopsStopped = true }
            return
        }
        state.withLock { state in
            state.loopsStopped = false
            state.evaluationStopped = false
        }
        committer.reopen()
        // Not ServiceLifecycle's cancelWhenGracefulShutdown: a cancellation that lands before its waiter is
        // registered is lost there, and run() would never return (a start() followed at once by shutdown()).
        let stop = WakeSignal()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.committer.run() }
                group.addTask { await self.timerLoop() }
                group.addTask { await self.integrationLoop() }
                group.addTask { await self.evaluationLoop() }
                // Every loop runs until cancelled: the first child to return stops the engine (see `stop` below).
                if retention != nil { group.addTask { await self.retentionLoop() } }
                if instrumentation.metricsEnabled { group.addTask { await self.gaugeLoop() } }
                // Returns on graceful shutdown or when the calling task is cancelled.
                group.addTask { await stop.wait() }
                await group.next()
                group.cancelAll()
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            stop.signal()
        }
        let waiters = state.withLock { state in
            // Set under the same lock as the waiters are taken: a later awaitExecution fails at once.
            state.loopsStopped = true
            defer { state.completionWaiters.removeAll() }
            return state.completionWaiters.values.flatMap(\.values)
        }
        for waiter in waiters { waiter.resume(returning: .failure(.storage("The engine has shut down."))) }
        for pending in state.withLock({ takeStrandedTransitions(&$0) }) {
            pending.onDurable?(StepFunctionsError.storage("The engine has shut down."))
        }
        // Stopped: another engine (in this process or another) may open the file; start() takes it back.
        store.ownerLock?.release()
    }

    /// Starts ``run()`` in a task owned by the engine; ``shutdown()`` stops it. Calling it again after
    /// ``shutdown()`` starts the engine again.
    public func start() {
        runner.withLock { runner in
            guard runner == nil else { return }
            // Take the file back now, so that writes are accepted from here on, not only once the task has started.
            if let lock = store.ownerLock {
                do { try lock.acquire() } catch { return }
            }
            state.withLock { state in
                state.loopsStopped = false
                state.evaluationStopped = false
            }
            committer.reopen()
            runner = Task { await self.run() }
        }
    }

    /// Stops the loops started by ``start()`` after writing what is queued (see ``run()``).
    public func shutdown() async {
        let task = runner.withLock { runner in
            defer { runner = nil }
            return runner
        }
        task?.cancel()
        await task?.value
    }

    /// Shuts the engine down (see ``shutdown()``) and closes its database file at once, instead of when the engine is
    /// released: SQLite folds the write-ahead log back into the file and removes it, and another process may open the
    /// file. For a program about to exit (an exiting process releases nothing). The engine cannot be started again.
    /// - Throws: ``StepFunctionsError`` when SQLite cannot close the file (a read still in progress).
    public func close() async throws {
        await shutdown()
        do {
            try store.close()
        } catch {
            throw StepFunctionsError.storage("Cannot close the database: \(error)")
        }
    }

    /// Records, for other processes, where this engine's database is served through the Step Functions API
    /// (`stepwise serve` calls it once it listens), so that they send their calls there instead of opening the
    /// file (see ``DatabaseOwner``). Does nothing for an in-memory engine.
    public func advertise(endpoint: String?) {
        store.ownerLock?.setEndpoint(endpoint)
    }
}
