/// Builds a sequence of steps in which each step's output is the next step's input.
///
/// Consecutive typed steps must fit: `A` then `B` compiles only when `A.Output == B.Input`. When they do not,
/// the compiler says so:
///
/// ```
/// error: 'buildPartialBlock(accumulated:next:)' is unavailable: this step's Input does not match the previous step's Output
/// ```
///
/// ``PassthroughStep``s (`Wait`, `Fail`, `GoTo`, ...) fit anywhere and keep the type flowing.
///
/// A ``Succeed`` ends the workflow with the value it receives, so the builders keep that value's type as the
/// sequence's `Exit` (see ``WorkflowStep/Exit``; `Never` while no Succeed is in it) and join the exits of the
/// steps in order: all Succeeds of a sequence must receive the same type. ``Workflow`` then compiles only when
/// that type is its `Output`, a ``Parallel`` branch or ``Map`` iteration only when it is the branch's output.
/// A Succeed that follows passthrough steps only (`When(...) { Succeed() }`) builds ``SucceedingSteps``: the
/// step around it (the `When`, the `Map`) knows the type it receives.
///
/// The exit type flows up from the steps, not down from the workflow: a result builder's own generic
/// parameters must be known before its closure is type-checked, and a workflow's `Output` is known only from
/// its closure.
@resultBuilder
public enum WorkflowBuilder {
    public static func buildBlock() -> PassthroughSteps { PassthroughSteps(components: []) }

    public static func buildPartialBlock<S: WorkflowStep>(first: S) -> Steps<S.Input, S.Output, S.Exit> {
        Steps(components: [first])
    }

    public static func buildPartialBlock<P: PassthroughStep>(first: P) -> PassthroughSteps {
        PassthroughSteps(components: [first])
    }

    public static func buildPartialBlock(first: Succeed) -> SucceedingSteps {
        SucceedingSteps(components: [first])
    }

    // A typed step after typed steps: its input must be their output, and the exits join (`Never` joins any).

    public static func buildPartialBlock<Input, Output, S: WorkflowStep>(accumulated: Steps<Input, Output, Never>, next: S)
        -> Steps<Input, S.Output, Never> where S.Input == Output, S.Exit == Never
    {
        Steps(components: accumulated.components + [next])
    }

    public static func buildPartialBlock<Input, Output, Exit, S: WorkflowStep>(accumulated: Steps<Input, Output, Exit>, next: S)
        -> Steps<Input, S.Output, Exit> where S.Input == Output, S.Exit == Never
    {
        Steps(components: accumulated.components + [next])
    }

    public static func buildPartialBlock<Input, Output, S: WorkflowStep>(accumulated: Steps<Input, Output, Never>, next: S)
        -> Steps<Input, S.Output, S.Exit> where S.Input == Output
    {
        Steps(components: accumulated.components + [next])
    }

    public static func buildPartialBlock<Input, Output, Exit, S: WorkflowStep>(accumulated: Steps<Input, Output, Exit>, next: S)
        -> Steps<Input, S.Output, Exit> where S.Input == Output, S.Exit == Exit
    {
        Steps(components: accumulated.components + [next])
    }

    /// The exit mismatch twin: the step fits, but a Succeed in it receives another type than an earlier one.
    @available(*, unavailable, message: "a Succeed in this step receives another type than an earlier Succeed of the workflow")
    public static func buildPartialBlock<Input, Output, Exit, S: WorkflowStep>(accumulated: Steps<Input, Output, Exit>, next: S)
        -> Steps<Input, S.Output, Exit> where S.Input == Output
    {
        Steps(components: accumulated.components + [next])
    }

    /// The mismatch twin: chosen only when the next step's input does not fit, so the error names the problem.
    @available(*, unavailable, message: "this step's Input does not match the previous step's Output")
    public static func buildPartialBlock<Input, Output, Exit, S: WorkflowStep>(accumulated: Steps<Input, Output, Exit>, next: S)
        -> Steps<Input, S.Output, Exit>
    {
        Steps(components: accumulated.components + [next])
    }

    public static func buildPartialBlock<Input, Output, Exit, P: PassthroughStep>(
        accumulated: Steps<Input, Output, Exit>, next: P
    ) -> Steps<Input, Output, Exit> {
        Steps(components: accumulated.components + [TypeTag.deliver(TypeTag(Output.self), to: next)])
    }

    // A Succeed after typed steps ends the workflow with their output.

    public static func buildPartialBlock<Input, Output>(accumulated: Steps<Input, Output, Never>, next: Succeed)
        -> Steps<Input, Output, Output>
    {
        Steps(components: accumulated.components + [TypeTag.deliver(TypeTag(Output.self), to: next)])
    }

    public static func buildPartialBlock<Input, Output>(accumulated: Steps<Input, Output, Output>, next: Succeed)
        -> Steps<Input, Output, Output>
    {
        Steps(components: accumulated.components + [TypeTag.deliver(TypeTag(Output.self), to: next)])
    }

    /// The mismatch twin: two Succeeds of one sequence receive different types.
    @available(*, unavailable, message: "Succeed ends the workflow with its input, and an earlier Succeed of the workflow receives another type")
    public static func buildPartialBlock<Input, Output, Exit>(accumulated: Steps<Input, Output, Exit>, next: Succeed)
        -> Steps<Input, Output, Exit>
    {
        Steps(components: accumulated.components + [next])
    }

    // After passthrough steps only, the first typed step says what they receive.

    public static func buildPartialBlock<S: WorkflowStep>(accumulated: PassthroughSteps, next: S) -> Steps<S.Input, S.Output, S.Exit> {
        let input = TypeTag(S.Input.self)
        return Steps(components: accumulated.components.map { TypeTag.deliver(input, to: $0) } + [next])
    }

    public static func buildPartialBlock<P: PassthroughStep>(accumulated: PassthroughSteps, next: P) -> PassthroughSteps {
        PassthroughSteps(components: accumulated.components + [next])
    }

    public static func buildPartialBlock(accumulated: PassthroughSteps, next: Succeed) -> SucceedingSteps {
        SucceedingSteps(components: accumulated.components + [next])
    }

    // After a Succeed, steps run only when a GoTo or a catcher jumps to them.

    public static func buildPartialBlock<P: PassthroughStep>(accumulated: SucceedingSteps, next: P) -> SucceedingSteps {
        SucceedingSteps(components: accumulated.components + [next])
    }

    /// A typed step after passthrough steps and a Succeed: as after passthrough steps only, the sequence's input
    /// is taken to be the step's input, so the Succeed ends the workflow with a value of that type.
    public static func buildPartialBlock<S: WorkflowStep>(accumulated: SucceedingSteps, next: S) -> Steps<S.Input, S.Output, S.Input>
    where S.Exit == Never {
        let input = TypeTag(S.Input.self)
        return Steps(components: accumulated.components.map { TypeTag.deliver(input, to: $0) } + [next])
    }
}

/// A typed sequence of steps: the input of the first typed step, the output of the last, and the type a
/// ``Succeed`` in it ends the workflow with (`Exit`, `Never` when none does).
///
/// Use it to group several steps where one step is expected, such as one branch of a ``Parallel``:
///
/// ```swift
/// Parallel {
///     Steps { Invoke(MakeDough.self); Invoke(RestDough.self) }
///     Invoke(MakeSauce.self)
/// }
/// ```
public struct Steps<Input: Codable & Sendable, Output: Codable & Sendable, Exit: Codable & Sendable>: WorkflowStep, LowersToStates {
    let components: [any WorkflowComponent]

    /// The type the steps end with: what a ``Succeed`` ending this branch must receive.
    var outputTag: TypeTag { TypeTag(Output.self) }

    init(components: [any WorkflowComponent]) { self.components = components }

    public init(@WorkflowBuilder _ content: () -> Steps<Input, Output, Exit>) { self = content() }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        try Fragment.sequence(components, in: &context)
    }
}

/// A sequence made only of passthrough steps (or empty): it fits anywhere.
public struct PassthroughSteps: PassthroughStep, ReceivesInputType, LowersToStates {
    let components: [any WorkflowComponent]

    init(components: [any WorkflowComponent]) { self.components = components }

    public init(@WorkflowBuilder _ content: () -> PassthroughSteps) { self = content() }

    /// No steps: control passes straight through.
    public static var empty: PassthroughSteps { PassthroughSteps(components: []) }

    package func receiving(_ input: TypeTag) -> any WorkflowComponent {
        PassthroughSteps(components: components.map { TypeTag.deliver(input, to: $0) })
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        try Fragment.sequence(components, in: &context)
    }
}

/// Passthrough steps and a ``Succeed`` (`When(...) { Wait(.seconds(5)); Succeed() }`): they end the workflow
/// with the value they receive, whose type the step around them knows. A `When` or an `Otherwise` of a
/// `Choice` on `Value` then exits with a `Value`; a ``Map`` iteration must receive its own output type.
public struct SucceedingSteps: WorkflowComponent, ReceivesInputType, LowersToStates {
    let components: [any WorkflowComponent]

    init(components: [any WorkflowComponent]) { self.components = components }

    package func receiving(_ input: TypeTag) -> any WorkflowComponent {
        SucceedingSteps(components: components.map { TypeTag.deliver(input, to: $0) })
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        try Fragment.sequence(components, in: &context)
    }
}
