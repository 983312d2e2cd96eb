import StatesLanguage
import ExampleSupport
import Stepwise
import StepwiseEngine
import StepwiseTesting
import Testing

@testable import batch

@Suite("The batch example")
struct BatchTests {
    @Test("the Process Batch workflow lowers to its golden ASL")
    func golden() throws {
        try Golden.check(batchWorkflow(), named: "batch")
    }

    @Test("on the engine every email ends sent, after the retries and the resend path")
    func runsToAllSent() async throws {
        let engine = try StepwiseEngine(location: .inMemory, clock: ScaledClock(factor: 1000))
        engine.start()
        let contacts = ["ada@example.com", "grace@example.com", "alan@example.com", "edsger@example.com", "barbara@example.com"]
        let batch = Batch(batchId: "campaign-42-batch-7", contacts: contacts)
        // The first send leaves some emails unsent, so the run must take the resend path.
        let first = try await SendEmails().run(
            PlannedBatch(batchId: batch.batchId, deliveries: contacts.map { Delivery(contact: $0, asset: "a", sendAt: nil) }),
            context: .testing())
        #expect(!first.unsent.isEmpty)
        let result = try await engine.servingHere(batchHandlers()) { try await engine.executeWithArn(batchWorkflow(), input: batch) }
        let history = try engine.getExecutionHistory(executionArn: result.executionArn).events
        await engine.shutdown()
        #expect(Set(result.output.sent) == Set(contacts))
        #expect(result.output.sent.count == contacts.count)
        #expect(result.output.unsent.isEmpty)
        #expect(result.output.resendPasses == 1)
        let entered = history.compactMap { $0.type.rawValue.hasSuffix("StateEntered") ? $0.details?["name"]?.stringValue : nil }
        #expect(entered.contains("ResendUnsent"))
        // The flaky services failed at least once each, and Retry turned the failures into success.
        let failedTasks = history.filter { $0.type.rawValue == "ActivityFailed" }.count
        #expect(failedTasks >= 2)
    }

    @Test("when the provider stays down past the retries, the Catch ends the execution as BatchNotSent")
    func caughtAfterRetries() async throws {
        let engine = try StepwiseEngine(location: .inMemory, clock: ScaledClock(factor: 1000))
        engine.start()
        let batch = Batch(
            batchId: "campaign-42-batch-7",
            contacts: ["ada@example.com", "grace@example.com", "alan@example.com", "edsger@example.com", "barbara@example.com"])
        let failure = await #expect(throws: WorkflowFailure.self) {
            try await engine.servingHere(batchHandlers(providerFailures: 10)) { try await engine.executeWithArn(batchWorkflow(), input: batch) }
        }
        await engine.shutdown()
        #expect(failure?.status == "FAILED")
        #expect(failure?.error == "BatchNotSent")
        #expect(failure?.cause == "the unsent emails could not be resent")
    }
}
