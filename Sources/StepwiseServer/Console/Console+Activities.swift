import Foundation
import Hummingbird
import StepFunctionsAPI
import StepwiseEngine

extension Console {
    /// `/console/activities`: each activity's queue depth and oldest waiting task (from the RUNNING executions'
    /// histories), and the last poll and workers the server saw.
    func activitiesPage(_ request: Request) async throws -> String {
        var activities: [ActivityListItem] = []
        var token: String?
        repeat {
            let page = try await backend.listActivities(ListActivitiesInput(maxResults: 1000, nextToken: token))
            activities += page.activities
            token = page.nextToken
        } while token != nil && activities.count < 10_000
        let queues = try await self.queues?.waitingTasks() ?? [:]
        let now = Date()
        let rows = activities.sorted { $0.name < $1.name }.map { activity in
            let waiting = queues[activity.activityArn] ?? ActivityQueueSample(depth: 0, oldestScheduled: nil)
            let oldest = waiting.oldestScheduled
            let polls = self.activity?.polls(of: activity.activityArn)
            let workers = polls?.workers.sorted { $0.value > $1.value }.prefix(10).map { name, date in
                "\(HTML.escape(name)) <span class=\"muted\">(\(HTML.duration(now.timeIntervalSince(date))) ago)</span>"
            }.joined(separator: "<br>")
            let unserved = waiting.depth > 0 && (polls == nil || now.timeIntervalSince(polls?.lastPoll ?? .distantPast) > 75)
            return """
                <tr><td class="name">\(HTML.escape(activity.name))\(unserved ? " <span class=\"badge status-failed\">no worker polling</span>" : "")</td>\
                <td class="num">\(waiting.depth)</td><td class="num">\(oldest.map { HTML.duration(now.timeIntervalSince($0)) } ?? "–")</td>\
                <td class="nowrap">\(polls.map { "\(HTML.time($0.lastPoll)) <span class=\"muted\">(\(HTML.duration(now.timeIntervalSince($0.lastPoll))) ago)</span>" } ?? "<span class=\"muted\">never</span>")</td>\
                <td>\(workers ?? "<span class=\"muted\">none seen</span>")</td><td class="nowrap">\(HTML.time(activity.creationDate))</td></tr>
                """
        }.joined(separator: "\n")
        let table =
            activities.isEmpty
            ? "<p class=\"muted\">No activities.</p>"
            : """
            <table id="activities"><thead><tr><th>Activity</th><th class="num">Waiting tasks</th><th class="num">Oldest waiting</th>\
            <th>Last poll</th><th>Workers</th><th>Created</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return layout(
            title: "Activities",
            body: """
                <h1>Activities</h1><div class="card">\(table)
                <p class="muted">Waiting tasks are read from the engine's queues. Last poll and workers are the \
                GetActivityTask calls this server answered since it started (a worker in process with the engine does not pass here).</p></div>
                \(functionsCard())
                """, section: "activities")
    }
}
