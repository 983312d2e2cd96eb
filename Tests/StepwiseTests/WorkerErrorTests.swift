import StatesLanguage
import StepFunctionsAPI
import Stepwise
import Testing

struct OvenOnFire: Error, CustomStringConvertible {
    var description: String { "the oven is on fire" }
}

@Suite("Activity worker: errors and backend trouble", .timeLimit(.minutes(3)))
struct WorkerErrorTests {
    @Test("a thrown Swift error reaches the execution's Catch under its type's name, with its description as cause")
    func errorNames() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let bake = TaskFunction<String, String>("bake") { _, _ in throw OvenOnFire() }
        let workflow = Workflow("bake") {
            Invoke(bake).noRetry().catch([ErrorName.of(OvenOnFire.self)]) { Fail(error: "CaughtFire") }
        }
        let worker = ActivityWorker(backend: backend, placements: [.here(bake)], configuration: testWorkerConfiguration())
        let (failure, history) = try await worker.serving {
            let execution = try await backend.startExecution(workflow, input: "pizza")
            let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result() }
            return (failure, try await execution.history())
        }
        await engine.shutdown()
        #expect(failure?.error == "CaughtFire")
        let failed = history.compactMap(\.activityFailedEventDetails)
        #expect(failed.map(\.error) == ["OvenOnFire"])
        #expect(failed.map(\.cause) == ["the oven is on fire"])
    }

    @Test("error names over 256 and causes over 32768 characters are cut to AWS's limits")
    func truncation() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let long = TaskFunction<String, String>("long") { _, _ in
            throw TaskFailure(error: String(repeating: "E", count: 300), cause: String(repeating: "c", count: 40_000))
        }
        let workflow = Workflow("long") { Invoke(long).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(long)], configuration: testWorkerConfiguration())
        let failure = try await worker.serving {
            await #expect(throws: WorkflowFailure.self) { try await backend.execute(workflow, input: "x") }
        }
        await engine.shutdown()
        #expect(failure?.error == String(repeating: "E", count: 256))
        #expect(failure?.cause == String(repeating: "c", count: 32_768))
    }

    @Test("an output over 256 KiB fails the task with States.DataLimitExceeded instead of being lost")
    func dataLimit() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let huge = TaskFunction<String, String>("huge") { _, _ in String(repeating: "x", count: 300_000) }
        let workflow = Workflow("huge") { Invoke(huge).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(huge)], configuration: testWorkerConfiguration())
        let failure = try await worker.serving {
            await #expect(throws: WorkflowFailure.self) { try await backend.execute(workflow, input: "x") }
        }
        await engine.shutdown()
        #expect(failure?.error == "States.DataLimitExceeded")
    }

    @Test("an output the backend refuses (InvalidOutput) is reported as a States.Runtime failure with the refusal as cause")
    func refusedOutput() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe(outputRejections: 1)
        let backend = ProbeBackend(engine.backend, probe: probe)
        let echo = TaskFunction<String, String>("refused") { input, _ in input }
        let workflow = Workflow("refused") { Invoke(echo).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(echo)], configuration: testWorkerConfiguration())
        let failure = try await worker.serving {
            await #expect(throws: WorkflowFailure.self) { try await backend.execute(workflow, input: "x") }
        }
        await engine.shutdown()
        #expect(failure?.error == "States.Runtime")
        #expect(failure?.cause.contains("InvalidOutput") == true)
    }

    @Test("failed polls and deliveries (throttling, unavailable) are retried with backoff; the execution still succeeds")
    func transientErrors() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe(pollFailures: 4, deliveryFailures: 2)
        let backend = ProbeBackend(engine.backend, probe: probe)
        let echo = TaskFunction<String, String>("echo") { input, _ in input + "!" }
        let workflow = Workflow("echo") { Invoke(echo).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(echo)], configuration: testWorkerConfiguration())
        let output = try await worker.serving { try await backend.execute(workflow, input: "hi") }
        await engine.shutdown()
        #expect(output == "hi!")
        #expect(await probe.events.count("poll") >= 5)
        #expect(!probe.take(\.pollFailures))
        #expect(!probe.take(\.deliveryFailures))
    }

    @Test("a result that cannot be delivered is tried deliveryAttempts times, then given up: the task times out, the worker goes on")
    func undeliverable() async throws {
        let engine = try WorkerTestEngine()
        let probe = Probe(deliveryFailures: 3)
        let backend = ProbeBackend(engine.backend, probe: probe)
        let echo = TaskFunction<String, String>("lost") { input, _ in input + "!" }
        let workflow = Workflow("lost") { Invoke(echo).timeout(.seconds(10)).noRetry() }
        var configuration = testWorkerConfiguration()
        configuration.deliveryAttempts = 3
        let worker = ActivityWorker(backend: backend, placements: [.here(echo)], configuration: configuration)
        let (failure, output) = try await worker.serving {
            let execution = try await backend.startExecution(workflow, input: "first")
            // Three failed attempts use up the faults; the worker then polls again (the slot is free).
            await probe.events.wait { events in
                guard let lastFault = events.lastIndex(of: "delivery-fault"),
                    events.filter({ $0 == "delivery-fault" }).count == 3
                else { return false }
                return events[lastFault...].contains("poll")
            }
            #expect(!probe.take(\.deliveryFailures))
            engine.advance(by: .seconds(11))
            let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result() }
            let output = try await backend.execute(workflow, input: "second")
            return (failure, output)
        }
        await engine.shutdown()
        #expect(failure?.error == "States.Timeout")
        #expect(output == "second!")
        #expect(await probe.events.count("success") == 1)
    }

    @Test("input that does not decode fails the task with the decoding error's name")
    func undecodableInput() async throws {
        let engine = try WorkerTestEngine()
        let backend = engine.backend
        let typed = TaskFunction<Int, Int>("typed") { input, _ in input }
        let workflow = Workflow("typed") { Invoke(activity: "typed", input: String.self, output: Int.self).noRetry() }
        let worker = ActivityWorker(backend: backend, placements: [.here(typed)], configuration: testWorkerConfiguration())
        let failure = try await worker.serving {
            await #expect(throws: WorkflowFailure.self) { try await backend.execute(workflow, input: "not a number") }
        }
        await engine.shutdown()
        #expect(failure?.error == "DecodingError")
    }
}
