import OrderedCollections
import StatesLanguage

/// A Choice step: picks the first ``When`` whose condition holds and runs its steps, else ``Otherwise``;
/// without `Otherwise`, the workflow goes on with the next step. Steps that do not end or jump go on with
/// the step after the Choice, so each branch must output the Choice's `Value` (or be passthrough steps).
///
/// ```swift
/// Choice {
///     When(Pizza.Fields.temperature < 60) { Invoke(Reheat.self) }
///     When(Pizza.Fields.burnt == true) { Fail(error: "PizzaBurnt") }
///     Otherwise { Pass() }
/// }
/// Choice(unless: IsPizzaAcceptable.self) { Fail(error: "PizzaNotAcceptable") }   // a Swift predicate
/// ```
///
/// `Exit` is the type a ``Succeed`` in its branches ends the workflow with (`Never` when none does): a branch
/// `{ Succeed() }` ends it with the Choice's `Value`, so the workflow compiles only when that is its `Output`.
public struct Choice<Value: Codable & Sendable, Exit: Codable & Sendable>: WorkflowStep, ConfigurableStep, LowersToStates {
    public typealias Input = Value
    public typealias Output = Value
    public var options = StepOptions()
    let cases: [ChoiceCase]
    let otherwise: (any WorkflowComponent)?
    let predicate: PredicateTask?

    /// A Choice on conditions built from fields.
    public init(@ChoiceBuilder _ content: () -> ChoiceCases<Value, Exit>) {
        let built = content()
        cases = built.cases
        otherwise = built.otherwise.map { TypeTag.deliver(TypeTag(Value.self), to: $0) }
        predicate = nil
    }

    /// A Choice on a Swift predicate: `predicate` runs as a task; when it answers `true`, `then` runs,
    /// otherwise `otherwise` (by default nothing: the workflow goes on with the next step).
    public init<P: ChoicePredicate>(
        when predicate: P.Type, @WorkflowBuilder then: () -> Steps<Value, Value, Exit>,
        @WorkflowBuilder otherwise: () -> PassthroughSteps = { PassthroughSteps.empty }
    ) where P.Input == Value {
        self.init(predicate: P.self, expected: true, then: then(), otherwise: otherwise())
    }

    /// A Choice on a Swift predicate that runs `then` when the predicate answers `false` (the seed's
    /// `(choice (comp not acceptable?) (fail))`).
    public init<P: ChoicePredicate>(unless predicate: P.Type, @WorkflowBuilder then: () -> Steps<Value, Value, Exit>)
    where P.Input == Value {
        self.init(predicate: P.self, expected: false, then: then(), otherwise: PassthroughSteps(components: []))
    }

    private init<P: ChoicePredicate>(
        predicate: P.Type, expected: Bool, then: any WorkflowComponent, otherwise: any WorkflowComponent
    ) {
        let task = PredicateTask(defaults: P.taskDefaults, name: ErrorName.typeName(of: P.self))
        let then = TypeTag.deliver(TypeTag(Value.self), to: then)
        let otherwise = TypeTag.deliver(TypeTag(Value.self), to: otherwise)
        self.predicate = task
        cases = [
            ChoiceCase(
                rule: .comparison(
                    ChoiceComparison(variable: "$" + task.variable, operator: .booleanEquals, operand: .bool(expected))),
                problems: [], body: then)
        ]
        self.otherwise = otherwise
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        if cases.isEmpty { throw .invalidStep("a Choice needs at least one When") }
        if let problem = cases.flatMap(\.problems).first { throw .invalidField(problem) }
        var predicateFragment: Fragment?
        if let predicate {
            predicateFragment = try predicate.lower(in: &context)
        }
        let derived = predicate.map { "\($0.name)?" } ?? "Choice"
        let name = try context.name(explicit: options.name, derived: derived)
        var bodies: [Fragment] = []
        var rules: [ChoiceState.Choice] = []
        for choiceCase in cases {
            let body = try choiceCase.body.lowered(in: &context)
            bodies.append(body)
            rules.append(ChoiceState.Choice(rule: choiceCase.rule, next: body.entry ?? Fragment.continuation))
        }
        var state = ChoiceState(choices: rules, default: Fragment.continuation)
        state.comment = options.comment
        if let otherwise {
            let body = try otherwise.lowered(in: &context)
            bodies.append(body)
            state.default = body.entry ?? Fragment.continuation
        }
        var fragment = Fragment(entry: name, states: [name: .choice(state)])
        for body in bodies { fragment.states.merge(body.states, uniquingKeysWith: { first, _ in first }) }
        if var predicateFragment {
            predicateFragment.resolveContinuation(to: name)
            predicateFragment.states.merge(fragment.states, uniquingKeysWith: { first, _ in first })
            return predicateFragment
        }
        return fragment
    }
}

extension Choice where Exit == Never {
    /// A Choice on a Swift predicate whose `true` branch is passthrough steps (a `Fail`, a `GoTo`).
    public init<P: ChoicePredicate>(
        when predicate: P.Type, @WorkflowBuilder then: () -> PassthroughSteps,
        @WorkflowBuilder otherwise: () -> PassthroughSteps = { PassthroughSteps.empty }
    ) where P.Input == Value {
        self.init(predicate: P.self, expected: true, then: then(), otherwise: otherwise())
    }

    /// A Choice on a Swift predicate that runs passthrough steps (a `Fail`) when the predicate answers `false`.
    public init<P: ChoicePredicate>(unless predicate: P.Type, @WorkflowBuilder then: () -> PassthroughSteps)
    where P.Input == Value {
        self.init(predicate: P.self, expected: false, then: then(), otherwise: PassthroughSteps(components: []))
    }
}

extension Choice where Exit == Value {
    /// A Choice on a Swift predicate whose `true` branch ends the workflow with the Choice's value (`Succeed`).
    public init<P: ChoicePredicate>(
        when predicate: P.Type, @WorkflowBuilder then: () -> SucceedingSteps,
        @WorkflowBuilder otherwise: () -> PassthroughSteps = { PassthroughSteps.empty }
    ) where P.Input == Value {
        self.init(predicate: P.self, expected: true, then: then(), otherwise: otherwise())
    }

    /// A Choice on a Swift predicate whose `false` branch ends the workflow with the Choice's value (`Succeed`);
    /// its `true` branch outputs the value.
    public init<P: ChoicePredicate>(
        when predicate: P.Type, @WorkflowBuilder then: () -> Steps<Value, Value, Never>,
        @WorkflowBuilder otherwise: () -> SucceedingSteps
    ) where P.Input == Value {
        self.init(predicate: P.self, expected: true, then: then(), otherwise: otherwise())
    }

    /// A Choice on a Swift predicate whose `false` branch ends the workflow with the Choice's value (`Succeed`),
    /// and so may its `true` branch.
    public init<P: ChoicePredicate>(
        when predicate: P.Type, @WorkflowBuilder then: () -> Steps<Value, Value, Value>,
        @WorkflowBuilder otherwise: () -> SucceedingSteps
    ) where P.Input == Value {
        self.init(predicate: P.self, expected: true, then: then(), otherwise: otherwise())
    }

    /// A Choice on a Swift predicate whose `true` branch is passthrough steps and whose `false` branch ends the
    /// workflow with the Choice's value (`Succeed`).
    public init<P: ChoicePredicate>(
        when predicate: P.Type, @WorkflowBuilder then: () -> PassthroughSteps,
        @WorkflowBuilder otherwise: () -> SucceedingSteps
    ) where P.Input == Value {
        self.init(predicate: P.self, expected: true, then: then(), otherwise: otherwise())
    }

    /// A Choice on a Swift predicate both of whose branches end the workflow with the Choice's value (`Succeed`).
    public init<P: ChoicePredicate>(
        when predicate: P.Type, @WorkflowBuilder then: () -> SucceedingSteps,
        @WorkflowBuilder otherwise: () -> SucceedingSteps
    ) where P.Input == Value {
        self.init(predicate: P.self, expected: true, then: then(), otherwise: otherwise())
    }

    /// A Choice on a Swift predicate that ends the workflow with the Choice's value (`Succeed`) when the
    /// predicate answers `false`.
    public init<P: ChoicePredicate>(unless predicate: P.Type, @WorkflowBuilder then: () -> SucceedingSteps)
    where P.Input == Value {
        self.init(predicate: P.self, expected: false, then: then(), otherwise: PassthroughSteps(components: []))
    }
}

/// The task that runs a Choice's Swift predicate: it keeps its input (`ResultPath: null`) and stores the
/// answer in a variable the Choice tests.
struct PredicateTask: Sendable {
    let defaults: TaskDefaults
    let name: String

    /// The variable holding the answer: the predicate's name with a lower-case first letter.
    var variable: String {
        let cleaned = name.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        guard let first = cleaned.first else { return "predicate" }
        let head = first.isLetter ? String(first).lowercased() : "_" + String(first)
        return head + cleaned.dropFirst()
    }

    func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        let stateName = context.uniqueName(name)
        var task = TaskState(
            resource: context.configuration.activityARN(defaults.activityName), transition: .next(Fragment.continuation))
        task.resultPath = .null
        task.assign = .object([variable + ".$": "$"])
        if let timeout = defaults.timeout { task.timeoutSeconds = .int(max(1, Duration.wholeSeconds(timeout))) }
        if let heartbeat = defaults.heartbeat { task.heartbeatSeconds = .int(max(1, Duration.wholeSeconds(heartbeat))) }
        task.retry = defaults.retry.map(\.retrier)
        task.catch = defaults.catchers.map(\.catcher)
        task = context.configuration.lambdaTask(task, activityName: defaults.activityName)
        return Fragment(entry: stateName, states: [stateName: .task(task)])
    }
}

/// One `When` of a Choice, with its type erased.
struct ChoiceCase: Sendable {
    let rule: ChoiceRule
    let problems: [String]
    let body: any WorkflowComponent
}

/// One branch of a ``Choice``: a condition on the Choice's value, and the steps to run when it holds. `Exit`
/// is the type a ``Succeed`` in it ends the workflow with (`Never` when none does).
public struct When<Value: Codable & Sendable, Exit: Codable & Sendable>: Sendable {
    let choiceCase: ChoiceCase

    /// Runs `then` when `condition` holds; `then` outputs the Choice's value type.
    public init(_ condition: Condition<Value>, @WorkflowBuilder then: () -> Steps<Value, Value, Exit>) {
        choiceCase = ChoiceCase(rule: condition.rule, problems: condition.problems, body: then())
    }
}

extension When where Exit == Never {
    /// Runs passthrough steps (a `Fail`, a `Wait`, a `GoTo`, or nothing) when `condition` holds.
    public init(_ condition: Condition<Value>, @WorkflowBuilder then: () -> PassthroughSteps) {
        choiceCase = ChoiceCase(
            rule: condition.rule, problems: condition.problems, body: TypeTag.deliver(TypeTag(Value.self), to: then()))
    }
}

extension When where Exit == Value {
    /// Ends the workflow with the Choice's value when `condition` holds (passthrough steps, then `Succeed`): the
    /// workflow compiles only when `Value` is its `Output`.
    public init(_ condition: Condition<Value>, @WorkflowBuilder then: () -> SucceedingSteps) {
        choiceCase = ChoiceCase(
            rule: condition.rule, problems: condition.problems, body: TypeTag.deliver(TypeTag(Value.self), to: then()))
    }
}

/// Marks a branch that accepts any value (its steps are passthrough steps) or, as an ``Otherwise``'s `Exit`, one
/// that ends the workflow with whatever value the Choice has.
public enum AnyValue {}

/// The `Default` of a ``Choice``: the steps to run when no ``When`` holds. `Exit` is the type a ``Succeed`` in
/// it ends the workflow with (`Never` when none does; ``AnyValue`` when it ends with the Choice's value).
public struct Otherwise<Value, Exit>: Sendable {
    let body: any WorkflowComponent

    /// Steps that take and give the Choice's value.
    public init(@WorkflowBuilder _ body: () -> Steps<Value, Value, Exit>)
    where Value: Codable & Sendable, Exit: Codable & Sendable {
        self.body = body()
    }
}

extension Otherwise where Value == AnyValue, Exit == Never {
    /// Passthrough steps (a `Fail`, a `GoTo`), which fit any Choice.
    public init(@WorkflowBuilder _ body: () -> PassthroughSteps) {
        self.body = body()
    }
}

extension Otherwise where Value == AnyValue, Exit == AnyValue {
    /// Passthrough steps and a `Succeed`: ends the workflow with the Choice's value, whatever its type (the
    /// Choice then exits with its `Value`).
    public init(@WorkflowBuilder _ body: () -> SucceedingSteps) {
        self.body = body()
    }
}

/// The branches of a Choice, collected by ``ChoiceBuilder``, and the type their ``Succeed``s end the workflow
/// with (`Never` when none does).
public struct ChoiceCases<Value, Exit>: Sendable {
    let cases: [ChoiceCase]
    let otherwise: (any WorkflowComponent)?
}

/// Collects `When` branches (all on the same value type) and at most one trailing `Otherwise`, joining their
/// exits: every branch that ends the workflow with `Succeed` must do so with the same type (`Never` joins any).
@resultBuilder
public enum ChoiceBuilder {
    public static func buildPartialBlock<Value, Exit>(first: When<Value, Exit>) -> ChoiceCases<Value, Exit> {
        ChoiceCases(cases: [first.choiceCase], otherwise: nil)
    }

    public static func buildPartialBlock<Value>(accumulated: ChoiceCases<Value, Never>, next: When<Value, Never>)
        -> ChoiceCases<Value, Never>
    {
        ChoiceCases(cases: accumulated.cases + [next.choiceCase], otherwise: accumulated.otherwise)
    }

    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Exit>, next: When<Value, Never>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases + [next.choiceCase], otherwise: accumulated.otherwise)
    }

    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Never>, next: When<Value, Exit>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases + [next.choiceCase], otherwise: accumulated.otherwise)
    }

    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Exit>, next: When<Value, Exit>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases + [next.choiceCase], otherwise: accumulated.otherwise)
    }

    /// The mismatch twin: two branches end the workflow with values of different types.
    @available(*, unavailable, message: "two branches of this Choice end the workflow (Succeed) with values of different types")
    public static func buildPartialBlock<Value, Exit, Other>(accumulated: ChoiceCases<Value, Exit>, next: When<Value, Other>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases + [next.choiceCase], otherwise: accumulated.otherwise)
    }

    public static func buildPartialBlock<Value>(accumulated: ChoiceCases<Value, Never>, next: Otherwise<Value, Never>)
        -> ChoiceCases<Value, Never>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Exit>, next: Otherwise<Value, Never>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Never>, next: Otherwise<Value, Exit>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Exit>, next: Otherwise<Value, Exit>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    /// The mismatch twin: the Otherwise ends the workflow with another type than a `When` does.
    @available(*, unavailable, message: "two branches of this Choice end the workflow (Succeed) with values of different types")
    public static func buildPartialBlock<Value, Exit, Other>(accumulated: ChoiceCases<Value, Exit>, next: Otherwise<Value, Other>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Exit>, next: Otherwise<AnyValue, Never>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    public static func buildPartialBlock<Value>(accumulated: ChoiceCases<Value, Never>, next: Otherwise<AnyValue, AnyValue>)
        -> ChoiceCases<Value, Value>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    public static func buildPartialBlock<Value>(accumulated: ChoiceCases<Value, Value>, next: Otherwise<AnyValue, AnyValue>)
        -> ChoiceCases<Value, Value>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }

    /// The mismatch twin: `Otherwise { Succeed() }` ends the workflow with the Choice's value, a `When` with
    /// another type.
    @available(*, unavailable, message: "two branches of this Choice end the workflow (Succeed) with values of different types")
    public static func buildPartialBlock<Value, Exit>(accumulated: ChoiceCases<Value, Exit>, next: Otherwise<AnyValue, AnyValue>)
        -> ChoiceCases<Value, Exit>
    {
        ChoiceCases(cases: accumulated.cases, otherwise: next.body)
    }
}

