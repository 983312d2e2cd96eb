import Foundation
import StepFunctionsAPI

/// Follows an execution through the API alone (DescribeExecution, GetExecutionHistory), so it works the same on
/// the embedded engine, `stepwise serve` and AWS: hands on each new batch of events, and says on standard error when
/// a task waits for a worker that nobody runs.
struct ExecutionWatcher {
    let backend: any StepFunctionsBackend
    let executionArn: String
    /// How long an activity task may wait for a worker before the watcher says so (nil: never).
    var stallAfter: Duration?

    /// Polls until the execution has stopped; calls `onEvents` with every event, in order and in batches, with its
    /// placement. Answers the final description.
    func follow(
        scopes: inout HistoryScopes, _ onEvents: ([(HistoryEvent, HistoryScopes.Placement)]) throws -> Void
    ) async throws -> DescribeExecutionOutput {
        var lastId = 0
        var interval = Duration.milliseconds(200)
        var stalls = StallDetector(after: stallAfter)
        while true {
            // Describe before reading: when it says stopped, the history read after it is complete.
            let described = try await backend.describeExecution(DescribeExecutionInput(executionArn: executionArn))
            let events = try await self.events(after: lastId)
            if let last = events.last {
                lastId = last.id
                let placed = events.map { ($0, scopes.place($0)) }
                stalls.observe(placed)
                try onEvents(placed)
                interval = .milliseconds(200)
            } else {
                interval = min(interval * 2, .seconds(2))
            }
            if described.status != .running && described.status != .pendingRedrive { return described }
            for warning in stalls.warnings(now: Date()) { Console.err("warning: \(warning)\n") }
            try await Task.sleep(for: interval)
        }
    }

    /// Watches only for tasks nobody serves (for `start --wait`), until cancelled.
    func warnAboutStalls() async {
        var scopes = HistoryScopes(definition: nil)
        _ = try? await follow(scopes: &scopes) { _ in }
    }

    /// The events after `lastId`, oldest first: every page at first, then the newest pages down to `lastId`.
    func events(after lastId: Int) async throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var token: String?
        let reverse = lastId > 0
        repeat {
            let page = try await backend.getExecutionHistory(
                GetExecutionHistoryInput(
                    executionArn: executionArn, maxResults: 1000, reverseOrder: reverse, nextToken: token, includeExecutionData: true))
            if reverse {
                events += page.events.filter { $0.id > lastId }
                if page.events.contains(where: { $0.id <= lastId }) { break }
            } else {
                events += page.events
            }
            token = page.nextToken
        } while token != nil
        return reverse ? events.sorted { $0.id < $1.id } : events
    }
}

/// Tasks scheduled on an activity that no worker has started: `ActivityScheduled` with no `ActivityStarted` (nor any
/// other event of that state) for `after`. One warning per activity, again after a worker took one of its tasks.
struct StallDetector {
    private struct Waiting {
        var resource: String
        var scheduled: Date
        var seen: Date
    }

    let after: Duration?
    private var waiting: [String: Waiting] = [:]
    private var warned: Set<String> = []

    init(after: Duration?) { self.after = after }

    mutating func observe(_ events: [(HistoryEvent, HistoryScopes.Placement)]) {
        for (event, placement) in events {
            let key = placement.label
            if let scheduled = event.activityScheduledEventDetails {
                waiting[key] = Waiting(resource: scheduled.resource, scheduled: event.timestamp, seen: Date())
            } else if let started = waiting.removeValue(forKey: key) {
                if event.type.rawValue == "ActivityStarted" { warned.remove(started.resource) }
            }
            if event.type.rawValue.hasPrefix("Execution"), event.type.rawValue != "ExecutionStarted" { waiting.removeAll() }
        }
    }

    /// The warnings due at `now`, once per activity.
    mutating func warnings(now: Date) -> [String] {
        guard let after else { return [] }
        let limit = Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18
        var byResource: [String: [(state: String, waited: TimeInterval)]] = [:]
        for (state, task) in waiting where !warned.contains(task.resource) {
            // The event's time (the server's clock) or, if the clocks disagree, how long this process has seen it.
            let waited = max(now.timeIntervalSince(task.scheduled), now.timeIntervalSince(task.seen))
            if waited >= limit { byResource[task.resource, default: []].append((state, waited)) }
        }
        return byResource.sorted { $0.key < $1.key }.map { resource, tasks in
            warned.insert(resource)
            let name = resource.split(separator: ":").last.map(String.init) ?? resource
            let longest = Int(tasks.map(\.waited).max() ?? limit)
            let states = tasks.map(\.state).sorted()
            let what =
                tasks.count == 1
                ? "the task of state \(states[0]) has waited \(longest) s"
                : "\(tasks.count) tasks (states \(states.prefix(3).joined(separator: ", "))\(tasks.count > 3 ? ", ..." : "")) have waited up to \(longest) s"
            return "no worker is polling activity \(name): \(what) (ActivityScheduled, no ActivityStarted); "
                + "start a worker for \(resource)"
        }
    }
}
