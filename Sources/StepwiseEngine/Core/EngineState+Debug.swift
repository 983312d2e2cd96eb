import Foundation
import Synchronization

extension StepwiseEngine {
    /// For finding stalls (a test that waits too long prints it): what the engine holds in memory that decides what
    /// runs next, one line per item. Running executions with their mailbox (pending inputs, queued, on a thread),
    /// tasks with their status, activity queues, parked polls, timers, callers awaiting completion, and whether the
    /// loops run. Taken under the engine lock, in one snapshot.
    package var debugSnapshot: String {
        state.withLock { state in
            var lines = ["loops stopped: \(state.loopsStopped)"]
            for arn in state.executions.keys.sorted() {
                guard let record = state.executions[arn] else { continue }
                let mailbox = state.mailboxes[arn]
                let inputs = mailbox.map { $0.pending.map { Self.describe($0.input) }.joined(separator: ", ") } ?? ""
                lines.append(
                    "execution \(arn): \(record.status), events \(record.eventCount), runtime "
                        + "\(state.runtimes[arn] == nil ? "absent" : "held"), mailbox "
                        + (mailbox.map { "queued \($0.queued) inFlight \($0.inFlight) pending [\(inputs)]" } ?? "none")
                        + ", awaited by \(state.completionWaiters[arn]?.count ?? 0)")
            }
            for arn in state.mailboxes.keys.sorted() where state.executions[arn] == nil {
                lines.append("mailbox of an execution not in memory: \(arn)")
            }
            for (token, entry) in state.tasks.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    "task \(token.suffix(12)): \(entry.record.status) durable \(entry.durable) resource \(entry.record.resource) "
                        + "execution \(entry.record.executionArn)")
            }
            for (resource, queue) in state.queues.sorted(by: { $0.key < $1.key }) where !queue.isEmpty {
                lines.append("queue \(resource): \(queue.count) tasks")
            }
            for (resource, parked) in state.pollers.sorted(by: { $0.key < $1.key }) where !parked.isEmpty {
                lines.append("parked polls \(resource): \(parked.values.filter(\.slot.isParked).count) of \(parked.count)")
            }
            for (id, timer) in state.timers.sorted(by: { $0.key < $1.key }) {
                lines.append("timer \(id): due \(timer.due.timeIntervalSince1970) execution \(timer.executionArn)")
            }
            lines.append("integration jobs waiting: \(state.integrationJobs.count)")
            return lines.joined(separator: "\n")
        }
    }

    private static func describe(_ input: RuntimeInput) -> String {
        let text = "\(input)"
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
