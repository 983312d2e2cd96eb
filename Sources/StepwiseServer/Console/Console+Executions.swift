import Foundation
import Hummingbird
import StepFunctionsAPI

extension Console {
    /// `/console/executions`: executions of one machine (`?machine=`) or of all, newest first, by status and name.
    func executionsPage(_ request: Request) async throws -> String {
        let machine = request.parameter("machine")
        var express = false
        if let machine {  // a deleted machine's executions are still listed
            express = (try? await backend.describeStateMachine(DescribeStateMachineInput(stateMachineArn: machine)))?.type == .express
        }
        let table =
            express
            ? "<p class=\"muted\">\(HTML.escape(Self.expressNote))</p>"
            : try await executionsTable(request, machineArn: machine, path: "/console/executions", base: [("machine", machine)])
        let title = machine.map { "Executions of \(HTML.lastComponent($0))" } ?? "Executions"
        let crumbs =
            machine.map {
                "<div class=\"crumbs\"><a href=\"/console/\">State machines</a> › <a href=\"\(HTML.escape(HTML.url("/console/machine", [("arn", $0)])))\">\(HTML.escape(HTML.lastComponent($0)))</a></div>"
            } ?? ""
        return layout(title: title, body: "\(crumbs)<h1>\(HTML.escape(title))</h1><div class=\"card\" id=\"executions\">\(table)</div>", section: "executions")
    }

    /// A cursor over one machine's executions: the `nextToken` of the page holding the next item, and how many of
    /// that page were already shown.
    struct Cursor: Codable {
        var token: String?
        var skip: Int
    }

    /// The filter form, the table and the pager of executions. Across machines, each machine's newest-first list is
    /// merged; the page cursor keeps one position per machine. The name filter matches part of the name
    /// (case-insensitive) and reads at most 20 pages of 100 per machine per request.
    func executionsTable(
        _ request: Request, machineArn: String?, path: String, base: [(String, String?)]
    ) async throws -> String {
        let status = request.parameter("status").map { ExecutionStatus(rawValue: $0) }
        if let status, !ExecutionStatus.allKnown.contains(status) {
            throw ConsoleError(status: .badRequest, message: "Unknown status \(status.rawValue)")
        }
        let nameFilter = request.parameter("name")?.lowercased()
        let pageSize = configuration.pageSize
        let machines: [String]
        if let machineArn {
            machines = [machineArn]
        } else {
            // AWS lists no EXPRESS machine's executions (ListExecutions refuses them).
            machines = try await allMachines().filter { $0.type != .express }.map(\.stateMachineArn)
        }
        var cursors: [String: Cursor] = [:]
        if let encoded = request.parameter("page"), let data = Data(base64Encoded: encoded),
            let decoded = try? JSONDecoder().decode([String: Cursor].self, from: data)
        {
            cursors = decoded
        }
        // Per machine: candidates in order, each with the cursor that points at it.
        var candidates: [(item: ExecutionListItem, at: Cursor, machine: String)] = []
        var after: [String: Cursor] = [:]  // where each machine goes on once all its candidates are shown
        for machine in machines {
            let isPaging = request.parameter("page") != nil
            guard let start = isPaging ? cursors[machine] : Cursor(token: nil, skip: 0) else { continue }
            var token = start.token
            var skip = start.skip
            var found = 0
            var pages = 0
            while pages < 20 {
                pages += 1
                let page = try await backend.listExecutions(
                    ListExecutionsInput(stateMachineArn: machine, statusFilter: status, maxResults: 100, nextToken: token))
                for (index, item) in page.executions.enumerated() where index >= skip {
                    if let nameFilter, !item.name.lowercased().contains(nameFilter) { continue }
                    candidates.append((item, Cursor(token: token, skip: index), machine))
                    found += 1
                }
                skip = 0
                guard let next = page.nextToken else {
                    token = nil
                    break
                }
                token = next
                if found > pageSize { break }
            }
            if let token { after[machine] = Cursor(token: token, skip: 0) }
        }
        // Newest first; ties keep each machine's own order (Swift's sort is not stable).
        candidates = candidates.enumerated()
            .sorted { $0.element.item.startDate != $1.element.item.startDate ? $0.element.item.startDate > $1.element.item.startDate : $0.offset < $1.offset }
            .map(\.element)
        let shown = candidates.prefix(pageSize)
        // For each machine: its first candidate not shown, else where its reading stopped.
        var next: [String: Cursor] = [:]
        var firstUnshown: Set<String> = []
        for candidate in candidates.dropFirst(pageSize) where !firstUnshown.contains(candidate.machine) {
            firstUnshown.insert(candidate.machine)
            next[candidate.machine] = candidate.at
        }
        for (machine, cursor) in after where next[machine] == nil { next[machine] = cursor }

        let statusOptions = (["" ] + ExecutionStatus.allKnown.map(\.rawValue)).map { value in
            "<option value=\"\(value)\"\(value == (status?.rawValue ?? "") ? " selected" : "")>\(value.isEmpty ? "Any status" : value)</option>"
        }.joined()
        var hidden = ""
        for (name, value) in base { if let value { hidden += "<input type=\"hidden\" name=\"\(name)\" value=\"\(HTML.escape(value))\">" } }
        let form = """
            <form class="filters" method="get" action="\(path)">\(hidden)<select name="status" aria-label="Status">\(statusOptions)</select>\
            <input type="text" name="name" placeholder="Name contains…" value="\(HTML.escape(request.parameter("name") ?? ""))" aria-label="Name">\
            <button type="submit">Filter</button></form>
            """
        guard !shown.isEmpty else {
            return form + "<p class=\"muted\">No executions\(status != nil || nameFilter != nil ? " match" : " yet").</p>"
        }
        let rows = shown.map { candidate in
            let execution = candidate.item
            return """
                <tr><td><a class="name" href="\(HTML.escape(HTML.url("/console/execution", [("arn", execution.executionArn)])))">\
                \(HTML.escape(execution.name))</a></td><td>\(HTML.status(execution.status.rawValue))</td>\
                \(machineArn == nil ? "<td>\(HTML.escape(HTML.lastComponent(execution.stateMachineArn)))</td>" : "")\
                <td class="nowrap">\(HTML.time(execution.startDate))</td><td class="nowrap">\(HTML.time(execution.stopDate))</td>\
                <td class="num nowrap">\(execution.stopDate == nil ? "running" : HTML.duration(from: execution.startDate, to: execution.stopDate))</td></tr>
                """
        }.joined(separator: "\n")
        var pager = ""
        if !next.isEmpty, let data = try? JSONEncoder().encode(next) {
            let href = HTML.url(
                path, base + [("status", status?.rawValue), ("name", request.parameter("name")), ("page", data.base64EncodedString())])
            pager = "<a class=\"button\" href=\"\(HTML.escape(href))\">Older executions →</a>"
        }
        let first = request.parameter("page") != nil
            ? "<a class=\"button\" href=\"\(HTML.escape(HTML.url(path, base + [("status", status?.rawValue), ("name", request.parameter("name"))])))\">← Newest</a>" : ""
        return """
            \(form)<table class="executions"><thead><tr><th>Name</th><th>Status</th>\(machineArn == nil ? "<th>State machine</th>" : "")\
            <th>Started</th><th>Stopped</th><th class="num">Duration</th></tr></thead><tbody>\(rows)</tbody></table>
            <div class="pager">\(first)\(pager)</div>
            """
    }
}
