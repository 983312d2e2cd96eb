import OrderedCollections
import StatesLanguage

/// A Succeed step: ends its workflow (or Parallel branch, or Map iteration) successfully with its input as the
/// output.
///
/// Its input therefore must be of the workflow's `Output` type (in a branch or an iteration, of that branch's
/// output type), and the builders check it when the workflow compiles: in a `Workflow<Order, [Receipt]>`,
/// `Choice { When(Order.Fields.paid == true) { Succeed() } }` on an `Order` is a compile error,
///
/// ```
/// error: 'init(_:comment:timeout:_:)' is unavailable: a Succeed in this workflow receives a value that is not the workflow's Output
/// ```
///
/// instead of a run that succeeds with an `Order` the caller then cannot decode as `[Receipt]`. It is not a
/// ``PassthroughStep``: the builders record the type it receives (``WorkflowStep/Exit``). Where no type is
/// known to the compiler (the untyped `catch(_:resultPath:recovery:)`), lowering still checks what the builders
/// know and throws ``LoweringError/invalidStep(_:)``.
public struct Succeed: ConfigurableStep, ReceivesInputType, LowersToStates {
    public var options = StepOptions()
    /// The type of the value it receives, as the builders know it (nil where no typed step says).
    var input: TypeTag?

    public init() {}

    package func receiving(_ input: TypeTag) -> any WorkflowComponent {
        var copy = self
        if copy.input == nil { copy.input = input }
        return copy
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        if let input, let expected = context.scopeOutput, input != expected {
            throw .invalidStep(
                "Succeed ends its workflow or branch with its input, a \(input), but the output must be a \(expected); "
                    + "transform the value into a \(expected) before Succeed, or end this path with Fail")
        }
        let name = try context.name(explicit: options.name, derived: "Succeed")
        var state = SucceedState()
        state.comment = options.comment
        return Fragment(entry: name, states: [name: .succeed(state)])
    }
}

/// A Fail step: ends the execution with an error name and a cause.
///
/// ```swift
/// Fail(error: "PizzaNotAcceptable", cause: "the pizza did not pass inspection")
/// ```
public struct Fail: PassthroughStep, ConfigurableStep, LowersToStates {
    public var options = StepOptions()
    let error: String?
    let cause: String?

    public init(error: ErrorName? = nil, cause: String? = nil) {
        self.error = error?.rawValue
        self.cause = cause
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        let name = try context.name(explicit: options.name, derived: error.map { "Fail \($0)" } ?? "Fail")
        var state = FailState(error: error, cause: cause)
        state.comment = options.comment
        return Fragment(entry: name, states: [name: .fail(state)])
    }
}

/// Goes to the step named `name` (given with ``ConfigurableStep/named(_:)``): a loop back, or a jump ahead.
///
/// ```swift
/// Invoke(CheckOven.self).named("CheckOven")
/// Choice {
///     When(Oven.Fields.ready == false) { Wait(.seconds(30)); GoTo("CheckOven") }
/// }
/// ```
public struct GoTo: PassthroughStep, LowersToStates {
    let target: String

    public init(_ name: String) { target = name }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        Fragment(entry: target)
    }
}

/// A Pass step with no result: passes its input on (optionally reshaped by paths, untyped).
public struct Pass: PassthroughStep, ConfigurableStep, LowersToStates {
    public var options = StepOptions()

    public init() {}

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        try PassLowering.lower(options: options, result: nil, in: &context)
    }
}

/// A Pass step that outputs a value: a fixed `Result`, or a payload template (`Parameters`) over its input.
///
/// ```swift
/// PassValue(result: Order(size: 12, ingredients: ["basil"]))          // Result
/// PassValue(template: ["size.$": "$.size"], from: Order.self, as: Size.self)  // Parameters (untyped)
/// ```
public struct PassValue<Input: Codable & Sendable, Output: Codable & Sendable>: WorkflowStep, ConfigurableStep, LowersToStates {
    public var options = StepOptions()
    let result: JSONValue?
    let encodingProblem: String?

    /// Outputs `value`, whatever the input (the ASL `Result` field).
    public init(result value: Output, input: Input.Type = Input.self) {
        do {
            result = try TaskCoding.encode(value)
            encodingProblem = nil
        } catch {
            result = nil
            encodingProblem = "cannot encode the Pass result: \(error)"
        }
    }

    /// Outputs the payload template evaluated against the input (the ASL `Parameters` field).
    public init(template: JSONValue, from input: Input.Type = Input.self, as output: Output.Type = Output.self) {
        result = nil
        encodingProblem = nil
        options.parameters = template
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        if let encodingProblem { throw .invalidStep(encodingProblem) }
        return try PassLowering.lower(options: options, result: result, in: &context)
    }
}

enum PassLowering {
    static func lower(options: StepOptions, result: JSONValue?, in context: inout LoweringContext) throws(LoweringError)
        -> Fragment
    {
        if let problem = options.fieldProblems.first { throw .invalidField(problem) }
        let name = try context.name(explicit: options.name, derived: "Pass")
        var state = PassState(transition: .next(Fragment.continuation))
        state.comment = options.comment
        state.result = result
        state.inputPath = options.inputPath
        state.parameters = options.parameters
        state.resultPath = options.resultPath
        state.outputPath = options.outputPath
        return Fragment(entry: name, states: [name: .pass(state)])
    }
}

/// Untyped escape hatch: one ASL state written by hand, with the input and output types you state. Its
/// `Next`/`End` is set by its place in the workflow.
public struct RawState<Input: Codable & Sendable, Output: Codable & Sendable>: WorkflowStep, LowersToStates {
    let name: String
    let state: State

    public init(_ name: String, _ state: State, input: Input.Type = Input.self, output: Output.Type = Output.self) {
        self.name = name
        self.state = state
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        let name = try context.reserve(name)
        return Fragment(entry: name, states: [name: state.withTransition(.next(Fragment.continuation))])
    }
}

extension State {
    func withTransition(_ transition: Transition) -> State {
        switch self {
        case .pass(var s): s.transition = transition; return .pass(s)
        case .task(var s): s.transition = transition; return .task(s)
        case .wait(var s): s.transition = transition; return .wait(s)
        case .parallel(var s): s.transition = transition; return .parallel(s)
        case .map(var s): s.transition = transition; return .map(s)
        case .choice, .succeed, .fail: return self
        }
    }
}
