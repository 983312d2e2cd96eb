import OrderedCollections
import StatesLanguage

/// A workflow written in Swift: a named, typed sequence of steps that lowers to one ASL state machine.
///
/// ```swift
/// let pizza = Workflow("pauls-pizza-making-machine") {
///     Parallel {
///         Invoke(MakeDough.self)
///         Invoke(MakeSauce.self)
///         Map(Order.Fields.ingredients) { Invoke(PrepareIngredient.self) }
///     }
///     Invoke(PutIngredientsOnDough.self)
///     Invoke(Bake.self)
///     Wait(.minutes(2))
///     Choice(unless: IsPizzaAcceptable.self) { Fail(error: "PizzaNotAcceptable") }
///     Invoke(Serve.self)
/// }
/// let definition = try pizza.definition()
/// ```
///
/// Lowering is pure and deterministic: the same workflow always gives the same ASL. State names come from
/// handler types (`Bake`, then `Bake 2` when used again) unless a step is ``ConfigurableStep/named(_:)``.
///
/// A `Succeed` ends the workflow early with the value it receives, so that value must be an `Output`: the
/// builders carry its type up (``WorkflowStep/Exit``) and a workflow in which it is another type does not
/// compile (`'init(_:comment:timeout:_:)' is unavailable: a Succeed in this workflow receives a value that is
/// not the workflow's Output`).
public struct Workflow<Input: Codable & Sendable, Output: Codable & Sendable>: Sendable {
    /// The state machine's name.
    public var name: String
    /// The definition's `Comment`.
    public var comment: String?
    /// The execution's `TimeoutSeconds` (whole seconds, rounded up).
    public var timeout: Duration?
    let body: any WorkflowComponent

    /// A workflow of typed steps.
    public init(
        _ name: String, comment: String? = nil, timeout: Duration? = nil,
        @WorkflowBuilder _ content: () -> Steps<Input, Output, Never>
    ) {
        self.init(name: name, comment: comment, timeout: timeout, body: content())
    }

    /// A workflow of typed steps in which a `Succeed` ends the workflow early, with its `Output`.
    public init(
        _ name: String, comment: String? = nil, timeout: Duration? = nil,
        @WorkflowBuilder _ content: () -> Steps<Input, Output, Output>
    ) {
        self.init(name: name, comment: comment, timeout: timeout, body: content())
    }

    /// The mismatch twin: a `Succeed` ends the workflow with a value of another type than its `Output`.
    @available(*, unavailable, message: "a Succeed in this workflow receives a value that is not the workflow's Output")
    public init<Exit>(
        _ name: String, comment: String? = nil, timeout: Duration? = nil,
        @WorkflowBuilder _ content: () -> Steps<Input, Output, Exit>
    ) {
        self.init(name: name, comment: comment, timeout: timeout, body: content())
    }

    /// A workflow of passthrough steps only, whose input and output types you state.
    public init(
        _ name: String, input: Input.Type, comment: String? = nil, timeout: Duration? = nil,
        @WorkflowBuilder _ content: () -> PassthroughSteps
    ) where Output == Input {
        self.init(name: name, comment: comment, timeout: timeout, body: TypeTag.deliver(TypeTag(Input.self), to: content()))
    }

    /// A workflow of passthrough steps and a `Succeed`, whose input (and so output) type you state.
    public init(
        _ name: String, input: Input.Type, comment: String? = nil, timeout: Duration? = nil,
        @WorkflowBuilder _ content: () -> SucceedingSteps
    ) where Output == Input {
        self.init(name: name, comment: comment, timeout: timeout, body: TypeTag.deliver(TypeTag(Input.self), to: content()))
    }

    private init(name: String, comment: String?, timeout: Duration?, body: any WorkflowComponent) {
        self.name = name
        self.comment = comment
        self.timeout = timeout
        self.body = body
    }

    /// The workflow as an ASL state machine definition.
    /// - Throws: ``LoweringError`` for an invalid field reference, a duplicate explicit name or an empty Choice.
    public func definition(_ configuration: LoweringConfiguration = .default) throws(LoweringError) -> StateMachineDefinition {
        var context = LoweringContext(configuration: configuration)
        context.scopeOutput = TypeTag(Output.self)  // a Succeed must end the workflow with its Output
        let (startAt, states) = try body.lowered(in: &context).closed(in: &context)
        return StateMachineDefinition(
            startAt: startAt, states: states, comment: comment,
            timeoutSeconds: timeout.map { max(1, Duration.wholeSeconds($0)) })
    }

    /// The activity names the workflow's Task states use, in order of first use.
    public func activityNames(_ configuration: LoweringConfiguration = .default) throws(LoweringError) -> [String] {
        let prefix = "arn:\(configuration.partition):states:\(configuration.region):\(configuration.account):activity:"
        var names: [String] = []
        func visit(_ states: some Sequence<State>) {
            for state in states {
                switch state {
                case .task(let task) where task.resource.hasPrefix(prefix):
                    let name = String(task.resource.dropFirst(prefix.count))
                    if !names.contains(name) { names.append(name) }
                case .parallel(let parallel): for branch in parallel.branches { visit(branch.states.values) }
                case .map(let map): visit(map.itemProcessor.states.values)
                default: break
                }
            }
        }
        visit(try definition(configuration).states.values)
        return names
    }
}
