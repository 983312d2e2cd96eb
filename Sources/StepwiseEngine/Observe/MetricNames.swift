/// The names of Stepwise's metrics, after AWS's CloudWatch metrics for Step Functions ("Monitoring Step Functions
/// metrics using Amazon CloudWatch"), as Prometheus names: `_total` for counters, `_seconds` for durations.
///
/// The engine records them through swift-metrics (``StepwiseEngine/init(location:clock:names:synchronousFull:retention:metrics:tracer:)``):
/// counters and histograms as its transactions commit, gauges when ``StepwiseEngine/recordGauges(now:)`` runs (every
/// few seconds while the engine runs, and at each scrape of `stepwise serve`'s `/metrics`).
public enum StepwiseMetricName {
    /// Counter {state_machine}: executions started (AWS `ExecutionsStarted`).
    public static let executionsStarted = "stepwise_executions_started_total"
    /// Counter {state_machine}: executions that succeeded (AWS `ExecutionsSucceeded`).
    public static let executionsSucceeded = "stepwise_executions_succeeded_total"
    /// Counter {state_machine}: executions that failed (AWS `ExecutionsFailed`).
    public static let executionsFailed = "stepwise_executions_failed_total"
    /// Counter {state_machine}: executions stopped (AWS `ExecutionsAborted`).
    public static let executionsAborted = "stepwise_executions_aborted_total"
    /// Counter {state_machine}: executions that timed out (AWS `ExecutionsTimedOut`).
    public static let executionsTimedOut = "stepwise_executions_timed_out_total"
    /// Counter {state_machine}: executions redriven (AWS `ExecutionsRedriven`).
    public static let executionsRedriven = "stepwise_executions_redriven_total"
    /// Gauge {state_machine}: executions running now.
    public static let executionsRunning = "stepwise_executions_running"
    /// Histogram {state_machine}: how long executions ran, start to stop (AWS `ExecutionTime`).
    public static let executionTime = "stepwise_execution_time_seconds"
    /// Counter: states entered (AWS bills state transitions).
    public static let stateTransitions = "stepwise_state_transitions_total"
    /// Counter {activity}: activity tasks scheduled (AWS `ActivitiesScheduled`).
    public static let activitiesScheduled = "stepwise_activities_scheduled_total"
    /// Counter {activity}: activity tasks taken by a worker (AWS `ActivitiesStarted`).
    public static let activitiesStarted = "stepwise_activities_started_total"
    /// Counter {activity}: activity tasks that succeeded (AWS `ActivitiesSucceeded`).
    public static let activitiesSucceeded = "stepwise_activities_succeeded_total"
    /// Counter {activity}: activity tasks that failed (AWS `ActivitiesFailed`).
    public static let activitiesFailed = "stepwise_activities_failed_total"
    /// Counter {activity}: activity tasks that timed out (AWS `ActivitiesTimedOut`).
    public static let activitiesTimedOut = "stepwise_activities_timed_out_total"
    /// Histogram {activity}: time from scheduled to taken (AWS `ActivityScheduleTime`).
    public static let activityScheduleTime = "stepwise_activity_schedule_time_seconds"
    /// Histogram {activity}: time from taken to answered (AWS `ActivityRunTime`).
    public static let activityRunTime = "stepwise_activity_run_time_seconds"
    /// Gauge {activity}: tasks waiting for a worker (the seed's "messages in the queue").
    public static let activityQueueDepth = "stepwise_activity_queue_depth"
    /// Gauge {activity}: age of the oldest waiting task (the seed's "age of oldest message").
    public static let activityOldestTaskAge = "stepwise_activity_oldest_task_age_seconds"
    /// Counter {operation, code}: API requests served by `stepwise serve`.
    public static let apiRequests = "stepwise_api_requests_total"
    /// Histogram {operation}: API request durations.
    public static let apiRequestDuration = "stepwise_api_request_duration_seconds"
    /// Histogram: how long each group commit (one SQLite transaction) took.
    public static let storeCommitDuration = "stepwise_store_commit_duration_seconds"
    /// Histogram: how many transitions (batches) each group commit wrote.
    public static let storeCommitBatchSize = "stepwise_store_commit_batch_size"
}
