// Benchmark of the embedded engine with the durable SQLite store (WAL, synchronous=FULL, group commit).
// Run in release mode: `swift run -c release stepwise-bench`. Prints one line per workload and peak RSS.
import Foundation
import StatesLanguage
import Stepwise
import StepwiseEngine



func passChain(_ count: Int, prefix: String = "P") -> String {
    let states = (0..<count).map { index in
        let transition = index == count - 1 ? #""End": true"# : #""Next": "\#(prefix)\#(index + 1)""#
        return #""\#(prefix)\#(index)": {"Type": "Pass", \#(transition)}"#
    }
    return #"{"StartAt": "\#(prefix)0", "States": {\#(states.joined(separator: ", "))}}"#
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return digits / 1024
    }
    return 0
}

func report(_ name: String, transitions: Int, elapsed: Double, extra: String = "") {
    let rate = Double(transitions) / max(elapsed, 1e-9)
    print(String(format: "%-34@ %8d transitions %9.1f ms %10.0f transitions/s %@", name as NSString, transitions,
                 elapsed * 1000, rate, extra as NSString))
}

// Flags: --workloads speed,memory,poll,floor (default speed; floor: what this machine's flushes and thread hand-offs
// alone cost a round trip); --only chain,concurrent,map,parallel,choice,roundtrip,worker,raw,payload,json picks speed
// workloads (default all), --repeat N runs them N times (for a profiler) and --synchronous-normal turns off the flush
// per commit (to see its cost); --runs N sets the worker and raw round trips' count (default 200); --closed
// 100000,1000000 and --open 10000 size the memory workload; --keep-db PATH fills and keeps that file.
// (--measure-startup PATH MACHINE_ARN is the memory workload's child process.)
let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
if let index = arguments.firstIndex(of: "--measure-startup"), index + 2 < arguments.count {
    try await MemoryBench.measureStartup(path: arguments[index + 1], machineArn: arguments[index + 2])
    exit(0)
}
let workloads = Set((option("--workloads") ?? "speed").split(separator: ",").map(String.init))
if workloads.contains("memory") {
    let closed = (option("--closed") ?? "100000,1000000").split(separator: ",").compactMap { Int($0) }
    try await MemoryBench.run(
        closedCounts: closed, openCount: Int(option("--open") ?? "10000") ?? 10_000, keep: option("--keep-db"))
}
if workloads.contains("poll") {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let engine = try StepwiseEngine(location: .file(directory.appendingPathComponent("bench.sqlite").path))
    engine.start()
    try await PollBench.run(engine: engine)
    await engine.shutdown()
}
if workloads.contains("floor") {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try await FloorBench.run(directory: directory)
    try? FileManager.default.removeItem(at: directory)
}
guard workloads.contains("speed") else { exit(0) }
let only = option("--only").map { Set($0.split(separator: ",").map(String.init)) }
let repeats = max(1, Int(option("--repeat") ?? "1") ?? 1)
func runs(_ name: String) -> Bool { only?.contains(name) ?? true }

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
// --synchronous-normal: SQLite's synchronous=NORMAL (no flush per commit), to see what the flushes cost.
let engine = try StepwiseEngine(
    location: .file(directory.appendingPathComponent("bench.sqlite").path),
    synchronousFull: !arguments.contains("--synchronous-normal"))
engine.start()

// 1. A chain of 100 Pass states, executions one after another.
if runs("chain") { for round in 0..<repeats { do {
    let machine = try await engine.createStateMachine(name: "Chain100-\(round)", definition: passChain(100))
    let runs = 20
    let start = ContinuousClock.now
    for _ in 0..<runs {
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
        _ = try await engine.awaitExecution(executionArn: run.executionArn)
    }
    report("chain of 100 Pass (20 sequential)", transitions: runs * 100, elapsed: seconds(since: start))
} } }

// 2. 200 executions of 10 Pass states started at once.
if runs("concurrent") { for round in 0..<repeats { do {
    let machine = try await engine.createStateMachine(name: "Concurrent10-\(round)", definition: passChain(10))
    let count = 200
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<count {
            group.addTask {
                let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
                _ = try await engine.awaitExecution(executionArn: run.executionArn)
            }
        }
        try await group.waitForAll()
    }
    report("200 x 10 Pass, concurrent", transitions: count * 10, elapsed: seconds(since: start))
} } }

// 3. Inline Map over 1,000 items with two Pass states each.
if runs("map") { for round in 0..<repeats { do {
    let definition = """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}}}}
        """
    let machine = try await engine.createStateMachine(name: "Map1000-\(round)", definition: definition)
    let items = "[" + (0..<1000).map(String.init).joined(separator: ",") + "]"
    let start = ContinuousClock.now
    let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: items)
    let result = try await engine.awaitExecution(executionArn: run.executionArn)
    report("Map of 1,000 items x 2 Pass", transitions: 1 + 2000, elapsed: seconds(since: start), extra: result.status.rawValue)
} } }

// 4. Parallel of 10 branches of 10 Pass states.
if runs("parallel") { for round in 0..<repeats { do {
    let branches = (0..<10).map { passChain(10, prefix: "B\($0)_") }.joined(separator: ", ")
    let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [\#(branches)]}}}"#
    let machine = try await engine.createStateMachine(name: "Parallel10-\(round)", definition: definition)
    let start = ContinuousClock.now
    let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn)
    let result = try await engine.awaitExecution(executionArn: run.executionArn)
    report("Parallel 10 branches x 10 Pass", transitions: 1 + 100, elapsed: seconds(since: start), extra: result.status.rawValue)
} } }

// 5. A 1,000-iteration Choice loop with States.MathAdd.
if runs("choice") { for round in 0..<repeats { do {
    let definition = """
        {"StartAt": "Loop", "States": {
          "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 1000, "Next": "Inc"}], "Default": "Done"},
          "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Loop"},
          "Done": {"Type": "Succeed"}}}
        """
    let machine = try await engine.createStateMachine(name: "ChoiceLoop-\(round)", definition: definition)
    let start = ContinuousClock.now
    let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"i": 0}"#)
    let result = try await engine.awaitExecution(executionArn: run.executionArn)
    report("Choice loop x 1,000 (MathAdd)", transitions: 2002, elapsed: seconds(since: start), extra: result.status.rawValue)
} } }

// 6. Activity round trip through an ActivityWorker in this process (the way users place handlers here).
if runs("roundtrip") { for round in 0..<repeats { do {
    let activity = try await engine.createActivity(name: "bench-echo-\(round)")
    let echo = AnyTaskHandler(TaskDefaults(activityName: "bench-echo-\(round)")) { input, _ in input }
    let worker = ActivityWorker(backend: engine, placements: [Placement(echo)])
    let definition = """
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\(activity.activityArn)", "End": true}}}
        """
    let machine = try await engine.createStateMachine(name: "RoundTrip-\(round)", definition: definition)
    var samples: [Double] = []
    try await worker.serving {
        for _ in 0..<200 {
            let start = ContinuousClock.now
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: #"{"x": 1}"#)
            _ = try await engine.awaitExecution(executionArn: run.executionArn)
            samples.append(seconds(since: start) * 1000)
        }
    }
    samples.sort()
    let p50 = samples[samples.count / 2]
    let p99 = samples[samples.count * 99 / 100]
    print(String(format: "%-34@ p50 %.3f ms  p99 %.3f ms (start → durable completion, 200 runs)",
                 "activity round trip (ActivityWorker)" as NSString, p50, p99))
} } }

// 7. The same round trip through ActivityWorker over EngineBackend (what users run).
let roundTrips = max(2, Int(option("--runs") ?? "200") ?? 200)
if runs("worker") { try await ActivityBench.run(engine: engine, runs: roundTrips) }
if runs("raw") { try await ActivityBench.runRaw(engine: engine, runs: roundTrips) }
if runs("payload") { for _ in 0..<repeats { try await PayloadBench.run(engine: engine) } }

// 8. JSON text of history event details (what every transition writes): an entered event whose input is a 1 KiB
// object, written as text inside the details, as the engine writes it.
if runs("json") { for _ in 0..<repeats {
    let fields = (0..<24).map { #""field\#($0)": "value \"\#($0)\" of the item, with some text""# }
    let inputText = try JSONValue(parsing: "{" + fields.joined(separator: ", ")
        + #", "nested": {"count": 42, "ratio": 0.25, "flags": [true, null]}}"#).jsonString()
    let details = try JSONValue(parsing: #"{"name": "Transform", "input": "#
        + JSONValue.string(inputText).jsonString() + #", "inputDetails": {"truncated": false}}"#)
    let count = 20_000
    var bytes = 0
    let start = ContinuousClock.now
    for _ in 0..<count { bytes &+= details.jsonString().utf8.count }
    let elapsed = seconds(since: start)
    print(String(format: "%-34@ %8d events %12.1f ms %10.2f us/event (%d bytes each)", "JSON text of event details" as NSString,
                 count, elapsed * 1000, elapsed / Double(count) * 1e6, bytes / count))
} }

await engine.shutdown()
print(String(format: "peak RSS %.1f MiB", peakRSSMiB()))
try? FileManager.default.removeItem(at: directory)
