import Foundation
import TestChildProcess
import Testing

/// `stepwise validate`: output formats and exit codes, by running the built binary.
@Suite struct ValidateCommandTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pizza = repository.appendingPathComponent("Examples/definitions/pizza.asl.json").path

    @Test func validFilePrintsValidAndExitsZero() async throws {
        let result = try await Stepwise.run(["validate", Self.pizza])
        #expect(result.status == 0)
        #expect(result.output == "\(Self.pizza): valid\n")
        #expect(result.error.isEmpty)
    }

    @Test func invalidFilePrintsEachDiagnosticAndExitsOne() async throws {
        let file = try TemporaryFile(#"{"StartAt": "Bake", "States": {"Bake": {"Type": "Pass", "Next": "Serve", "Foo": 1}}}"#)
        let result = try await Stepwise.run(["validate", file.path])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(file.path): ERROR MISSING_TRANSITION_TARGET at /States/Bake/Next: Missing 'Next' target: Serve"))
        #expect(lines.contains("\(file.path): ERROR SCHEMA_VALIDATION_FAILED at /States/Bake: Field 'Foo' is not supported"))
        #expect(!lines.contains("\(file.path): valid"))
    }

    @Test func warningsAloneDoNotFail() async throws {
        let file = try TemporaryFile(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x": "$.x"}, "End": true}}}"#)
        let result = try await Stepwise.run(["validate", file.path])
        #expect(result.status == 0)
        #expect(result.output.contains("WARNING NO_DOLLAR at /States/A/Parameters/x"))
        #expect(result.output.hasSuffix("\(file.path): valid\n"))
    }

    @Test func notJSONReportsLineAndColumn() async throws {
        let file = try TemporaryFile("{\n  \"StartAt\": \n}")
        let result = try await Stepwise.run(["validate", file.path])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("\(file.path): ERROR INVALID_JSON_DESCRIPTION at /: Invalid JSON: "))
        #expect(result.output.contains("line 3"))
    }

    @Test func anyInvalidFileFailsTheRun() async throws {
        let bad = try TemporaryFile("[]")
        let result = try await Stepwise.run(["validate", Self.pizza, bad.path])
        #expect(result.status == 1)
        #expect(result.output.contains("\(Self.pizza): valid"))
        #expect(result.output.contains("\(bad.path): ERROR SCHEMA_VALIDATION_FAILED at /"))
    }

    @Test func jsonFormat() async throws {
        let bad = try TemporaryFile(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#)
        let result = try await Stepwise.run(["validate", "--format", "json", Self.pizza, bad.path])
        #expect(result.status == 1)
        let decoded = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]
        let entries = try #require(decoded)
        #expect(entries.count == 2)
        #expect(entries[0]["file"] as? String == Self.pizza)
        #expect(entries[0]["valid"] as? Bool == true)
        #expect(entries[0]["result"] as? String == "OK")
        #expect(entries[1]["result"] as? String == "FAIL")
        #expect((entries[0]["diagnostics"] as? [Any])?.isEmpty == true)
        #expect(entries[1]["valid"] as? Bool == false)
        let diagnostics = try #require(entries[1]["diagnostics"] as? [[String: String]])
        #expect(
            diagnostics.contains {
                $0 == [
                    "severity": "ERROR", "code": "MISSING_TRANSITION_TARGET", "location": "/States/A/Next",
                    "message": "Missing 'Next' target: B",
                ]
            })
    }

    /// The JSON output writes each location as the API answers it: the whole document at `/`, none for a workflow
    /// without a terminal state.
    @Test func jsonLocationsAreTheAPIs() async throws {
        let definition = #"{"Coment": "x", "StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}"#
        let result = try await Stepwise.run(["validate", "--format", "json", "-"], input: definition)
        #expect(result.status == 1)
        let decoded = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]
        let diagnostics = try #require(decoded?.first?["diagnostics"] as? [[String: String]])
        #expect(diagnostics.contains { $0["message"] == "Field 'Coment' is not supported" && $0["location"] == "/" })
        #expect(diagnostics.contains { $0["code"] == "MISSING_END_STATE" && $0["location"] == nil })
    }

    @Test(arguments: [
        (["validate"], "no files given"),
        (["validate", "--format", "yaml", "x.json"], "unknown format 'yaml'"),
        (["validate", "--strict", "x.json"], "unknown option '--strict'"),
    ])
    func usageErrorsExitTwo(_ arguments: [String], _ message: String) async throws {
        let result = try await Stepwise.run(arguments)
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error.contains(message))
        #expect(result.error.contains("Usage: stepwise validate"))
    }

    @Test func dashReadsStandardInput() async throws {
        let pizza = try String(contentsOfFile: Self.pizza, encoding: .utf8)
        let result = try await Stepwise.run(["validate", "-"], input: pizza)
        #expect(result.status == 0)
        #expect(result.output == "-: valid\n")
    }

    @Test func bytesThatAreNotUTF8AreInvalidJSON() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).json").path
        try Data([0xFF, 0xFE, 0x7B]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await Stepwise.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.output == "\(path): ERROR INVALID_JSON_DESCRIPTION at /: Invalid JSON: the definition is not UTF-8 text\n")
    }

    @Test func directoryIsAUsageError() async throws {
        let result = try await Stepwise.run(["validate", Self.repository.path])
        #expect(result.status == 2)
        #expect(result.error.contains("\(Self.repository.path): cannot read file: is a directory"))
    }

    @Test func unreadableFileExitsTwoAndStillChecksTheOthers() async throws {
        let missing = Self.repository.appendingPathComponent("no-such-file.asl.json").path
        let result = try await Stepwise.run(["validate", missing, Self.pizza])
        #expect(result.status == 2)
        #expect(result.output == "\(Self.pizza): valid\n")
        #expect(result.error.contains("\(missing): cannot read file: no such file"))
    }
}

/// Runs the `stepwise` executable built next to the test bundle.
enum Stepwise {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func executable() throws -> URL {
        var directories: [URL] = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        directories += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: resolved).deletingLastPathComponent())
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("stepwise")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "stepwise next to the test bundle"])
    }

    static func run(_ arguments: [String], input: String? = nil) async throws -> Result {
        let run = try await ChildProcess.run(try executable().path, arguments: arguments, input: Data((input ?? "").utf8))
        return Result(status: run.status, output: run.output, error: run.error)
    }
}

/// A file in the temporary directory, removed when the value goes away.
final class TemporaryFile {
    let path: String

    init(_ contents: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).asl.json").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
