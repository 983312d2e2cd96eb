/// Builds a sequence of steps in which each step's output is the next step's input.
///
/// Consecutive typed steps must fit: `A` then `B` compiles only when `A.Output == B.Input`. When they do not,
/// the compiler says so:
///
/// ```
/// error: 'buildPartialBlock(accumulated:next:)' is unavailable: this step's Input does not match the previous step's Output
/// ```
///
/// ``PassthroughStep``s (`Wait`, `Succeed`, `Fail`, `GoTo`, ...) fit anywhere and keep the type flowing.
@resultBuilder
public enum WorkflowBuilder {
    public static func buildBlock() -> PassthroughSteps { PassthroughSteps(components: []) }

    public static func buildPartialBlock<S: WorkflowStep>(first: S) -> Steps<S.Input, S.Output> {
        Steps(components: [first])
    }

    public static func buildPartialBlock<P: PassthroughStep>(first: P) -> PassthroughSteps {
        PassthroughSteps(components: [first])
    }

    public static func buildPartialBlock<Input, Output, S: WorkflowStep>(accumulated: Steps<Input, Output>, next: S)
        -> Steps<Input, S.Output> where S.Input == Output
    {
        Steps(components: accumulated.components + [next])
    }

    /// The mismatch twin: chosen only when the next step's input does not fit, so the error names the problem.
    @available(*, unavailable, message: "this step's Input does not match the previous step's Output")
    public static func buildPartialBlock<Input, Output, S: WorkflowStep>(accumulated: Steps<Input, Output>, next: S)
        -> Steps<Input, S.Output>
    {
        Steps(components: accumulated.components + [next])
    }

    public static func buildPartialBlock<Input, Output, P: PassthroughStep>(accumulated: Steps<Input, Output>, next: P)
        -> Steps<Input, Output>
    {
        Steps(components: accumulated.components + [TypeTag.deliver(TypeTag(Output.self), to: next)])
    }

    public static func buildPartialBlock<S: WorkflowStep>(accumulated: PassthroughSteps, next: S) -> Steps<S.Input, S.Output> {
        let input = TypeTag(S.Input.self)
        return Steps(components: accumulated.components.map { TypeTag.deliver(input, to: $0) } + [next])
    }

    public static func buildPartialBlock<P: PassthroughStep>(accumulated: PassthroughSteps, next: P) -> PassthroughSteps {
        PassthroughSteps(components: accumulated.components + [next])
    }
}

/// A typed sequence of steps: the input of the first typed step, the output of the last.
///
/// Use it to group several steps where one step is expected, such as one branch of a ``Parallel``:
///
/// ```swift
/// Parallel {
///     Steps { Invoke(MakeDough.self); Invoke(RestDough.self) }
///     Invoke(MakeSauce.self)
/// }
/// ```
public struct Steps<Input: Codable & Sendable, Output: Codable & Sendable>: WorkflowStep, LowersToStates {
    let components: [any WorkflowComponent]

    /// The type the steps end with: what a ``Succeed`` ending this branch must receive.
    var outputTag: TypeTag { TypeTag(Output.self) }

    init(components: [any WorkflowComponent]) { self.components = components }

    public init(@WorkflowBuilder _ content: () -> Steps<Input, Output>) { self = content() }

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
