public import OrderedCollections

/// A JSONPath could not be parsed.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the path and the position of the problem.
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A compiled JSONPath, evaluated the way AWS Step Functions evaluates paths (Jayway JsonPath semantics).
///
/// Any path AWS accepts: `$`, `$.a.b[0]`, `$['x']`, wildcards (`.*`, `[*]`), slices (`[1:3]`, `[-1:]`),
/// unions (`[0,1]`, `['a','b']`), deep scan (`..name`) and filters (`[?(@.price < 10 && @.isbn)]`).
/// Three roots: `$` the state's input, `$$` the context object and `$name` a variable.
///
/// Parse once, evaluate many times: evaluation walks the compiled segments and never re-parses.
///
/// ```swift
/// let path = try JSONPath("$.store.book[0].title")
/// let title = path.evaluate(in: EvaluationScope(input: input))
/// ```
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// What a path's leading `$` refers to.
    public enum Root: Sendable, Hashable {
        /// `$`: the state's (effective) input.
        case input
        /// `$$`: the context object.
        case context
        /// `$name`: the variable `name` (JSONPath states with variables).
        case variable(String)
    }

    /// The text the path was parsed from.
    public let text: String
    /// What the path starts from.
    public let root: Root
    /// The compiled steps after the root.
    let body: PathBody

    /// Parses and compiles a path.
    ///
    /// - Throws: ``JSONPathError`` naming the position of the first syntax error.
    public init(_ text: String) throws(JSONPathError) {
        var parser = JSONPathParser(text)
        let (root, body) = try parser.parsePath()
        self.text = text
        self.root = root
        self.body = body
    }

    /// Whether the path selects at most one node: no wildcard, slice, union, deep scan or filter.
    /// A definite path evaluates to the value itself; an indefinite one to an array of matches.
    public var isDefinite: Bool { body.isDefinite }

    /// Whether this is an AWS "reference path": definite, made only of member names and single indexes
    /// in dot or bracket notation. `ResultPath`, `ItemsPath` and friends require one.
    public var isReferencePath: Bool { body.isReference }

    /// The path's text.
    public var description: String { text }

    public static func == (lhs: JSONPath, rhs: JSONPath) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// What `$`, `$$` and `$name` refer to while evaluating a state.
public struct EvaluationScope: Sendable {
    /// The value of `$`.
    public var input: JSONValue
    /// The value of `$$`, the context object.
    public var context: JSONValue
    /// The values of `$name`, the variables visible to the state.
    public var variables: JSONObject

    public init(input: JSONValue, context: JSONValue = .object([:]), variables: JSONObject = [:]) {
        self.input = input
        self.context = context
        self.variables = variables
    }

    /// The value a root refers to, or nil for a variable that is not set.
    public func value(of root: JSONPath.Root) -> JSONValue? {
        switch root {
        case .input: input
        case .context: context
        case .variable(let name): variables[name]
        }
    }
}

extension JSONPath {
    /// Evaluates the path.
    ///
    /// - Returns: for a definite path, the value, or nil when nothing matches (a missing member, an index
    ///   out of range, an unset variable); for an indefinite path, always an array of the matches (possibly
    ///   empty), in document order as Jayway returns them.
    public func evaluate(in scope: EvaluationScope) -> JSONValue? {
        guard let start = scope.value(of: root) else {
            if body.isDefinite { return nil }
            return .array([])
        }
        return body.evaluate(on: start, document: start)
    }

    /// Evaluates the path's steps against `value` as if it were the root.
    public func evaluate(on value: JSONValue) -> JSONValue? {
        body.evaluate(on: value, document: value)
    }
}
