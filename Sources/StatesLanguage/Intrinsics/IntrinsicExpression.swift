/// An intrinsic function invocation could not be parsed: bad syntax, an unknown function, a wrong number of
/// arguments, or a literal argument AWS rejects when the state machine is created.
public struct IntrinsicFunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the expression.
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A compiled intrinsic function invocation such as `States.Format('Hello, {}', $.name)`, with nested calls.
///
/// Parse once (syntax, function names, arity and literal arguments are checked here), evaluate many times.
/// Evaluation failures are `States.IntrinsicFailure` errors with AWS-style causes.
///
/// ```swift
/// let expression = try IntrinsicExpression(parsing: "States.MathAdd($.value1, $.step)")
/// let sum = try expression.evaluate(in: EvaluationScope(input: ["value1": 111, "step": -1]))  // 110
/// ```
public struct IntrinsicExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text the expression was parsed from.
    public let text: String
    let call: IntrinsicCall

    /// AWS allows up to 10 intrinsic functions within a field (its example of "nine nested intrinsic
    /// functions" counts every call in the expression).
    public static let maximumNesting = 10

    /// Parses and checks an invocation.
    ///
    /// - Throws: ``IntrinsicFunctionError`` for bad syntax, an unknown function, a wrong number of arguments,
    ///   more than ``maximumNesting`` calls in one expression, or a literal argument of the wrong kind.
    public init(parsing text: String) throws(IntrinsicFunctionError) {
        var parser = IntrinsicParser(text)
        self.call = try parser.parseExpression()
        self.text = text
    }

    /// Whether a `.$` field's value is an intrinsic invocation rather than a path: it starts with `States.`.
    public static func looksLikeIntrinsic(_ text: String) -> Bool {
        text.utf8.starts(with: "States.".utf8)
    }

    /// The outermost function's name, e.g. `States.Format`.
    public var functionName: String { call.function.rawValue }

    public var description: String { text }

    public static func == (lhs: IntrinsicExpression, rhs: IntrinsicExpression) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Evaluates the invocation; `States.MathRandom` and `States.UUID` use the system's random generator.
    ///
    /// - Throws: `States.IntrinsicFailure` when an argument is not what the function requires at run time.
    public func evaluate(in scope: EvaluationScope) throws(StatesError) -> JSONValue {
        var generator = SystemRandomNumberGenerator()
        return try call.evaluate(in: scope, random: &generator, expression: text)
    }

    /// Evaluates the invocation, drawing randomness for `States.MathRandom` (without a seed) and
    /// `States.UUID` from `generator`, so tests can make them deterministic.
    public func evaluate(
        in scope: EvaluationScope, using generator: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSONValue {
        try call.evaluate(in: scope, random: &generator, expression: text)
    }
}

/// One argument of an intrinsic invocation.
indirect enum IntrinsicArgument: Sendable, Hashable {
    /// A literal: `'text'`, a number, `true`, `false` or `null`. For strings, `formatSegments` keeps where
    /// unescaped `{}` placeholders were, since `\{` and `\}` are not placeholders; it is empty when the text has an
    /// unescaped `{` that is not `{}` (no template for `States.Format`).
    case literal(JSONValue, formatSegments: [String]?)
    /// `$.x`, `$$.x`, `$var.x`.
    case path(JSONPath)
    /// A nested invocation.
    case call(IntrinsicCall)

    var literalValue: JSONValue? {
        if case .literal(let value, _) = self { return value }
        return nil
    }
}

/// A parsed function call.
struct IntrinsicCall: Sendable, Hashable {
    let function: IntrinsicFunction
    let arguments: [IntrinsicArgument]

    /// - Parameter expression: the whole invocation as written, which a failure names.
    func evaluate(
        in scope: EvaluationScope, random: inout some RandomNumberGenerator, expression: String
    ) throws(StatesError) -> JSONValue {
        var values: [JSONValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            switch argument {
            case .literal(let value, _):
                values.append(value)
            case .path(let path):
                guard let value = path.evaluate(in: scope) else {
                    // AWS's words (from an execution's cause: "The function 'States.Array($.x)' had the following
                    // error: The JsonPath argument for the field '$.x' could not be found in the input '...'"), and
                    // its error name States.Runtime, not States.IntrinsicFailure (floci-io/floci#2870, run against
                    // AWS: "States.Runtime / The function 'States.Format('{}', $.nope)' had the following error: ...")
                    throw StatesError(
                        StatesError.Name.runtime,
                        cause: "The function '\(expression)' had the following error: The JsonPath argument for the field "
                            + "'\(path.text)' could not be found in the input '\(DataFlowError.render(scope.value(of: path.root)))'")
                }
                values.append(value)
            case .call(let nested):
                values.append(try nested.evaluate(in: scope, random: &random, expression: expression))
            }
        }
        var invocation = IntrinsicInvocation(function: function, arguments: values, source: arguments)
        return try invocation.run(random: &random)
    }
}
