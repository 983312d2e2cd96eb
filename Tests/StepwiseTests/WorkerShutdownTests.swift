import Logging
import ServiceLifecycle
import StatesLanguage
import StepFunctionsAPI
import Stepwise
import Testing

@Suite("Activity worker: shutdown", .timeLimit(.minutes(3)))
struct WorkerShutdownTests {
    @Test("graceful shutdown stops taking tasks but lets the running handler finish and report")
    func graceful() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let events = EventLog()
        let release = TestGate()
        let handler = blockingHandler("graceful", events: events, release: release)
        let workflow = Workflow("graceful") { Invoke(handler).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler, slots: 2)], configuration: testWorkerConfiguration())
        async let running: Void = worker.run()
        let first = try await backend.startExecution(workflow, input: "first")
        await events.wait(for: "started")
        worker.shutdown(.graceful)
        // Taken after shutdown began: nobody polls any more, so this task waits in its queue.
        let second = try await backend.startExecution(workflow, input: "second")
        release.open()
        try await running
        #expect(try await first.result() == "done first")
        #expect(await events.count("started") == 1)
        #expect(await events.count("cancelled") == 0)
        let secondHistory = try await second.history().map(\.type)
        #expect(secondHistory.contains(.activityScheduled))
        #expect(!secondHistory.contains(.activityStarted))
        await engine.shutdown()
    }

    @Test("immediate shutdown cancels the handler and fails its task with Stepwise.WorkerShutdown, which a Catch sees")
    func immediate() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let events = EventLog()
        let release = TestGate()
        let handler = blockingHandler("immediate", events: events, release: release)
        let workflow = Workflow("immediate") {
            Invoke(handler).noRetry().catch([ErrorName(ActivityWorker.shutdownError)]) {
                Fail(error: "CaughtShutdown")
            }
        }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler)], configuration: testWorkerConfiguration())
        async let running: Void = worker.run()
        let execution = try await backend.startExecution(workflow, input: "pizza")
        await events.wait(for: "started")
        worker.shutdown(.immediate)
        try await running
        let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result() }
        #expect(failure?.error == "CaughtShutdown")
        let failed = try await execution.history().compactMap(\.activityFailedEventDetails)
        #expect(failed.map(\.error) == [ActivityWorker.shutdownError])
        #expect(failed.first?.cause?.contains("test-worker") == true)
        await events.wait(for: "cancelled")
        await engine.shutdown()
    }

    @Test(
        "stale poll: when cancelling a poll is unsafe, a task it brings after shutdown is run (graceful) or handed back (immediate)",
        arguments: [ActivityWorker.ShutdownMode.graceful, .immediate])
    func stalePoll(mode: ActivityWorker.ShutdownMode) async throws {
        let engine = try WorkerTestEngine()
        let gate = TestGate()
        let probe = Probe(pollGate: gate)
        let backend = ProbeBackend(engine.backend, pollCancellationIsSafe: false, probe: probe)
        let echo = TaskFunction<String, String>("stale") { input, _ in "ran \(input)" }
        let workflow = Workflow("stale") { Invoke(echo).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(echo)], configuration: testWorkerConfiguration())
        async let running: Void = worker.run()
        await probe.events.wait(for: "poll")
        worker.shutdown(mode)
        // The task is queued after shutdown began; the poll still in flight takes it when the gate opens.
        let execution = try await backend.startExecution(workflow, input: "late")
        gate.open()
        try await running
        switch mode {
        case .graceful:
            #expect(try await execution.result() == "ran late")
        case .immediate:
            let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result() }
            #expect(failure?.error == ActivityWorker.shutdownError)
        }
        #expect(await probe.events.count("poll") == 1)
        await engine.shutdown()
    }

    @Test("when cancelling a poll is safe (the engine), shutdown cancels the waiting poll at once; one poll per activity")
    func safePollCancelled() async throws {
        let engine = try WorkerTestEngine()
        let gate = TestGate()  // never opened: the poll waits until cancelled
        let probe = Probe(pollGate: gate)
        let backend = ProbeBackend(engine.backend, pollCancellationIsSafe: true, probe: probe)
        let echo = TaskFunction<String, String>("idle") { input, _ in input }
        let worker = ActivityWorker(backend: backend, placements: [.here(echo, slots: 3)], configuration: testWorkerConfiguration(pollRefresh: nil))
        async let running: Void = worker.run()
        await probe.events.wait(for: "poll")
        worker.shutdown(.graceful)
        try await running
        // One poller per activity, however many slots.
        #expect(await probe.events.count("poll") == 1)
        await engine.shutdown()
    }

    @Test("the configuration can declare polls safe to cancel on a backend that says otherwise")
    func pollCancellationOverride() async throws {
        let engine = try WorkerTestEngine()
        let gate = TestGate()  // never opened: only cancellation ends the poll
        let probe = Probe(pollGate: gate)
        let backend = ProbeBackend(engine.backend, pollCancellationIsSafe: false, probe: probe)
        let echo = TaskFunction<String, String>("idle") { input, _ in input }
        var configuration = testWorkerConfiguration(pollRefresh: nil)
        configuration.activityPollCancellationIsSafe = true
        let worker = ActivityWorker(backend: backend, placements: [.here(echo)], configuration: configuration)
        async let running: Void = worker.run()
        await probe.events.wait(for: "poll")
        worker.shutdown(.graceful)
        try await running
        #expect(await probe.events.count("poll") == 1)
        await engine.shutdown()
    }

    @Test("as a Service in a ServiceGroup: graceful shutdown of the group lets the running handler finish")
    func serviceGroup() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let events = EventLog()
        let release = TestGate()
        let handler = blockingHandler("service", events: events, release: release)
        let workflow = Workflow("service") { Invoke(handler).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler)], configuration: testWorkerConfiguration())
        let group = ServiceGroup(services: [worker], logger: Logger(label: "test"))
        async let running: Void = group.run()
        let execution = try await backend.startExecution(workflow, input: "order")
        await events.wait(for: "started")
        await group.triggerGracefulShutdown()
        release.open()
        try await running
        #expect(try await execution.result() == "done order")
        #expect(await events.count("cancelled") == 0)
        await engine.shutdown()
    }

    @Test("cancelling the task that runs the worker is an immediate shutdown: the running task is still reported failed")
    func cancelled() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let events = EventLog()
        let release = TestGate()
        let handler = blockingHandler("cancelled", events: events, release: release)
        let workflow = Workflow("cancelled") { Invoke(handler).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler)], configuration: testWorkerConfiguration())
        let running = Task { try await worker.run() }
        let execution = try await backend.startExecution(workflow, input: "pizza")
        await events.wait(for: "started")
        running.cancel()
        try await running.value
        let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result() }
        #expect(failure?.error == ActivityWorker.shutdownError)
        await engine.shutdown()
    }

    @Test("a worker runs once, and until shutdown even with nothing to serve")
    func runsOnce() async throws {
        let engine = try WorkerTestEngine()
        let worker = ActivityWorker(backend: engine.backend, placements: [], configuration: testWorkerConfiguration())
        let events = EventLog()
        async let running: Void = {
            try await worker.run()
            await events.record("returned")
        }()
        // Nothing ends the run but shutdown: shut down only after a round trip through the engine.
        _ = try await engine.backend.listActivities(ListActivitiesInput())
        #expect(await events.count("returned") == 0)
        worker.shutdown(.graceful)
        try await running
        await #expect(throws: WorkerError.alreadyStarted) { try await worker.run() }
        await engine.shutdown()
    }
}
