import Foundation
import Hummingbird
import StatesLanguage
import StepFunctionsAPI

extension Console {
    /// The frame of every page: the top bar, the title, and the page's body.
    func layout(title: String, body: String, live: Bool = false, section: String = "") -> String {
        func link(_ href: String, _ text: String, _ name: String) -> String {
            "<a href=\"\(href)\"\(section == name ? " class=\"here\"" : "")>\(text)</a>"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Stepwise</title>
            <link rel="stylesheet" href="/console/assets/console.css"><script src="/console/assets/console.js" defer></script></head>
            <body data-live="\(live ? "1" : "0")">
            <header class="top"><a class="brand" href="/console/">Stepwise</a>\(link("/console/", "State machines", "machines"))\
            \(link("/console/executions", "Executions", "executions"))\(link("/console/activities", "Activities", "activities"))</header>
            <main>
            \(body)
            </main></body></html>
            """
    }

    /// Every state machine (all pages of `ListStateMachines`).
    func allMachines() async throws -> [StateMachineListItem] {
        var machines: [StateMachineListItem] = []
        var token: String?
        repeat {
            let page = try await backend.listStateMachines(ListStateMachinesInput(maxResults: 1000, nextToken: token))
            machines += page.stateMachines
            token = page.nextToken
        } while token != nil && machines.count < 10_000
        return machines
    }

    /// Why an EXPRESS machine shows no executions.
    static var expressNote: String {
        "EXPRESS executions are not listed or described, as on AWS (ListExecutions answers StateMachineTypeNotSupported). "
            + "Each result comes back from StartSyncExecution: run one below to see it."
    }

    /// Counted statuses: up to 1,000 of each are counted (`1000+` beyond), so the page stays fast on a large store.
    static var countedStatuses: [ExecutionStatus] { [.running, .succeeded, .failed, .timedOut, .aborted] }
    static var countLimit: Int { 1000 }

    func counts(of machineArn: String) async throws -> [ExecutionStatus: (count: Int, more: Bool)] {
        var result: [ExecutionStatus: (count: Int, more: Bool)] = [:]
        for status in Self.countedStatuses {
            let page = try await backend.listExecutions(
                ListExecutionsInput(stateMachineArn: machineArn, statusFilter: status, maxResults: Self.countLimit))
            result[status] = (page.executions.count, page.nextToken != nil)
        }
        return result
    }

    /// `/console/`: the machines with counts by status, and the latest failed executions (one click to a failure).
    func machinesPage(_ request: Request) async throws -> String {
        let machines = try await allMachines().sorted { $0.name < $1.name }
        var rows = ""
        var failures: [ExecutionListItem] = []
        for machine in machines {
            guard machine.type != .express else {
                // AWS keeps no list of an EXPRESS machine's executions: nothing to count.
                let cell = "<td class=\"num count-zero\" title=\"\(HTML.escape(Self.expressNote))\">—</td>"
                rows += """
                    <tr><td><a class="name" href="\(HTML.escape(HTML.url("/console/machine", [("arn", machine.stateMachineArn)])))">\
                    \(HTML.escape(machine.name))</a></td><td>\(HTML.escape(machine.type.rawValue))</td>\
                    <td class="nowrap">\(HTML.time(machine.creationDate))</td>\(String(repeating: cell, count: Self.countedStatuses.count))</tr>

                    """
                continue
            }
            let counts = try await counts(of: machine.stateMachineArn)
            var cells = ""
            for status in Self.countedStatuses {
                let (count, more) = counts[status] ?? (0, false)
                let href = HTML.url("/console/executions", [("machine", machine.stateMachineArn), ("status", status.rawValue)])
                cells += count == 0
                    ? "<td class=\"num count-zero\">0</td>"
                    : "<td class=\"num\"><a href=\"\(HTML.escape(href))\">\(count)\(more ? "+" : "")</a></td>"
            }
            rows += """
                <tr><td><a class="name" href="\(HTML.escape(HTML.url("/console/machine", [("arn", machine.stateMachineArn)])))">\
                \(HTML.escape(machine.name))</a></td><td>\(HTML.escape(machine.type.rawValue))</td>\
                <td class="nowrap">\(HTML.time(machine.creationDate))</td>\(cells)</tr>

                """
            let failed = try await backend.listExecutions(
                ListExecutionsInput(stateMachineArn: machine.stateMachineArn, statusFilter: .failed, maxResults: 10))
            failures += failed.executions
        }
        failures.sort { $0.startDate > $1.startDate }
        let headers = Self.countedStatuses.map { "<th class=\"num\">\(HTML.escape($0.rawValue.replacingOccurrences(of: "_", with: " ")))</th>" }.joined()
        let table =
            machines.isEmpty
            ? "<p class=\"muted\">No state machines yet. Create one with <code>stepwise deploy</code> or <code>aws stepfunctions create-state-machine</code>.</p>"
            : "<table id=\"machines\"><thead><tr><th>Name</th><th>Type</th><th>Created</th>\(headers)</tr></thead><tbody>\(rows)</tbody></table>"
        var failureRows = ""
        for execution in failures.prefix(10) {
            let error = try? await backend.describeExecution(DescribeExecutionInput(executionArn: execution.executionArn)).error
            failureRows += """
                <tr><td><a class="name" href="\(HTML.escape(HTML.url("/console/execution", [("arn", execution.executionArn)])))">\
                \(HTML.escape(execution.name))</a></td><td>\(HTML.escape(HTML.lastComponent(execution.stateMachineArn)))</td>\
                <td><span class="error-name">\(HTML.escape((error ?? nil) ?? ""))</span></td>\
                <td class="nowrap">\(HTML.time(execution.stopDate ?? execution.startDate))</td></tr>

                """
        }
        let failuresCard =
            failures.isEmpty
            ? ""
            : """
            <div class="card" id="recent-failures"><h2>Recent failed executions</h2><table><thead><tr><th>Execution</th><th>State machine</th>\
            <th>Error</th><th>Failed at</th></tr></thead><tbody>\(failureRows)</tbody></table></div>
            """
        return layout(
            title: "State machines",
            body: """
                <h1>State machines</h1>
                \(failuresCard)
                <div class="card">\(table)</div>
                """, section: "machines")
    }

    /// `/console/machine?arn=`: the definition as a graph and as JSON, its executions, and a form to start one.
    func machinePage(_ request: Request) async throws -> String {
        guard let arn = request.parameter("arn") else { throw ConsoleError(status: .badRequest, message: "Which state machine? (?arn= is missing)") }
        let machine = try await backend.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        let graph: String
        do {
            graph = DefinitionGraph(try StateMachineDefinition(parsing: machine.definition)).svg()
        } catch {
            graph = "<p class=\"muted\">The definition cannot be drawn: \(HTML.escape(error.description))</p>"
        }
        let express = machine.type == .express
        let executions =
            express
            ? "<p class=\"muted\">\(HTML.escape(Self.expressNote))</p>"
            : try await executionsTable(request, machineArn: arn, path: "/console/machine", base: [("arn", arn)])
        let back = HTML.url("/console/machine", [("arn", arn)])
        return layout(
            title: machine.name,
            body: """
                <div class="crumbs"><a href="/console/">State machines</a> › \(HTML.escape(machine.name))</div>
                <h1>\(HTML.escape(machine.name))</h1>
                <div class="card"><dl class="facts"><dt>ARN</dt><dd>\(HTML.escape(machine.stateMachineArn))</dd>\
                <dt>Type</dt><dd>\(HTML.escape(machine.type.rawValue))</dd><dt>Created</dt><dd>\(HTML.time(machine.creationDate))</dd>\
                <dt>Status</dt><dd>\(HTML.escape(machine.status?.rawValue ?? "ACTIVE"))</dd></dl></div>
                <div class="grid"><div class="card"><h2>Graph</h2><div class="graph">\(graph)</div></div>
                <div class="card"><h2>Definition</h2>\(HTML.json(machine.definition))</div></div>
                <div class="card" id="executions"><h2>Executions</h2>\(executions)</div>
                <div class="card"><h2>Start an execution</h2>
                <form method="post" action="/console/actions/start">
                <input type="hidden" name="csrf" value="\(HTML.escape(csrfToken))"><input type="hidden" name="machine" value="\(HTML.escape(arn))">\
                <input type="hidden" name="back" value="\(HTML.escape(back))">
                <p><label>Name (optional) <input type="text" name="name" maxlength="80" size="40"></label></p>
                <label for="start-input">Input (JSON)</label>
                <textarea id="start-input" name="input" data-json="start-input-error" spellcheck="false">{}</textarea>
                <p class="field-error" id="start-input-error"></p>
                <button class="primary" type="submit">\(express ? "Run and wait for the result" : "Start execution")</button></form></div>
                """, section: "machines")
    }
}
