import StatesLanguage

/// A Map step: runs its steps once for each element of an array field of its input; its output is the
/// array of their outputs.
///
/// ```swift
/// Map(Order.Fields.ingredients, maxConcurrency: 4) { Invoke(PrepareIngredient.self) }
/// ```
///
/// `toleratedFailures` lowers to a Distributed Map (`ProcessorConfig` `DISTRIBUTED`, `STANDARD` child
/// executions), the only mode in which AWS accepts `ToleratedFailureCount`/`ToleratedFailurePercentage`.
///
/// Each iteration is a scope of its own: a `Succeed` in the body ends that iteration, so it must receive an
/// `ItemOutput` (a body whose Succeed receives another type does not compile).
public struct Map<Input: Codable & Sendable, ItemOutput: Codable & Sendable>: ErrorHandlingStep, LowersToStates {
    public typealias Output = [ItemOutput]
    public var options = StepOptions()
    let itemsPath: String
    let itemsProblem: String?
    let itemSelector: JSONValue?
    let maxConcurrency: Int?
    let toleratedFailures: ToleratedFailures?
    let body: any WorkflowComponent

    /// How many failed items a Map tolerates before it fails with `States.ExceedToleratedFailureThreshold`.
    public enum ToleratedFailures: Sendable, Hashable {
        case count(Int)
        case percentage(Double)
    }

    /// Maps `items` through `body`, which takes one element.
    public init<Element>(
        _ items: Field<Input, [Element]>, maxConcurrency: Int? = nil, toleratedFailures: ToleratedFailures? = nil,
        @WorkflowBuilder _ body: () -> Steps<Element, ItemOutput, Never>
    ) {
        self.init(items, selector: nil, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures, body: body())
    }

    /// Maps `items` through `body`, in which a `Succeed` ends its iteration: with an `ItemOutput`, like the body.
    public init<Element>(
        _ items: Field<Input, [Element]>, maxConcurrency: Int? = nil, toleratedFailures: ToleratedFailures? = nil,
        @WorkflowBuilder _ body: () -> Steps<Element, ItemOutput, ItemOutput>
    ) {
        self.init(items, selector: nil, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures, body: body())
    }

    /// The mismatch twin: a `Succeed` in the body receives another type than the iteration's output.
    @available(*, unavailable, message: "a Succeed in a Map iteration ends that iteration: it must receive the iteration's output type")
    public init<Element, Exit>(
        _ items: Field<Input, [Element]>, maxConcurrency: Int? = nil, toleratedFailures: ToleratedFailures? = nil,
        @WorkflowBuilder _ body: () -> Steps<Element, ItemOutput, Exit>
    ) {
        self.init(items, selector: nil, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures, body: body())
    }

    /// Maps `items` through passthrough steps; the output is the elements.
    public init(
        _ items: Field<Input, [ItemOutput]>, maxConcurrency: Int? = nil, toleratedFailures: ToleratedFailures? = nil,
        @WorkflowBuilder _ body: () -> PassthroughSteps
    ) {
        self.init(
            items, selector: nil, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures,
            body: TypeTag.deliver(TypeTag(ItemOutput.self), to: body()))
    }

    /// Maps `items` through passthrough steps ending in `Succeed`; the output is the elements.
    public init(
        _ items: Field<Input, [ItemOutput]>, maxConcurrency: Int? = nil, toleratedFailures: ToleratedFailures? = nil,
        @WorkflowBuilder _ body: () -> SucceedingSteps
    ) {
        self.init(
            items, selector: nil, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures,
            body: TypeTag.deliver(TypeTag(ItemOutput.self), to: body()))
    }

    /// Maps `items`, giving each iteration the `ItemSelector` template's value (untyped: state its type).
    /// In the template, `$$.Map.Item.Value` is the element and `$$.Map.Item.Index` its index.
    public init<Element, Item>(
        _ items: Field<Input, [Element]>, itemSelector: JSONValue, as item: Item.Type, maxConcurrency: Int? = nil,
        toleratedFailures: ToleratedFailures? = nil, @WorkflowBuilder _ body: () -> Steps<Item, ItemOutput, Never>
    ) {
        self.init(
            items, selector: itemSelector, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures,
            body: body())
    }

    /// Maps `items` with an `ItemSelector` through `body`, in which a `Succeed` ends its iteration with an
    /// `ItemOutput`.
    public init<Element, Item>(
        _ items: Field<Input, [Element]>, itemSelector: JSONValue, as item: Item.Type, maxConcurrency: Int? = nil,
        toleratedFailures: ToleratedFailures? = nil, @WorkflowBuilder _ body: () -> Steps<Item, ItemOutput, ItemOutput>
    ) {
        self.init(
            items, selector: itemSelector, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures,
            body: body())
    }

    /// The mismatch twin of the `ItemSelector` form: a `Succeed` in the body receives another type than the
    /// iteration's output.
    @available(*, unavailable, message: "a Succeed in a Map iteration ends that iteration: it must receive the iteration's output type")
    public init<Element, Item, Exit>(
        _ items: Field<Input, [Element]>, itemSelector: JSONValue, as item: Item.Type, maxConcurrency: Int? = nil,
        toleratedFailures: ToleratedFailures? = nil, @WorkflowBuilder _ body: () -> Steps<Item, ItemOutput, Exit>
    ) {
        self.init(
            items, selector: itemSelector, maxConcurrency: maxConcurrency, toleratedFailures: toleratedFailures,
            body: body())
    }

    private init<Element>(
        _ items: Field<Input, [Element]>, selector: JSONValue?, maxConcurrency: Int?, toleratedFailures: ToleratedFailures?,
        body: any WorkflowComponent
    ) {
        itemsPath = items.path
        itemsProblem = items.problem
        itemSelector = selector
        self.maxConcurrency = maxConcurrency
        self.toleratedFailures = toleratedFailures
        self.body = body
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        if let itemsProblem { throw .invalidField(itemsProblem) }
        let last = itemsPath.split(separator: ".").last.map(String.init) ?? ""
        let derived = last.isEmpty || last == "$" ? "Map" : "Map " + last
        let name = try context.name(explicit: options.name, derived: derived)
        var processor = try context.lowering(scope: TypeTag(ItemOutput.self)) { context throws(LoweringError) in
            try Branch.lowering(body, in: &context)
        }
        var state = MapState(itemProcessor: processor, transition: .next(Fragment.continuation))
        if itemsPath != "$" { state.itemsPath = itemsPath }
        state.itemSelector = itemSelector
        state.maxConcurrency = maxConcurrency.map { .int($0) }
        switch toleratedFailures {
        case .count(let count)?: state.toleratedFailureCount = .int(count)
        case .percentage(let percentage)?: state.toleratedFailurePercentage = .number(percentage)
        case nil: break
        }
        if toleratedFailures != nil {
            processor.processorConfig = ProcessorConfig(mode: .distributed, executionType: .standard)
            state.itemProcessor = processor
        }
        let recoveries = try options.apply(to: &state, in: &context)
        return .state(name, .map(state), recoveries: recoveries)
    }
}
