import Foundation
import InMemoryTracing
import MetricsTestKit
import StepFunctionsAPI
@testable import StepwiseEngine
import Testing
import Tracing

/// The engine's own metrics and spans (issue 12 §2): recorded as transactions commit, whichever API started the
/// execution, so an embedding application sees them through the swift-metrics and swift-distributed-tracing
/// backends it bootstraps.
@Suite("Engine: metrics and tracing")
struct InstrumentationTests {
    static let definition = """
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Next": "Work"},
          "Work": {"Type": "Task", "Resource": "RESOURCE", "End": true}}}
        """

    @Test func countsExecutionsActivitiesAndCommits() async throws {
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        let engine = try StepwiseEngine(location: .inMemory, metrics: metrics, tracer: tracer)
        engine.start()
        let activity = try await engine.createActivity(name: "bake")
        let machine = try await engine.createStateMachine(
            name: "pizza", definition: Self.definition.replacingOccurrences(of: "RESOURCE", with: activity.activityArn))
        let first = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        let second = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")

        // Both tasks wait: the gauges say so, computed from the queues.
        #expect(try await eventually { engine.activityQueues()[activity.activityArn]?.depth == 2 })
        engine.recordGauges()
        #expect(try metrics.expectGauge("stepwise_activity_queue_depth", [("activity", "bake")]).lastValue == 2)
        #expect(try metrics.expectGauge("stepwise_executions_running", [("state_machine", "pizza")]).lastValue == 2)

        let task1 = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w"))
        try await engine.sendTaskSuccess(taskToken: task1.taskToken, output: "{}")
        let task2 = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w"))
        try await engine.sendTaskFailure(taskToken: task2.taskToken, error: "Burnt", cause: "too hot")
        _ = try await engine.awaitExecution(executionArn: first.executionArn)
        _ = try await engine.awaitExecution(executionArn: second.executionArn)
        await engine.shutdown()

        let pizza = [("state_machine", "pizza")]
        let bake = [("activity", "bake")]
        #expect(metrics.counterTotal(label: "stepwise_executions_started_total", dimensions: pizza) == 2)
        #expect(metrics.counterTotal(label: "stepwise_executions_succeeded_total", dimensions: pizza) == 1)
        #expect(metrics.counterTotal(label: "stepwise_executions_failed_total", dimensions: pizza) == 1)
        #expect(metrics.counterTotal(label: "stepwise_state_transitions_total") == 4)
        #expect(metrics.counterTotal(label: "stepwise_activities_scheduled_total", dimensions: bake) == 2)
        #expect(metrics.counterTotal(label: "stepwise_activities_started_total", dimensions: bake) == 2)
        #expect(metrics.counterTotal(label: "stepwise_activities_succeeded_total", dimensions: bake) == 1)
        #expect(metrics.counterTotal(label: "stepwise_activities_failed_total", dimensions: bake) == 1)
        #expect(try metrics.expectTimer("stepwise_execution_time_seconds", pizza).values.count == 2)
        #expect(try metrics.expectTimer("stepwise_activity_schedule_time_seconds", bake).values.count == 2)
        #expect(try metrics.expectTimer("stepwise_activity_run_time_seconds", bake).values.count == 2)
        let commits = try metrics.expectRecorder("stepwise_store_commit_batch_size")
        #expect(!commits.values.isEmpty)
        #expect(commits.values.allSatisfy { $0 >= 1 })
        #expect(!(try metrics.expectRecorder("stepwise_store_commit_duration_seconds").values.isEmpty))

        // Spans: one per execution, one per state under it; the failed one carries its error.
        let spans = tracer.finishedSpans
        let executions = spans.filter { $0.operationName == "execution pizza" }
        #expect(executions.count == 2)
        let states = spans.filter { $0.operationName.hasPrefix("state ") }
        #expect(states.count == 4)
        for state in states {
            #expect(executions.contains { $0.spanContext.spanID == state.spanContext.parentSpanID })
        }
        let failed = try #require(executions.first { $0.attributes["stepwise.status"]?.toSpanAttribute() == "FAILED" })
        #expect(failed.status?.code == .error)
        #expect(failed.attributes["stepwise.error"]?.toSpanAttribute() == "Burnt")
    }

    @Test func noOpBackendsRecordNothing() async throws {
        // The default: swift-metrics and tracing not bootstrapped. The engine runs as before and records nothing.
        let engine = try StepwiseEngine(location: .inMemory)
        // Nothing to record into: no metrics, no spans, no log, so committed batches are not even looked at.
        #expect(!engine.instrumentation.metricsEnabled)
        #expect(engine.instrumentation.tracer == nil)
        #expect(!engine.instrumentation.isEnabled)
        engine.start()
        let machine = try await engine.createStateMachine(name: "quiet", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
        #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
        engine.recordGauges()
        await engine.shutdown()
    }
}
