import Foundation
import StatesLanguage
import StepFunctionsAPI

/// What the console shows of one execution's history: one run per state entered (per Map iteration and Parallel
/// branch), with its input, output, attempts, failures and status, derived from the AWS-shaped events only.
struct ExecutionTrace {
    /// One time a state was entered.
    struct Run {
        var index: Int
        var name: String
        var type: String
        /// `Iteration 3 of ProcessItems`, `Branch 2 of Both`, or empty at the top level.
        var context: String
        var entered: Date
        var exited: Date?
        var input: String?
        var output: String?
        var attempts = 0
        /// Every failure seen in the state (the last one is final unless the state went on).
        var failures: [(type: String, error: String?, cause: String?, at: Date)] = []
        var status: StateStatus = .running
        var eventIDs: [Int] = []
        /// The activity whose task is scheduled and not yet taken by a worker.
        var waitingActivity: String?
    }

    /// One event, with its details as JSON text and the run it belongs to.
    struct Event {
        var event: HistoryEvent
        var details: JSONValue?
        var run: Int?
    }

    var runs: [Run] = []
    var events: [Event] = []

    /// A state's status for the graph: the status of its latest run, failed over succeeded when several runs
    /// (iterations) disagree.
    var statuses: [String: StateStatus] {
        var result: [String: StateStatus] = [:]
        let rank: [StateStatus: Int] = [.notReached: 0, .succeeded: 1, .caught: 2, .running: 3, .failed: 4]
        for run in runs {
            let current = result[run.name] ?? .notReached
            if rank[run.status, default: 0] >= rank[current, default: 0] { result[run.name] = run.status }
        }
        return result
    }

    /// The run that failed the execution: the last failed run that is not a Parallel or Map (whose failure is
    /// the failure of a state inside it), else the last failed run.
    var failingRun: Run? {
        runs.last { $0.status == .failed && $0.type != "Parallel" && $0.type != "Map" } ?? runs.last { $0.status == .failed }
    }

    init(events history: [HistoryEvent], definition: StateMachineDefinition?, executionStatus: ExecutionStatus) {
        let encoder = StepFunctionsCoding.makeEncoder()
        let types = definition.map(Self.stateTypes) ?? [:]
        let branches = definition.map(Self.branchContexts) ?? [:]
        var runOfEvent: [Int: Int] = [:]
        var iterationsOfEvent: [Int: [(map: String, index: Int)]] = [:]
        let mapsOfState = definition.map(Self.enclosingMaps) ?? [:]
        for event in history {
            let details = (try? encoder.encode(event)).flatMap { String(data: $0, encoding: .utf8) }
                .flatMap { try? JSONValue(parsing: $0) }
                .flatMap { object in object.objectValue?.first { $0.key.hasSuffix("EventDetails") }?.value }
            let type = event.type.rawValue
            let previous = event.previousEventId
            var iterations = previous.flatMap { iterationsOfEvent[$0] } ?? []
            if type == "MapIterationStarted", let name = event.mapIterationStartedEventDetails?.name,
                let index = event.mapIterationStartedEventDetails?.index
            {
                // Iterations start one after the other: the previous one's index is not an enclosing iteration.
                iterations.removeAll { $0.map == name }
                iterations.append((name, index))
            }
            var run = previous.flatMap { runOfEvent[$0] }
            let aborted = type.hasSuffix("StateAborted") ? String(type.dropLast("StateAborted".count)) : nil
            // A Map's own events (its iterations starting and ending, and its end) belong to the Map's run, even when
            // they follow the last event of an iteration.
            if type.hasPrefix("MapIteration"), let name = details?["name"]?.stringValue,
                let mapRun = runs.lastIndex(where: { $0.name == name && $0.type == "Map" })
            {
                run = mapRun
            } else if type == "EvaluationFailed", let name = details?["state"]?.stringValue,
                let stateRun = runs.lastIndex(where: { $0.name == name && $0.exited == nil })
            {
                // AWS chains it to the event before the state's Entered event: the state it names is the one that failed.
                run = stateRun
                iterations = iterationsOfEvent[runs[stateRun].eventIDs.first ?? -1] ?? iterations
            } else if let kind = aborted, run.map({ runs[$0].type != kind || runs[$0].exited != nil }) ?? true,
                let open = Self.openRun(runs, type: kind)
            {
                // AWS chains what a failure stops to the event the failure happened at, in another branch or
                // iteration: the state stopped is one of its type still open (the failed one's own first).
                run = open
            } else if type.hasPrefix("MapState"), !type.hasSuffix("Entered"), let current = run, runs[current].type != "Map",
                let mapRun = runs.lastIndex(where: { $0.type == "Map" && $0.exited == nil })
            {
                run = mapRun
            } else if type.hasPrefix("ParallelState"), !type.hasSuffix("Entered"), let current = run,
                runs[current].type != "Parallel", let parallelRun = runs.lastIndex(where: { $0.type == "Parallel" && $0.exited == nil })
            {
                // A Parallel's end (and a retried attempt's ParallelStateStarted) follows the last event of a branch.
                run = parallelRun
            }
            if type.hasSuffix("StateEntered"), let name = details?["name"]?.stringValue {
                // A new state in this frame: the state before it went on, so a failure it had was caught.
                if let before = run, runs[before].exited == nil, !runs[before].failures.isEmpty { runs[before].status = .caught }
                let maps = mapsOfState[name] ?? []
                iterations = iterations.filter { maps.contains($0.map) }
                var context: [String] = []
                if let branch = branches[name] { context.append(branch) }
                context += iterations.map { "Iteration \($0.index) of \($0.map)" }
                runs.append(
                    Run(
                        index: runs.count, name: name, type: types[name] ?? String(type.dropLast("StateEntered".count)),
                        context: context.joined(separator: ", "), entered: event.timestamp, input: details?["input"]?.stringValue))
                run = runs.count - 1
                if type == "FailStateEntered" {
                    runs[runs.count - 1].status = .failed
                }
            }
            iterationsOfEvent[event.id] = iterations
            if let run {
                if type != "ActivityScheduled" { runs[run].waitingActivity = nil }
                runOfEvent[event.id] = run
                runs[run].eventIDs.append(event.id)
                if type.hasSuffix("StateExited") {
                    runs[run].exited = event.timestamp
                    runs[run].output = details?["output"]?.stringValue
                    if runs[run].status == .running { runs[run].status = .succeeded }
                } else if type.hasSuffix("Scheduled") || type == "TaskSubmitted" && runs[run].attempts == 0 {
                    runs[run].attempts += 1
                    if type == "ActivityScheduled" { runs[run].waitingActivity = event.activityScheduledEventDetails?.resource }
                } else if Self.isFailure(type) {
                    runs[run].failures.append((type, details?["error"]?.stringValue, details?["cause"]?.stringValue, event.timestamp))
                    if runs[run].exited == nil { runs[run].status = .failed }
                    // A stopped state is over: the next aborted event is another state's.
                    if aborted != nil { runs[run].exited = event.timestamp }
                } else if type == "ExecutionFailed" || type == "ExecutionTimedOut" || type == "ExecutionAborted" {
                    if runs[run].exited == nil && runs[run].status != .failed && type != "ExecutionAborted" {
                        runs[run].failures.append((type, details?["error"]?.stringValue, details?["cause"]?.stringValue, event.timestamp))
                        runs[run].status = .failed
                    }
                }
                if runs[run].status == .failed && Self.isRetryStart(type) { runs[run].status = .running }
            }
            events.append(Event(event: event, details: details, run: run))
        }
        // A run still open in an execution that ended did not finish: it failed with the execution (or was stopped).
        if executionStatus != .running {
            for index in runs.indices where runs[index].status == .running && runs[index].exited == nil {
                runs[index].status = executionStatus == .succeeded ? .succeeded : .failed
            }
        }
    }

    /// The open run a failure elsewhere stopped: the first one of the type (branches and iterations in order), or for a
    /// Map or Parallel the innermost (its iterations or branches were stopped before it).
    static func openRun(_ runs: [Run], type: String) -> Int? {
        let open: (Run) -> Bool = { $0.type == type && $0.exited == nil && $0.status == .running }
        return type == "Map" || type == "Parallel" ? runs.lastIndex(where: open) : runs.firstIndex(where: open)
    }

    static func isFailure(_ type: String) -> Bool {
        guard !type.hasPrefix("MapIteration"), !type.hasPrefix("Execution"), !type.hasPrefix("MapRun") else { return false }
        return type.hasSuffix("Failed") || type.hasSuffix("TimedOut") || type.hasSuffix("Aborted")
    }

    /// Events that start another attempt after a failure (a retry).
    static func isRetryStart(_ type: String) -> Bool {
        type.hasSuffix("Scheduled") && type != "MapRunScheduled"
    }

    static func stateTypes(_ definition: StateMachineDefinition) -> [String: String] {
        var result: [String: String] = [:]
        for node in DefinitionGraph(definition).allNodes {
            if let name = node.stateName, let type = node.stateType { result[name] = type }
        }
        return result
    }

    /// `Branch 2 of Both` for the states directly inside a Parallel branch.
    static func branchContexts(_ definition: StateMachineDefinition) -> [String: String] {
        var result: [String: String] = [:]
        func visit(_ scope: DefinitionGraph.Scope) {
            for node in scope.nodes {
                guard let name = node.stateName else { continue }
                if node.stateType == "Parallel" {
                    for inner in node.scopes {
                        for child in inner.nodes { if let childName = child.stateName { result[childName] = "\(inner.label ?? "Branch") of \(name)" } }
                    }
                }
                node.scopes.forEach(visit)
            }
        }
        visit(DefinitionGraph(definition).root)
        return result
    }

    /// The Map states enclosing each state.
    static func enclosingMaps(_ definition: StateMachineDefinition) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        func visit(_ scope: DefinitionGraph.Scope, maps: Set<String>) {
            for node in scope.nodes {
                guard let name = node.stateName else { continue }
                result[name] = maps
                let inner = node.stateType == "Map" ? maps.union([name]) : maps
                for child in node.scopes { visit(child, maps: inner) }
            }
        }
        visit(DefinitionGraph(definition).root, maps: [])
        return result
    }
}
