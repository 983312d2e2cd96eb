import StepFunctionsAPI
import Foundation
import OrderedCollections
import StatesLanguage
import StepwiseEngine
import StepwiseLambda
import StepwiseTesting
import Testing

private let curlIsInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

/// The local Lambda with a `bootstrap` that is a shell script talking to the Runtime API with curl (an independent
/// Runtime API client): results, errors, warm reuse, cold starts, timeouts, crashes, throttling, and Lambda Task
/// states of the engine running on it.
@Suite("Local Lambda: a curl bootstrap behind the Runtime API emulation", .enabled(if: curlIsInstalled), .serialized)
struct LambdaLocalTests {
    static let script = """
        #!/bin/sh
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          HEADERS="$(mktemp)"
          EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 1
          ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)"
          rm -f "$HEADERS"
          case "$EVENT" in
            *fail*) curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Pizza.Burnt" \\
                      -d '{"errorType":"Pizza.Burnt","errorMessage":"too hot"}' "$API/invocation/$ID/error" >/dev/null ;;
            *sleep*) sleep 30 ;;
            *crash*) exit 3 ;;
            *) curl -sS -X POST -d "{\\"echo\\":$EVENT,\\"pid\\":$$,\\"handler\\":\\"$_HANDLER\\"}" "$API/invocation/$ID/response" >/dev/null ;;
          esac
        done
        """

    /// Writes the bootstrap, runs a local Lambda with it as function `echo`, and calls `body`. The timeout, counted from
    /// the invocation (a cold start's process start included), is a minute unless a test is about timeouts: CI runs
    /// hundreds of tests at once on two cores, and a whole test process has been seen to stall for 12 seconds there.
    static func withLocalLambda(
        timeout: Int = 60, reserved: Int? = nil, _ body: (LocalLambda) async throws -> Void
    ) async throws {
        try await withBootstrap(script, local: LocalLambda(), function: { bootstrap, directory in
            LocalFunction(
                name: "echo", command: [bootstrap], workingDirectory: directory, handler: "echo.handler",
                timeoutSeconds: timeout, reservedConcurrency: reserved)
        }, body)
    }

    /// Writes `script` as an executable `bootstrap` in a fresh directory, adds the function `function` makes of it
    /// (given the bootstrap's path and the directory) to `local`, runs `local` while `body` runs, then stops it.
    static func withBootstrap(
        _ script: String, local: LocalLambda, function: (_ bootstrap: String, _ directory: String) -> LocalFunction,
        _ body: (LocalLambda) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-lambda-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bootstrap = directory.appendingPathComponent("bootstrap")
        try script.write(to: bootstrap, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bootstrap.path)
        local.putFunction(function(bootstrap.path, directory.path))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await local.run() }
            _ = await local.port()
            do {
                try await body(local)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    static func decode(_ bytes: [UInt8]) throws -> JSONValue { try JSONValue(parsing: String(decoding: bytes, as: UTF8.self)) }

    @Test("a result comes back; the second invocation reuses the warm process (one cold start)")
    func warmReuse() async throws {
        try await Self.withLocalLambda { local in
            let first = try await local.invoke(functionName: "echo", payload: Array(#"{"n":1}"#.utf8))
            #expect(first.functionError == nil, "\(String(decoding: first.payload, as: UTF8.self))")
            #expect(first.coldStart)
            let firstBody = try Self.decode(first.payload)
            #expect(firstBody["echo"] == ["n": 1])
            #expect(firstBody["handler"] == "echo.handler")
            let second = try await local.invoke(
                functionName: "arn:aws:lambda:us-east-1:123456789012:function:echo", payload: Array(#"{"n":2}"#.utf8))
            #expect(!second.coldStart)
            #expect(try Self.decode(second.payload)["pid"] == firstBody["pid"])
            #expect(local.statistics(of: "echo") == (invocations: 2, coldStarts: 1))
        }
    }

    @Test("a function error keeps its errorType; a crash is Runtime.ExitError; a missing function is ResourceNotFoundException")
    func errors() async throws {
        try await Self.withLocalLambda { local in
            let failed = try await local.invoke(functionName: "echo", payload: Array(#""fail""#.utf8))
            #expect(failed.functionError == "Unhandled")
            #expect(try Self.decode(failed.payload)["errorType"] == "Pizza.Burnt")
            let crashed = try await local.invoke(functionName: "echo", payload: Array(#""crash""#.utf8))
            #expect(try Self.decode(crashed.payload)["errorType"] == "Runtime.ExitError")
            #expect(try Self.decode(crashed.payload)["errorMessage"]?.stringValue?.hasSuffix("exit status 3") == true)
            await #expect(throws: LocalLambdaError.notFound("nope")) { try await local.invoke(functionName: "nope", payload: []) }
            let tooLarge = [UInt8](repeating: 0x20, count: LocalLambda.maxPayloadBytes + 1)
            await #expect(throws: LocalLambdaError.requestTooLarge(tooLarge.count)) {
                try await local.invoke(functionName: "echo", payload: tooLarge)
            }
        }
    }

    @Test("an invocation over its timeout fails with Sandbox.Timedout and its process is stopped")
    func timeout() async throws {
        try await Self.withLocalLambda(timeout: 1) { local in
            let timedOut = try await local.invoke(functionName: "echo", payload: Array(#""sleep""#.utf8))
            let document = try Self.decode(timedOut.payload)
            #expect(document["errorType"] == "Sandbox.Timedout")
            #expect(document["errorMessage"]?.stringValue?.hasSuffix("Task timed out after 1.00 seconds") == true)
            let after = try await local.invoke(functionName: "echo", payload: Array("3".utf8))
            #expect(after.coldStart)
            #expect(try Self.decode(after.payload)["echo"] == 3)
        }
    }

    /// A bootstrap that initialises for `seconds` before its first request, then answers each invocation with the
    /// milliseconds its deadline header left it.
    static func slowInit(_ seconds: Int) -> String {
        """
            #!/bin/sh
            sleep \(seconds)
            API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
            while true; do
              HEADERS="$(mktemp)"
              curl -sS -D "$HEADERS" -o /dev/null "$API/invocation/next" || exit 1
              NOW="$(date +%s%3N)"
              ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)"
              DEADLINE="$(grep -i '^Lambda-Runtime-Deadline-Ms:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)"
              rm -f "$HEADERS"
              curl -sS -X POST -d "{\\"remaining\\":$((DEADLINE - NOW))}" "$API/invocation/$ID/response" >/dev/null
            done
            """
    }

    @Test("a cold start's Init does not count against the timeout: the deadline is the timeout from when the process takes the invocation")
    func initOutsideTheTimeout() async throws {
        // Init takes 4 s, the timeout is 3 s: on Lambda the invocation runs (Init has 10 s of its own).
        try await Self.withBootstrap(Self.slowInit(4), local: LocalLambda(), function: { bootstrap, directory in
            LocalFunction(name: "slow", command: [bootstrap], workingDirectory: directory, timeoutSeconds: 3)
        }) { local in
            let result = try await local.invoke(functionName: "slow", payload: Array("{}".utf8))
            #expect(result.functionError == nil, "\(String(decoding: result.payload, as: UTF8.self))")
            #expect(result.coldStart)
            let remaining = try #require(try Self.decode(result.payload)["remaining"]?.doubleValue)
            #expect(remaining > 1000 && remaining <= 3000, "\(remaining) ms left of a 3-second timeout")
        }
    }

    @Test("an Init longer than its limit counts within the timeout: over it the invocation times out, within it it runs")
    func longInitCountsWithinTheTimeout() async throws {
        // Init takes 3 s against a limit of 1 s: the invocation may take 1 s + the timeout from when it was made.
        try await Self.withBootstrap(Self.slowInit(3), local: LocalLambda(initTimeout: .seconds(1)), function: { bootstrap, directory in
            LocalFunction(name: "short", command: [bootstrap], workingDirectory: directory, timeoutSeconds: 1)
        }) { local in
            let timedOut = try await local.invoke(functionName: "short", payload: Array("{}".utf8))
            #expect(try Self.decode(timedOut.payload)["errorType"] == "Sandbox.Timedout")
        }
        try await Self.withBootstrap(Self.slowInit(3), local: LocalLambda(initTimeout: .seconds(1)), function: { bootstrap, directory in
            LocalFunction(name: "long", command: [bootstrap], workingDirectory: directory, timeoutSeconds: 30)
        }) { local in
            let result = try await local.invoke(functionName: "long", payload: Array("{}".utf8))
            #expect(result.functionError == nil, "\(String(decoding: result.payload, as: UTF8.self))")
            // 1 + 30 s from the invocation, about 3 s of which Init took.
            let remaining = try #require(try Self.decode(result.payload)["remaining"]?.doubleValue)
            #expect(remaining > 20_000 && remaining <= 28_500, "\(remaining) ms left")
        }
    }

    @Test("memory size limits the process: allocating 300 MB fails under 128 MB and works under 1024 MB")
    func memoryLimit() async throws {
        try await Self.withLocalLambda { local in
            // The function allocates 300 MB, then exits 7 without answering (an exit Lambda reports as Runtime.ExitError);
            // over its limit the allocation fails first (Python's MemoryError: exit status 1).
            let hog = ["/bin/sh", "-c", "exec python3 -c 'import sys; b = bytearray(300 << 20); sys.exit(7)'"]
            // A generous timeout: starting Python and touching 300 MB takes seconds on a loaded machine.
            local.putFunction(LocalFunction(name: "small", command: hog, timeoutSeconds: 120, memorySize: 128))
            local.putFunction(LocalFunction(name: "large", command: hog, timeoutSeconds: 120, memorySize: 1024))
            let small = try Self.decode(try await local.invoke(functionName: "small", payload: Array("{}".utf8)).payload)
            #expect(small["errorType"] == "Runtime.ExitError")
            #expect(small["errorMessage"]?.stringValue?.hasSuffix("exit status 1") == true)
            let large = try Self.decode(try await local.invoke(functionName: "large", payload: Array("{}".utf8)).payload)
            #expect(large["errorMessage"]?.stringValue?.hasSuffix("exit status 7") == true)
        }
    }

    @Test("an invocation that arrives before the Runtime API listens waits for it (a server starting up)")
    func invokeBeforeListening() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-lambda-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bootstrap = directory.appendingPathComponent("bootstrap")
        try Self.script.write(to: bootstrap, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bootstrap.path)
        let local = LocalLambda()
        local.putFunction(LocalFunction(name: "early", command: [bootstrap.path], timeoutSeconds: 60))
        let result = try await withThrowingTaskGroup(of: LocalInvocationResult?.self) { group in
            group.addTask { try await local.invoke(functionName: "early", payload: Array("5".utf8)) }
            group.addTask {
                try await local.run()
                return nil
            }
            var answer: LocalInvocationResult?
            while let next = try await group.next() {
                if let next {
                    answer = next
                    break
                }
            }
            group.cancelAll()
            return answer
        }
        #expect(try Self.decode(try #require(result).payload)["echo"] == 5)
    }

    @Test("reserved concurrency 0 throttles every invocation with TooManyRequestsException")
    func throttled() async throws {
        try await Self.withLocalLambda(reserved: 0) { local in
            await #expect(throws: LocalLambdaError.throttled) { try await local.invoke(functionName: "echo", payload: Array("1".utf8)) }
        }
    }

    @Test("the engine runs both Lambda Task forms on the local Lambda: lambda:invoke's output shape, a function ARN's payload, errors by name")
    func engineTasks() async throws {
        try await Self.withLocalLambda { local in
            try await withTestEngine { engine, _ in
                engine.addTaskDispatcher(local)
                let definition = """
                    {"StartAt": "Invoke", "States": {
                      "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                 "Parameters": {"FunctionName": "echo", "Payload.$": "$"}, "ResultPath": "$.invoked", "Next": "Direct"},
                      "Direct": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                                 "InputPath": "$.invoked.Payload.echo", "ResultPath": "$.direct", "Next": "Fail"},
                      "Fail": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                               "Parameters": {"FunctionName": "echo", "Payload": {"do": "fail"}},
                               "Catch": [{"ErrorEquals": ["Pizza.Burnt"], "ResultPath": "$.caught", "Next": "Done"}], "End": true},
                      "Done": {"Type": "Pass", "End": true}}}
                    """
                let done = try await engine.runToCompletion(definition: definition, input: #"{"n": 7}"#)
                #expect(done.status == .succeeded)
                let output = try json(done.output)
                #expect(output["invoked"]?["StatusCode"] == 200)
                #expect(output["invoked"]?["ExecutedVersion"] == "$LATEST")
                #expect(output["invoked"]?["Payload"]?["echo"] == ["n": 7])
                #expect(output["direct"]?["echo"] == ["n": 7])
                #expect(output["caught"]?["Error"] == "Pizza.Burnt")
                #expect(output["caught"]?["Cause"]?.stringValue?.contains("too hot") == true)
                let events = try engine.allHistory(executionArn: done.executionArn)
                let scheduled = events.first { $0.type.rawValue == "TaskScheduled" }
                #expect(scheduled?.details?["resourceType"] == "lambda")
                #expect(scheduled?.details?["resource"] == "invoke")
                // A function ARN as the Resource is recorded with AWS's LambdaFunction* events.
                let direct = types(events).filter { $0.hasPrefix("LambdaFunction") }
                #expect(direct == ["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"])
                let lambdaScheduled = events.first { $0.type.rawValue == "LambdaFunctionScheduled" }
                #expect(lambdaScheduled?.details?["resource"] == "arn:aws:lambda:us-east-1:123456789012:function:echo")
                #expect(lambdaScheduled?.details?["input"] == #"{"n":7}"#)
            }
        }
    }

    // LocalStack's test_lambda_task_service.snapshot.json (recorded against AWS), test_invoke, test_invoke_json_values and
    // test_invoke_unsupported_param: a string Payload is sent as the JSON text it holds, a null one as Lambda's {}; the
    // TaskScheduled parameters written FunctionName.$, Payload.$, LogType.$ (as in the recorded template) come out
    // FunctionName, LogType, Payload (see TemplateMemberOrder); the output's members are ordered.
    @Test("lambda:invoke sends a string Payload as its JSON text and a null one as {}, records parameters in AWS's order")
    func invokePayloadsAsRecorded() async throws {
        try await Self.withLocalLambda { local in
            try await withTestEngine { engine, _ in
                engine.addTaskDispatcher(local)
                let definition = """
                    {"StartAt": "Text", "States": {
                      "Text": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                               "Parameters": {"FunctionName": "echo", "Payload": "\\"HelloWorld\\""}, "ResultPath": "$.text", "Next": "Null"},
                      "Null": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                               "Parameters": {"FunctionName.$": "$.fn", "Payload.$": "$.payload", "LogType.$": "$.logType"},
                               "ResultPath": "$.null", "End": true}}}
                    """
                let done = try await engine.runToCompletion(
                    definition: definition, input: #"{"fn": "echo", "payload": null, "logType": "None"}"#)
                #expect(done.status == .succeeded)
                let output = try json(done.output)
                #expect(output["text"]?["Payload"]?["echo"] == "HelloWorld")
                #expect(output["null"]?["Payload"]?["echo"] == [:])
                #expect(output["null"]?.objectValue.map { Array($0.keys) } == [
                    "ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode",
                ])
                let events = try engine.allHistory(executionArn: done.executionArn)
                let scheduled = events.filter { $0.type.rawValue == "TaskScheduled" }.compactMap { $0.details?["parameters"]?.stringValue }
                #expect(scheduled.last == #"{"FunctionName":"echo","LogType":"None","Payload":null}"#)
            }
        }
    }
}
