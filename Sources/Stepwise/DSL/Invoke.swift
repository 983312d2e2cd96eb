import StatesLanguage

/// A Task step: hands its input to a worker of a handler's activity and outputs the handler's result.
///
/// ```swift
/// Invoke(MakeDough.self)                                   // the handler's retry, catch, timeouts
/// Invoke(Bake.self).retry(on: [.timeout], maxAttempts: 5)  // overridden for this step
/// ```
///
/// Lowers to a `Task` state whose `Resource` is the activity ARN
/// (`arn:aws:states:<region>:<account>:activity:<activityName>`), named after the handler's type (or its
/// activity name) unless ``ConfigurableStep/named(_:)`` says otherwise.
public struct Invoke<Input: Codable & Sendable, Output: Codable & Sendable>: ErrorHandlingStep, LowersToStates {
    public var options = StepOptions()
    let defaults: TaskDefaults
    /// An explicit resource ARN (a Lambda function, a service integration) instead of an activity.
    let resource: String?
    let derivedName: String
    var timeoutOverride: Duration??
    var heartbeatOverride: Duration??

    /// Invokes a handler type.
    public init<Handler: TaskHandler>(_ handler: Handler.Type) where Handler.Input == Input, Handler.Output == Output {
        defaults = Handler.taskDefaults
        resource = nil
        derivedName = ErrorName.typeName(of: Handler.self)
    }

    /// Invokes a closure handler.
    public init(_ function: TaskFunction<Input, Output>) {
        defaults = function.defaults
        resource = nil
        derivedName = function.defaults.activityName
    }

    /// Untyped: invokes an activity by name, with the input and output types you state.
    public init(activity activityName: String, input: Input.Type = Input.self, output: Output.Type = Output.self) {
        defaults = TaskDefaults(activityName: activityName)
        resource = nil
        derivedName = activityName
    }

    /// Untyped: invokes any resource ARN (a Lambda function, an `arn:aws:states:::` integration).
    public init(resource: String, input: Input.Type = Input.self, output: Output.Type = Output.self) {
        defaults = TaskDefaults(activityName: resource)
        self.resource = resource
        derivedName = resource.split(separator: ":").last.map(String.init) ?? "Task"
    }

    /// Sets `TimeoutSeconds` (whole seconds, rounded up); `nil` removes the handler's default.
    public func timeout(_ duration: Duration?) -> Self {
        var copy = self
        copy.timeoutOverride = .some(duration)
        return copy
    }

    /// Sets `HeartbeatSeconds` (whole seconds, rounded up); `nil` removes the handler's default.
    public func heartbeat(_ duration: Duration?) -> Self {
        var copy = self
        copy.heartbeatOverride = .some(duration)
        return copy
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        let name = try context.name(explicit: options.name, derived: derivedName)
        var task = TaskState(
            resource: resource ?? context.configuration.activityARN(defaults.activityName),
            transition: .next(Fragment.continuation))
        if let timeout = timeoutOverride ?? defaults.timeout { task.timeoutSeconds = .int(max(1, Duration.wholeSeconds(timeout))) }
        if let heartbeat = heartbeatOverride ?? defaults.heartbeat {
            task.heartbeatSeconds = .int(max(1, Duration.wholeSeconds(heartbeat)))
        }
        let recoveries = try options.apply(
            to: &task, defaultRetry: defaults.retry, defaultCatchers: defaults.catchers, in: &context)
        if resource == nil { task = context.configuration.lambdaTask(task, activityName: defaults.activityName) }
        return .state(name, .task(task), recoveries: recoveries)
    }
}

/// A step whose input or output type was changed by a data-flow modifier (`InputPath`, `Parameters`,
/// `ResultSelector`, `ResultPath`, `OutputPath`).
///
/// Apply the modifiers in ASL's order (input path, parameters, result selector, result path, output path):
/// each typed modifier checks its field against the types as they are at that point of the pipeline.
public struct Reshaped<Base: ErrorHandlingStep, Input: Codable & Sendable, Output: Codable & Sendable>: ErrorHandlingStep, LowersToStates {
    var base: Base

    public var options: StepOptions {
        get { base.options }
        set { base.options = newValue }
    }

    package func lower(in context: inout LoweringContext) throws(LoweringError) -> Fragment {
        try base.lowered(in: &context)
    }
}

extension ErrorHandlingStep {
    /// `InputPath`: the step works on this field of a larger input.
    public func inputPath<Whole>(_ field: Field<Whole, Input>) -> Reshaped<Self, Whole, Output> {
        reshaped {
            $0.inputPath = .path(field.path)
            if let problem = field.problem { $0.fieldProblems.append(problem) }
        }
    }

    /// `ResultPath`: the result is stored at this field of the step's input, and the step outputs the input.
    public func resultPath(_ field: Field<Input, Output>) -> Reshaped<Self, Input, Input> {
        reshaped {
            $0.resultPath = .path(field.path)
            if let problem = field.problem { $0.fieldProblems.append(problem) }
        }
    }

    /// `ResultPath: null`: the result is discarded and the step outputs its input.
    public func discardResult() -> Reshaped<Self, Input, Input> {
        reshaped { $0.resultPath = .null }
    }

    /// `OutputPath`: the step outputs this field of its output.
    public func outputPath<Part>(_ field: Field<Output, Part>) -> Reshaped<Self, Input, Part> {
        reshaped {
            $0.outputPath = .path(field.path)
            if let problem = field.problem { $0.fieldProblems.append(problem) }
        }
    }

    /// Untyped `Parameters`: a payload template builds the step's input; state the type it is built from.
    public func parameters<Whole>(_ template: JSONValue, from input: Whole.Type) -> Reshaped<Self, Whole, Output> {
        reshaped { $0.parameters = template }
    }

    /// Untyped `ResultSelector`: a payload template reshapes the result; state the type it builds.
    public func resultSelector<Selected>(_ template: JSONValue, as output: Selected.Type) -> Reshaped<Self, Input, Selected> {
        reshaped { $0.resultSelector = template }
    }

    /// Untyped data flow: any of the five fields as raw ASL, with the step's new input and output types.
    public func dataFlow<NewInput, NewOutput>(
        inputPath: NullablePath? = nil, parameters: JSONValue? = nil, resultSelector: JSONValue? = nil,
        resultPath: NullablePath? = nil, outputPath: NullablePath? = nil,
        input: NewInput.Type, output: NewOutput.Type
    ) -> Reshaped<Self, NewInput, NewOutput> {
        reshaped { options in
            if let inputPath { options.inputPath = inputPath }
            if let parameters { options.parameters = parameters }
            if let resultSelector { options.resultSelector = resultSelector }
            if let resultPath { options.resultPath = resultPath }
            if let outputPath { options.outputPath = outputPath }
        }
    }

    func reshaped<I, O>(_ change: (inout StepOptions) -> Void) -> Reshaped<Self, I, O> {
        var copy = self
        change(&copy.options)
        return Reshaped(base: copy)
    }
}
