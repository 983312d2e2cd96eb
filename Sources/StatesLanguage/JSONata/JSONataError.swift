/// A JSONata syntax or evaluation error, with JSONata's own error code (`S0201`, `T2001`, `D3001`, ...),
/// its message and the character position in the expression.
public struct JSONataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// JSONata's error code: `S` syntax, `T` type, `D` dynamic (evaluation), `U` resource errors.
    public var code: String
    /// JSONata's message for the code, with the offending token or value filled in.
    public var message: String
    /// The character offset in the expression where the error was found (0 when unknown).
    public var position: Int

    public init(code: String, message: String, position: Int = 0) {
        self.code = code
        self.message = message
        self.position = position
    }

    public var description: String { "\(code): \(message)" }

    /// The error as a Step Functions `States.QueryEvaluationError`.
    public var statesError: StatesError {
        StatesError(StatesError.Name.queryEvaluationError, cause: description)
    }
}

extension JSONataError {
    static func syntax(_ code: String, _ message: String, at position: Int) -> JSONataError {
        JSONataError(code: code, message: message, position: position)
    }
    static func unexpected(_ token: String, at position: Int) -> JSONataError {
        JSONataError(code: "S0201", message: "Syntax error: \"\(token)\"", position: position)
    }
    static func argument(_ index: Int, of function: String, at position: Int = 0) -> JSONataError {
        JSONataError(
            code: "T0410", message: "Argument \(index) of function \"\(function)\" does not match function signature",
            position: position)
    }
    /// A regular expression that exceeded the matcher's work budget. The code is this evaluator's own (JSONata
    /// has none: its JavaScript engine can backtrack without limit).
    /// An evaluation nested too deeply, in AWS's words (the JSONata test suite's timebox message, with one space
    /// after "function.", as AWS writes it).
    static func stackOverflow(at position: Int) -> JSONataError {
        JSONataError(
            code: "U1001",
            message: "Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.",
            position: position)
    }
    /// A failure of the evaluator's host rather than of JSONata (AWS's "threw an internal error during evaluation").
    static let internalErrorCode = "U1009"
    static func internalError(_ message: String, at position: Int) -> JSONataError {
        JSONataError(code: internalErrorCode, message: message, position: position)
    }
    /// An evaluation that ran too long (or did too much work), in AWS's words.
    static let timeoutMessage = "Expression evaluation timeout: Check for infinite loop"
    /// Whether this is one of the evaluation bounds (depth, time, work, memory: the `U` codes) rather than a JSONata
    /// error: AWS writes those without a code ("... threw an error during evaluation: Stack overflow error: ...").
    public var isEvaluationBound: Bool { code.hasPrefix("U") }
    static func regexBudget(_ pattern: String, at position: Int) -> JSONataError {
        JSONataError(code: "U1002", message: "The regular expression /\(pattern)/ exceeded the matching work limit", position: position)
    }
}
