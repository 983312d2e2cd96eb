import ArgumentParser
import Logging
import ExampleSupport
import Stepwise
import StepwiseEngine

/// `batch`: the seed's Process Batch workflow written with the Stepwise DSL, run on the embedded engine.
@main
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "The seed's email Process Batch workflow, written with the Stepwise DSL.")

    @Flag(name: .customLong("asl"), help: "Print the lowered ASL definition and exit.")
    var printASL = false

    @Flag(help: "Run retry delays on a clock 1000 times faster than real time.")
    var fast = false

    func run() async throws {
        let workflow = batchWorkflow()
        if printASL {
            print(try workflow.definition().json.jsonString(.pretty))
            return
        }
        let clock: any EngineClock = fast ? ScaledClock(factor: 1000) : SystemEngineClock()
        let backend = try EngineBackend.embedded(.inMemory, clock: clock)
        var logger = Logger(label: "batch.worker")
        logger.logLevel = .warning
        // The handlers are served here by a worker polling their activities.
        let worker = ActivityWorker(backend: backend, placements: batchHandlers(), configuration: .init(logger: logger))
        let batch = Batch(
            batchId: "campaign-42-batch-7",
            contacts: ["ada@example.com", "grace@example.com", "alan@example.com", "edsger@example.com", "barbara@example.com"])
        let succeeded = try await worker.serving { try await backend.runAndPrint(workflow, input: batch) }
        await backend.shutdown()
        if !succeeded { throw ExitCode.failure }
    }
}

/// Every handler of the workflow, placed in this process, with fresh flaky services; `providerFailures`
/// overrides how many calls the email provider fails.
func batchHandlers(providerFailures: Int? = nil) -> [Placement] {
    [
        .here(PickAssets(learner: FlakyService("machine-learner"))), .here(ScheduleSends()),
        .here(SendEmails(), slots: 2),
        .here(ResendUnsent(provider: FlakyService("email-provider", failures: providerFailures))),
    ]
}
