import OrderedCollections
import StatesLanguage

/// The settings a step's modifiers collect: its name, comment, error handling and data-flow fields.
public struct StepOptions: Sendable {
    /// The state name; `nil` derives one.
    public var name: String?
    public var comment: String?
    /// Retry policies; `nil` keeps the handler's defaults, `[]` retries nothing.
    public var retry: [RetryPolicy]?
    /// Catchers; `nil` keeps the handler's defaults.
    public var catchers: [StepCatcher]?
    public var inputPath: NullablePath?
    public var parameters: JSONValue?
    public var resultSelector: JSONValue?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    /// Fields that could not be derived; lowering reports the first.
    var fieldProblems: [String] = []

    public init() {}
}

/// One catcher of a step: errors, where the error output goes, and the steps that handle it.
public struct StepCatcher: Sendable {
    /// Where a caught error goes.
    public enum Target: Sendable {
        /// To the step with this name (anywhere in the same scope).
        case step(String)
        /// To these recovery steps; after them, the workflow goes on with the step after the failed one.
        case recovery(any WorkflowComponent)
    }

    public var errors: [ErrorName]
    public var resultPath: ResultPlacement?
    public var target: Target

    public init(errors: [ErrorName], resultPath: ResultPlacement? = nil, target: Target) {
        self.errors = errors
        self.resultPath = resultPath
        self.target = target
    }
}

/// A step that can be named and commented.
public protocol ConfigurableStep: WorkflowComponent {
    var options: StepOptions { get set }
}

extension ConfigurableStep {
    /// Gives the state this name instead of the derived one (also the target of a ``GoTo``).
    public func named(_ name: String) -> Self {
        var copy = self
        copy.options.name = name
        return copy
    }

    /// Sets the state's `Comment`.
    public func comment(_ text: String) -> Self {
        var copy = self
        copy.options.comment = text
        return copy
    }
}

/// A step that retries and catches errors (`Invoke`, `Parallel`, `Map`): the modifiers override a handler's
/// defaults for this step only.
public protocol ErrorHandlingStep: ConfigurableStep, WorkflowStep {}

extension ErrorHandlingStep {
    /// Retries with these policies, replacing the handler's defaults (further calls add policies).
    public func retry(_ policies: [RetryPolicy]) -> Self {
        var copy = self
        copy.options.retry = (copy.options.retry ?? []) + policies
        return copy
    }

    /// Retries `errors`, replacing the handler's defaults (further calls add policies).
    public func retry(
        on errors: [ErrorName], interval: Duration? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelay: Duration? = nil, jitter: Retrier.JitterStrategy? = nil
    ) -> Self {
        retry([
            RetryPolicy(
                on: errors, interval: interval, maxAttempts: maxAttempts, backoffRate: backoffRate, maxDelay: maxDelay,
                jitter: jitter)
        ])
    }

    /// Drops the handler's default retry policies for this step.
    public func noRetry() -> Self {
        var copy = self
        copy.options.retry = []
        return copy
    }

    /// Catches `errors` and goes to the step named `next` (a loop back, or a recovery path declared elsewhere).
    public func `catch`(_ errors: [ErrorName], next: String, resultPath: ResultPlacement? = nil) -> Self {
        adding(StepCatcher(errors: errors, resultPath: resultPath, target: .step(next)))
    }

    /// Catches `errors` and runs `recovery` on the error output (``CaughtError``); the recovery's output then
    /// goes on to the step after this one, so it must be this step's `Output`.
    public func `catch`(_ errors: [ErrorName], @WorkflowBuilder recovery: () -> Steps<CaughtError, Output, Never>) -> Self {
        adding(StepCatcher(errors: errors, target: .recovery(recovery())))
    }

    /// Catches `errors` and runs passthrough recovery steps, typically a `Fail` or a `GoTo`.
    public func `catch`(_ errors: [ErrorName], @WorkflowBuilder recovery: () -> PassthroughSteps) -> Self {
        adding(StepCatcher(errors: errors, target: .recovery(recovery())))
    }

    /// Not available: a step's modifiers keep its type, so the type a `Succeed` in a recovery ends the workflow
    /// with cannot join the workflow's check (and right after the catch it would be the ``CaughtError``).
    @available(*, unavailable, message: "a Succeed in a catch recovery cannot be checked against the workflow's Output; let the recovery output this step's Output, or end it with Fail or GoTo")
    public func `catch`<Exit>(_ errors: [ErrorName], @WorkflowBuilder recovery: () -> Steps<CaughtError, Output, Exit>) -> Self {
        adding(StepCatcher(errors: errors, target: .recovery(recovery())))
    }

    /// Not available: see ``catch(_:recovery:)-(_,()->Steps<CaughtError,Output,Exit>)``.
    @available(*, unavailable, message: "a Succeed in a catch recovery cannot be checked against the workflow's Output; let the recovery output this step's Output, or end it with Fail or GoTo")
    public func `catch`(_ errors: [ErrorName], @WorkflowBuilder recovery: () -> SucceedingSteps) -> Self {
        adding(StepCatcher(errors: errors, target: .recovery(recovery())))
    }

    /// Untyped: catches `errors`, places the error output at `resultPath` in the step's input, and runs
    /// `recovery` on that (its types are not checked).
    public func `catch`<Recovery: WorkflowComponent>(
        _ errors: [ErrorName], resultPath: ResultPlacement, @WorkflowBuilder recovery: () -> Recovery
    ) -> Self {
        adding(StepCatcher(errors: errors, resultPath: resultPath, target: .recovery(recovery())))
    }

    func adding(_ catcher: StepCatcher) -> Self {
        var copy = self
        copy.options.catchers = (copy.options.catchers ?? []) + [catcher]
        return copy
    }
}

/// The fields of the states that retry and catch.
protocol ErrorHandlingState {
    var comment: String? { get set }
    var inputPath: NullablePath? { get set }
    var resultSelector: JSONValue? { get set }
    var resultPath: NullablePath? { get set }
    var outputPath: NullablePath? { get set }
    var parameters: JSONValue? { get set }
    var retry: [Retrier] { get set }
    var `catch`: [Catcher] { get set }
}

extension TaskState: ErrorHandlingState {}
extension ParallelState: ErrorHandlingState {}
extension MapState: ErrorHandlingState {}

extension StepOptions {
    /// Applies comment, data-flow fields, retriers and catchers to `state`; lowers inline recovery steps and
    /// returns them (their open transitions lead to the step after this one).
    func apply<S: ErrorHandlingState>(
        to state: inout S, defaultRetry: [RetryPolicy] = [], defaultCatchers: [CatchPolicy] = [],
        in context: inout LoweringContext
    ) throws(LoweringError) -> [Fragment] {
        if let problem = fieldProblems.first { throw .invalidField(problem) }
        if let comment { state.comment = comment }
        if let inputPath { state.inputPath = inputPath }
        if let parameters { state.parameters = parameters }
        if let resultSelector { state.resultSelector = resultSelector }
        if let resultPath { state.resultPath = resultPath }
        if let outputPath { state.outputPath = outputPath }
        state.retry = (retry ?? defaultRetry).map(\.retrier)
        var recoveries: [Fragment] = []
        if let catchers {
            var lowered: [Catcher] = []
            for catcher in catchers {
                let next: String
                switch catcher.target {
                case .step(let name):
                    next = name
                case .recovery(let body):
                    let fragment = try body.lowered(in: &context)
                    recoveries.append(fragment)
                    next = fragment.entry ?? Fragment.continuation
                }
                lowered.append(
                    Catcher(errorEquals: catcher.errors.map(\.rawValue), next: next, resultPath: catcher.resultPath?.nullablePath))
            }
            state.catch = lowered
        } else {
            state.catch = defaultCatchers.map(\.catcher)
        }
        return recoveries
    }
}

extension Fragment {
    /// One state followed by the recovery fragments of its catchers.
    static func state(_ name: String, _ state: State, recoveries: [Fragment]) -> Fragment {
        var states: OrderedDictionary<String, State> = [name: state]
        for recovery in recoveries { states.merge(recovery.states, uniquingKeysWith: { first, _ in first }) }
        return Fragment(entry: name, states: states)
    }
}
