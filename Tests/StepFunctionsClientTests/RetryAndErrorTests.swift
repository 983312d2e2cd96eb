import AsyncHTTPClient
import Foundation
import Logging
import StepFunctionsAPI
import Synchronization
import Testing

@testable import StepFunctionsClient

/// The backoffs a client would have slept.
final class SleepLog: Sendable {
    private let log = Mutex<[Duration]>([])
    var durations: [Duration] { log.withLock { $0 } }
    func append(_ duration: Duration) { log.withLock { $0.append(duration) } }
}

/// A client for `endpoint` with fixed credentials, recorded (not slept) backoffs and jitter 1 (the full backoff).
func makeClient(
    _ endpoint: String, retry: RetryConfiguration = .init(), requestTimeout: Duration = .seconds(10),
    longPollTimeout: Duration = .seconds(65), sleeps: SleepLog = SleepLog()
) -> StepFunctionsClient {
    let configuration = StepFunctionsClientConfiguration(
        endpoint: endpoint, region: "us-east-1",
        credentials: StaticCredentialProvider(.init(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
        retry: retry, requestTimeout: requestTimeout, longPollTimeout: longPollTimeout)
    return StepFunctionsClient(
        configuration: configuration, httpClient: .shared, logger: Logger(label: "test.client"),
        sleep: { sleeps.append($0) }, jitter: { 1 })
}

@Suite("Error parsing, AWS standard retries, and the wire format")
struct RetryAndErrorTests {
    @Test(
        "error bodies: __type with namespace or suffix, message or Message, x-amzn-ErrorType, non-JSON bodies",
        arguments: [
            (400, #"{"__type":"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist","message":"Execution Does Not Exist: 'x'"}"#, nil,
             "ExecutionDoesNotExist", "Execution Does Not Exist: 'x'"),
            (400, #"{"__type":"InvalidArn:http://internal.amazon.com/coral/com.amazonaws.swf.service.v2.model/","Message":"Invalid Arn"}"#, nil,
             "InvalidArn", "Invalid Arn"),
            (400, #"{"__type":"StateMachineDoesNotExist","message":"m"}"#, nil, "StateMachineDoesNotExist", "m"),
            (400, "", "ThrottlingException:http://internal", "ThrottlingException", "HTTP 400"),
            (502, "<html>Bad Gateway</html>", nil, "InternalFailure", "HTTP 502: <html>Bad Gateway</html>"),
            (429, "", nil, "TooManyRequestsException", "HTTP 429"),
        ] as [(Int, String, String?, String, String)])
    func parsesErrors(status: Int, body: String, header: String?, code: String, message: String) {
        let error = StepFunctionsClient.serviceError(status: status, body: Array(body.utf8), errorTypeHeader: header)
        #expect(error.code.rawValue == code)
        #expect(error.message == message)
        #expect(error.httpStatus == status)
    }

    @Test("backoff: full jitter of 1 s × 2^n, capped at 20 s")
    func backoff() {
        let retry = RetryConfiguration()
        #expect(retry.backoff(beforeRetry: 1, jitter: 1) == .seconds(1))
        #expect(retry.backoff(beforeRetry: 2, jitter: 1) == .seconds(2))
        #expect(retry.backoff(beforeRetry: 3, jitter: 0.5) == .seconds(2))
        #expect(retry.backoff(beforeRetry: 6, jitter: 1) == .seconds(20))
        #expect(retry.backoff(beforeRetry: 2, jitter: 0) == .zero)
    }

    @Test("retry quota: 5 per retry, 10 after a timeout, refunds on success, never above capacity")
    func quota() async {
        let quota = RetryQuota(capacity: 12)
        #expect(await quota.acquire(10))
        #expect(await !quota.acquire(5))
        await quota.recordSuccess(lastRetryCost: 10)
        #expect(await quota.available == 12)
        await quota.recordSuccess(lastRetryCost: 0)
        #expect(await quota.available == 12)
    }

    @Test("classification: throttling codes and 429, transient codes and 5xx; client errors are not retried")
    func classification() {
        #expect(RetryClass(StepFunctionsError(.throttlingException, "")) == .throttling)
        #expect(RetryClass(StepFunctionsError(.init(rawValue: "RequestLimitExceeded"), "")) == .throttling)
        #expect(RetryClass(StepFunctionsError(.serviceUnavailable, "")) == .transient)
        var gateway = StepFunctionsError.Code(rawValue: "Whatever")
        gateway.httpStatus = 504
        #expect(RetryClass(StepFunctionsError(gateway, "")) == .transient)
        #expect(RetryClass(StepFunctionsError(.executionDoesNotExist, "")) == nil)
        #expect(RetryClass(StepFunctionsError(.invalidArn, "")) == nil)
    }

    static let throttled = ScriptedServer.Answer(
        status: 400, body: #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#, headers: ["Content-Type": "application/x-amz-json-1.0"])

    @Test("throttling, then a 503, then success: 3 attempts with 1 s and 2 s backoffs, a signed AWS JSON 1.0 request")
    func retriesThenSucceeds() async throws {
        let server = ScriptedServer([
            "/": [Self.throttled, .init(status: 503, body: ""), .init(status: 200, body: #"{"activityArn":"arn:aws:states:us-east-1:123456789012:activity:a","creationDate":1700000000.5}"#)]
        ])
        let sleeps = SleepLog()
        try await server.run { url in
            let output = try await makeClient(url, sleeps: sleeps).createActivity(.init(name: "a"))
            #expect(output.activityArn == "arn:aws:states:us-east-1:123456789012:activity:a")
            #expect(output.creationDate == Date(timeIntervalSince1970: 1_700_000_000.5))
        }
        #expect(sleeps.durations == [.seconds(1), .seconds(2)])
        let requests = server.received
        #expect(requests.count == 3)
        let first = try #require(requests.first)
        #expect(first.method == "POST")
        #expect(first.headers["x-amz-target"] == "AWSStepFunctions.CreateActivity")
        #expect(first.headers["content-type"] == "application/x-amz-json-1.0")
        #expect(first.headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true)
        #expect(first.headers["authorization"]?.contains("/us-east-1/states/aws4_request") == true)
        #expect(first.body == #"{"name":"a"}"#)
    }

    @Test("after max attempts the last typed error is thrown and can be caught by code")
    func givesUp() async throws {
        let server = ScriptedServer(["/": [Self.throttled]])
        try await server.run { url in
            do {
                _ = try await makeClient(url).listActivities(.init())
                Issue.record("expected ThrottlingException")
            } catch StepFunctionsError.Code.throttlingException {
            }
        }
        #expect(server.received.count == 3)
    }

    @Test("client errors are not retried; an empty quota stops retries")
    func noRetry() async throws {
        let server = ScriptedServer([
            "/": [.init(status: 400, body: #"{"__type":"InvalidArn","message":"Invalid Arn: 'x'"}"#)]
        ])
        try await server.run { url in
            await #expect(throws: StepFunctionsError(.invalidArn, "Invalid Arn: 'x'")) {
                // A request that times out is retried (a transport error): a loaded CI machine once took over the
                // default 10 s to answer here, so the wait is long enough that only the answer's class decides.
                try await makeClient(url, requestTimeout: .seconds(60)).describeExecution(.init(executionArn: "x"))
            }
        }
        #expect(server.received.count == 1)

        let throttling = ScriptedServer(["/": [Self.throttled]])
        try await throttling.run { url in
            let client = makeClient(url, retry: .init(quotaCapacity: 5), requestTimeout: .seconds(60))
            await #expect(throws: StepFunctionsError.self) { try await client.listActivities(.init()) }
        }
        #expect(throttling.received.count == 2)
    }

    @Test("a timed-out call is retried, a timed-out GetActivityTask is not (the task may have been handed out)")
    func timeouts() async throws {
        let slow = ScriptedServer.Answer(status: 200, body: "{}", delay: .seconds(2))
        let server = ScriptedServer(["/": [slow]])
        try await server.run { url in
            let client = makeClient(url, requestTimeout: .milliseconds(300), longPollTimeout: .milliseconds(300))
            let listError = await #expect(throws: StepFunctionsTransportError.self) { try await client.listActivities(.init()) }
            #expect(listError?.isTimeout == true)
            #expect(server.received.count == 3)
            let pollError = await #expect(throws: StepFunctionsTransportError.self) {
                try await client.getActivityTask(.init(activityArn: "arn:aws:states:us-east-1:123456789012:activity:a"))
            }
            #expect(pollError?.operation == .getActivityTask)
            #expect(server.received.count == 4)
        }
    }

    @Test("StartExecution without a name gets a UUID name, the same on every attempt")
    func startExecutionIsIdempotent() async throws {
        let server = ScriptedServer([
            "/": [
                Self.throttled,
                .init(status: 200, body: #"{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:m:x","startDate":1700000000}"#),
            ]
        ])
        try await server.run { url in
            _ = try await makeClient(url).startExecution(
                .init(stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m"))
        }
        let names = server.received.map { try? JSONDecoder().decode(StartExecutionInput.self, from: Data($0.body.utf8)).name }
        #expect(names.count == 2)
        #expect(names[0] != nil && names[0] == names[1])
        #expect(names[0].flatMap(UUID.init(uuidString:)) != nil)
    }

    @Test("a refused connection is a transport error, not a service error")
    func connectionRefused() async throws {
        // AsyncHTTPClient keeps trying to connect until the deadline, so the deadline is short here.
        let client = makeClient("http://127.0.0.1:1", requestTimeout: .milliseconds(500))
        let error = await #expect(throws: StepFunctionsTransportError.self) { try await client.listStateMachines(.init()) }
        #expect(error?.isTimeout == false)
        #expect(error.map { "\($0)".contains("wJalrXUtnFEMI") } == false)
    }
}

@Suite("GetActivityTask and cancellation")
struct LongPollCancellationTests {
    @Test("a poll whose caller is cancelled still returns the task it received (it is never dropped)")
    func cancelledPollKeepsTask() async throws {
        let answer = ScriptedServer.Answer(status: 200, body: #"{"taskToken":"tok-1","input":"{}"}"#, delay: .milliseconds(500))
        let server = ScriptedServer(["/": [answer]])
        try await server.run { url in
            let client = makeClient(url)
            let poll = Task { try await client.getActivityTask(.init(activityArn: "arn:aws:states:us-east-1:123456789012:activity:a")) }
            try await Task.sleep(for: .milliseconds(100))
            poll.cancel()
            let output = try await poll.value
            #expect(output.taskToken == "tok-1")
        }
    }
}

/// Hands out new temporary credentials (`token-1`, `token-2`, ...) on every resolution.
final class CountingCredentialProvider: AWSCredentialProvider {
    private let count = Mutex(0)

    func resolve() async throws -> ExpiringCredentials? {
        let n = count.withLock { $0 += 1; return $0 }
        return ExpiringCredentials(.init(accessKeyId: "ASIA\(n)", secretAccessKey: "secret-\(n)", sessionToken: "token-\(n)"))
    }
}

@Suite("Expired credentials")
struct ExpiredCredentialTests {
    @Test("ExpiredTokenException: the chain resolves new credentials and the retry is signed with them")
    func refreshesAfterExpiredToken() async throws {
        let server = ScriptedServer([
            "/": [
                .init(status: 400, body: #"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#),
                .init(status: 200, body: #"{"activities":[]}"#),
            ]
        ])
        try await server.run { url in
            let configuration = StepFunctionsClientConfiguration(
                endpoint: url, region: "us-east-1", credentials: CredentialChain(providers: [CountingCredentialProvider()]))
            let client = StepFunctionsClient(
                configuration: configuration, httpClient: .shared, logger: .init(label: "test"), sleep: { _ in }, jitter: { 0 })
            let output = try await client.listActivities(.init())
            #expect(output.activities.isEmpty)
        }
        let tokens = server.received.map { $0.headers["x-amz-security-token"] }
        #expect(tokens == ["token-1", "token-2"])
        #expect(server.received.last?.headers["authorization"]?.contains("Credential=ASIA2/") == true)
    }
}
