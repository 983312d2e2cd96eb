/// A kind of task a workflow step hands to a worker: typed `Codable` input and output, an `async throws`
/// run method, and the error handling and timing that travel with it.
///
/// ```swift
/// struct MakeDough: TaskHandler {
///     static let retry = [RetryPolicy(on: [.timeout], interval: .seconds(60), maxAttempts: 3)]
///     func run(_ order: Order, context: TaskContext) async throws -> Dough { Dough(size: order.size) }
/// }
/// ```
///
/// A workflow refers to a handler by type (`Invoke(MakeDough.self)`); the lowered Task state uses the
/// handler's ``activityName`` and its defaults, which a step can override (`.retry(...)`, `.catch(...)`).
/// Errors thrown by ``run(_:context:)`` reach the workflow named as ``TaskFailure/init(reporting:)`` says.
public protocol TaskHandler: Sendable {
    associatedtype Input: Codable & Sendable
    associatedtype Output: Codable & Sendable

    /// Does the task.
    func run(_ input: Input, context: TaskContext) async throws -> Output

    /// The name of the activity (queue) workers poll for this handler; by default the type's name.
    static var activityName: String { get }
    /// Retry policies of every step that invokes this handler, unless the step sets its own.
    static var retry: [RetryPolicy] { get }
    /// Catchers of every step that invokes this handler, unless the step sets its own.
    static var catchers: [CatchPolicy] { get }
    /// The task's `TimeoutSeconds` (whole seconds, rounded up); `nil` leaves AWS's default.
    static var timeout: Duration? { get }
    /// The task's `HeartbeatSeconds` (whole seconds, rounded up); `nil` means no heartbeat is required.
    static var heartbeat: Duration? { get }
}

extension TaskHandler {
    public static var activityName: String { ErrorName.typeName(of: Self.self) }
    public static var retry: [RetryPolicy] { [] }
    public static var catchers: [CatchPolicy] { [] }
    public static var timeout: Duration? { nil }
    public static var heartbeat: Duration? { nil }

    /// The defaults this handler brings to every step that invokes it.
    public static var taskDefaults: TaskDefaults {
        TaskDefaults(activityName: activityName, retry: retry, catchers: catchers, timeout: timeout, heartbeat: heartbeat)
    }
}

/// A handler's name and the error handling and timing it brings to the steps that invoke it.
public struct TaskDefaults: Sendable, Hashable {
    public var activityName: String
    public var retry: [RetryPolicy]
    public var catchers: [CatchPolicy]
    public var timeout: Duration?
    public var heartbeat: Duration?

    public init(
        activityName: String, retry: [RetryPolicy] = [], catchers: [CatchPolicy] = [], timeout: Duration? = nil,
        heartbeat: Duration? = nil
    ) {
        self.activityName = activityName
        self.retry = retry
        self.catchers = catchers
        self.timeout = timeout
        self.heartbeat = heartbeat
    }
}

/// A handler whose answer drives a Choice: it runs as a task, and its Boolean result picks the branch.
///
/// ```swift
/// struct IsPizzaAcceptable: ChoicePredicate {
///     func run(_ pizza: Pizza, context: TaskContext) async throws -> Bool { pizza.temperature > 60 }
/// }
/// // in a workflow:
/// Choice(unless: IsPizzaAcceptable.self) { Fail(error: "PizzaNotAcceptable") }
/// ```
public protocol ChoicePredicate: TaskHandler where Output == Bool {}
