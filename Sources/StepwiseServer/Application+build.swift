public import Hummingbird
public import Logging
import NIOCore
public import StepFunctionsAPI
public import StepwiseLambda

/// The router of the Step Functions API: one `POST /` route dispatching on `X-Amz-Target` to `backend`.
///
/// Tests drive this router directly; ``buildApplication(backend:configuration:logger:onServerRunning:)`` serves it.
public func buildRouter(
    backend: some StepFunctionsBackend, configuration: ServerConfiguration = .init(),
    console: ConsoleConfiguration = .init(), observability: Observability = .init(), lambda: FunctionStore? = nil
) -> Router<StepwiseRequestContext> {
    let router = Router(context: StepwiseRequestContext.self)
    router.add(middleware: AWSShapedErrorsMiddleware())
    // The console, /metrics and /health (see Console/ and Observability/): the API goes through an observed
    // backend (activity polls, executions to follow) and each request is logged and counted.
    // An engine in this process counts its executions itself (see Observability.engine); any other backend is
    // followed through the protocol.
    let executions = observability.engine == nil ? ExecutionObserver(backend: backend, metrics: observability.metrics) : nil
    let queues: (any ActivityQueueSource)? = observability.engine.map(EngineQueues.init) ?? executions
    let observed = ObservedBackend(backend, activities: observability.activities, executions: executions)
    let observer = ObservabilityRoutes(backend: observed, observability: observability, executions: executions)
    observer.register(on: router)
    if console.enabled {
        Console(
            backend: observed, configuration: console, activity: observability.activities, queues: queues, functions: lambda?.local
        ).register(on: router)
    }
    // Lambda's REST API for the local functions, routed by path as AWS's endpoints are (see Lambda/).
    if let lambda { LambdaRoutes(store: lambda, configuration: configuration).register(on: router) }
    let route = StepFunctionsRoute(backend: observed, configuration: configuration)
    router.post("/") { request, context in
        try await observer.observe(request, context: context) { request, context in
            try await route.handle(request, context: context)
        }
    }
    return router
}

/// The `stepwise serve` application: the Step Functions API over HTTP (AWS JSON 1.0) in front of `backend`.
///
/// ```swift
/// let app = buildApplication(backend: engine, configuration: .init(port: 8083))
/// try await app.runService()   // graceful shutdown on SIGINT/SIGTERM
/// ```
///
/// - Parameters:
///   - backend: the engine (or any other ``StepFunctionsBackend``) answering the operations.
///   - configuration: address, port, authentication and limits.
///   - console: the web console (`GET /console/`): on by default; an access token with `--auth`.
///   - observability: the Prometheus registry of `GET /metrics` and the checks of `GET /health`.
///   - lambda: local functions to serve Lambda's REST API for (`/2015-03-31/functions...`), or nil for none.
///   - logger: the server's logger.
///   - onServerRunning: called with the bound port once the server listens (useful with port 0).
public func buildApplication(
    backend: some StepFunctionsBackend, configuration: ServerConfiguration = .init(),
    console: ConsoleConfiguration = .init(), observability: Observability = .init(), lambda: FunctionStore? = nil,
    logger: Logger = Logger(label: "stepwise.server"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(backend: backend, configuration: configuration, console: console, observability: observability, lambda: lambda),
        server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.idleTimeout))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "stepwise"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
