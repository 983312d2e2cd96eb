import Foundation
import StatesLanguage
import Synchronization

/// A local Lambda: functions run as real processes behind an emulation of the Lambda Runtime API on loopback HTTP,
/// with the limits Lambda enforces: timeout (counted, as on Lambda, from when a process takes the invocation, a cold
/// start's Init phase having 10 seconds of its own; the process is stopped and the invocation fails with
/// `Sandbox.Timedout`), memory size (the process's data segment is limited to it), reserved concurrency (excess
/// invocations are throttled with `TooManyRequestsException`), 6 MB payloads each way, and warm reuse of a process
/// that asked for its next invocation (cold starts are counted).
///
/// Each process gets its own Runtime API base, `AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT/i/<instance>`, so the
/// emulation knows which process holds which invocation (to stop the one that timed out, and to fail the
/// invocation of one that died). Runtimes that build their URLs as `http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/...`
/// (curl scripts, the Go, C++ and Stepwise runtime clients) work unchanged; a client that parses the variable as
/// a bare `host:port` does not.
///
/// Run it as a service (``run()``); add it to an engine with ``StepwiseEngine/addTaskDispatcher(_:)`` so Lambda
/// Task states run on it. `Sendable`: state lives in a `Mutex`.
public final class LocalLambda: Sendable {
    /// At most this many processes per unreserved function.
    public static let maxInstances = 64
    /// Lambda's limit on a synchronous request or response payload: 6 MB.
    public static let maxPayloadBytes = 6 * 1024 * 1024
    /// The region and account in function ARNs.
    public let region: String
    public let account: String
    let state = Mutex(State())

    /// How long an asynchronous (`Event`) invocation whose function failed waits before each retry: Lambda retries
    /// twice, one minute after the first attempt and two minutes after the second.
    public let eventRetryDelays: [Duration]
    /// How long an event is retried when it cannot run (throttled, or the local Lambda is not running yet):
    /// Lambda's default maximum event age, six hours.
    public let maximumEventAge: Duration
    /// How long a cold start's Init phase (from the process's start to its first request for an invocation) may take
    /// outside the function's timeout: Lambda's limit, 10 seconds. An Init that takes longer counts within the timeout.
    public let initTimeout: Duration

    public init(
        region: String = "us-east-1", account: String = "123456789012",
        eventRetryDelays: [Duration] = [.seconds(60), .seconds(120)], maximumEventAge: Duration = .seconds(6 * 3600),
        initTimeout: Duration = .seconds(10)
    ) {
        self.region = region
        self.account = account
        self.eventRetryDelays = eventRetryDelays
        self.maximumEventAge = maximumEventAge
        self.initTimeout = initTimeout
    }

    // MARK: Functions

    /// Creates or replaces a function (running processes of a replaced function are stopped: the next invocation
    /// starts cold, as after `UpdateFunctionCode`).
    public func putFunction(_ function: LocalFunction) {
        let stale: [(Int32?, CheckedContinuation<NextInvocation?, Never>?)] = state.withLock { state in
            var entry = state.functions[function.name] ?? FunctionState(function: function)
            entry.function = function
            state.functions[function.name] = entry
            // Idle processes run the old code or settings: they leave at once, so no invocation is handed to one.
            let idle = state.instances.filter { $0.value.function == function.name && $0.value.current == nil && ($0.value.tookOne || $0.value.waiting != nil) }
            for key in idle.keys { state.instances.removeValue(forKey: key) }
            return idle.values.map { ($0.pid, $0.waiting) }
        }
        for (pid, waiter) in stale {
            waiter?.resume(returning: nil)
            if let pid { killProcessGroup(pid) }
        }
    }

    /// The function named `name` (a name or ARN), or nil.
    public func function(named name: String) -> LocalFunction? {
        guard let key = LocalFunction.name(from: name) else { return nil }
        return state.withLock { $0.functions[key]?.function }
    }

    /// Every function, by name.
    public var functions: [LocalFunction] { state.withLock { $0.functions.values.map(\.function).sorted { $0.name < $1.name } } }

    /// Deletes a function and stops its processes; returns whether it existed.
    @discardableResult
    public func deleteFunction(named name: String) -> Bool {
        guard let key = LocalFunction.name(from: name) else { return false }
        let (existed, pids): (Bool, [Int32]) = state.withLock { state in
            let existed = state.functions.removeValue(forKey: key) != nil
            return (existed, state.instances.values.filter { $0.function == key }.compactMap(\.pid))
        }
        for pid in pids { killProcessGroup(pid) }
        return existed
    }

    /// The function's ARN.
    public func arn(of name: String) -> String { "arn:aws:lambda:\(region):\(account):function:\(name)" }

    /// Invocations and cold starts of a function so far.
    public func statistics(of name: String) -> (invocations: Int, coldStarts: Int) {
        state.withLock { state in
            let entry = state.functions[LocalFunction.name(from: name) ?? name]
            return (entry?.invocations ?? 0, entry?.coldStarts ?? 0)
        }
    }

    /// The port of the Runtime API emulation once ``run()`` listens.
    public func port() async -> Int {
        await withCheckedContinuation { continuation in
            let port: Int? = state.withLock { state in
                if let port = state.port { return port }
                state.portWaiters.append(continuation)
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }

    // MARK: Invoking

    /// Invokes a function synchronously (`RequestResponse`): starts a process when none is idle (a cold start),
    /// and waits for its result, its error, or its timeout (see ``initTimeout``). Before ``run()`` listens, the
    /// invocation waits for it (within the Init limit and the function's timeout); after the local Lambda stopped, it
    /// fails at once.
    /// - Throws: ``LocalLambdaError`` for a missing function, a throttled invocation or a payload over 6 MB (the
    ///   invocation did not run). A function's own failure is a result with ``LocalInvocationResult/functionError``.
    public func invoke(functionName: String, payload: [UInt8]) async throws(LocalLambdaError) -> LocalInvocationResult {
        guard payload.count <= Self.maxPayloadBytes else { throw .requestTooLarge(payload.count) }
        guard let name = LocalFunction.name(from: functionName), let function = function(named: name) else {
            throw .notFound(LocalFunction.name(from: functionName) ?? functionName, account: account, region: region)
        }
        let id = UUID().uuidString.lowercased()
        let timeout = function.timeoutSeconds
        let invoked = ContinuousClock.now
        let outcome: Outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await self.enqueue(id: id, name: name, payload: payload, invoked: invoked) }
            group.addTask {
                do {
                    // The deadline moves once a process takes the invocation (see `deadline(of:)`): wake at the
                    // earliest one, then at the current one until it has passed.
                    var wake = invoked.advanced(by: .seconds(timeout))
                    while true {
                        try await Task.sleep(until: wake, clock: .continuous)
                        // Not pending: it ended (its outcome is on its way), or is not queued yet.
                        guard let deadline = self.deadline(of: id) else {
                            wake = ContinuousClock.now.advanced(by: .milliseconds(50))
                            continue
                        }
                        if deadline <= .now { break }
                        wake = deadline
                    }
                    self.timedOut(id: id, seconds: timeout)
                } catch {
                    self.finish(id, .failed(LocalLambdaError(code: "ServiceException", message: "The invocation was cancelled.", httpStatus: 500)))
                }
                return nil
            }
            var result: Outcome = .failed(LocalLambdaError(code: "ServiceException", message: "no outcome", httpStatus: 500))
            for await next in group {
                if let next {
                    result = next
                    group.cancelAll()
                    break
                }
            }
            return result
        }
        let log = takeLog(id)
        switch outcome {
        case .failed(let error):
            throw error
        case .response(let bytes, let cold):
            return LocalInvocationResult(statusCode: 200, functionError: nil, payload: bytes, requestId: id, coldStart: cold, log: log)
        case .functionError(let bytes, let cold):
            return LocalInvocationResult(statusCode: 200, functionError: "Unhandled", payload: bytes, requestId: id, coldStart: cold, log: log)
        }
    }

    /// `{"errorType": ..., "errorMessage": ...}` as Lambda reports a failed invocation.
    static func errorDocument(_ type: String, _ message: String) -> [UInt8] {
        let document: JSONValue = ["errorType": .string(type), "errorMessage": .string(message)]
        return Array(document.jsonString().utf8)
    }
}
