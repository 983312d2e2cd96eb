public import Foundation
import StatesLanguage

/// Serves one handler as a Lambda function through the Runtime API: the other role of a worker executable.
///
/// Run normally, an executable serves its handlers as a worker (``ActivityWorker``); started by Lambda (the
/// environment has `AWS_LAMBDA_RUNTIME_API`), the same executable serves the handler the function names in its
/// `Handler` setting (`_HANDLER`), one invocation at a time, as Lambda runs a function:
///
/// ```swift
/// let placements: [Placement] = [.here(MakeSauce()), .onLambda(MakeDough(), timeout: .seconds(30))]
/// if try await LambdaRuntime.serveIfStartedByLambda(placements) { return }
/// // ... otherwise run the worker and the workflow
/// ```
///
/// The event is the handler's input; its output is the function's result. A ``TaskFailure`` (and any error, named as
/// ``TaskFailure/init(reporting:)`` names it) is reported with `errorType` = the error name and `errorMessage` = the
/// cause, so Step Functions records the handler's own error name and a Retry or Catch on it works unchanged.
/// `Sendable`: immutable.
public struct LambdaRuntime: Sendable {
    /// The environment variable Lambda sets to the Runtime API's `host:port`.
    public static let runtimeAPIVariable = "AWS_LAMBDA_RUNTIME_API"
    /// The Runtime API client.
    public let client: LambdaRuntimeClient
    /// The handler served.
    public let handler: AnyTaskHandler

    public init(client: LambdaRuntimeClient, handler: AnyTaskHandler) {
        self.client = client
        self.handler = handler
    }

    /// Whether this process was started by Lambda (or by a local Lambda emulation): `AWS_LAMBDA_RUNTIME_API` is set.
    public static func isStartedByLambda(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment[runtimeAPIVariable].map { !$0.isEmpty } ?? false
    }

    /// When started by Lambda, serves the Lambda-placed handler named by `_HANDLER` (its activity name or function
    /// name; with a single Lambda placement, `_HANDLER` may be anything) until the process is stopped or the task
    /// cancelled, and returns true. Otherwise returns false at once, so the caller goes on as a worker.
    /// - Throws: ``LambdaRuntimeError/noHandler(_:known:)`` (after reporting it as an init error), or a Runtime
    ///   API error.
    public static func serveIfStartedByLambda(
        _ placements: [Placement], environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Bool {
        guard isStartedByLambda(environment: environment), let api = environment[runtimeAPIVariable] else { return false }
        let client = LambdaRuntimeClient(runtimeAPI: api)
        let requested = environment["_HANDLER"] ?? ""
        guard let handler = handler(named: requested, in: placements) else {
            let known = placements.compactMap { $0.lambda == nil ? nil : $0.handler.activityName }
            let error = LambdaRuntimeError.noHandler(requested, known: known)
            // The error type is a guess: AWS documents only that an init error fails the invocation; the
            // Node.js runtime uses this name for a missing handler.
            try await client.sendInitError(errorType: "Runtime.HandlerNotFound", errorMessage: error.message)
            throw error
        }
        try await LambdaRuntime(client: client, handler: handler).run()
        return true
    }

    /// The Lambda-placed handler `name` names (activity or function name), or the only one when there is one.
    static func handler(named name: String, in placements: [Placement]) -> AnyTaskHandler? {
        let onLambda = placements.filter { $0.lambda != nil }
        if let match = onLambda.first(where: { $0.handler.activityName == name || $0.lambda?.functionName == name }) {
            return match.handler
        }
        return onLambda.count == 1 ? onLambda[0].handler : nil
    }

    /// Serves invocations one after the other until the calling task is cancelled.
    /// - Throws: a Runtime API error (Lambda then restarts the function).
    public func run() async throws {
        while !Task.isCancelled {
            let invocation: LambdaRuntimeClient.Invocation
            do {
                invocation = try await client.nextInvocation()
            } catch {
                if Task.isCancelled { return }
                throw error
            }
            try await serve(invocation)
        }
    }

    /// Runs the handler on one invocation and posts its result or error.
    public func serve(_ invocation: LambdaRuntimeClient.Invocation) async throws {
        let outcome = await Self.run(handler, on: invocation)
        switch outcome {
        case .success(let output):
            let bytes = Array(output.jsonString().utf8)
            guard bytes.count <= LambdaRuntimeClient.maxResponseBytes else {
                // AWS's wording for an oversized synchronous response (Lambda's invocation quotas: 6 MB).
                try await client.sendError(
                    requestId: invocation.requestId, errorType: "Function.ResponseSizeTooLarge",
                    errorMessage: "Response payload size (\(bytes.count) bytes) exceeded maximum allowed payload size (6291556 bytes).")
                return
            }
            try await client.sendResponse(requestId: invocation.requestId, payload: bytes)
        case .failure(let failure):
            try await client.sendError(requestId: invocation.requestId, errorType: failure.error, errorMessage: failure.cause)
        }
    }

    static func run(_ handler: AnyTaskHandler, on invocation: LambdaRuntimeClient.Invocation) async -> Result<JSONValue, TaskFailure> {
        let input: JSONValue
        do {
            input = try JSONValue(parsing: String(decoding: invocation.payload, as: UTF8.self))
        } catch {
            return .failure(TaskFailure(ErrorName.runtime, cause: "the invocation's event is not JSON: \(error)"))
        }
        // Lambda has no task token and no heartbeats: the request id stands for the token.
        let context = TaskContext(activityName: handler.activityName, taskToken: invocation.requestId, heartbeat: {})
        do {
            return .success(try await handler.run(input, context: context))
        } catch {
            return .failure(error)
        }
    }
}
