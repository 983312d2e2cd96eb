import Foundation
import OrderedCollections
import StatesLanguage
import Synchronization
import Testing

@testable import StepwiseEngine

/// The optimized `events:putEvents` names the state machine and the execution in each entry's `Resources`, after the
/// entry's own (LocalStack's test_events_task_service snapshot, test_put_events_base, recorded against AWS).
@Suite("Engine: putEvents entries name their execution")
struct PutEventsResourcesTests {
    /// The entries of the request a putEvents task with `parameters` sends, for a task of `executionArn`.
    static func sentEntries(_ resource: String, _ parameters: String, executionArn: String) async throws -> [JSONValue] {
        let sent = Mutex<[UInt8]>([])
        let forwarding = ServiceForwarding(send: { request in
            sent.withLock { $0 = request.body }
            return ServiceResponse(status: 200, headers: [:], body: Array(#"{"FailedEntryCount":0,"Entries":[]}"#.utf8))
        })
        let handler = try #require(forwarding.handler(forResource: resource))
        _ = await handler(parameters, TaskToken.make(executionArn: executionArn))
        let body = try JSONValue(parsing: sent.withLock { $0 })
        return try #require(body.objectValue?["Entries"]?.arrayValue)
    }

    @Test("a standard and an express execution: the machine's ARN then the execution's, after the entry's own")
    func addedAfterTheEntrysOwn() async throws {
        let parameters = #"{"Entries": [{"Source": "s", "Detail": {"m": 1}}, {"Source": "s", "Resources": ["r1"]}]}"#
        let standard = "arn:aws:states:us-east-1:123456789012:execution:Orders:run-1"
        var entries = try await Self.sentEntries("arn:aws:states:::events:putEvents", parameters, executionArn: standard)
        let machine = JSONValue.string("arn:aws:states:us-east-1:123456789012:stateMachine:Orders")
        #expect(entries[0].objectValue?["Resources"] == .array([machine, .string(standard)]))
        #expect(entries[0].objectValue?["Detail"] == .string(#"{"m":1}"#))
        #expect(entries[1].objectValue?["Resources"] == .array([.string("r1"), machine, .string(standard)]))

        let express = "arn:aws:states:us-east-1:123456789012:express:Orders:run-2:0f6c6f2e-9a43-4d1e-8a55-5c2f1b9d7e10"
        entries = try await Self.sentEntries("arn:aws:states:::events:putEvents", parameters, executionArn: express)
        #expect(entries[0].objectValue?["Resources"] == .array([machine, .string(express)]))
    }

    @Test("Resources that are not a list are sent as given; aws-sdk:eventbridge:putEvents adds nothing")
    func leftAlone() async throws {
        let execution = "arn:aws:states:us-east-1:123456789012:execution:Orders:run-1"
        var entries = try await Self.sentEntries(
            "arn:aws:states:::events:putEvents", #"{"Entries": [{"Source": "s", "Resources": "r1"}]}"#, executionArn: execution)
        #expect(entries[0].objectValue?["Resources"] == .string("r1"))
        entries = try await Self.sentEntries(
            "arn:aws:states:::aws-sdk:eventbridge:putEvents", #"{"Entries": [{"Source": "s"}]}"#, executionArn: execution)
        #expect(entries[0].objectValue?["Resources"] == nil)
    }
}
