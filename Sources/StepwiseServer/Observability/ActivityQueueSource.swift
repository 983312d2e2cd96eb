import Foundation
public import StepwiseEngine

/// One activity's waiting tasks: how many, and when the oldest was scheduled.
public typealias ActivityQueueSample = StepwiseEngine.ActivityQueueSample

/// Where the console and `/metrics` read each activity's waiting tasks (activity ARN → sample).
public protocol ActivityQueueSource: Sendable {
    func waitingTasks() async throws -> [String: ActivityQueueSample]
}

/// The queues of an engine in this process, read from its memory (exact, and cheap at any size).
struct EngineQueues: ActivityQueueSource {
    let engine: StepwiseEngine

    func waitingTasks() async throws -> [String: ActivityQueueSample] { engine.activityQueues() }
}

extension ExecutionObserver: ActivityQueueSource {
    /// The waiting tasks read from the RUNNING executions' histories (for a backend that is not an engine here).
    public func waitingTasks() async throws -> [String: ActivityQueueSample] {
        try await collect().mapValues { tasks in
            ActivityQueueSample(depth: tasks.count, oldestScheduled: tasks.map(\.scheduled).min())
        }
    }
}
