extension State {
    /// `Retry` of Task, Parallel and Map states; empty for the others.
    public var retry: [Retrier] {
        switch self {
        case .task(let s): s.retry
        case .parallel(let s): s.retry
        case .map(let s): s.retry
        default: []
        }
    }

    /// `Catch` of Task, Parallel and Map states; empty for the others.
    public var `catch`: [Catcher] {
        switch self {
        case .task(let s): s.catch
        case .parallel(let s): s.catch
        case .map(let s): s.catch
        default: []
        }
    }

    /// `InputPath` (JSONPath); `nil` when absent, and always for Fail.
    public var inputPath: NullablePath? {
        switch self {
        case .pass(let s): s.inputPath
        case .task(let s): s.inputPath
        case .choice(let s): s.inputPath
        case .wait(let s): s.inputPath
        case .succeed(let s): s.inputPath
        case .parallel(let s): s.inputPath
        case .map(let s): s.inputPath
        case .fail: nil
        }
    }

    /// `OutputPath` (JSONPath); `nil` when absent, and always for Fail.
    public var outputPath: NullablePath? {
        switch self {
        case .pass(let s): s.outputPath
        case .task(let s): s.outputPath
        case .choice(let s): s.outputPath
        case .wait(let s): s.outputPath
        case .succeed(let s): s.outputPath
        case .parallel(let s): s.outputPath
        case .map(let s): s.outputPath
        case .fail: nil
        }
    }

    /// `ResultPath` of Pass, Task, Parallel and Map states.
    public var resultPath: NullablePath? {
        switch self {
        case .pass(let s): s.resultPath
        case .task(let s): s.resultPath
        case .parallel(let s): s.resultPath
        case .map(let s): s.resultPath
        default: nil
        }
    }

    /// The state-level `Assign` (Succeed and Fail have none).
    public var assign: JSONValue? {
        switch self {
        case .pass(let s): s.assign
        case .task(let s): s.assign
        case .choice(let s): s.assign
        case .wait(let s): s.assign
        case .parallel(let s): s.assign
        case .map(let s): s.assign
        case .succeed, .fail: nil
        }
    }

    /// The state-level JSONata `Output` (Fail has none).
    public var output: JSONValue? {
        switch self {
        case .pass(let s): s.output
        case .task(let s): s.output
        case .choice(let s): s.output
        case .wait(let s): s.output
        case .succeed(let s): s.output
        case .parallel(let s): s.output
        case .map(let s): s.output
        case .fail: nil
        }
    }

    /// The nested state machines of Parallel (its branches) and Map (its item processor).
    public var branches: [Branch] {
        switch self {
        case .parallel(let s): s.branches
        case .map(let s): [s.itemProcessor]
        default: []
        }
    }

    /// The names of the states this state can go to: `Next`, every choice's `Next` and `Default`, and every
    /// catcher's `Next`, in that order (duplicates kept).
    public var transitionTargets: [String] {
        var targets: [String] = []
        if let next = transition?.next { targets.append(next) }
        if case .choice(let choice) = self {
            targets += choice.choices.map(\.next)
            if let fallback = choice.default { targets.append(fallback) }
        }
        targets += self.catch.map(\.next)
        return targets
    }
}
