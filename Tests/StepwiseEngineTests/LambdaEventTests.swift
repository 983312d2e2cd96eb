import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseLambda
import StepwiseTesting
import Testing

private let curlIsInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

/// Asynchronous (`Event`) invocations of the local Lambda: queued at once, a function error retried twice, an event
/// that cannot run retried until its maximum age, events cancelled when the local Lambda stops; and lambda:invoke
/// steps with `InvocationType` Event and DryRun. The retry delays are shortened for the tests (Lambda's are 1 and 2
/// minutes, the defaults).
@Suite("Local Lambda: asynchronous (Event) invocations", .enabled(if: curlIsInstalled), .serialized)
struct LambdaEventTests {
    static func withLocalLambda(
        reserved: Int? = nil, maximumEventAge: Duration = .seconds(60), _ body: (LocalLambda) async throws -> Void
    ) async throws {
        let local = LocalLambda(eventRetryDelays: [.milliseconds(200), .milliseconds(400)], maximumEventAge: maximumEventAge)
        try await LambdaLocalTests.withBootstrap(LambdaLocalTests.script, local: local, function: { bootstrap, directory in
            LocalFunction(
                name: "echo", command: [bootstrap], workingDirectory: directory, handler: "echo.handler", timeoutSeconds: 60,
                reservedConcurrency: reserved)
        }, body)
    }

    /// Waits (in real time, bounded) until `condition` holds; false when it never did within `seconds`.
    static func eventually(_ seconds: Double = 60, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test("an event is queued at once and its function runs once when it succeeds")
    func succeeds() async throws {
        try await Self.withLocalLambda { local in
            let id = try local.invokeEvent(functionName: "echo", payload: Array(#"{"n":1}"#.utf8))
            #expect(id.count == 36)
            #expect(try await Self.eventually { local.eventStatistics(of: "echo").succeeded == 1 })
            #expect(local.eventStatistics(of: "echo") == .init(pending: 0, succeeded: 1, dropped: 0))
            #expect(local.statistics(of: "echo").invocations == 1)
        }
    }

    @Test("a function error is retried twice, then the event is dropped (three invocations in all)")
    func functionErrorRetriedTwice() async throws {
        try await Self.withLocalLambda { local in
            try local.invokeEvent(functionName: "echo", payload: Array(#""fail""#.utf8))
            #expect(local.eventStatistics(of: "echo").pending == 1)
            #expect(try await Self.eventually { local.eventStatistics(of: "echo").dropped == 1 })
            #expect(local.statistics(of: "echo").invocations == 3)
            #expect(local.eventStatistics(of: "echo") == .init(pending: 0, succeeded: 0, dropped: 1))
        }
    }

    @Test("a throttled event is retried with backoff until its maximum age, then dropped; it never ran")
    func throttledUntilMaximumAge() async throws {
        try await Self.withLocalLambda(reserved: 0, maximumEventAge: .seconds(2)) { local in
            try local.invokeEvent(functionName: "echo", payload: Array("1".utf8))
            #expect(local.eventStatistics(of: "echo").pending == 1)
            #expect(try await Self.eventually { local.eventStatistics(of: "echo").dropped == 1 })
            #expect(local.statistics(of: "echo").invocations == 0)
        }
    }

    @Test("refused before queueing: a missing function, a payload over 1 MB (the synchronous limit is 6 MB)")
    func refused() async throws {
        try await Self.withLocalLambda { local in
            #expect(throws: LocalLambdaError.notFound("nope")) { try local.invokeEvent(functionName: "nope", payload: []) }
            let tooLarge = [UInt8](repeating: 0x20, count: LocalLambda.maxEventPayloadBytes + 1)
            let error = #expect(throws: LocalLambdaError.self) { try local.invokeEvent(functionName: "echo", payload: tooLarge) }
            #expect(error?.code == "RequestTooLargeException")
            #expect(error?.httpStatus == 413)
            #expect(local.eventStatistics(of: "echo").pending == 0)
        }
    }

    @Test("events still queued when the local Lambda stops are cancelled, not left running")
    func stopCancels() async throws {
        var held: LocalLambda?
        try await Self.withLocalLambda(reserved: 0, maximumEventAge: .seconds(3600)) { local in
            held = local
            try local.invokeEvent(functionName: "echo", payload: Array("1".utf8))
            #expect(local.eventStatistics(of: "echo").pending == 1)
        }
        let local = try #require(held)
        #expect(try await Self.eventually { local.eventStatistics(of: "echo").pending == 0 })
        #expect(local.eventStatistics(of: "echo").dropped == 1)
    }

    @Test("lambda:invoke with InvocationType Event goes on at once with 202; DryRun answers 204; another value fails the step")
    func engineInvocationTypes() async throws {
        try await Self.withLocalLambda { local in
            try await withTestEngine { engine, _ in
                engine.addTaskDispatcher(local)
                let definition = """
                    {"StartAt": "Event", "States": {
                      "Event": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Parameters": {"FunctionName": "echo", "InvocationType": "Event", "Payload.$": "$"},
                                "ResultPath": "$.event", "Next": "DryRun"},
                      "DryRun": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                 "Parameters": {"FunctionName": "echo", "InvocationType": "DryRun"}, "ResultPath": "$.dry", "Next": "Bad"},
                      "Bad": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                              "Parameters": {"FunctionName": "echo", "InvocationType": "Later"},
                              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Done"}], "End": true},
                      "Done": {"Type": "Pass", "End": true}}}
                    """
                let done = try await engine.runToCompletion(definition: definition, input: #"{"n": 7}"#)
                #expect(done.status == .succeeded)
                let output = try json(done.output)
                #expect(output["event"]?["StatusCode"] == 202)
                #expect(output["event"]?["Payload"] == "")
                #expect(output["event"]?["ExecutedVersion"] == nil)
                #expect(output["dry"]?["StatusCode"] == 204)
                #expect(output["caught"]?["Error"] == "Lambda.ValidationException")
                #expect(output["caught"]?["Cause"]?.stringValue?.contains("Member must satisfy enum value set") == true)
                // The queued event runs after the step went on.
                #expect(try await Self.eventually { local.eventStatistics(of: "echo").succeeded == 1 })
                #expect(local.statistics(of: "echo").invocations == 1)
            }
        }
    }
}
