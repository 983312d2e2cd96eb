import Foundation
import StatesLanguage
import Synchronization

/// The embedded durable Step Functions engine: state machines, activities and executions in one SQLite
/// file (or in memory), with AWS Step Functions' operations, semantics, history and error names.
///
/// Every state transition is one transaction (history events, new position, tasks, timers), committed
/// in groups; callers are answered only once their transition is durable. Opening an engine on an
/// existing file resumes every RUNNING execution where it was.
///
/// ```swift
/// let engine = try StepwiseEngine(location: .file("/tmp/flows.sqlite"))
/// engine.start()
/// let machine = try await engine.createStateMachine(name: "Hello", definition: asl)
/// let run = try await engine.startExecution(stateMachineArn: machine, input: "{}")
/// let result = try await engine.awaitExecution(executionArn: run.executionArn)
/// await engine.shutdown()
/// ```
///
/// `Sendable`: mutable state lives in a `Mutex`; the store serializes its own access.
public final class StepwiseEngine: Sendable {
    /// The region and account used in ARNs.
    public let names: ResourceNames
    let clock: any EngineClock
    let store: EngineStore
    let committer: GroupCommitter
    let state: Mutex<EngineState>
    let timerWake = WakeSignal()
    let handlerWake = WakeSignal()
    private let runner = Mutex<Task<Void, Never>?>(nil)
    /// How long closed executions are kept after they stop (nil: for ever).
    public let retention: Duration?

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
    public init(
        location: StoreLocation = .defaultFile,
        clock: any EngineClock = SystemEngineClock(),
        names: ResourceNames = ResourceNames(),
        synchronousFull: Bool = true,
        retention: Duration? = nil
    ) throws {
        self.names = names
        self.retention = retention
        self.clock = clock
        let store = try EngineStore(location: location, synchronousFull: synchronousFull)
        self.store = store
        self.committer = GroupCommitter(store: store)
        self.state = Mutex(try Recovery.load(from: store))
    }

    /// Runs the engine's loops (group commit, timers, in-process handlers) until the calling task is
    /// cancelled; queued commits are written before it returns. Callers still awaiting an execution then
    /// (``awaitExecution(executionArn:)``), and any that await a RUNNING execution later (until the engine is
    /// started again), get an error instead of waiting for ever.
    public func run() async {
        state.withLock { $0.loopsStopped = false }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.committer.run() }
            group.addTask { await self.timerLoop() }
            group.addTask { await self.retentionLoop() }
            group.addTask { await self.handlerLoop() }
            await group.waitForAll()
        }
        let waiters = state.withLock { state in
            // Set under the same lock as the waiters are taken: a later awaitExecution fails at once.
            state.loopsStopped = true
            defer { state.completionWaiters.removeAll() }
            return state.completionWaiters.values.flatMap { $0 }
        }
        for waiter in waiters { waiter.resume(returning: .failure(.storage("The engine has shut down."))) }
    }

    /// Starts ``run()`` in a task owned by the engine; ``shutdown()`` stops it.
    public func start() {
        runner.withLock { runner in
            guard runner == nil else { return }
            state.withLock { $0.loopsStopped = false }
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

    /// Registers an in-process handler for a Task state resource (an activity ARN or any other resource
    /// string). Tasks for it are dispatched to the handler directly, without polling; tasks already
    /// queued for it are dispatched now.
    public func registerHandler(resource: String, handler: @escaping InProcessTaskHandler) {
        let jobs: [HandlerJob] = state.withLock { state in
            state.handlers[resource] = handler
            var jobs: [HandlerJob] = []
            while let token = state.queues[resource]?.popFirst() {
                if let job = Self.startTask(token: token, workerName: nil, handler: handler, state: &state, engine: self) {
                    jobs.append(job)
                }
            }
            return jobs
        }
        enqueueJobs(jobs)
    }

    /// Removes the in-process handler for `resource`.
    public func unregisterHandler(resource: String) {
        state.withLock { _ = $0.handlers.removeValue(forKey: resource) }
    }

    func enqueueJobs(_ jobs: [HandlerJob]) {
        guard !jobs.isEmpty else { return }
        state.withLock { $0.handlerJobs.append(contentsOf: jobs) }
        handlerWake.signal()
    }

    /// Runs in-process handler jobs as child tasks.
    private func handlerLoop() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let jobs: [HandlerJob] = state.withLock { state in
                    defer { state.handlerJobs.removeAll(keepingCapacity: true) }
                    return state.handlerJobs
                }
                for job in jobs {
                    group.addTask { await self.runHandler(job) }
                }
                if jobs.isEmpty { await handlerWake.wait() }
            }
            group.cancelAll()
        }
    }

    private func runHandler(_ job: HandlerJob) async {
        let result = await job.handler(job.input, job.token)
        if job.waitsForCallback { return }
        switch result {
        case .success(let output):
            do {
                try await sendTaskSuccess(taskToken: job.token, output: output)
            } catch {
                // The output was rejected (e.g. not JSON): fail the task the way AWS reports a bad result.
                try? await sendTaskFailure(taskToken: job.token, error: StatesError.Name.runtime, cause: error.message)
            }
        case .failure(let error, let cause):
            try? await sendTaskFailure(taskToken: job.token, error: error, cause: cause)
        }
    }
}
