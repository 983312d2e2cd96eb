import Logging
public import ServiceLifecycle
import StepFunctionsAPI
#if EmbeddedEngine
import StepwiseEngine
#endif
import Synchronization

/// The worker runtime: serves handlers by polling their activities (`GetActivityTask`) through any
/// ``StepFunctionsBackend`` (the embedded engine's `EngineBackend`, `stepwise serve` or AWS through
/// `StepFunctionsClient`), the way an AWS activity worker does.
///
/// Each ``Placement`` gets its slots and its pollers (one by default): a poller asks for a task only while a slot
/// is free, so the worker never takes more tasks than it can run, and holds one long poll (one connection) per
/// poller however many slots it has. A task's JSON input goes through the ``TaskMiddleware`` chain to the handler; its
/// output is sent with `SendTaskSuccess`, a thrown error with `SendTaskFailure` under the ASL name
/// ``TaskFailure/init(reporting:)`` gives it. While a handler runs, the worker sends heartbeats (a third of the
/// handler's declared `HeartbeatSeconds`, or every ``Configuration/livenessInterval``); when the backend answers
/// that the task timed out or its execution stopped, the handler's Swift task is cancelled.
///
/// ```swift
/// let backend = try EngineBackend.embedded(.file("pizza.sqlite"))   // or StepFunctionsClient(endpoint: url)
/// let worker = ActivityWorker(backend: backend, placements: [.here(MakeDough(), slots: 2), .here(Bake())])
/// try await worker.serving {
///     try await backend.execute(pizzaWorkflow(), input: order)
/// }
/// ```
///
/// This is the one way a handler runs. Placed in the embedded engine's process (an `EngineBackend`), the worker
/// polls the engine directly (no HTTP; a cancelled poll takes no task) and the engine knows its tasks die with the
/// process: after a crash they are handed out again instead of waiting for their timeout.
///
/// It is a `Service`: in a `ServiceGroup`, graceful shutdown stops polling and lets running handlers finish;
/// cancelling ``run()`` shuts down immediately. Without a service group, call ``shutdown(_:)``.
/// Backend errors (network, throttling) never stop it: polls back off and retry, results are tried
/// ``Configuration/deliveryAttempts`` times.
///
/// `Sendable`: its mutable state lives in a `Mutex`; shutdown is signalled through one-shot events.
public final class ActivityWorker: Service, Sendable {
    /// The backend tasks come from and results go to.
    public let backend: any StepFunctionsBackend
    /// The handlers served, each with its slots.
    public let placements: [Placement]
    /// Middleware around every handler, the first outermost.
    public let middleware: [any TaskMiddleware]
    /// Names, pacing and logging.
    public let configuration: Configuration

    /// The error name a task gets when an immediate shutdown interrupts its handler.
    public static let shutdownError = "Stepwise.WorkerShutdown"

    private struct State {
        var started = false
        var mode: ShutdownMode?
    }

    private let state = Mutex(State())
    /// Fired by any shutdown: slots stop polling (and cancel polls when that is safe).
    let stopPolling = WorkerSignal()
    /// Fired by an immediate shutdown: running handlers are cancelled and their tasks reported failed.
    let stopHandlers = WorkerSignal()
    /// Told when a task is taken and when it has been run and reported (the test bed counts running tasks).
    let taskObserver: TaskObserver?
    /// The automatic heartbeats of the running tasks, sent while ``run()`` runs.
    let heartbeats = Heartbeats()

    var logger: Logger { configuration.logger }

    /// A worker serving `placements` from `backend`.
    /// - Parameters:
    ///   - backend: where tasks come from.
    ///   - placements: the handlers, each with its number of slots; two placements of one activity share nothing.
    ///   - middleware: run around every handler, the first outermost.
    ///   - configuration: worker name, heartbeat pacing, backoff, logging.
    public convenience init(
        backend: any StepFunctionsBackend, placements: [Placement], middleware: [any TaskMiddleware] = [],
        configuration: Configuration = Configuration()
    ) {
        self.init(backend: backend, placements: placements, middleware: middleware, configuration: configuration, taskObserver: nil)
    }

    /// A worker whose tasks are reported to `taskObserver` (taken, then run and reported).
    package init(
        backend: any StepFunctionsBackend, placements: [Placement], middleware: [any TaskMiddleware] = [],
        configuration: Configuration = Configuration(), taskObserver: TaskObserver?
    ) {
        self.backend = backend
        self.placements = placements
        self.middleware = middleware
        self.configuration = configuration
        self.taskObserver = taskObserver
    }

    /// Serves the placements until ``shutdown(_:)`` (or a service group's graceful shutdown) and returns when the
    /// last handler has finished and reported. Cancelling the calling task shuts down immediately.
    ///
    /// When the backend's ``StepFunctionsBackend/activityPollCancellationIsSafe`` is false (AWS), in-flight polls
    /// are not cancelled: the worker waits for them (up to the 60-second long poll) and runs, or on immediate
    /// shutdown hands back with `SendTaskFailure`, any task they bring.
    /// - Throws: ``WorkerError/alreadyStarted`` on a second call.
    public func run() async throws {
        let first = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { throw WorkerError.alreadyStarted }
        // In the engine's own process: tell it, so a crash hands this worker's tasks out again.
        #if EmbeddedEngine
        let localEngine = backend as? StepwiseEngine
        localEngine?.attachLocalWorker(named: configuration.workerName)
        defer { localEngine?.detachLocalWorker(named: configuration.workerName) }
        #endif
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await serve()
            } onCancel: {
                shutdown(.immediate)
            }
        } onGracefulShutdown: {
            self.shutdown(.graceful)
        }
    }

    /// Starts shutting down; ``run()`` returns when it is done. An immediate shutdown may follow a graceful one
    /// (to stop waiting for slow handlers); a graceful one after an immediate one changes nothing.
    public func shutdown(_ mode: ShutdownMode) {
        let changed = state.withLock { state in
            switch (state.mode, mode) {
            case (nil, _), (.graceful?, .immediate):
                state.mode = mode
                return true
            default:
                return false
            }
        }
        guard changed else { return }
        logger.info("worker shutting down", metadata: ["mode": "\(mode)", "worker": "\(configuration.workerName)"])
        stopPolling.fire()
        if mode == .immediate { stopHandlers.fire() }
    }

    /// Runs the worker while `body` runs, then shuts it down gracefully (immediately when `body` throws) and
    /// waits for it.
    ///
    /// `body` runs in the caller's isolation (a plain `@main`'s `static func main()`, an actor, the main actor), so
    /// it may use the caller's non-`Sendable` state.
    /// - Returns: what `body` returns.
    public func serving<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self, returning: T.self, isolation: isolation) { group in
            group.addTask { try await self.run() }
            do {
                let result = try await body()
                shutdown(.graceful)
                try await group.waitForAll()
                return result
            } catch {
                shutdown(.immediate)
                try? await group.waitForAll()
                throw error
            }
        }
    }

    private func serve() async {
        logger.info(
            "worker started",
            metadata: [
                "worker": "\(configuration.workerName)", "activities": "\(placements.map(\.handler.activityName))",
            ])
        await withTaskGroup(of: Void.self) { beating in
            beating.addTask { await self.heartbeats.run { await self.beat($0) } }
            await withTaskGroup(of: Void.self) { group in
                for placement in placements where placement.lambda == nil {
                    group.addTask { await self.serve(placement) }
                }
            }
            // Every handler has ended and reported.
            heartbeats.stop()
        }
        // A worker with nothing to serve still runs until shutdown, as a service must.
        await stopPolling.wait()
        logger.info("worker stopped", metadata: ["worker": "\(configuration.workerName)"])
    }

    private func serve(_ placement: Placement) async {
        guard let activityArn = await resolveActivity(placement.handler.activityName) else { return }
        let slots = Slots(placement.slots)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<placement.pollers {
                group.addTask { await self.serve(placement.handler, activityArn: activityArn, slots: slots) }
            }
        }
    }

    /// The activity's ARN (`CreateActivity`, idempotent), retried with backoff; `nil` when shutdown came first.
    private func resolveActivity(_ name: String) async -> String? {
        var backoff = Backoff(configuration)
        while !stopPolling.isFired {
            do {
                return try await backend.ensureActivity(name: name)
            } catch {
                logger.warning("cannot create activity; retrying", metadata: ["activity": "\(name)", "error": "\(error)"])
                await pause(backoff.next())
            }
        }
        return nil
    }

    /// Sleeps for `duration`, or less when polling stops.
    func pause(_ duration: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask { await self.stopPolling.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}

/// Exponential backoff with full jitter, from `initialBackoff` doubling up to `maximumBackoff`.
struct Backoff {
    private let initial: Duration
    private let maximum: Duration
    private var current: Duration

    init(_ configuration: ActivityWorker.Configuration) {
        initial = configuration.initialBackoff
        maximum = max(configuration.maximumBackoff, configuration.initialBackoff)
        current = initial
    }

    /// The next delay: random between half and all of the current step, which then doubles.
    mutating func next() -> Duration {
        let step = current
        current = min(current * 2, maximum)
        return step * Double.random(in: 0.5...1.0)
    }

    mutating func reset() { current = initial }
}
