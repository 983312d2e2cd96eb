import Foundation
import StepFunctionsAPI
import Stepwise
import Testing

@testable import StepFunctionsClient

/// The Stepwise API (written once over `StepFunctionsBackend`) through the client, against the project's server
/// on loopback: what a program does against `stepwise serve` or AWS.
@Suite("The Stepwise API through the client against stepwise serve")
struct StepwiseAPIThroughClientTests {
    static func client(_ url: String) -> StepFunctionsClient {
        StepFunctionsClient(
            configuration: .init(
                endpoint: url, region: "us-east-1",
                credentials: StaticCredentialProvider(.init(accessKeyId: "test", secretAccessKey: "test")), retry: .none,
                requestTimeout: .seconds(120)))
    }

    static let first = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":1},"End":true}}}"#
    static let second = #"{"StartAt":"B","States":{"B":{"Type":"Pass","Result":{"n":2},"End":true}}}"#

    struct Counted: Codable, Sendable, Equatable { var n: Int }

    @Test("ensureStateMachine: created, then unchanged (same JSON, other spacing), then updated; the placeholder role")
    func ensure() async throws {
        try await withEngineServer { url in
            let client = Self.client(url)
            let created = try await client.ensureStateMachine(name: "ensure", definition: Self.first)
            #expect(created.change == .created)
            let spaced = Self.first.replacingOccurrences(of: ",", with: ", ")
            let unchanged = try await client.ensureStateMachine(name: "ensure", definition: spaced)
            #expect(unchanged.change == .unchanged)
            #expect(unchanged.stateMachineArn == created.stateMachineArn)
            let updated = try await client.ensureStateMachine(name: "ensure", definition: Self.second)
            #expect(updated.change == .updated)
            let described = try await client.describeStateMachine(.init(stateMachineArn: created.stateMachineArn))
            #expect(described.definition.contains(#""B""#))
            #expect(described.roleArn == ExecutionRoleSource.placeholderRoleArn)
        }
    }

    @Test("start, typed result, describe; a failing execution is a WorkflowFailure with its error and cause")
    func startAndResult() async throws {
        try await withEngineServer { url in
            let client = Self.client(url)
            let machine = try await client.ensureStateMachine(name: "result", definition: Self.first)
            let started = try await client.startExecution(.init(stateMachineArn: machine.stateMachineArn, name: "one", input: "{}"))
            let execution = client.execution(started.executionArn, output: Counted.self)
            #expect(try await execution.result(maxPollInterval: .milliseconds(100)) == Counted(n: 1))
            #expect(try await execution.describe().status == .succeeded)

            let failing = #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Oven.Broken","Cause":"too cold"}}}"#
            let failMachine = try await client.ensureStateMachine(name: "fails", definition: failing)
            let failed = try await client.startExecution(.init(stateMachineArn: failMachine.stateMachineArn, input: "{}"))
            let failure = await #expect(throws: WorkflowFailure.self) {
                try await client.execution(failed.executionArn, output: Counted.self).result(maxPollInterval: .milliseconds(100))
            }
            #expect(failure?.status == "FAILED")
            #expect(failure?.error == "Oven.Broken")
            #expect(failure?.cause == "too cold")
        }
    }

    @Test("history reads every page: a Map of 300 items makes more than 1000 events")
    func historyPaging() async throws {
        let definition = #"""
            {"StartAt":"Items","States":{
              "Items":{"Type":"Pass","Result":{"items":[]},"ResultPath":"$.ignored","Next":"Range"},
              "Range":{"Type":"Pass","Parameters":{"items.$":"States.ArrayRange(1, 300, 1)"},"Next":"Each"},
              "Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":50,
                "ItemProcessor":{"StartAt":"Touch","States":{"Touch":{"Type":"Pass","End":true}}},"End":true}}}
            """#
        try await withEngineServer { url in
            let client = Self.client(url)
            let machine = try await client.ensureStateMachine(name: "paging", definition: definition)
            let started = try await client.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: "{}"))
            let execution = client.execution(started.executionArn, output: [Int].self)
            #expect(try await execution.result(maxPollInterval: .milliseconds(100)).count == 300)
            let events = try await execution.history()
            #expect(events.count > 1000)
            #expect(events.map(\.id) == Array(1...events.count))
            #expect(events.first?.type == .executionStarted)
            #expect(events.last?.type == .executionSucceeded)
            let reversed = try await execution.history(reverseOrder: true)
            #expect(reversed.map(\.id) == events.map(\.id).reversed())
        }
    }

    @Test("stop: a waiting execution ends ABORTED with the given error and cause")
    func stop() async throws {
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#
        try await withEngineServer { url in
            let client = Self.client(url)
            let machine = try await client.ensureStateMachine(name: "waits", definition: definition)
            let started = try await client.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: "{}"))
            let execution = client.execution(started.executionArn, output: Counted.self)
            try await execution.stop(error: "Operator.Stop", cause: "closing time")
            let failure = await #expect(throws: WorkflowFailure.self) { try await execution.result(maxPollInterval: .milliseconds(100)) }
            #expect(failure?.status == "ABORTED")
            #expect(failure?.error == "Operator.Stop")
            #expect(try await execution.describe().cause == "closing time")
        }
    }

    @Test("errors: an invalid definition, a missing execution, an ensured activity's ARN")
    func errors() async throws {
        try await withEngineServer { url in
            let client = Self.client(url)
            do {
                try await client.ensureStateMachine(name: "bad", definition: #"{"StartAt":"Nowhere","States":{}}"#)
                Issue.record("expected InvalidDefinition")
            } catch StepFunctionsError.Code.invalidDefinition {}
            let missing = "arn:aws:states:us-east-1:123456789012:execution:result:nope"
            do {
                _ = try await client.execution(missing, output: Counted.self).describe()
                Issue.record("expected ExecutionDoesNotExist")
            } catch StepFunctionsError.Code.executionDoesNotExist {}
            let activity = try await client.ensureActivity(name: "bake")
            #expect(try await client.ensureActivity(name: "bake") == activity)
            #expect(activity.hasSuffix(":activity:bake"))
        }
    }
}
