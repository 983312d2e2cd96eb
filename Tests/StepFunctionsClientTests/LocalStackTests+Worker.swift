import Foundation
import StepFunctionsAPI
import Stepwise
import Testing

@testable import StepFunctionsClient

/// Doubles `n`; fails with `Doubler.Negative` on a negative number.
struct LocalStackDoubler: TaskHandler {
    struct Number: Codable, Sendable, Equatable { var n: Int }
    static var activityName: String { "stepwise-localstack-doubler" }

    func run(_ input: Number, context: TaskContext) async throws -> Number {
        guard input.n >= 0 else { throw TaskFailure(error: "Doubler.Negative", cause: "\(input.n) is negative") }
        return Number(n: input.n * 2)
    }
}

// The worker runtime polling LocalStack's activities through the client: part of the LocalStack suite.
extension LocalStackTests {
    @Test("activity round trip through ActivityWorker: a handler's output, and its TaskFailure as the execution's error")
    func workerRoundTrip() async throws {
        let activity = try await client.ensureActivity(name: LocalStackDoubler.activityName)
        let definition = #"{"StartAt":"Double","States":{"Double":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#
        let machine = try await client.ensureStateMachine(
            name: "stepwise-worker-\(suffix)", definition: definition, options: StateMachineOptions(roleArn: Self.roleArn))
        let worker = ActivityWorker(backend: client, placements: [.here(LocalStackDoubler(), slots: 2)])
        try await worker.serving {
            let started = try await client.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: #"{"n":21}"#))
            let doubled = try await client.execution(started.executionArn, output: LocalStackDoubler.Number.self)
                .result(maxPollInterval: .milliseconds(200))
            #expect(doubled == LocalStackDoubler.Number(n: 42))

            let negative = try await client.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: #"{"n":-1}"#))
            let failure = await #expect(throws: WorkflowFailure.self) {
                try await client.execution(negative.executionArn, output: LocalStackDoubler.Number.self)
                    .result(maxPollInterval: .milliseconds(200))
            }
            #expect(failure?.status == "FAILED")
            #expect(failure?.error == "Doubler.Negative")
            #expect(failure?.cause == "-1 is negative")
        }
        _ = try await client.deleteStateMachine(.init(stateMachineArn: machine.stateMachineArn))
    }
}
