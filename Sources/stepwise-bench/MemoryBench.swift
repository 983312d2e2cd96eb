import Foundation
import StepFunctionsAPI
import StepwiseEngine

/// The bounded-memory figures: RSS and start-up time of an engine on a database holding N closed executions and
/// 10,000 open ones, and the time of a ListExecutions page of 100. Each figure is measured in a fresh child
/// process (this executable with `--measure-startup`), so the setup's own memory does not count.
enum MemoryBench {
    /// - Parameter keep: a database path to fill and keep (for profiling start-up); by default a temporary file.
    static func run(closedCounts: [Int], openCount: Int, keep: String? = nil) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-mem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = keep ?? directory.appendingPathComponent("memory.sqlite").path
        let names = ResourceNames()
        // The open executions wait a day on a timer: RUNNING, with a runtime and a timer each.
        let engine = try StepwiseEngine(location: .file(path), synchronousFull: false)
        engine.start()
        let closedMachine = try await engine.createStateMachine(
            name: "Closed", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let waiting = try await engine.createStateMachine(
            name: "Open", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}"#)
        let setupStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in stride(from: worker, to: openCount, by: 8) {
                        try await engine.startExecution(
                            stateMachineArn: waiting.stateMachineArn, name: "open-\(index)", input: #"{"i": \#(index)}"#)
                    }
                }
            }
            try await group.waitForAll()
        }
        await engine.shutdown()
        print(String(format: "setup: %d open executions started in %.1f s", openCount, seconds(since: setupStart)))
        let prefix = names.executionArn(machineName: "Closed", name: "")
        var stored = 0
        for target in closedCounts.sorted() where target > stored {
            let seedStart = ContinuousClock.now
            try StoreSeeding.insertClosedExecutions(
                path: path, stateMachineArn: closedMachine.stateMachineArn, executionArnPrefix: prefix, firstIndex: stored,
                count: target - stored)
            print(String(format: "setup: %d closed executions stored (%.1f s)", target, seconds(since: seedStart)))
            stored = target
            // The seeding's last writes (gigabytes at a million executions) reach the disk first, so that start-up is not
            // measured while the kernel writes them back.
            sync()
            let output = try measureInChild(path: path, machineArn: closedMachine.stateMachineArn)
            print(String(format: "%-9d closed + %d open: %@", target, openCount, output as NSString))
        }
    }

    /// Runs this executable with `--measure-startup` and returns what it prints.
    static func measureInChild(path: String, machineArn: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--measure-startup", path, machineArn]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The child's side: open an engine on the file (recovery included), start it, page ListExecutions, report.
    static func measureStartup(path: String, machineArn: String) async throws {
        let rssBefore = currentRSSMiB()
        let start = ContinuousClock.now
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let startup = seconds(since: start)
        var samples: [Double] = []
        var token: String?
        for index in 0..<40 {
            // Alternate the first page and pages deeper in the list (following tokens).
            let pageStart = ContinuousClock.now
            let page = try engine.listExecutions(stateMachineArn: machineArn, maxResults: 100, nextToken: index % 2 == 0 ? nil : token)
            samples.append(seconds(since: pageStart) * 1000)
            if index % 2 == 1 || token == nil { token = page.nextToken ?? token }
        }
        samples.sort()
        let rss = currentRSSMiB()
        await engine.shutdown()
        print(String(format: "start-up %.3f s, RSS %.1f MiB (%.1f MiB before opening), ListExecutions page of 100: p50 %.2f ms, max %.2f ms",
                     startup, rss, rssBefore, samples[samples.count / 2], samples[samples.count - 1]))
    }

    static func currentRSSMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
        }
        return 0
    }
}
