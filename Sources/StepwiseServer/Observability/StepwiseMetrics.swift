public import CoreMetrics
import Foundation
import StepwiseEngine

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

    // The metric names (``StepwiseMetricName``, shared with the engine, which records most of them itself).
    static let executionsStarted = StepwiseMetricName.executionsStarted
    static let executionsSucceeded = StepwiseMetricName.executionsSucceeded
    static let executionsFailed = StepwiseMetricName.executionsFailed
    static let executionsAborted = StepwiseMetricName.executionsAborted
    static let executionsTimedOut = StepwiseMetricName.executionsTimedOut
    static let executionsRedriven = StepwiseMetricName.executionsRedriven
    static let executionsRunning = StepwiseMetricName.executionsRunning
    static let executionTime = StepwiseMetricName.executionTime
    static let stateTransitions = StepwiseMetricName.stateTransitions
    static let activitiesScheduled = StepwiseMetricName.activitiesScheduled
    static let activitiesStarted = StepwiseMetricName.activitiesStarted
    static let activitiesSucceeded = StepwiseMetricName.activitiesSucceeded
    static let activitiesFailed = StepwiseMetricName.activitiesFailed
    static let activitiesTimedOut = StepwiseMetricName.activitiesTimedOut
    static let activityScheduleTime = StepwiseMetricName.activityScheduleTime
    static let activityRunTime = StepwiseMetricName.activityRunTime
    static let activityQueueDepth = StepwiseMetricName.activityQueueDepth
    static let activityOldestTaskAge = StepwiseMetricName.activityOldestTaskAge
    static let apiRequests = StepwiseMetricName.apiRequests
    static let apiRequestDuration = StepwiseMetricName.apiRequestDuration
}
