import ArgumentParser
import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// `stepwise validate FILE...`: checks state machine definitions the way AWS's ValidateStateMachineDefinition does.
///
/// Exit status: 0 when every file is valid (warnings alone do not fail), 1 when any file has an error, 2 on a usage
/// error: no files, an unknown option or format, or a file that cannot be read (the readable files are still
/// checked and reported).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate Amazon States Language definitions.",
        discussion: """
            Prints each file's diagnostics (`FILE: ERROR CODE at /path: message`) or `FILE: valid`.
            Exit status: 0 all valid (warnings allowed), 1 any invalid, 2 usage error or unreadable file.
            """
    )

    @Option(name: .long, help: "Output format: human or json.")
    var format: String = "human"

    /// Files to check. Unrecognized options land here too, so they can be reported with exit status 2.
    @Argument(parsing: .allUnrecognized, help: "ASL definition files (JSON); - reads standard input.")
    var files: [String] = []

    func run() throws {
        let outcome = Self.execute(files: files, format: format)
        if !outcome.standardOutput.isEmpty { print(outcome.standardOutput) }
        if !outcome.standardError.isEmpty {
            Console.err(outcome.standardError + "\n")
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    /// What one invocation prints and how it exits.
    struct Outcome: Equatable {
        var standardOutput = ""
        var standardError = ""
        var exitCode: Int32 = 0
    }

    /// One file's result.
    enum FileResult {
        case checked([Diagnostic])
        case unreadable(String)
    }

    /// Why a file could not be read.
    struct ReadError: Error {
        var reason: String
    }

    /// A file's bytes; `-` is standard input.
    static func readFile(_ path: String) throws(ReadError) -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw ReadError(reason: "is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError(reason: "permission denied") }
        return data
    }

    /// Validates `files` (`-` is standard input) and renders the results; `read` is injectable for tests.
    static func execute(
        files: [String], format: String, read: (String) throws(ReadError) -> Data = readFile
    ) -> Outcome {
        let usage = "Usage: stepwise validate [--format human|json] FILE..."
        guard format == "human" || format == "json" else {
            return Outcome(standardError: "Error: unknown format '\(format)' (expected human or json)\n\(usage)", exitCode: 2)
        }
        if let option = files.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            return Outcome(standardError: "Error: unknown option '\(option)'\n\(usage)", exitCode: 2)
        }
        guard !files.isEmpty else {
            return Outcome(standardError: "Error: no files given\n\(usage)", exitCode: 2)
        }
        let results: [(String, FileResult)] = files.map { file in
            do throws(ReadError) {
                return (file, .checked(StatesLanguageValidator.validate(bytes: try read(file))))
            } catch {
                return (file, .unreadable(error.reason))
            }
        }
        var outcome = Outcome()
        outcome.standardOutput = format == "json" ? renderJSON(results) : renderHuman(results)
        let unreadable = results.compactMap { file, result -> String? in
            if case .unreadable(let reason) = result { return "\(file): cannot read file: \(reason)" }
            return nil
        }
        if !unreadable.isEmpty {
            outcome.standardError = unreadable.joined(separator: "\n")
            outcome.exitCode = 2
        } else if results.contains(where: { if case .checked(let d) = $1 { !d.isValid } else { false } }) {
            outcome.exitCode = 1
        }
        return outcome
    }

    /// `file: SEVERITY CODE at /path: message` per diagnostic, then `file: valid` for a file without errors.
    static func renderHuman(_ results: [(String, FileResult)]) -> String {
        var lines: [String] = []
        for (file, result) in results {
            switch result {
            case .unreadable: continue
            case .checked(let diagnostics):
                lines += diagnostics.map { "\(file): \($0)" }
                if diagnostics.isValid { lines.append("\(file): valid") }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `[{"file", "result": "OK"|"FAIL", "valid", "diagnostics": [{"severity", "code", "location", "message"}]}]`,
    /// pretty-printed; `result` and the diagnostic fields are shaped like AWS's ValidateStateMachineDefinition output.
    static func renderJSON(_ results: [(String, FileResult)]) -> String {
        let entries: [JSONValue] = results.map { file, result in
            switch result {
            case .unreadable(let reason):
                return ["file": .string(file), "result": "FAIL", "valid": false, "error": .string(reason), "diagnostics": []]
            case .checked(let diagnostics):
                // each diagnostic as the API answers it: the whole document at `/`, no location for a JSON
                // syntax error or a missing end state
                let rendered: [JSONValue] = diagnostics.map {
                    var entry: JSONObject = ["severity": .string($0.severity.rawValue), "code": .string($0.code)]
                    if let location = ValidateStateMachineDefinitionDiagnostic($0).location { entry["location"] = .string(location) }
                    entry["message"] = .string($0.message)
                    return .object(entry)
                }
                return [
                    "file": .string(file), "result": diagnostics.isValid ? "OK" : "FAIL", "valid": .bool(diagnostics.isValid),
                    "diagnostics": .array(rendered),
                ]
            }
        }
        return JSONValue.array(entries).jsonString(.pretty)
    }
}
