import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import Testing

/// Kills a child process running the engine (`stepwise-crash-helper`) with SIGKILL at random moments,
/// restarts it on the same file until it finishes, then checks every execution's output and history.
@Suite("Engine: crash recovery with kill -9", .serialized)
struct CrashRecoveryTests {
    static func helperPath() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            let path = directory.appendingPathComponent("stepwise-crash-helper").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw CrashTestError(message: "stepwise-crash-helper not found next to \(CommandLine.arguments[0])")
    }

    struct CrashTestError: Error { var message: String }

    /// Starts the helper; returns the process and a pipe carrying its standard output.
    static func launch(_ helper: String, database: String, executions: Int) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [database, String(executions)]
        let output = Pipe()
        process.standardOutput = output
        // Keep what a life says on standard error, so a life that fails on its own is reported with its reason.
        let errors = database + ".stderr"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errors) ?? FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    @Test(arguments: [7, 1234])
    func killNineAtRandomMomentsLosesNothing(seed: Int) async throws {
        let helper = try Self.helperPath()
        let database = temporaryDatabasePath("crash")
        let executions = 12
        // The lives run on a thread of their own, timed with blocking sleeps: the kill moments must not depend on
        // when a cooperative thread is free (other suites keep both busy on a small machine).
        let (kills, lives, complaints) = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try Self.killedLives(helper: helper, database: database, executions: executions, seed: seed)
                })
            }
        }
        for complaint in complaints { Issue.record("a life of the helper failed on its own: \(complaint)") }
        let (process, output) = try Self.launch(helper, database: database, executions: executions)
        let finished = try await Self.waitForExit(process, timeout: 120)
        try #require(finished, "the helper did not finish after \(kills) kills")
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("DONE"))
        #expect(process.terminationStatus == 0)
        #expect(kills > 0, "lives: \(lives)")

        // Inspect the file with a fresh engine (not started: nothing runs).
        let engine = try StepwiseEngine(location: .file(database))
        for index in 0..<executions {
            let arn = engine.names.executionArn(machineName: "Crash", name: "e\(index)")
            let execution = try engine.describeExecution(executionArn: arn)
            #expect(execution.status == .succeeded, "e\(index): \(execution.error ?? "") \(execution.cause ?? "")")
            let output = try JSONValue(parsing: try #require(execution.output))
            #expect(output == [  // `.$` fields in AWS's order (see TemplateMemberOrder)
                "count": 5, "mapped": [["n": 10], ["n": 20], ["n": 30], ["n": 40]],
                "id": .int(index), "both": ["left", ["n": 1000]],
            ])
            var events: [HistoryEvent] = []
            var token: String?
            repeat {
                let page = try engine.getExecutionHistory(executionArn: arn, nextToken: token)
                events += page.events
                token = page.nextToken
            } while token != nil
            #expect(events.map(\.id) == Array(1...events.count), "ids must be contiguous without duplicates")
            #expect(events.filter { $0.type.rawValue == "ExecutionStarted" }.count == 1)
            #expect(events.filter { $0.type.rawValue == "ExecutionSucceeded" }.count == 1)
            #expect(events.filter { $0.type.rawValue == "ChoiceStateEntered" }.count == 6)
            #expect(events.filter { $0.type.rawValue == "MapIterationSucceeded" }.count == 4)
            #expect(events.filter { $0.type.rawValue == "WaitStateExited" }.count == 1)
            #expect(events.filter { $0.type.rawValue == "ParallelStateSucceeded" }.count == 1)
            for event in events where (event.previousEventId ?? 0) >= event.id {
                Issue.record("event \(event.id) points forward to \(event.previousEventId)")
            }
        }
    }

    /// Eight lives of the helper on one database, each killed with SIGKILL at a random moment after its start-up.
    /// Returns how many were killed before finishing, what became of each, and what failed lives complained of.
    static func killedLives(
        helper: String, database: String, executions: Int, seed: Int
    ) throws -> (Int, [String], [String]) {
        var generator = SeededGenerator(seed: UInt64(seed))
        var kills = 0
        var lives: [String] = []
        var complaints: [String] = []
        for _ in 0..<8 {
            try? FileManager.default.removeItem(atPath: database + ".started")
            let (process, output) = try launch(helper, database: database, executions: executions)
            // Wait until this life is past start-up (or has ended), then kill it at a random moment.
            // (`Process.isRunning` can read false just after launch on Linux, so it is not consulted.)
            let deadline = Date().addingTimeInterval(10)
            while !FileManager.default.fileExists(atPath: database + ".started"), Date() < deadline {
                usleep(2_000)
            }
            usleep(UInt32(Int.random(in: 0...400, using: &generator) * 1000))
            // Harmless when the life has already exited: it is not reaped until waitUntilExit.
            kill(process.processIdentifier, SIGKILL)
            // Reading standard output to its end waits until the life is really gone (Foundation's Process can
            // report a child finished too early on Linux), so two lives never share the database; a life that
            // did not get to print DONE was killed mid-run.
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if !said.contains("DONE") { kills += 1 }
            lives.append(said.contains("DONE") ? "finished" : "killed")
            let complaint = (try? String(contentsOfFile: database + ".stderr", encoding: .utf8)) ?? ""
            if complaint.contains("crash helper failed") { complaints.append(complaint) }
        }
        return (kills, lives, complaints)
    }

    static func waitForExit(_ process: Process, timeout: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                return false
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

/// A small deterministic generator (SplitMix64) so kill moments are reproducible per seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
