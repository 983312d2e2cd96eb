import CoreMetrics
public import Foundation
import Synchronization

extension StepwiseEngine {
    /// The tasks of one activity waiting for a worker.
    public struct ActivityQueueSample: Sendable, Hashable {
        /// How many tasks wait (scheduled, durable, not taken).
        public var depth: Int
        /// When the oldest of them was scheduled (nil when none waits).
        public var oldestScheduled: Date?

        public init(depth: Int, oldestScheduled: Date?) {
            self.depth = depth
            self.oldestScheduled = oldestScheduled
        }
    }

    /// Each activity's waiting tasks, read from the engine's queues (activity ARN → sample; every activity appears,
    /// with depth 0 when none waits).
    public func activityQueues() -> [String: ActivityQueueSample] {
        state.withLock { state in
            var samples: [String: ActivityQueueSample] = [:]
            for arn in state.activities.keys { samples[arn] = ActivityQueueSample(depth: 0, oldestScheduled: nil) }
            for (resource, queue) in state.queues where state.activities[resource] != nil {
                let oldest = queue.first.flatMap { state.tasks[$0]?.record.scheduledDate }
                samples[resource] = ActivityQueueSample(depth: queue.count, oldestScheduled: oldest)
            }
            return samples
        }
    }

    /// RUNNING executions per state machine ARN (every machine appears, with 0 when none runs).
    public func runningExecutionCounts() -> [String: Int] {
        state.withLock { state in
            var counts: [String: Int] = [:]
            for arn in state.machines.keys { counts[arn] = 0 }
            for arn in state.runtimes.keys {
                guard let machine = state.executions[arn]?.stateMachineArn else { continue }
                counts[machine, default: 0] += 1
            }
            return counts
        }
    }

    /// Records the gauges (executions running per machine; each activity's queue depth and oldest waiting task's
    /// age) into the engine's metrics factory, computed from the queues now. Runs every few seconds while the
    /// engine runs; `stepwise serve` also runs it at each `/metrics` scrape, so the figures are right at every scrape.
    public func recordGauges(now: Date? = nil) {
        guard instrumentation.metricsEnabled else { return }
        let factory = instrumentation.factory
        let now = now ?? clock.now
        for (machine, count) in runningExecutionCounts() {
            let label = [("state_machine", EngineInstrumentation.lastComponent(machine))]
            Gauge(label: StepwiseMetricName.executionsRunning, dimensions: label, factory: factory).record(count)
        }
        for (activity, sample) in activityQueues() {
            let label = [("activity", EngineInstrumentation.lastComponent(activity))]
            Gauge(label: StepwiseMetricName.activityQueueDepth, dimensions: label, factory: factory).record(sample.depth)
            let age = sample.oldestScheduled.map { max(0, now.timeIntervalSince($0)) } ?? 0
            Gauge(label: StepwiseMetricName.activityOldestTaskAge, dimensions: label, factory: factory).record(age)
        }
    }

    /// Records the gauges every `interval` until cancelled (one of the engine's loops, when metrics are on).
    func gaugeLoop(interval: Duration = .seconds(5)) async {
        while !Task.isCancelled {
            recordGauges()
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}

extension StepwiseEngine {
    /// Polls parked on an activity now, waiting for a task (for tests).
    package func parkedPollCount(activityArn: String) -> Int {
        state.withLock { $0.pollers[activityArn]?.count ?? 0 }
    }
}
