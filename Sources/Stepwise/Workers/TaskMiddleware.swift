import StatesLanguage

/// One task as middleware sees it: the handler's JSON input, its context and its defaults.
///
/// Middleware may change ``input`` before calling the next step of the chain. `Sendable`: a value.
public struct TaskInvocation: Sendable {
    /// The task's input, as the handler will decode it.
    public var input: JSONValue
    /// The task's context (activity name, task token, heartbeats).
    public var context: TaskContext
    /// The handler's name and defaults (its declared timeout and heartbeat, retry policies, ...).
    public var defaults: TaskDefaults

    /// The activity the task came from.
    public var activityName: String { context.activityName }
    /// The task's token.
    public var taskToken: String { context.taskToken }

    public init(input: JSONValue, context: TaskContext, defaults: TaskDefaults) {
        self.input = input
        self.context = context
        self.defaults = defaults
    }
}

/// Code that runs around every handler an ``ActivityWorker`` runs: before (see or reshape the input), after
/// (see or reshape the output) and on errors (log them, or throw another error). The worker's interceptors.
///
/// Middleware is applied in order: the first in the list is the outermost, so it sees the input first and the
/// output last. Whatever error leaves the chain is reported as ``TaskFailure/init(reporting:)`` names it.
///
/// ```swift
/// struct Timing: TaskMiddleware {
///     func intercept(
///         _ invocation: TaskInvocation, next: (TaskInvocation) async throws -> JSONValue
///     ) async throws -> JSONValue {
///         let start = ContinuousClock.now
///         defer { print("\(invocation.activityName) took \(ContinuousClock.now - start)") }
///         return try await next(invocation)
///     }
/// }
/// ```
public protocol TaskMiddleware: Sendable {
    /// Runs around the rest of the chain: call `next` (at most once) to run the inner middleware and the handler.
    func intercept(_ invocation: TaskInvocation, next: (TaskInvocation) async throws -> JSONValue) async throws -> JSONValue
}

/// Middleware written as a closure.
///
/// ```swift
/// let wrapped = TaskMiddlewareFunction { invocation, next in
///     ["result": try await next(invocation)]
/// }
/// ```
public struct TaskMiddlewareFunction: TaskMiddleware {
    private let body:
        @Sendable (TaskInvocation, (TaskInvocation) async throws -> JSONValue) async throws -> JSONValue

    /// Middleware that runs `body` around the rest of the chain.
    public init(
        _ body: @escaping @Sendable (TaskInvocation, (TaskInvocation) async throws -> JSONValue) async throws -> JSONValue
    ) {
        self.body = body
    }

    public func intercept(_ invocation: TaskInvocation, next: (TaskInvocation) async throws -> JSONValue) async throws
        -> JSONValue
    {
        try await body(invocation, next)
    }
}

extension AnyTaskHandler {
    /// Runs the handler inside `middleware` (the first outermost).
    /// - Throws: ``TaskFailure``, named as ``TaskFailure/init(reporting:)`` says.
    func run(_ invocation: TaskInvocation, through middleware: [any TaskMiddleware]) async throws(TaskFailure) -> JSONValue {
        do {
            return try await chain(invocation, middleware: middleware[...])
        } catch {
            throw TaskFailure(reporting: error)
        }
    }

    private func chain(_ invocation: TaskInvocation, middleware: ArraySlice<any TaskMiddleware>) async throws -> JSONValue {
        guard let first = middleware.first else { return try await run(invocation.input, context: invocation.context) }
        return try await first.intercept(invocation) { try await chain($0, middleware: middleware.dropFirst()) }
    }
}
