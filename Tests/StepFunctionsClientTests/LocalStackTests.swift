import Foundation
import StepFunctionsAPI
import Testing

@testable import StepFunctionsClient

/// The endpoint of a running LocalStack (`scripts/test.sh` starts one from ../shared/peers/localstack); these tests
/// run only when it is set.
let localStackEndpoint = ProcessInfo.processInfo.environment["STEPWISE_LOCALSTACK_ENDPOINT"]

/// The client against an implementation it did not write: LocalStack's Step Functions on loopback.
@Suite("The client against LocalStack's Step Functions", .enabled(if: localStackEndpoint != nil), .serialized)
struct LocalStackTests {
    let client: StepFunctionsClient
    /// Unique per run, so reruns against one LocalStack do not collide.
    let suffix = String(UUID().uuidString.prefix(8)).lowercased()
    static let roleArn = "arn:aws:iam::000000000000:role/stepwise-test"

    init() throws {
        let environment = AWSEnvironment(
            variables: ["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"],
            homeDirectory: "/nonexistent")
        client = try StepFunctionsClient(environment: environment, endpoint: localStackEndpoint)
    }

    /// Creates the state machine, or updates it when one of that name exists (what `ensureStateMachine` does).
    func ensureStateMachine(name: String, definition: String) async throws -> String {
        do {
            return try await client.createStateMachine(.init(name: name, definition: definition, roleArn: Self.roleArn)).stateMachineArn
        } catch StepFunctionsError.Code.stateMachineAlreadyExists {
            let machines = try await client.listStateMachines(.init()).stateMachines
            let arn = try #require(machines.first { $0.name == name }?.stateMachineArn)
            _ = try await client.updateStateMachine(.init(stateMachineArn: arn, definition: definition))
            return arn
        }
    }

    func waitForEnd(_ executionArn: String) async throws -> DescribeExecutionOutput {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let described = try await client.describeExecution(.init(executionArn: executionArn))
            if described.status != .running || ContinuousClock.now > deadline { return described }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test("activity round trip: create activity and machine, start, getActivityTask, sendTaskSuccess, SUCCEEDED")
    func activityRoundTrip() async throws {
        let activity = try await client.createActivity(.init(name: "worker-\(suffix)"))
        let definition = #"{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"\#(activity.activityArn)","End":true}}}"#
        let machine = try await ensureStateMachine(name: "activity-\(suffix)", definition: definition)
        let started = try await client.startExecution(.init(stateMachineArn: machine, input: #"{"order":42}"#))
        let task = try await client.getActivityTask(.init(activityArn: activity.activityArn, workerName: "test"))
        let token = try #require(task.taskToken)
        let input = try JSONDecoder().decode([String: Int].self, from: Data((task.input ?? "").utf8))
        #expect(input == ["order": 42])
        _ = try await client.sendTaskSuccess(.init(taskToken: token, output: #"{"baked":true}"#))
        let ended = try await waitForEnd(started.executionArn)
        #expect(ended.status == .succeeded)
        let output = try JSONDecoder().decode([String: Bool].self, from: Data((ended.output ?? "").utf8))
        #expect(output == ["baked": true])
        _ = try await client.deleteStateMachine(.init(stateMachineArn: machine))
        _ = try await client.deleteActivity(.init(activityArn: activity.activityArn))
    }

    @Test("ensure: create, then update the same name with a new definition")
    func ensureUpdates() async throws {
        let name = "ensure-\(suffix)"
        let first = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"End":true}}}"#
        let second = #"{"StartAt":"B","States":{"B":{"Type":"Pass","Result":2,"End":true}}}"#
        let arn = try await ensureStateMachine(name: name, definition: first)
        #expect(arn.hasSuffix(":stateMachine:\(name)"))
        let again = try await ensureStateMachine(name: name, definition: second)
        #expect(again == arn)
        let described = try await client.describeStateMachine(.init(stateMachineArn: arn))
        #expect(described.definition.contains(#""B""#))
        _ = try await client.deleteStateMachine(.init(stateMachineArn: arn))
    }

    @Test("history paging: maxResults and nextToken give the same events as one call")
    func historyPaging() async throws {
        let definition = #"""
            {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}
            """#
        let machine = try await ensureStateMachine(name: "paging-\(suffix)", definition: definition)
        let started = try await client.startExecution(.init(stateMachineArn: machine, name: "page-\(suffix)", input: "{}"))
        #expect(try await waitForEnd(started.executionArn).status == .succeeded)
        let whole = try await client.getExecutionHistory(.init(executionArn: started.executionArn)).events
        #expect(whole.count >= 8)
        var paged: [HistoryEvent] = []
        var token: String?
        var pages = 0
        var largestPage = 0
        repeat {
            let page = try await client.getExecutionHistory(.init(executionArn: started.executionArn, maxResults: 3, nextToken: token))
            largestPage = max(largestPage, page.events.count)
            paged += page.events
            token = page.nextToken
            pages += 1
        } while token != nil && pages < 100
        // LocalStack 2026.3.0 answers the whole history whatever maxResults says (the client's own paging is shown
        // against the project's server in ServerRoundTripTests); this known issue turns into a failure once it pages.
        withKnownIssue("LocalStack ignores maxResults in GetExecutionHistory") {
            #expect(largestPage <= 3)
            #expect(pages > 1)
        }
        #expect(paged.map(\.id) == whole.map(\.id))
        #expect(try await client.executionHistory(started.executionArn, pageSize: 2).map(\.id) == whole.map(\.id))
        #expect(whole.first?.type == .executionStarted)
        #expect(whole.last?.type == .executionSucceeded)
        _ = try await client.deleteStateMachine(.init(stateMachineArn: machine))
    }

    @Test("errors: ExecutionDoesNotExist, InvalidArn, StateMachineDoesNotExist as typed codes")
    func errors() async throws {
        do {
            _ = try await client.describeExecution(.init(executionArn: "arn:aws:states:us-east-1:000000000000:execution:none-\(suffix):x"))
            Issue.record("expected ExecutionDoesNotExist")
        } catch StepFunctionsError.Code.executionDoesNotExist {}
        do {
            _ = try await client.describeExecution(.init(executionArn: "not-an-arn"))
            Issue.record("expected InvalidArn")
        } catch StepFunctionsError.Code.invalidArn {}
        do {
            _ = try await client.describeStateMachine(.init(stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:none-\(suffix)"))
            Issue.record("expected StateMachineDoesNotExist")
        } catch StepFunctionsError.Code.stateMachineDoesNotExist {}
    }
}
