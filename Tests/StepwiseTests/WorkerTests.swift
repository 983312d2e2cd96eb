import StatesLanguage
import StepFunctionsAPI
import Stepwise
import Testing

/// A worker configuration for tests: fast heartbeats and backoff, so tests wait on events, not on time.
func testWorkerConfiguration(
    liveness: Duration? = .milliseconds(20), pollRefresh: Duration? = .milliseconds(200)
) -> ActivityWorker.Configuration {
    ActivityWorker.Configuration(
        workerName: "test-worker", heartbeatFraction: 0.01, livenessInterval: liveness, initialBackoff: .milliseconds(1),
        maximumBackoff: .milliseconds(5), pollRefreshInterval: pollRefresh)
}

/// A handler that records its start, waits for `release` (or for cancellation, which it records), and echoes.
func blockingHandler(
    _ name: String, events: EventLog, release: TestGate, heartbeat: Duration? = nil
) -> TaskFunction<String, String> {
    TaskFunction(name, heartbeat: heartbeat) { (input: String, _) in
        await events.record("started")
        await withTaskCancellationHandler {
            await release.wait()
        } onCancel: {
            Task { await events.record("cancelled") }
        }
        try Task.checkCancellation()
        return "done \(input)"
    }
}

@Suite("Activity worker: slots, heartbeats, cancellation, middleware", .timeLimit(.minutes(3)))
struct WorkerTests {
    @Test("a handler with 2 slots never has more than 2 tasks polled or running, and runs 2 at once")
    func slots() async throws {
        let engine = try WorkerTestEngine()
        let occupied = Occupancy()
        let running = Occupancy()
        // A slot is occupied from the start of its poll until its handler ends (or the poll comes back empty).
        let probe = Probe(onPoll: { await occupied.enter() }, onEmptyPoll: { await occupied.leave() })
        let backend = ProbeBackend(engine.backend, probe: probe)
        let slow = TaskFunction<Int, Int>("slow") { value, _ in
            await running.enter()
            // Hold the slot until a second task runs beside it (bounded, so a loaded machine only makes it slower):
            // two slots must let two handlers run at once, however slowly the second poll comes back.
            let deadline = ContinuousClock.now + .seconds(10)
            while await running.maximum < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            try await Task.sleep(for: .milliseconds(30))
            await running.leave()
            await occupied.leave()
            return value * 10
        }
        let workflow = Workflow("slots") { Map(Field<[Int], [Int]>.root) { Invoke(slow) } }
        let worker = ActivityWorker(backend: backend, placements: [.here(slow, slots: 2)], configuration: testWorkerConfiguration())
        let output = try await worker.serving { try await backend.execute(workflow, input: [1, 2, 3, 4, 5, 6]) }
        await engine.shutdown()
        #expect(output == [10, 20, 30, 40, 50, 60])
        #expect(await occupied.maximum <= 2)
        #expect(await running.maximum == 2)
        #expect(probe.workerNames == ["test-worker"])
    }

    @Test("with 2 pollers and 3 slots, two polls wait at once and at most 3 tasks are polled or running")
    func pollers() async throws {
        let engine = try WorkerTestEngine()
        let occupied = Occupancy()
        let probe = Probe(onPoll: { await occupied.enter() }, onEmptyPoll: { await occupied.leave() })
        let backend = ProbeBackend(engine.backend, probe: probe)
        let slow = TaskFunction<Int, Int>("polled") { value, _ in
            try await Task.sleep(for: .milliseconds(10))
            await occupied.leave()
            return value + 1
        }
        let workflow = Workflow("polled") { Map(Field<[Int], [Int]>.root) { Invoke(slow) } }
        let worker = ActivityWorker(
            backend: backend, placements: [.here(slow, slots: 3, pollers: 2)], configuration: testWorkerConfiguration())
        let output = try await worker.serving {
            await probe.events.wait(for: "poll", count: 2)
            return try await backend.execute(workflow, input: Array(1...9))
        }
        await engine.shutdown()
        #expect(output == Array(2...10))
        #expect(await occupied.maximum <= 3)
        #expect(await occupied.maximum >= 2)
    }

    @Test("heartbeats sent while the handler runs keep the task alive past its HeartbeatSeconds")
    func heartbeatsKeepAlive() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe()
        let backend = ProbeBackend(engine.backend, probe: probe)
        let events = EventLog()
        let release = TestGate()
        let handler = blockingHandler("beating", events: events, release: release, heartbeat: .seconds(3))
        let workflow = Workflow("beating") { Invoke(handler).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler)], configuration: testWorkerConfiguration(liveness: nil))
        let output = try await worker.serving {
            let execution = try await backend.startExecution(workflow, input: "pizza")
            await events.wait(for: "started")
            // Six seconds pass, two at a time, each after a heartbeat: twice the 3-second HeartbeatSeconds.
            for _ in 1...3 {
                let seen = await probe.events.count("heartbeat")
                await probe.events.wait(for: "heartbeat", count: seen + 1)
                engine.advance(by: .seconds(2))
            }
            let seen = await probe.events.count("heartbeat")
            await probe.events.wait(for: "heartbeat", count: seen + 1)
            release.open()
            return try await execution.result()
        }
        await engine.shutdown()
        #expect(output == "done pizza")
    }

    @Test("without heartbeats the same step times out (a heartbeat timeout, reported as States.Timeout)")
    func noHeartbeatTimesOut() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe()
        let backend = ProbeBackend(engine.backend, probe: probe)
        let events = EventLog()
        let release = TestGate()
        // The handler declares no heartbeat, but the step requires one: only liveness heartbeats are sent.
        let handler = blockingHandler("silent", events: events, release: release)
        let workflow = Workflow("silent") { Invoke(handler).heartbeat(.seconds(3)).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler)], configuration: testWorkerConfiguration(liveness: .seconds(3600)))
        let failure = try await worker.serving {
            let execution = try await backend.startExecution(workflow, input: "pizza")
            await events.wait(for: "started")
            engine.advance(by: .seconds(4))
            let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result() }
            release.open()
            return failure
        }
        await engine.shutdown()
        #expect(failure?.error == "States.Timeout")
    }

    @Test("a handler is cancelled when its task times out (learned from a liveness heartbeat)")
    func cancelledOnTimeout() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe()
        let backend = ProbeBackend(engine.backend, probe: probe)
        let events = EventLog()
        let release = TestGate()
        let handler = blockingHandler("slowpoke", events: events, release: release)
        let workflow = Workflow("slowpoke") { Invoke(handler).timeout(.seconds(5)).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler)], configuration: testWorkerConfiguration())
        let failure = try await worker.serving {
            let execution = try await backend.startExecution(workflow, input: "pizza")
            await events.wait(for: "started")
            engine.advance(by: .seconds(6))
            await events.wait(for: "cancelled")
            return await #expect(throws: WorkflowFailure.self) { try await execution.result() }
        }
        await engine.shutdown()
        #expect(failure?.error == "States.Timeout")
        #expect(await probe.events.events.contains("heartbeat-error:TaskTimedOut"))
        #expect(await probe.events.count("success") == 0)
    }

    @Test("a handler is cancelled when its execution is stopped; the engine answers its heartbeat TaskTimedOut")
    func cancelledOnStop() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe()
        let backend = ProbeBackend(engine.backend, probe: probe)
        let events = EventLog()
        let release = TestGate()
        let handler = blockingHandler("stoppable", events: events, release: release)
        let workflow = Workflow("stoppable") { Invoke(handler).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(handler)], configuration: testWorkerConfiguration())
        let status = try await worker.serving {
            let execution = try await backend.startExecution(workflow, input: "pizza")
            await events.wait(for: "started")
            try await execution.stop(error: "Enough", cause: "the customer left")
            await events.wait(for: "cancelled")
            return try await execution.describe().status
        }
        await engine.shutdown()
        #expect(status == .aborted)
        let heartbeatErrors = await probe.events.events.filter { $0.hasPrefix("heartbeat-error:") }
        #expect(heartbeatErrors.first == "heartbeat-error:TaskTimedOut")
    }

    @Test("middleware runs in order around the handler, reshapes payloads, and renames errors")
    func middleware() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let log = EventLog()
        let logging = { (name: String) in
            TaskMiddlewareFunction { invocation, next in
                await log.record("\(name) before \(invocation.activityName)")
                do {
                    let output = try await next(invocation)
                    await log.record("\(name) after")
                    return output
                } catch {
                    await log.record("\(name) error \(TaskFailure(reporting: error).error)")
                    throw error
                }
            }
        }
        // Payload shaping: the handler sees the input upper-cased and its output is wrapped in brackets.
        let shaping = TaskMiddlewareFunction { invocation, next in
            var invocation = invocation
            invocation.input = .string((invocation.input.stringValue ?? "").uppercased())
            let output = try await next(invocation)
            return .string("[\(output.stringValue ?? "")]")
        }
        // Error renaming: any failure named Boom reaches the workflow as Kaboom, with the same cause.
        let renaming = TaskMiddlewareFunction { invocation, next in
            do {
                return try await next(invocation)
            } catch let failure as TaskFailure where failure.error == "Boom" {
                throw TaskFailure(error: "Kaboom", cause: failure.cause)
            }
        }
        let echo = TaskFunction<String, String>("echo") { input, _ in
            await log.record("handler \(input)")
            if input == "BOOM" { throw TaskFailure(error: "Boom", cause: "it went boom") }
            return input + "!"
        }
        let workflow = Workflow("echo") {
            Invoke(echo).noRetry().catch(["Kaboom"]) { Fail(error: "CaughtKaboom") }
        }
        let worker = ActivityWorker(
            backend: backend, placements: [.here(echo)], middleware: [logging("outer"), logging("inner"), renaming, shaping],
            configuration: testWorkerConfiguration())
        let (output, failure) = try await worker.serving {
            let output = try await backend.execute(workflow, input: "hello")
            let failure = await #expect(throws: WorkflowFailure.self) { try await backend.execute(workflow, input: "boom") }
            return (output, failure)
        }
        await engine.shutdown()
        #expect(output == "[HELLO!]")
        #expect(failure?.error == "CaughtKaboom")
        #expect(
            await log.events == [
                "outer before echo", "inner before echo", "handler HELLO", "inner after", "outer after",
                "outer before echo", "inner before echo", "handler BOOM", "inner error Kaboom", "outer error Kaboom",
            ])
    }
}

@Suite("Activity worker: heartbeats by hand", .timeLimit(.minutes(3)))
struct WorkerManualHeartbeatTests {
    @Test("TaskContext.heartbeat() keeps a task alive; once the task timed out it throws TaskTimedOut and the handler is cancelled")
    func manualHeartbeats() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let events = EventLog()
        let (ticks, tick) = AsyncStream.makeStream(of: Bool.self)
        // Beats each time the test says so (true), or stops beating and waits to be cancelled (false).
        let beater = TaskFunction<String, String>("beater") { input, context in
            await events.record("started")
            for await beat in ticks {
                guard beat else { break }
                do {
                    try await context.heartbeat()
                    await events.record("beat")
                } catch let error as StepFunctionsError {
                    await events.record("beat-error:\(error.code.rawValue)")
                    try await Task.sleep(for: .seconds(3600))
                }
            }
            return "beaten \(input)"
        }
        // No automatic heartbeats: the handler declares none and liveness heartbeats are off.
        let workflow = Workflow("beater") { Invoke(beater).heartbeat(.seconds(3)).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(beater)], configuration: testWorkerConfiguration(liveness: nil))
        let (output, failure) = try await worker.serving {
            let first = try await backend.startExecution(workflow, input: "one")
            await events.wait(for: "started")
            for round in 1...3 {
                tick.yield(true)
                await events.wait(for: "beat", count: round)
                engine.advance(by: .seconds(2))
            }
            tick.yield(false)
            let output = try await first.result()
            // A second task: no beat for 4 seconds, so it times out; the next beat learns it and is cancelled.
            let second = try await backend.startExecution(workflow, input: "two")
            await events.wait(for: "started", count: 2)
            engine.advance(by: .seconds(4))
            let failure = await #expect(throws: WorkflowFailure.self) { try await second.result() }
            tick.yield(true)
            await events.wait(for: "beat-error:TaskTimedOut")
            return (output, failure)
        }
        tick.finish()
        await engine.shutdown()
        #expect(output == "beaten one")
        #expect(failure?.error == "States.Timeout")
    }
}
