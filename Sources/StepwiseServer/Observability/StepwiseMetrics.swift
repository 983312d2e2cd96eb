import CoreMetrics
import Foundation

/// The metrics of Stepwise, named after AWS's CloudWatch metrics for Step Functions and recorded through
/// swift-metrics into `factory` (Prometheus for `stepwise serve`; whatever backend an embedding program
/// bootstraps otherwise, which is `MetricsSystem.factory`).
public struct StepwiseMetrics: Sendable {
    /// Where the metrics go.
    public let factory: any MetricsFactory

    /// Records into `factory`; the default is the process's bootstrapped swift-metrics backend.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Counts one more of `name` with `dimensions`.
    func increment(_ name: String, _ dimensions: [(String, String)] = [], by amount: Int = 1) {
        Counter(label: name, dimensions: dimensions, factory: factory).increment(by: amount)
    }

    /// Sets the gauge `name`.
    func gauge(_ name: String, _ dimensions: [(String, String)], _ value: Double) {
        Gauge(label: name, dimensions: dimensions, factory: factory).record(value)
    }

    /// Records a duration into the histogram `name` (exported in seconds).
    func duration(_ name: String, _ dimensions: [(String, String)], seconds: Double) {
        Timer(label: name, dimensions: dimensions, factory: factory).recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// Records a value into the histogram `name`.
    func value(_ name: String, _ dimensions: [(String, String)], _ value: Double) {
        Recorder(label: name, dimensions: dimensions, aggregate: true, factory: factory).record(value)
    }

    // The metric names (see issue 12 and AWS's "Monitoring Step Functions metrics using Amazon CloudWatch").
    static let executionsStarted = "stepwise_executions_started_total"
    static let executionsSucceeded = "stepwise_executions_succeeded_total"
    static let executionsFailed = "stepwise_executions_failed_total"
    static let executionsAborted = "stepwise_executions_aborted_total"
    static let executionsTimedOut = "stepwise_executions_timed_out_total"
    static let executionsRedriven = "stepwise_executions_redriven_total"
    static let executionsRunning = "stepwise_executions_running"
    static let executionTime = "stepwise_execution_time_seconds"
    static let stateTransitions = "stepwise_state_transitions_total"
    static let activitiesScheduled = "stepwise_activities_scheduled_total"
    static let activitiesStarted = "stepwise_activities_started_total"
    static let activitiesSucceeded = "stepwise_activities_succeeded_total"
    static let activitiesFailed = "stepwise_activities_failed_total"
    static let activitiesTimedOut = "stepwise_activities_timed_out_total"
    static let activityScheduleTime = "stepwise_activity_schedule_time_seconds"
    static let activityRunTime = "stepwise_activity_run_time_seconds"
    static let activityQueueDepth = "stepwise_activity_queue_depth"
    static let activityOldestTaskAge = "stepwise_activity_oldest_task_age_seconds"
    static let apiRequests = "stepwise_api_requests_total"
    static let apiRequestDuration = "stepwise_api_request_duration_seconds"
}
