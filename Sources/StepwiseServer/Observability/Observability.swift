import Foundation
import HTTPTypes
import Hummingbird
import Logging
public import Prometheus
import StepFunctionsAPI
public import StepwiseEngine

/// The observability of a server: its Prometheus registry (`GET /metrics`), health checks (`GET /health`), the
/// per-request log line, and what it saw of activity polls.
public struct Observability: Sendable {
    /// Where `/metrics` reads from.
    public let registry: PrometheusCollectorRegistry
    /// The metrics, recorded into ``registry``.
    public let metrics: StepwiseMetrics
    /// Polls seen by the server.
    public let activities: ActivityObservations
    /// Checks run by `/health`, each answering `nil` when fine or the reason it is not.
    public var healthChecks: [@Sendable () async -> String?]
    /// The engine behind the server, when it records its own metrics into ``metrics``' factory (create it with
    /// `metrics: observability.metrics.factory`): then executions and activities are counted by the engine as they
    /// commit, and `/metrics` and the console read gauges and queues from it. Nil: they are read through the backend
    /// protocol (``ExecutionObserver``), for a backend that is not an engine in this process.
    public var engine: StepwiseEngine?

    /// A fresh registry (not the process-global one, so several servers in one process keep their own numbers).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), healthChecks: [@Sendable () async -> String?] = []) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // Executions and tasks last from milliseconds to days: buckets up to a day, not the 10-second default.
        let long: [Duration] = [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 14_400, 86_400].map { Duration.milliseconds(Int64($0 * 1000)) }
        for name in [StepwiseMetrics.executionTime, StepwiseMetrics.activityScheduleTime, StepwiseMetrics.activityRunTime] {
            factory.durationHistogramBuckets[name] = long
        }
        self.metrics = StepwiseMetrics(factory: factory)
        self.activities = ActivityObservations()
        self.healthChecks = healthChecks
    }
}

/// `GET /metrics`, `GET /health` and the per-request log line of the Step Functions API.
struct ObservabilityRoutes<Backend: StepFunctionsBackend>: Sendable {
    let backend: Backend
    let observability: Observability
    let executions: ExecutionObserver?

    func register(on router: Router<StepwiseRequestContext>) {
        router.get("/metrics") { _, context in
            do {
                if let engine = observability.engine {
                    engine.recordGauges()
                } else {
                    try await executions?.collect()
                }
            } catch {
                context.logger.warning("metrics: could not read executions", metadata: ["error": .string("\(error)")])
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: observability.registry.emitToBuffer())))
        }
        router.get("/health") { _, _ in
            var reasons: [String] = []
            do {
                _ = try await backend.listStateMachines(ListStateMachinesInput(maxResults: 1))
            } catch {
                reasons.append("the backend does not answer: \(error)")
            }
            for check in observability.healthChecks {
                if let reason = await check() { reasons.append(reason) }
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "no-store"
            let body: String
            if reasons.isEmpty {
                body = #"{"status":"ok"}"#
            } else {
                let encoded = (try? JSONEncoder().encode(["status": "unavailable", "reason": reasons.joined(separator: "; ")]))
                body = encoded.flatMap { String(data: $0, encoding: .utf8) } ?? #"{"status":"unavailable"}"#
            }
            return Response(status: reasons.isEmpty ? .ok : .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    /// Runs one API request, then logs it at `info` (operation, status, duration, request id) and counts it.
    func observe(
        _ request: Request, context: StepwiseRequestContext, _ handle: (Request, StepwiseRequestContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let target = request.headers[HTTPField.Name("X-Amz-Target")!] ?? ""
        let operation =
            target.hasPrefix(StepFunctionsCoding.targetPrefix) ? String(target.dropFirst(StepFunctionsCoding.targetPrefix.count)) : "unknown"
        // Operations are a fixed set; anything else is counted as "unknown" so a client cannot grow the label set.
        let label = StepFunctionsOperation(target: target) == nil ? "unknown" : operation
        func finish(status: Int, code: String, requestId: String?) {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            observability.metrics.increment(StepwiseMetrics.apiRequests, [("operation", label), ("code", code)])
            observability.metrics.duration(StepwiseMetrics.apiRequestDuration, [("operation", label)], seconds: seconds)
            context.logger.info(
                "request",
                metadata: [
                    "operation": .string(label), "status": .stringConvertible(status), "code": .string(code),
                    "duration_ms": .string(String(format: "%.1f", seconds * 1000)), "request_id": .string(requestId ?? ""),
                ])
        }
        do {
            let response = try await handle(request, context)
            finish(status: response.status.code, code: "\(response.status.code)", requestId: response.headers[HTTPField.Name("x-amzn-RequestId")!])
            return response
        } catch let error as StepFunctionsErrorResponse {
            let response = try error.response(from: request, context: context)
            let code = response.headers[HTTPField.Name("x-amzn-ErrorType")!] ?? "\(response.status.code)"
            finish(status: response.status.code, code: code, requestId: response.headers[HTTPField.Name("x-amzn-RequestId")!])
            return response
        } catch {
            finish(status: 500, code: "500", requestId: nil)
            throw error
        }
    }
}
