import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseLambda
import StepwiseTesting
import Testing

private let curlIsInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

/// The local Lambda keeps what a function's process writes per invocation, framed as Lambda's logs are (START, the
/// output of standard output and standard error in order, END, REPORT), and answers its last 4 KB for `LogType: Tail`.
@Suite("Local Lambda: invocation logs and LogType Tail", .enabled(if: curlIsInstalled), .serialized)
struct LambdaLogTests {
    static let script = """
        #!/bin/sh
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          HEADERS="$(mktemp)"
          EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 1
          ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)"
          rm -f "$HEADERS"
          echo "out: $EVENT"
          echo "err: $EVENT" >&2
          case "$EVENT" in
            *loud*) i=0; while [ $i -lt 300 ]; do echo "line $i of a long log"; i=$((i+1)); done ;;
          esac
          curl -sS -X POST -d '{"ok":true}' "$API/invocation/$ID/response" >/dev/null
        done
        """

    static func withFunction(_ body: (LocalLambda) async throws -> Void) async throws {
        try await LambdaLocalTests.withBootstrap(script, local: LocalLambda(), function: { bootstrap, directory in
            LocalFunction(name: "talker", command: [bootstrap], workingDirectory: directory, handler: "x", timeoutSeconds: 60)
        }, body)
    }

    static func lines(_ log: [UInt8]?) -> [String] {
        String(decoding: log ?? [], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("each invocation's log has its own START, output in order, END and REPORT; a cold start reports its init duration")
    func framedPerInvocation() async throws {
        try await Self.withFunction { local in
            let first = try await local.invoke(functionName: "talker", payload: Array(#"{"n":1}"#.utf8))
            let lines = Self.lines(first.log)
            #expect(lines.first == "START RequestId: \(first.requestId) Version: $LATEST")
            #expect(lines.contains(#"out: {"n":1}"#))
            #expect(lines.contains(#"err: {"n":1}"#))
            let out = try #require(lines.firstIndex(of: #"out: {"n":1}"#))
            let err = try #require(lines.firstIndex(of: #"err: {"n":1}"#))
            #expect(out < err)
            let end = try #require(lines.firstIndex(of: "END RequestId: \(first.requestId)"))
            let report = lines[end + 1]
            #expect(report.hasPrefix("REPORT RequestId: \(first.requestId)\tDuration: "))
            #expect(report.contains("\tMemory Size: 128 MB\t"))
            #expect(report.contains("\tMax Memory Used: "))
            #expect(report.contains("\tInit Duration: "))

            let second = try await local.invoke(functionName: "talker", payload: Array(#"{"n":2}"#.utf8))
            let again = Self.lines(second.log)
            #expect(!second.coldStart)
            #expect(again.first == "START RequestId: \(second.requestId) Version: $LATEST")
            #expect(!again.contains(#"out: {"n":1}"#))
            #expect(again.contains(#"out: {"n":2}"#))
            #expect(again.first { $0.hasPrefix("REPORT") }?.contains("Init Duration") == false)
        }
    }

    @Test("the tail is the last 4 KB of the log, base64-encoded")
    func tailIsTheLastFourKilobytes() async throws {
        try await Self.withFunction { local in
            let result = try await local.invoke(functionName: "talker", payload: Array(#""loud""#.utf8))
            let log = try #require(result.log)
            #expect(log.count > 4096)
            let encoded = try #require(result.logTail)
            let tail = try #require(Data(base64Encoded: encoded))
            #expect(tail.count == 4096)
            #expect(Array(tail) == Array(log.suffix(4096)))
            #expect(String(decoding: tail, as: UTF8.self).contains("line 299 of a long log\nEND RequestId: \(result.requestId)\nREPORT"))
        }
    }

    @Test("a lambda:invoke step with LogType Tail has LogResult in its output; without it, none")
    func engineLogResult() async throws {
        try await Self.withFunction { local in
            try await withTestEngine { engine, _ in
                engine.addTaskDispatcher(local)
                let definition = """
                    {"StartAt": "Tail", "States": {
                      "Tail": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                               "Parameters": {"FunctionName": "talker", "LogType": "Tail", "Payload": {"k": "v"}},
                               "ResultPath": "$.tail", "Next": "Plain"},
                      "Plain": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Parameters": {"FunctionName": "talker", "Payload": {}}, "ResultPath": "$.plain", "End": true}}}
                    """
                let done = try await engine.runToCompletion(definition: definition, input: "{}")
                #expect(done.status == .succeeded)
                let output = try json(done.output)
                let encoded = try #require(output["tail"]?["LogResult"]?.stringValue)
                let decoded = try #require(Data(base64Encoded: encoded))
                let text = String(decoding: decoded, as: UTF8.self)
                #expect(text.contains(#"out: {"k":"v"}"#))
                #expect(text.contains("REPORT RequestId: "))
                #expect(output["plain"]?["LogResult"] == nil)
            }
        }
    }
}
