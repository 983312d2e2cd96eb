package import Foundation

/// Runs a child process (the built `stepwise`, python3, sqlite3, the aws CLI) for the test suites, the same way in each.
///
/// - ``run(_:arguments:environment:input:)`` blocks no thread of Swift's cooperative pool: it waits through the
///   process's termination handler. The pool has as many threads as cores (two on a small CI machine); a test that
///   waited for a process there stalled every other async test of the run meanwhile, timers and servers included.
/// - Standard input, output and error are temporary files, not pipes. Tests run in parallel, and a process another
///   test starts at the same moment can inherit a pipe's end: reading to the end of a pipe then waits for that
///   process too, and a child that fills a pipe nobody reads yet (64 KiB) waits for ever. A file has neither problem.
package enum ChildProcess {
    /// What a finished child process left.
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: Data
        package var stderr: Data
        /// Standard output as UTF-8 text.
        package var output: String { String(decoding: stdout, as: UTF8.self) }
        /// Standard error as UTF-8 text.
        package var error: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` (a path, or a name looked up on `PATH` through `/usr/bin/env`) to its end, off the
    /// cooperative pool.
    ///
    /// - Parameters:
    ///   - environment: added to (and overriding) this process's environment.
    ///   - input: the child's standard input (nil: none, `/dev/null`).
    package static func run(
        _ executable: String, arguments: [String] = [], environment: [String: String] = [:], input: Data? = nil
    ) async throws -> Result {
        let files = try Files(input: input)
        let process = try files.process(executable, arguments: arguments, environment: environment)
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { ended in
                continuation.resume(with: Swift.Result { try files.result(status: ended.terminationStatus) })
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                files.remove()
                continuation.resume(throwing: error)
            }
        }
    }

    /// A child's three temporary files.
    private struct Files: Sendable {
        let directory = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let stdin: URL?
        var stdout: URL { directory.appendingPathComponent("child-\(id).out") }
        var stderr: URL { directory.appendingPathComponent("child-\(id).err") }

        init(input: Data?) throws {
            if let input {
                let url = directory.appendingPathComponent("child-\(id).in")
                try input.write(to: url)
                stdin = url
            } else {
                stdin = nil
            }
        }

        func process(_ executable: String, arguments: [String], environment: [String: String]) throws -> Process {
            let process = Process()
            if executable.contains("/") {
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
            } else {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = [executable] + arguments
            }
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            }
            for url in [stdout, stderr] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            process.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
            return process
        }

        func result(status: Int32) throws -> Result {
            defer { remove() }
            return Result(status: status, stdout: try Data(contentsOf: stdout), stderr: try Data(contentsOf: stderr))
        }

        func remove() {
            for url in [stdin, stdout, stderr].compactMap({ $0 }) { try? FileManager.default.removeItem(at: url) }
        }
    }
}
