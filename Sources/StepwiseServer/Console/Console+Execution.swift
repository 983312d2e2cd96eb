import Foundation
import Hummingbird
import StatesLanguage
import StepFunctionsAPI

extension Console {
    /// All events of an execution (AWS keeps at most 25,000).
    func history(of arn: String) async throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var token: String?
        repeat {
            let page = try await backend.getExecutionHistory(
                GetExecutionHistoryInput(executionArn: arn, maxResults: 1000, nextToken: token, includeExecutionData: true))
            events += page.events
            token = page.nextToken
        } while token != nil && events.count < 25_000
        return events
    }

    /// `/console/execution?arn=`: everything about one execution; the failure first.
    func executionPage(_ request: Request) async throws -> String {
        guard let arn = request.parameter("arn") else { throw ConsoleError(status: .badRequest, message: "Which execution? (?arn= is missing)") }
        let execution = try await backend.describeExecution(DescribeExecutionInput(executionArn: arn))
        let machine = try? await backend.describeStateMachineForExecution(DescribeStateMachineForExecutionInput(executionArn: arn))
        let definition = machine.flatMap { try? StateMachineDefinition(parsing: $0.definition) }
        let events = try await history(of: arn)
        let trace = ExecutionTrace(events: events, definition: definition, executionStatus: execution.status)
        let running = execution.status == .running
        let name = execution.name ?? HTML.lastComponent(arn)
        let machineLink = HTML.escape(HTML.url("/console/machine", [("arn", execution.stateMachineArn)]))
        let selfLink = HTML.escape(HTML.url("/console/execution", [("arn", arn)]))

        var body = """
            <div class="crumbs"><a href="/console/">State machines</a> › <a href="\(machineLink)">\
            \(HTML.escape(HTML.lastComponent(execution.stateMachineArn)))</a> › \(HTML.escape(name))</div>
            <h1>\(HTML.escape(name)) \(HTML.status(execution.status.rawValue))\(running ? " <span class=\"live\">● live</span>" : "")</h1>
            """
        body += actions(execution, back: HTML.url("/console/execution", [("arn", arn)]))
        if running { body += waitingNotice(trace) }
        if execution.status == .failed || execution.status == .timedOut || execution.status == .aborted {
            body += failureCard(execution, trace: trace)
        }
        body += """
            <div class="grid"><div class="card"><h2>Execution</h2><dl class="facts">
            <dt>Status</dt><dd>\(HTML.status(execution.status.rawValue))</dd>
            <dt>Started</dt><dd>\(HTML.time(execution.startDate))</dd><dt>Stopped</dt><dd>\(HTML.time(execution.stopDate))</dd>
            <dt>Duration</dt><dd>\(HTML.duration(from: execution.startDate, to: execution.stopDate ?? (running ? Date() : nil)))</dd>
            <dt>Redrives</dt><dd>\(execution.redriveCount ?? 0)</dd>
            <dt>ARN</dt><dd>\(HTML.escape(arn))</dd><dt>Link</dt><dd><a href="\(selfLink)">link to this page</a></dd></dl></div>
            <div class="card"><h2>Input</h2>\(HTML.json(execution.input))</div>
            <div class="card"><h2>Output</h2>\(HTML.json(execution.output, empty: running ? "(running)" : "(none)"))</div></div>
            """
        if let definition {
            let legend = [StateStatus.succeeded, .failed, .caught, .running, .notReached]
                .map { "<span class=\"badge status-\($0.rawValue)\">\($0.rawValue.replacingOccurrences(of: "-", with: " "))</span>" }.joined()
            body += """
                <div class="card"><h2>Graph</h2><div class="graph" id="graph">\(DefinitionGraph(definition).svg(statuses: trace.statuses))</div>
                <div class="legend">\(legend)</div><p class="muted">Choose a state to see its input, output and errors.</p></div>
                """
        }
        body += statesCard(trace)
        body += timelineCard(trace, start: execution.startDate, end: execution.stopDate ?? Date())
        body += eventsCard(trace)
        return layout(title: "\(name) (\(execution.status.rawValue))", body: body, live: running, section: "executions")
    }

    /// Says which activity a running step waits for when no worker polled it in the last 75 seconds (a long
    /// poll lasts 60), so a Task that nobody serves does not wait silently.
    func waitingNotice(_ trace: ExecutionTrace) -> String {
        var notices = ""
        let now = Date()
        for run in trace.runs where run.status == .running {
            guard let activityArn = run.waitingActivity else { continue }
            let polls = activity?.polls(of: activityArn)
            guard polls.map({ now.timeIntervalSince($0.lastPoll) > 75 }) ?? true else { continue }
            let seen = polls.map { "last polled \(HTML.duration(now.timeIntervalSince($0.lastPoll))) ago" } ?? "no worker has polled it since the server started"
            notices += """
                <div class="message error" id="no-worker"><b>\(HTML.escape(run.name))</b> waits for a worker: activity \
                <b>\(HTML.escape(HTML.lastComponent(activityArn)))</b> has no poller (\(seen)).</div>
                """
        }
        return notices
    }

    func actions(_ execution: DescribeExecutionOutput, back: String) -> String {
        let hidden = """
            <input type="hidden" name="csrf" value="\(HTML.escape(csrfToken))"><input type="hidden" name="arn" \
            value="\(HTML.escape(execution.executionArn))"><input type="hidden" name="back" value="\(HTML.escape(back))">
            """
        var buttons = ""
        if execution.status == .running {
            buttons += """
                <form class="inline" method="post" action="/console/actions/stop" data-confirm="Stop this execution?">\(hidden)\
                <button class="danger" type="submit" id="stop">Stop execution</button></form>
                """
        }
        if execution.status == .failed || execution.status == .timedOut || execution.status == .aborted {
            buttons += """
                <form class="inline" method="post" action="/console/actions/redrive" data-confirm="Redrive this execution from the failed step?">\
                \(hidden)<button class="primary" type="submit" id="redrive">Redrive</button></form>
                """
        }
        return buttons.isEmpty ? "" : "<div class=\"actions\">\(buttons)</div>"
    }

    /// The failure at the top of a failed execution: error, cause, the failing step and its input.
    func failureCard(_ execution: DescribeExecutionOutput, trace: ExecutionTrace) -> String {
        var html = """
            <div class="card failure" id="failure"><h2>Why it \(execution.status == .aborted ? "stopped" : "failed")</h2><dl>
            <dt>Error</dt><dd class="error-name">\(HTML.escape(execution.error ?? "(none)"))</dd>
            <dt>Cause</dt><dd>\(execution.cause.map { "<pre class=\"json\">\(HTML.escape(HTML.prettyJSON($0)))</pre>" } ?? "<span class=\"muted\">(none)</span>")</dd>
            """
        if let run = trace.failingRun {
            html += """
                <dt>Failed step</dt><dd><a href="#run-\(run.index)">\(HTML.escape(run.name))</a> <span class="muted">\(HTML.escape(run.type))\
                \(run.context.isEmpty ? "" : " · " + HTML.escape(run.context))</span></dd>
                <dt>Step input</dt><dd id="failed-step-input">\(HTML.json(run.input))</dd>
                """
        }
        return html + "</dl></div>"
    }

    func statesCard(_ trace: ExecutionTrace) -> String {
        guard !trace.runs.isEmpty else { return "<div class=\"card\"><h2>States</h2><p class=\"muted\">No state entered yet.</p></div>" }
        var rows = ""
        var details = ""
        for run in trace.runs {
            let ended = run.exited ?? (run.status == .running ? nil : run.failures.last?.at)
            let duration = ended.map { HTML.duration($0.timeIntervalSince(run.entered)) } ?? (run.status == .running ? "running" : "–")
            rows += """
                <tr><td><a href="#run-\(run.index)" class="name">\(HTML.escape(run.name))</a></td><td>\(HTML.escape(run.type))</td>\
                <td>\(HTML.escape(run.context))</td><td>\(HTML.status(run.status.rawValue.uppercased()))</td>\
                <td class="nowrap">\(HTML.time(run.entered))</td><td class="num nowrap">\(duration)</td><td class="num">\(max(run.attempts, 1))</td></tr>

                """
            var failures = ""
            for (number, failure) in run.failures.enumerated() {
                failures += """
                    <li><b>\(HTML.escape(failure.error ?? failure.type))</b> <span class="muted">(\(HTML.escape(failure.type)), \(HTML.time(failure.at))\
                    \(number < run.failures.count - 1 || run.status != .failed ? ", retried or caught" : ""))</span>\
                    \(failure.cause.map { "<pre class=\"json\">\(HTML.escape(HTML.prettyJSON($0)))</pre>" } ?? "")</li>
                    """
            }
            details += """
                <details class="run" id="run-\(run.index)" data-state="\(HTML.escape(run.name))"><summary><span class="name">\(HTML.escape(run.name))</span>\
                \(HTML.status(run.status.rawValue.uppercased()))<span class="muted">\(HTML.escape(run.type))\(run.context.isEmpty ? "" : " · " + HTML.escape(run.context)) \
                · \(duration) · attempts \(max(run.attempts, 1))</span></summary><div class="body"><div class="grid">
                <div><h2>Input</h2>\(HTML.json(run.input))</div><div><h2>Output</h2>\(HTML.json(run.output, empty: run.exited == nil ? "(no output)" : "(none)"))</div></div>
                \(failures.isEmpty ? "" : "<h2>Errors and retries</h2><ol class=\"failures\">\(failures)</ol>")</div></details>

                """
        }
        return """
            <div class="card" id="states"><h2>States</h2><table><thead><tr><th>State</th><th>Type</th><th>Map iteration / branch</th><th>Status</th>\
            <th>Entered</th><th class="num">Duration</th><th class="num">Attempts</th></tr></thead><tbody>\(rows)</tbody></table></div>
            <div class="card" id="state-details"><h2>State details</h2>\(details)</div>
            """
    }

    /// Bars of state durations on one time axis, drawn as SVG (attributes only, nothing inline for the CSP).
    func timelineCard(_ trace: ExecutionTrace, start: Date, end: Date) -> String {
        guard !trace.runs.isEmpty else { return "" }
        let runs = trace.runs.prefix(300)
        let total = max(end.timeIntervalSince(start), 0.001)
        let labelWidth = 260.0
        let barWidth = 700.0
        let rowHeight = 22.0
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(labelWidth + barWidth + 90))" height="\(Int(Double(runs.count) * rowHeight + 10))" \
            font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="Timeline">
            """
        for (row, run) in runs.enumerated() {
            let y = Double(row) * rowHeight + 4
            let from = run.entered.timeIntervalSince(start) / total * barWidth
            let to = (run.exited ?? end).timeIntervalSince(start) / total * barWidth
            let colour: String =
                switch run.status {
                case .succeeded: "#40c057"
                case .failed: "#e03131"
                case .caught: "#fd7e14"
                case .running: "#339af0"
                case .notReached: "#ced4da"
                }
            let label = run.context.isEmpty ? run.name : "\(run.name) (\(run.context))"
            let shown = label.count > 38 ? String(label.prefix(37)) + "…" : label
            let seconds = (run.exited ?? end).timeIntervalSince(run.entered)
            svg += """
                <text x="0" y="\(y + 13)" fill="#343a40">\(HTML.escape(shown))<title>\(HTML.escape(label))</title></text>\
                <rect x="\(labelWidth + from)" y="\(y)" width="\(max(2, to - from))" height="\(rowHeight - 6)" rx="3" fill="\(colour)"/>\
                <text x="\(labelWidth + max(to, from + 2) + 6)" y="\(y + 13)" fill="#6c757d">\(HTML.duration(seconds))</text>
                """
        }
        svg += "</svg>"
        let more = trace.runs.count > runs.count ? "<p class=\"muted\">The first 300 of \(trace.runs.count) states.</p>" : ""
        return "<div class=\"card timeline\" id=\"timeline\"><h2>Timeline</h2><div class=\"graph\">\(svg)</div>\(more)</div>"
    }

    func eventsCard(_ trace: ExecutionTrace) -> String {
        var rows = ""
        let first = trace.events.first?.event.timestamp
        let limit = 5000
        for item in trace.events.prefix(limit) {
            let event = item.event
            let state = item.run.map { trace.runs[$0].name } ?? ""
            let elapsed = first.map { HTML.duration(event.timestamp.timeIntervalSince($0)) } ?? ""
            let details = item.details.map { "<details class=\"event\"><summary>details</summary><pre class=\"json\">\(HTML.escape($0.jsonString(.pretty)))</pre></details>" } ?? ""
            rows += """
                <tr><td class="num">\(event.id)</td><td>\(HTML.escape(event.type.rawValue))</td><td>\(HTML.escape(state))</td>\
                <td class="nowrap">\(HTML.time(event.timestamp))</td><td class="num nowrap">\(elapsed)</td><td>\(details)</td></tr>

                """
        }
        return """
            <div class="card" id="events"><h2>Events (\(trace.events.count))</h2><table><thead><tr><th class="num">ID</th><th>Type</th><th>State</th>\
            <th>Time</th><th class="num">Elapsed</th><th>Details</th></tr></thead><tbody>\(rows)</tbody></table>\
            \(trace.events.count > limit ? "<p class=\"muted\">The first \(limit) events; the full history: stepwise history or GetExecutionHistory.</p>" : "")</div>
            """
    }

    // MARK: Actions

    func startExecution(_ form: [String: String]) async throws -> ActionOutcome {
        guard let machine = form["machine"] else { throw StepFunctionsError(.validationException, "Which state machine?") }
        let input = (form["input"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let text = input.isEmpty ? "{}" : input
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            throw StepFunctionsError(.invalidExecutionInput, "The input is not valid JSON: \(error)")
        }
        let name = form["name"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        if (try? await backend.describeStateMachine(DescribeStateMachineInput(stateMachineArn: machine)))?.type == .express {
            // An EXPRESS execution cannot be described afterwards (as on AWS): run it and show its result now.
            let result = try await backend.startSyncExecution(StartSyncExecutionInput(stateMachineArn: machine, name: name, input: text))
            return .page(title: result.name ?? "EXPRESS run", body: expressResult(result, machine: machine))
        }
        let started = try await backend.startExecution(StartExecutionInput(stateMachineArn: machine, name: name, input: text))
        return .redirect(HTML.url("/console/execution", [("arn", started.executionArn)]))
    }

    /// The result of an EXPRESS run (StartSyncExecution's answer).
    func expressResult(_ result: StartSyncExecutionOutput, machine: String) -> String {
        let back = HTML.url("/console/machine", [("arn", machine)])
        var facts = """
            <dt>Execution ARN</dt><dd>\(HTML.escape(result.executionArn))</dd>\
            <dt>Status</dt><dd>\(HTML.status(result.status.rawValue))</dd>\
            <dt>Started</dt><dd>\(HTML.time(result.startDate))</dd>\
            <dt>Duration</dt><dd>\(HTML.duration(from: result.startDate, to: result.stopDate))</dd>
            """
        if let error = result.error { facts += "<dt>Error</dt><dd><span class=\"error-name\">\(HTML.escape(error))</span></dd>" }
        if let cause = result.cause { facts += "<dt>Cause</dt><dd>\(HTML.escape(cause))</dd>" }
        var panels = ""
        if let input = result.input { panels += "<div class=\"card\"><h2>Input</h2>\(HTML.json(input))</div>" }
        if let output = result.output { panels += "<div class=\"card\"><h2>Output</h2>\(HTML.json(output))</div>" }
        return """
            <div class="crumbs"><a href="/console/">State machines</a> › <a href="\(HTML.escape(back))">\
            \(HTML.escape(HTML.lastComponent(machine)))</a></div>
            <h1>\(HTML.escape(result.name ?? ""))</h1>
            <div class="card" id="express-result"><dl class="facts">\(facts)</dl>
            <p class="muted">An EXPRESS execution keeps no history here, as on AWS: this page is its only record.</p></div>
            <div class="grid">\(panels)</div>
            """
    }

    func stopExecution(_ form: [String: String]) async throws -> String {
        guard let arn = form["arn"] else { throw StepFunctionsError(.validationException, "Which execution?") }
        _ = try await backend.stopExecution(StopExecutionInput(executionArn: arn, error: "Console.Stopped", cause: "Stopped from the web console"))
        return HTML.url("/console/execution", [("arn", arn)])
    }

    func redriveExecution(_ form: [String: String]) async throws -> String {
        guard let arn = form["arn"] else { throw StepFunctionsError(.validationException, "Which execution?") }
        _ = try await backend.redriveExecution(RedriveExecutionInput(executionArn: arn))
        return HTML.url("/console/execution", [("arn", arn)])
    }
}
