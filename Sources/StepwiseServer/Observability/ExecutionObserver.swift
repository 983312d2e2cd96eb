public import Foundation
public import StepFunctionsAPI

/// Execution and activity metrics computed from what the backend protocol tells: the RUNNING executions of every
/// machine and the new events of their histories, read at each ``collect()`` (a `/metrics` scrape or the
/// activities page). Queue depth and the oldest waiting task's age are computed from the histories at that moment,
/// so they are right at every scrape.
///
/// Counters count the events read since this observer started: an execution started and finished between two
/// collections is counted when it was started through ``ObservedBackend`` (which tells the observer), and missed
/// otherwise; executions running when the server starts are read from their first event.
public actor ExecutionObserver {
    /// An activity task scheduled and not yet taken.
    public struct WaitingTask: Sendable {
        public var activityArn: String
        public var scheduled: Date
    }

    private struct Tracked {
        var machine: String
        var lastEventId = 0
        var started: Date?
        /// Scheduled tasks not taken yet, by the ActivityScheduled event id.
        var waiting: [Int: WaitingTask] = [:]
        /// Taken tasks, by ActivityStarted event id: the activity and when it started.
        var taken: [Int: (activity: String, started: Date)] = [:]
        /// ActivityScheduled event id → activity, for the events that follow.
        var scheduledActivity: [Int: String] = [:]
        var ended = false
    }

    private let backend: any StepFunctionsBackend
    private let metrics: StepwiseMetrics
    private var tracked: [String: Tracked] = [:]
    /// Executions that ended recently, so a redrive goes on from the last event read instead of counting again.
    private var finished: [String: Tracked] = [:]
    private var finishedOrder: [String] = []
    private var knownActivities: Set<String> = []
    private var knownMachines: Set<String> = []

    public init(backend: any StepFunctionsBackend, metrics: StepwiseMetrics) {
        self.backend = backend
        self.metrics = metrics
    }

    /// Follows `executionArn` from now on (called when an execution is started or redriven).
    public func track(executionArn: String, stateMachineArn: String) {
        if tracked[executionArn] == nil || tracked[executionArn]?.ended == true {
            var entry = tracked[executionArn] ?? finished.removeValue(forKey: executionArn) ?? Tracked(machine: stateMachineArn)
            entry.ended = false
            tracked[executionArn] = entry
        }
    }

    /// Reads what changed and updates every metric; answers the tasks waiting in each activity's queue.
    ///
    /// Collections never overlap (the actor is reentrant across the backend calls, and two readers of one history
    /// would count its events twice): a call made while one runs waits for it and answers its result.
    @discardableResult
    public func collect(now: Date = Date()) async throws -> [String: [WaitingTask]] {
        if let current { return try await current.value }
        // Awaited right here by its creator, and by any caller that arrives meanwhile: not a stray task.
        let collection = Task { try await self.collectOnce(now: now) }
        current = collection
        defer { current = nil }
        return try await collection.value
    }

    private var current: Task<[String: [WaitingTask]], any Error>?

    private func collectOnce(now: Date) async throws -> [String: [WaitingTask]] {
        var running: [String: Int] = [:]
        var token: String?
        var machines: [String] = []
        repeat {
            let page = try await backend.listStateMachines(ListStateMachinesInput(maxResults: 1000, nextToken: token))
            // An EXPRESS machine's executions are neither listed nor read back (ListExecutions refuses them, on AWS too).
            machines += page.stateMachines.filter { $0.type != .express }.map(\.stateMachineArn)
            token = page.nextToken
        } while token != nil
        for machine in machines {
            var count = 0
            var next: String?
            repeat {
                let page = try await backend.listExecutions(
                    ListExecutionsInput(stateMachineArn: machine, statusFilter: .running, maxResults: 1000, nextToken: next))
                for execution in page.executions where tracked[execution.executionArn] == nil {
                    var entry = finished.removeValue(forKey: execution.executionArn) ?? Tracked(machine: machine)
                    entry.ended = false
                    tracked[execution.executionArn] = entry
                }
                count += page.executions.count
                next = page.nextToken
            } while next != nil
            running[machine] = count
        }
        for machine in knownMachines.union(machines) {
            metrics.gauge(StepwiseMetrics.executionsRunning, [("state_machine", Self.name(machine))], Double(running[machine] ?? 0))
        }
        knownMachines.formUnion(machines)

        for arn in Array(tracked.keys) {
            do {
                try await read(arn)
            } catch let error as StepFunctionsError where error.code == .executionDoesNotExist || error.code == .invalidArn {
                // Gone, or an EXPRESS execution (started through ObservedBackend): it keeps no history to read.
                tracked[arn] = nil
            }
        }
        var queues: [String: [WaitingTask]] = [:]
        for (arn, entry) in tracked {
            if entry.ended && entry.waiting.isEmpty {
                tracked[arn] = nil
                remember(arn, entry)
                continue
            }
            for task in entry.waiting.values { queues[task.activityArn, default: []].append(task) }
        }
        var activities: [String] = []
        token = nil
        repeat {
            let page = try await backend.listActivities(ListActivitiesInput(maxResults: 1000, nextToken: token))
            activities += page.activities.map(\.activityArn)
            token = page.nextToken
        } while token != nil
        knownActivities.formUnion(activities)
        knownActivities.formUnion(queues.keys)
        for activity in knownActivities {
            let waiting = queues[activity] ?? []
            let dimensions = [("activity", Self.name(activity))]
            metrics.gauge(StepwiseMetrics.activityQueueDepth, dimensions, Double(waiting.count))
            let oldest = waiting.map(\.scheduled).min()
            metrics.gauge(StepwiseMetrics.activityOldestTaskAge, dimensions, oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        }
        return queues
    }

    private func remember(_ arn: String, _ entry: Tracked) {
        var entry = entry
        entry.scheduledActivity = [:]
        entry.taken = [:]
        if finished.updateValue(entry, forKey: arn) == nil { finishedOrder.append(arn) }
        if finishedOrder.count > 10_000 {
            let old = finishedOrder.prefix(1_000)
            for arn in old { finished[arn] = nil }
            finishedOrder.removeFirst(old.count)
        }
    }

    /// Reads the events of `arn` after the last one read (newest first, stopping at the last one read).
    private func read(_ arn: String) async throws {
        guard var entry = tracked[arn], !entry.ended else { return }
        var fresh: [HistoryEvent] = []
        var token: String?
        reading: repeat {
            let page = try await backend.getExecutionHistory(
                GetExecutionHistoryInput(executionArn: arn, maxResults: 200, reverseOrder: true, nextToken: token, includeExecutionData: false))
            for event in page.events {
                if event.id <= entry.lastEventId { break reading }
                fresh.append(event)
            }
            token = page.nextToken
        } while token != nil
        let machine = [("state_machine", Self.name(entry.machine))]
        for event in fresh.reversed() {
            entry.lastEventId = max(entry.lastEventId, event.id)
            let type = event.type.rawValue
            switch type {
            case "ExecutionStarted":
                entry.started = event.timestamp
                metrics.increment(StepwiseMetrics.executionsStarted, machine)
            case "ExecutionRedriven":
                entry.ended = false
                metrics.increment(StepwiseMetrics.executionsRedriven, machine)
            case "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut":
                let name =
                    switch type {
                    case "ExecutionSucceeded": StepwiseMetrics.executionsSucceeded
                    case "ExecutionFailed": StepwiseMetrics.executionsFailed
                    case "ExecutionAborted": StepwiseMetrics.executionsAborted
                    default: StepwiseMetrics.executionsTimedOut
                    }
                metrics.increment(name, machine)
                if let started = entry.started {
                    metrics.duration(StepwiseMetrics.executionTime, machine, seconds: event.timestamp.timeIntervalSince(started))
                }
                entry.ended = true
                entry.waiting = [:]
            case "ActivityScheduled":
                let activity = event.activityScheduledEventDetails?.resource ?? "unknown"
                entry.waiting[event.id] = WaitingTask(activityArn: activity, scheduled: event.timestamp)
                entry.scheduledActivity[event.id] = activity
                metrics.increment(StepwiseMetrics.activitiesScheduled, [("activity", Self.name(activity))])
            case "ActivityStarted":
                guard let previous = event.previousEventId, let activity = entry.scheduledActivity[previous] else { break }
                if let waiting = entry.waiting.removeValue(forKey: previous) {
                    metrics.duration(
                        StepwiseMetrics.activityScheduleTime, [("activity", Self.name(activity))],
                        seconds: event.timestamp.timeIntervalSince(waiting.scheduled))
                }
                entry.taken[event.id] = (activity, event.timestamp)
                entry.scheduledActivity[event.id] = activity
                metrics.increment(StepwiseMetrics.activitiesStarted, [("activity", Self.name(activity))])
            case "ActivitySucceeded", "ActivityFailed", "ActivityTimedOut", "ActivityScheduleFailed":
                guard let previous = event.previousEventId, let activity = entry.scheduledActivity[previous] else { break }
                entry.waiting[previous] = nil
                let dimensions = [("activity", Self.name(activity))]
                if let taken = entry.taken.removeValue(forKey: previous) {
                    metrics.duration(StepwiseMetrics.activityRunTime, dimensions, seconds: event.timestamp.timeIntervalSince(taken.started))
                }
                switch type {
                case "ActivitySucceeded": metrics.increment(StepwiseMetrics.activitiesSucceeded, dimensions)
                case "ActivityFailed": metrics.increment(StepwiseMetrics.activitiesFailed, dimensions)
                case "ActivityTimedOut": metrics.increment(StepwiseMetrics.activitiesTimedOut, dimensions)
                default: break
                }
            default:
                if type.hasSuffix("StateEntered") { metrics.increment(StepwiseMetrics.stateTransitions) }
            }
        }
        tracked[arn] = entry
    }

    /// The name in an ARN (`...:stateMachine:orders` → `orders`), the label value of metrics.
    static func name(_ arn: String) -> String {
        arn.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? arn
    }
}
