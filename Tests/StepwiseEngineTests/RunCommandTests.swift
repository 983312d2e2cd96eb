import StepFunctionsAPI
import Foundation
import TestChildProcess
import Testing

/// `stepwise run` end to end: the built binary on a temporary database.
@Suite("stepwise run")
struct RunCommandTests {
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = URL(fileURLWithPath: try CrashRecoveryTests.helperPath()).deletingLastPathComponent()
            .appendingPathComponent("stepwise")
        let result = try await ChildProcess.run(binary.path, arguments: arguments)
        return (result.status, result.output, result.error)
    }

    static func write(_ text: String) throws -> String {
        let path = temporaryDatabasePath("definition").replacingOccurrences(of: ".sqlite", with: ".asl.json")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func printsOutputAndHistory() async throws {
        let file = try Self.write("""
            {"StartAt": "Greet", "States": {"Greet": {"Type": "Pass",
              "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}, "End": true}}}
            """)
        let db = temporaryDatabasePath()
        let plain = try await Self.run(["run", file, "--input", #"{"name": "World"}"#, "--db", db])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains(#""greeting" : "Hello, World!""#) || plain.stdout.contains(#""greeting": "Hello, World!""#))
        let inputFile = try Self.write(#"{"name": "File"}"#)
        let history = try await Self.run(["run", file, "--input", "@" + inputFile, "--db", db, "--history"])
        #expect(history.status == 0)
        #expect(history.stdout.contains(#""type":"ExecutionStarted""#))
        #expect(history.stdout.contains(#""type":"ExecutionSucceeded""#))
        #expect(history.stdout.contains("Hello, File!"))
    }

    @Test func failedExecutionPrintsErrorAndCauseAndExitsOne() async throws {
        let file = try Self.write(#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Oops", "Cause": "it failed"}}}"#)
        let result = try await Self.run(["run", file, "--db", temporaryDatabasePath()])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Oops"))
        #expect(result.stderr.contains("it failed"))
    }

    @Test func taskStatesWithoutWorkersFailFast() async throws {
        let file = try Self.write("""
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work", "End": true}}}
            """)
        let result = try await Self.run(["run", file, "--db", temporaryDatabasePath()])
        #expect(result.status == 1)
        #expect(result.stderr.contains("need workers"))
        #expect(result.stderr.contains("activity:work"))
    }
}
