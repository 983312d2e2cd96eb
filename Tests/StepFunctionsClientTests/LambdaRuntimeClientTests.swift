import Foundation
import StatesLanguage
import Stepwise
import Testing

/// The Lambda Runtime API client and the runtime loop against a fake Runtime API on loopback, as AWS documents
/// the API: next invocation with its headers, response, error (header and document), init error.
@Suite("Lambda Runtime API client")
struct LambdaRuntimeClientTests {
    static let next = "/2018-06-01/runtime/invocation/next"
    static let double = TaskFunction<Int, Int>("Double") { value, context in
        guard value >= 0 else { throw TaskFailure(error: "NegativeInput", cause: "\(value) is negative (\(context.taskToken))") }
        return value * 2
    }

    static func event(_ id: String, _ body: String) -> ScriptedServer.Answer {
        ScriptedServer.Answer(
            status: 200, body: body,
            headers: [
                "Lambda-Runtime-Aws-Request-Id": id, "Lambda-Runtime-Deadline-Ms": "1700000003000",
                "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:Double",
                "Lambda-Runtime-Trace-Id": "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700",
            ])
    }

    @Test("the runtime serves invocations in turn: a result is posted as the response, a TaskFailure as an error")
    func servesInvocations() async throws {
        let server = ScriptedServer([
            Self.next: [Self.event("req-1", "21"), Self.event("req-2", "-4"), Self.event("req-3", "{not json"),
                        ScriptedServer.Answer(status: 500, body: "stop")],
            "/2018-06-01/runtime/invocation/req-1/response": [.init(status: 202, body: #"{"status":"OK"}"#)],
            "/2018-06-01/runtime/invocation/req-2/error": [.init(status: 202, body: #"{"status":"OK"}"#)],
            "/2018-06-01/runtime/invocation/req-3/error": [.init(status: 202, body: #"{"status":"OK"}"#)],
        ])
        try await server.run { url in
            let api = try #require(URL(string: url).map { "\($0.host ?? ""):\($0.port ?? 0)" })
            let runtime = LambdaRuntime(client: LambdaRuntimeClient(runtimeAPI: api), handler: AnyTaskHandler(Self.double))
            await #expect(throws: LambdaRuntimeError.unexpectedStatus(500, "", "")) { try await runtime.run() }
        }
        let received = server.received
        #expect(received.map(\.path) == [
            Self.next, "/2018-06-01/runtime/invocation/req-1/response", Self.next, "/2018-06-01/runtime/invocation/req-2/error",
            Self.next, "/2018-06-01/runtime/invocation/req-3/error", Self.next,
        ])
        #expect(received[0].method == "GET")
        #expect(received[1].method == "POST")
        #expect(received[1].body == "42")
        #expect(received[3].headers["lambda-runtime-function-error-type"] == "NegativeInput")
        let document = try JSONValue(parsing: received[3].body)
        #expect(document["errorType"] == "NegativeInput")
        #expect(document["errorMessage"] == "-4 is negative (req-2)")
        #expect(document["stackTrace"] == [])
        #expect(try JSONValue(parsing: received[5].body)["errorType"] == "States.Runtime")
    }

    @Test("nextInvocation reads the documented headers; a next without a request id is an error")
    func invocationHeaders() async throws {
        let server = ScriptedServer([Self.next: [Self.event("abc", #"{"a":1}"#), .init(status: 200, body: "{}")]])
        try await server.run { url in
            let api = try #require(URL(string: url).map { "\($0.host ?? ""):\($0.port ?? 0)" })
            let client = LambdaRuntimeClient(runtimeAPI: api)
            let invocation = try await client.nextInvocation()
            #expect(invocation.requestId == "abc")
            #expect(invocation.deadlineMilliseconds == 1_700_000_003_000)
            #expect(invocation.invokedFunctionArn.hasSuffix(":function:Double"))
            #expect(invocation.traceId?.hasPrefix("Root=") == true)
            #expect(invocation.payload == Array(#"{"a":1}"#.utf8))
            await #expect(throws: LambdaRuntimeError.missingRequestId) { try await client.nextInvocation() }
        }
    }

    @Test("started by Lambda with a _HANDLER no placement has: an init error is posted, and the call throws")
    func initError() async throws {
        let server = ScriptedServer(["/2018-06-01/runtime/init/error": [.init(status: 202, body: "{}")]])
        try await server.run { url in
            let api = try #require(URL(string: url).map { "\($0.host ?? ""):\($0.port ?? 0)" })
            let placements: [Placement] = [.onLambda(Self.double), .onLambda(TaskFunction<Int, Int>("Other") { v, _ in v })]
            await #expect(throws: LambdaRuntimeError.noHandler("", known: [])) {
                try await LambdaRuntime.serveIfStartedByLambda(
                    placements, environment: ["AWS_LAMBDA_RUNTIME_API": api, "_HANDLER": "Missing"])
            }
        }
        let posted = try #require(server.received.first)
        #expect(posted.path == "/2018-06-01/runtime/init/error")
        #expect(posted.headers["lambda-runtime-function-error-type"] == "Runtime.HandlerNotFound")
        #expect(try JSONValue(parsing: posted.body)["errorMessage"]?.stringValue?.contains("Missing") == true)
    }

    @Test("not started by Lambda: serveIfStartedByLambda returns false at once, so the executable runs as a worker")
    func notUnderLambda() async throws {
        #expect(try await LambdaRuntime.serveIfStartedByLambda([.onLambda(Self.double)], environment: [:]) == false)
        #expect(!LambdaRuntime.isStartedByLambda(environment: ["AWS_LAMBDA_RUNTIME_API": ""]))
    }
}
