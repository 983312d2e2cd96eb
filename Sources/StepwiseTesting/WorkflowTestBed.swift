public import Foundation
public import Stepwise
public import StepwiseEngine
import Synchronization

/// A workflow test bed: an in-memory engine on a ``ManualEngineClock``, its backend, and handlers placed here.
///
/// Handlers run through `ActivityWorker`, exactly as a user places them in the engine's process (middleware,
/// heartbeats, delivery retries, error names included). ``run(_:input:realTimeLimit:)`` drives the manual clock:
/// whenever the execution only waits on a timer (a `Wait` step, a retry interval, a timeout), no task waits in a
/// placed activity's queue and no handler is running, the clock jumps to the next deadline. A workflow with
/// `Wait(.minutes(2))` and real handlers finishes in milliseconds.
///
/// ```swift
/// try await withWorkflowTestBed { bed in
///     bed.place([.here(MakeDough(), slots: 2), .here(Bake())])
///     let pizza = try await bed.execute(pizzaWorkflow(), input: order)
///     #expect(bed.clock.now >= start.addingTimeInterval(120))
/// }
/// ```
///
/// `Sendable`: its parts are.
public struct WorkflowTestBed: Sendable {
    /// The engine, on a private in-memory store.
    public let engine: StepwiseEngine
    /// The engine's clock; it moves only when ``run(_:input:realTimeLimit:)`` or the test advances it.
    public let clock: ManualEngineClock
    /// The engine behind the Step Functions API: what the Stepwise API, workers and tests call.
    public let backend: StepwiseEngine
    private let inFlight = InFlightCounter()
    private let workers = WorkerRunner()
    private let placedActivities = PlacedActivities()

    /// A started test bed whose clock starts at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) throws {
        clock = ManualEngineClock(start: start)
        engine = try StepwiseEngine.inMemory(clock: clock)
        backend = engine
    }

    /// Places handlers here with their slots: starts an `ActivityWorker` on the bed's engine serving them, with
    /// `middleware` around every handler. It runs until ``shutdown()``. The bed counts the tasks the worker has
    /// taken and not yet reported, so that it never moves the clock under a running handler.
    public func place(_ placements: [Placement], middleware: [any TaskMiddleware] = []) {
        let counter = inFlight
        placedActivities.insert(placements.map { engine.names.activityArn($0.handler.activityName) })
        let worker = ActivityWorker(
            backend: backend, placements: placements, middleware: middleware,
            configuration: .init(workerName: "stepwise-test-bed", livenessInterval: nil),
            taskObserver: TaskObserver(taken: { counter.enter() }, finished: { counter.leave() }))
        workers.start(worker)
    }

    /// Starts `workflow` on `input` and drives the clock until the execution stops; answers the stopped
    /// execution (``Execution/result(maxPollInterval:)`` gives its output or throws its failure at once).
    /// - Parameter realTimeLimit: how long, on the wall clock, the execution may take.
    /// - Throws: ``WorkflowTestBedError`` when the execution waits for something nothing will do (a task whose
    ///   handler is not placed, with no timeout) or outlives `realTimeLimit`.
    public func run<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, realTimeLimit: Duration = .seconds(120)
    ) async throws -> Execution<Output> {
        let execution = try await backend.startExecution(workflow, input: input)
        try await drive(executionArn: execution.executionArn, realTimeLimit: realTimeLimit)
        return execution
    }

    /// Runs `workflow` on `input` (``run(_:input:realTimeLimit:)``) and answers its typed output.
    /// - Throws: ``WorkflowFailure`` when the execution fails, times out or is aborted.
    public func execute<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, realTimeLimit: Duration = .seconds(120)
    ) async throws -> Output {
        try await run(workflow, input: input, realTimeLimit: realTimeLimit).result()
    }

    /// Moves the clock from timer to timer until the execution stops. Between two moves, the execution must be
    /// quiet: no task taken and unreported, none queued for a placed handler, and no new history event for a few
    /// milliseconds of real time.
    public func drive(executionArn: String, realTimeLimit: Duration = .seconds(120)) async throws {
        let limit = ContinuousClock.now.advanced(by: realTimeLimit)
        var lastEventId = -1
        var quietRounds = 0
        var quietSince = ContinuousClock.now
        while true {
            let execution = try engine.describeExecution(executionArn: executionArn)
            if execution.status != .running {
                _ = try await engine.awaitExecution(executionArn: executionArn)
                return
            }
            let last = try engine.getExecutionHistory(executionArn: executionArn, maxResults: 1, reverseOrder: true)
                .events.first
            let eventId = last?.id ?? 0
            let pending = engine.queuedTaskCount(resources: placedActivities.all)
            quietRounds = (eventId == lastEventId && inFlight.count == 0 && pending == 0) ? quietRounds + 1 : 0
            if quietRounds <= 1 { quietSince = ContinuousClock.now }
            lastEventId = eventId
            if quietRounds >= 3 {
                if let next = clock.nextDeadline {
                    clock.advance(to: next)
                    quietRounds = 0
                } else if quietRounds >= 20 && ContinuousClock.now - quietSince >= .seconds(2) {
                    // Quiet for both many rounds and two seconds of real time: a loaded machine's slow rounds
                    // must not use up the real-time limit before this is found.
                    throw WorkflowTestBedError(
                        executionArn: executionArn,
                        reason: "the execution waits and nothing will move it: no timer is armed and no handler runs "
                            + "(last event: \(last.map { "\($0.id) \($0.type)" } ?? "none")). Is a handler placed for "
                            + "every activity the workflow uses?")
                }
            }
            if ContinuousClock.now > limit {
                throw WorkflowTestBedError(
                    executionArn: executionArn,
                    reason: "the execution is still running after \(realTimeLimit) of real time")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Shuts the placed workers down (immediately: running handlers are cancelled), then the engine.
    public func shutdown() async {
        await workers.shutdown(.immediate)
        await engine.shutdown()
    }
}

/// Runs `body` with a started ``WorkflowTestBed`` and shuts it down afterwards.
public func withWorkflowTestBed<T>(
    start: Date = Date(timeIntervalSince1970: 1_767_225_600), _ body: (WorkflowTestBed) async throws -> T
) async throws -> T {
    let bed = try WorkflowTestBed(start: start)
    do {
        let value = try await body(bed)
        await bed.shutdown()
        return value
    } catch {
        await bed.shutdown()
        throw error
    }
}

/// An execution the test bed could not bring to its end.
public struct WorkflowTestBedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The execution's ARN.
    public var executionArn: String
    /// Why it did not end.
    public var reason: String

    public var description: String { "\(executionArn): \(reason)" }
}

/// How many tasks the bed's workers have taken and not yet reported.
final class InFlightCounter: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    func enter() { value.withLock { $0 += 1 } }
    func leave() { value.withLock { $0 -= 1 } }
}

/// The ARNs of the activities placed on a bed. `Sendable`: the set lives in a `Mutex`.
final class PlacedActivities: Sendable {
    private let arns = Mutex<Set<String>>([])
    var all: Set<String> { arns.withLock { $0 } }
    func insert(_ new: [String]) { arns.withLock { $0.formUnion(new) } }
}
