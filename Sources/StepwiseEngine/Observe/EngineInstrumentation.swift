import CoreMetrics
import Foundation
import Logging
import StepFunctionsAPI
import Synchronization
import Tracing

/// Turns what the engine commits into metrics (swift-metrics) and spans (swift-distributed-tracing).
///
/// The group committer calls ``committed(_:duration:)`` once per transaction that committed, with the events it
/// wrote, so every execution is counted (started through any API, a Map Run's children, redrives, recoveries),
/// exactly once, and only once durable. Counters and histograms are recorded there; gauges are computed from the
/// engine's queues by ``StepwiseEngine/recordGauges(now:)``.
///
/// Spans: one per execution (`execution <machine>`) and, under it, one per state entered (`state <name>`), with the
/// events' own timestamps, so a tracer the application bootstraps (for example swift-otel) sees an execution as a
/// trace. Spans live within one process: an execution resumed after a restart gets a new execution span.
///
/// Memory holds, per RUNNING execution seen since start, its start time and its open spans and activity tasks.
final class EngineInstrumentation: Sendable {
    let factory: any MetricsFactory
    let tracer: (any Tracer)?
    let metricsEnabled: Bool
    /// Engine events (execution started and ended, tasks timed out) at `info`/`notice`; nil: not logged.
    let logger: Logger?

    private struct OpenExecution {
        var machine: String
        var started: Date?
        var span: (any Span)?
        /// Open state spans by state name (a Map or Parallel may have several of one name at once: oldest first).
        var states: [String: [any Span]] = [:]
        /// ActivityScheduled / ActivityStarted event id → activity name and when.
        var activities: [Int: (activity: String, at: Date, started: Bool)] = [:]
    }

    private struct State {
        var open: [String: OpenExecution] = [:]
        var counters: [String: Counter] = [:]
        var timers: [String: CoreMetrics.Timer] = [:]
    }

    private let state = Mutex(State())

    /// - Parameters:
    ///   - factory: where metrics go; nothing is recorded when it is swift-metrics' no-op factory.
    ///   - tracer: where spans go; nil or the no-op tracer records none.
    ///   - logger: where engine events are logged; nil logs nothing.
    init(factory: any MetricsFactory, tracer: (any Tracer)?, logger: Logger? = nil) {
        self.factory = factory
        self.metricsEnabled = !(factory is NOOPMetricsHandler)
        self.tracer = tracer.flatMap { $0 is NoOpTracer ? nil : $0 }
        self.logger = logger.flatMap { $0.logLevel <= .notice ? $0 : nil }
    }

    var isEnabled: Bool { metricsEnabled || tracer != nil || logger != nil }

    /// One group commit: `batches` were written in `duration` seconds (nil: a batch retried alone, not timed).
    func committed(_ batches: [WriteBatch], duration: Double?) {
        guard isEnabled else { return }
        if metricsEnabled, let duration {
            Recorder(label: StepwiseMetricName.storeCommitDuration, dimensions: [], aggregate: true, factory: factory)
                .record(duration)
            Recorder(label: StepwiseMetricName.storeCommitBatchSize, dimensions: [], aggregate: true, factory: factory)
                .record(batches.count)
        }
        state.withLock { state in
            for batch in batches {
                for event in batch.events { observe(event, &state) }
            }
        }
    }

    private func observe(_ event: EventRecord, _ state: inout State) {
        if let logger { log(event, logger) }
        observeMetricsAndSpans(event, &state)
    }

    /// One line per execution start, redrive and end (`notice` with error and cause when it did not succeed), and per
    /// task that timed out.
    private func log(_ event: EventRecord, _ logger: Logger) {
        let type = event.type
        switch type {
        case "ExecutionStarted", "ExecutionRedriven", "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted",
            "ExecutionTimedOut", "ActivityTimedOut", "TaskTimedOut", "LambdaFunctionTimedOut":
            var metadata: Logger.Metadata = ["execution_arn": .string(event.executionArn), "event": .string(type)]
            let message: Logger.Message =
                switch type {
                case "ExecutionStarted": "execution started"
                case "ExecutionRedriven": "execution redriven"
                case "ActivityTimedOut", "TaskTimedOut", "LambdaFunctionTimedOut": "task timed out"
                default: "execution ended"
                }
            if Self.isExecutionEnd(type) { metadata["status"] = .string(Self.status(of: type)) }
            let quiet = ["ExecutionStarted", "ExecutionRedriven", "ExecutionSucceeded"].contains(type)
            if !quiet, let details = Self.details(event) {
                if let error = details["error"] as? String { metadata["error"] = .string(error) }
                if let cause = details["cause"] as? String { metadata["cause"] = .string(String(cause.prefix(512))) }
            }
            logger.log(level: quiet ? .info : .notice, message, metadata: metadata)
        default:
            return
        }
    }

    private func observeMetricsAndSpans(_ event: EventRecord, _ state: inout State) {
        guard metricsEnabled || tracer != nil else { return }
        let arn = event.executionArn
        let at = Date(timeIntervalSince1970: event.timestamp)
        let type = event.type
        if type == "ExecutionStarted" || type == "ExecutionRedriven" {
            let machine = Self.machineName(ofExecution: arn)
            var open = state.open[arn] ?? OpenExecution(machine: machine)
            if type == "ExecutionStarted" { open.started = at }
            if let tracer, open.span == nil {
                let span = tracer.startSpan("execution \(machine)", context: .topLevel, ofKind: .internal, at: Self.instant(at))
                span.attributes["stepwise.execution_arn"] = arn
                span.attributes["stepwise.state_machine"] = machine
                open.span = span
            }
            state.open[arn] = open
            count(type == "ExecutionStarted" ? StepwiseMetricName.executionsStarted : StepwiseMetricName.executionsRedriven,
                  [("state_machine", machine)], &state)
            return
        }
        guard var open = state.open[arn] else {
            // An execution resumed after a restart: counted from here on, with no start time.
            if Self.isExecutionEnd(type) || type.hasSuffix("StateEntered") || type.hasPrefix("Activity") {
                state.open[arn] = OpenExecution(machine: Self.machineName(ofExecution: arn))
                observeMetricsAndSpans(event, &state)
            }
            return
        }
        let machineLabel = [("state_machine", open.machine)]
        switch type {
        case "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut":
            let name =
                switch type {
                case "ExecutionSucceeded": StepwiseMetricName.executionsSucceeded
                case "ExecutionFailed": StepwiseMetricName.executionsFailed
                case "ExecutionAborted": StepwiseMetricName.executionsAborted
                default: StepwiseMetricName.executionsTimedOut
                }
            count(name, machineLabel, &state)
            if let started = open.started {
                time(StepwiseMetricName.executionTime, machineLabel, at.timeIntervalSince(started), &state)
            }
            for spans in open.states.values { for span in spans { span.end(at: Self.instant(at)) } }
            if let span = open.span {
                span.attributes["stepwise.status"] = Self.status(of: type)
                if type != "ExecutionSucceeded" {
                    let details = Self.details(event)
                    span.setStatus(SpanStatus(code: .error, message: details?["error"] as? String))
                    if let error = details?["error"] as? String { span.attributes["stepwise.error"] = error }
                    if let cause = details?["cause"] as? String { span.attributes["stepwise.cause"] = cause }
                }
                span.end(at: Self.instant(at))
            }
            state.open[arn] = nil
        case "ActivityScheduled":
            let activity = (Self.details(event)?["resource"] as? String).map(Self.lastComponent) ?? "unknown"
            open.activities[event.id] = (activity, at, false)
            count(StepwiseMetricName.activitiesScheduled, [("activity", activity)], &state)
            state.open[arn] = open
        case "ActivityStarted":
            guard let scheduled = open.activities.removeValue(forKey: event.previousEventId) else { return }
            open.activities[event.id] = (scheduled.activity, at, true)
            let label = [("activity", scheduled.activity)]
            count(StepwiseMetricName.activitiesStarted, label, &state)
            time(StepwiseMetricName.activityScheduleTime, label, at.timeIntervalSince(scheduled.at), &state)
            state.open[arn] = open
        case "ActivitySucceeded", "ActivityFailed", "ActivityTimedOut", "ActivityScheduleFailed":
            guard let previous = open.activities.removeValue(forKey: event.previousEventId) else { return }
            let label = [("activity", previous.activity)]
            switch type {
            case "ActivitySucceeded": count(StepwiseMetricName.activitiesSucceeded, label, &state)
            case "ActivityFailed": count(StepwiseMetricName.activitiesFailed, label, &state)
            case "ActivityTimedOut": count(StepwiseMetricName.activitiesTimedOut, label, &state)
            default: break
            }
            // A task that timed out before a worker took it follows its ActivityScheduled event: no run time.
            if previous.started { time(StepwiseMetricName.activityRunTime, label, at.timeIntervalSince(previous.at), &state) }
            state.open[arn] = open
        default:
            if type.hasSuffix("StateEntered") {
                count(StepwiseMetricName.stateTransitions, [], &state)
                if let tracer, let name = Self.details(event)?["name"] as? String {
                    let parent = open.span?.context ?? .topLevel
                    let span = tracer.startSpan("state \(name)", context: parent, ofKind: .internal, at: Self.instant(at))
                    span.attributes["stepwise.state"] = name
                    span.attributes["stepwise.state_type"] = String(type.dropLast("StateEntered".count))
                    open.states[name, default: []].append(span)
                    state.open[arn] = open
                }
            } else if type.hasSuffix("StateExited"), tracer != nil, let name = Self.details(event)?["name"] as? String,
                var spans = open.states[name], !spans.isEmpty
            {
                spans.removeFirst().end(at: Self.instant(at))
                open.states[name] = spans.isEmpty ? nil : spans
                state.open[arn] = open
            } else if type.hasSuffix("Failed") || type.hasSuffix("TimedOut"), tracer != nil,
                let details = Self.details(event), let error = details["error"] as? String
            {
                // A failing task or state: mark the innermost open state span.
                if let span = open.states.values.compactMap(\.last).last {
                    span.attributes["stepwise.error"] = error
                    span.setStatus(SpanStatus(code: .error, message: error))
                }
            }
        }
    }

    private func count(_ name: String, _ dimensions: [(String, String)], _ state: inout State) {
        guard metricsEnabled else { return }
        let key = Self.key(name, dimensions)
        if let counter = state.counters[key] { return counter.increment() }
        let counter = Counter(label: name, dimensions: dimensions, factory: factory)
        state.counters[key] = counter
        counter.increment()
    }

    private func time(_ name: String, _ dimensions: [(String, String)], _ seconds: Double, _ state: inout State) {
        guard metricsEnabled else { return }
        let key = Self.key(name, dimensions)
        let timer = state.timers[key] ?? CoreMetrics.Timer(label: name, dimensions: dimensions, factory: factory)
        state.timers[key] = timer
        timer.recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    private static func key(_ name: String, _ dimensions: [(String, String)]) -> String {
        dimensions.reduce(name) { $0 + "\u{1}" + $1.0 + "=" + $1.1 }
    }

    private static func isExecutionEnd(_ type: String) -> Bool {
        ["ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"].contains(type)
    }

    private static func status(of type: String) -> String {
        switch type {
        case "ExecutionSucceeded": "SUCCEEDED"
        case "ExecutionFailed": "FAILED"
        case "ExecutionAborted": "ABORTED"
        default: "TIMED_OUT"
        }
    }

    private static func details(_ event: EventRecord) -> [String: Any]? {
        guard let text = event.details, let data = text.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    private static func instant(_ date: Date) -> DefaultTracerClock.Instant {
        DefaultTracerClock.Instant(nanosecondsSinceEpoch: UInt64(max(0, date.timeIntervalSince1970) * 1e9))
    }

    /// The label of a machine or activity: the last component of its ARN (`...:activity:bake` → `bake`).
    static func lastComponent(_ arn: String) -> String {
        arn.arnFields.last.map(String.init) ?? arn
    }

    /// The machine's name in an execution ARN (`arn:aws:states:R:A:execution:orders:run-1` → `orders`; a Map Run
    /// child `...:execution:orders/label:id` → `orders`; an Express one `...:express:orders:id:id` → `orders`).
    static func machineName(ofExecution arn: String) -> String {
        let parts = arn.arnFields
        guard parts.count > 6 else { return arn }
        return String(parts[6].split(separator: "/").first ?? parts[6])
    }
}
