import StatesLanguage
import StepFunctionsAPI
import Stepwise
import Testing

/// The worker's timers: one heartbeat loop for all its running tasks and one refresh loop per poller (not a timer
/// of each task and each poll). What a user sees must not change: heartbeats at each task's own pace while it runs
/// and none after, and polls withdrawn and sent again at the refresh interval.
@Suite("Activity worker: heartbeats and poll refreshes from shared loops", .timeLimit(.minutes(3)))
struct WorkerTimerTests {
    @Test("a task with a shorter heartbeat than the one running gets its heartbeats at its own pace; none after the tasks end")
    func shorterIntervalWakesTheLoop() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe()
        let backend = ProbeBackend(engine.backend, probe: probe)
        let events = EventLog()
        let release = TestGate()
        // The first task sends only liveness heartbeats, every 30 seconds: the loop sleeps that long once it runs.
        let slow = blockingHandler("slow-beat", events: events, release: release)
        // The second declares HeartbeatSeconds 3: a heartbeat every 30 ms (a hundredth, in tests).
        let fast = blockingHandler("fast-beat", events: events, release: release, heartbeat: .seconds(3))
        let worker = ActivityWorker(
            backend: backend, placements: [.here(slow), .here(fast)],
            configuration: testWorkerConfiguration(liveness: .seconds(30)))
        try await worker.serving {
            let first = try await backend.startExecution(Workflow("slow-beat") { Invoke(slow).noRetry() }, input: "a")
            await events.wait(for: "started")
            let second = try await backend.startExecution(Workflow("fast-beat") { Invoke(fast).noRetry() }, input: "b")
            await events.wait(for: "started", count: 2)
            // Five heartbeats of the second task: the loop was woken from its 30-second sleep.
            await probe.events.wait(for: "heartbeat", count: 5)
            release.open()
            #expect(try await first.result() == "done a")
            #expect(try await second.result() == "done b")
            // Both tasks ended: at most one heartbeat already on its way, then none.
            let ended = await probe.events.count("heartbeat")
            try await Task.sleep(for: .milliseconds(300))
            #expect(await probe.events.count("heartbeat") <= ended + 1)
        }
        await engine.shutdown()
    }

    @Test("a poll that brings nothing is withdrawn and sent again every refresh interval, not more often")
    func pollsAreRefreshed() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe()
        let backend = ProbeBackend(engine.backend, probe: probe)
        let idle = TaskFunction<String, String>("never-called") { input, _ in input }
        let worker = ActivityWorker(
            backend: backend, placements: [.here(idle)], configuration: testWorkerConfiguration(pollRefresh: .milliseconds(50)))
        try await worker.serving {
            // The first poll, then three refreshed ones. The wait is long: with the whole suite running on two cores,
            // other tests can hold the cooperative threads for tens of seconds (the refresh loop then runs late, not
            // wrong); alone this takes about 150 ms.
            await probe.events.wait(for: "poll", count: 4, within: .seconds(150))
            let seen = await probe.events.count("poll")
            let start = ContinuousClock.now
            try await Task.sleep(for: .milliseconds(250))
            // About five intervals (more when a loaded machine oversleeps): at most one refresh per interval that
            // passed, and one begun as the sleep ended.
            let intervals = Int(((ContinuousClock.now - start) / .milliseconds(50)).rounded(.up))
            #expect(await probe.events.count("poll") <= seen + intervals + 1)
        }
        await engine.shutdown()
    }
}
