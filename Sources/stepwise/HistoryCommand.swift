import ArgumentParser
import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise history EXECUTION [--follow] [--reverse] [--output json|table] [--utc]`: an execution's events, each
/// with its time, the time elapsed since the execution started, its type, its state (inside which Map iteration or
/// Parallel branch) and its error and cause.
struct HistoryCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print an execution's history: time, elapsed, id, event, state, error and cause of every event.",
        discussion: """
            STATE names the state an event concerns, inside Map iterations (Each[2]/Bake: iteration 2 of the Map \
            state Each) and Parallel branches (Both#1/Left: branch 1 of the Parallel state Both), counted from 0. \
            Times are ISO 8601 in the local time zone (--utc: UTC). With --follow, new events are printed as they \
            happen until the execution stops; an activity task that no worker takes is reported on standard error \
            after --warn-after seconds. --output json prints each event as GetExecutionHistory returns it, one per line.
            """)

    @Argument(help: "The execution: its ARN, or MACHINE/NAME.")
    var execution: String

    @Flag(help: "Newest event first.")
    var reverse = false

    @Flag(help: "Keep printing new events until the execution stops.")
    var follow = false

    @Option(name: .customLong("warn-after"), help: "With --follow: say after this many seconds when an activity task waits for a worker (0: never).")
    var warnAfter: Int = 5

    @Flag(help: .hidden)
    var json = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var backend: BackendOptions

    func validate() throws {
        if reverse && follow { throw ValidationError("--reverse and --follow exclude each other") }
        if warnAfter < 0 { throw ValidationError("--warn-after must be 0 or more seconds, not \(warnAfter)") }
    }

    func run() async throws {
        var options = output
        if json { options.output = .json }
        try await backend.run(readOnly: true) { sfn in
            let arn = try await Resolving.executionArn(execution, on: sfn)
            try GetExecutionHistoryInput(executionArn: arn).validateRequest()
            let watcher = ExecutionWatcher(backend: sfn, executionArn: arn, stallAfter: warnAfter > 0 ? .seconds(warnAfter) : nil)
            // The definition numbers Parallel branches; the history alone still shows them (in order of start).
            let definition = options.output == .table ? try? await sfn.describeStateMachineForExecution(
                DescribeStateMachineForExecutionInput(executionArn: arn)).definition : nil
            var scopes = HistoryScopes(definition: definition)
            var printer = HistoryPrinter(options: options, following: follow, stateNameWidth: Self.longestStateName(definition))
            if follow {
                _ = try await watcher.follow(scopes: &scopes) { events in
                    for line in try printer.lines(for: events) { print(line) }
                    flushOutput()
                }
                return
            }
            let events = try await watcher.events(after: 0)
            var placed = events.map { ($0, scopes.place($0)) }
            if reverse { placed.reverse() }
            let start = events.first?.timestamp
            for line in try printer.lines(for: placed, start: start) { print(line) }
        }
    }

    /// The length of the longest state name in a definition (ASL JSON), nested states included.
    static func longestStateName(_ definition: String?) -> Int {
        guard let definition, let json = try? JSONValue(parsing: definition) else { return 0 }
        func longest(_ value: JSONValue, depth: Int) -> Int {
            guard depth < 100 else { return 0 }
            switch value {
            case .object(let object):
                var best = 0
                for (key, member) in object {
                    if key == "States", case .object(let states) = member { best = max(best, states.keys.map(\.count).max() ?? 0) }
                    best = max(best, longest(member, depth: depth + 1))
                }
                return best
            case .array(let items): return items.map { longest($0, depth: depth + 1) }.max() ?? 0
            default: return 0
            }
        }
        return longest(json, depth: 0)
    }
}
