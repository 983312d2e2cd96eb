import Foundation
import StatesLanguage

/// What a command reads from the user's files and options, with one-line errors that name the file and the reason
/// (never a Foundation error domain or an errno).
enum UserInput {
    /// The text of the file at `path` (`-`: standard input); `what` names it in errors ("definition file").
    /// - Throws: ``CommandFailure``: `cannot read the definition file PATH: no such file` (or `is a directory`,
    ///   `permission denied`, `not UTF-8 text`).
    static func text(of path: String, what: String) throws -> String {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("cannot read the \(what) from standard input: not UTF-8 text")
            }
            return text
        }
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("cannot read the \(what) \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure("cannot read the \(what) \(path): it is a directory") }
        // A FileHandle also reads pipes (`@<(command)`), which FileManager.contents(atPath:) refuses.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "it cannot be read" : "permission denied"
            throw CommandFailure("cannot read the \(what) \(path): \(reason)")
        }
        try? handle.close()
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("cannot read the \(what) \(path): not UTF-8 text")
        }
        return text
    }

    /// The JSON text of an option that takes `JSON` or `@FILE` (`--input`, `--task-output`), checked to be JSON.
    /// - Throws: ``CommandFailure``: `--input must be JSON or @FILE: ...`, or the file's error.
    static func json(_ argument: String, option: String) throws -> String {
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            let text = try Self.text(of: path, what: "\(option) file")
            do {
                _ = try JSONValue(parsing: text)
            } catch {
                throw CommandFailure("the \(option) file \(path) is not JSON: \(oneLine(error))")
            }
            return text
        }
        do {
            _ = try JSONValue(parsing: argument)
        } catch {
            throw CommandFailure("\(option) must be JSON or @FILE (a file holding JSON): \(oneLine(error))")
        }
        return argument
    }

    /// An error's description on one line.
    static func oneLine(_ error: any Error) -> String { ErrorLine.flatten("\(error)") }
}

/// The one line `stepwise` prints for a runtime failure (`error: MESSAGE` on standard error, exit status 1).
enum ErrorLine {
    /// A one-line message for any error a command can throw.
    ///
    /// - Parameter endpoint: the Step Functions endpoint the command called, when known, to name it.
    static func message(for error: any Error, endpoint: String? = nil) -> String {
        switch error {
        case let failure as CommandFailure:
            return flatten(failure.description)
        case let error as CocoaError:
            return fileMessage(error)
        default:
            break
        }
        let text = "\(error)"
        if let transport = transportMessage(text, endpoint: endpoint) { return transport }
        return flatten(text)
    }

    /// `cannot read PATH: no such file`, from a Foundation file error.
    static func fileMessage(_ error: CocoaError) -> String {
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.errorUserInfo[NSFilePathErrorKey] as? String
        let reason: String =
            switch error.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: "no such file"
            case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
            case .fileReadInapplicableStringEncoding: "not UTF-8 text"
            case .fileWriteOutOfSpace: "no space left on the device"
            default: "the file cannot be read (is it a directory?)"
            }
        return path.map { "cannot read \($0): \(reason)" } ?? "cannot read the file: \(reason)"
    }

    /// The client's "failed to reach the endpoint" and "timed out" errors, said plainly with the endpoint's URL.
    static func transportMessage(_ text: String, endpoint: String?) -> String? {
        let there = endpoint.map { " \($0)" } ?? ""
        if text.contains(" failed to reach the endpoint") {
            let lowered = text.lowercased()
            let reason =
                lowered.contains("refused") ? "connection refused"
                : lowered.contains("reset") ? "connection reset"
                : lowered.contains("resolve") || lowered.contains("lookup") ? "the host name does not resolve"
                : "no connection"
            return "the Step Functions endpoint\(there) does not answer (\(reason)): is the server running?"
        }
        if text.contains(" timed out: ") {
            let operation = text.components(separatedBy: " timed out").first ?? "the request"
            return "the Step Functions endpoint\(there) did not answer \(operation) in time"
        }
        return nil
    }

    /// The port of a `serve` that cannot listen: `cannot listen on HOST:PORT: the port is already in use`.
    static func listenMessage(_ error: any Error, host: String, port: Int) -> String? {
        let text = "\(error)"
        guard text.contains("bind(") || text.contains("errno") else { return nil }
        let reason: String
        if text.contains("Address already in use") || text.contains("errno: 98)") || text.contains("errno: 48)") {
            reason = "the port is already in use (another stepwise serve?); choose another with --port, or --port 0"
        } else if text.contains("Permission denied") || text.contains("errno: 13)") {
            reason = "permission denied (ports below 1024 need privileges)"
        } else if text.contains("Cannot assign requested address") || text.contains("errno: 99)") {
            reason = "the address is not one of this machine's"
        } else {
            return nil
        }
        return "cannot listen on \(host):\(port): \(reason)"
    }

    /// Text on one line: line breaks become spaces.
    static func flatten(_ text: String) -> String {
        var line = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
