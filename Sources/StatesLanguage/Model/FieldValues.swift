/// The query language of a state machine or of one state.
public enum QueryLanguage: String, Sendable, Hashable, CaseIterable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}

/// Where a non-terminal state goes next: a named state, or the end of its machine or branch (`"End": true`).
public enum Transition: Sendable, Hashable {
    case next(String)
    case end

    /// The name of the next state, or `nil` for `.end`.
    public var next: String? { if case .next(let name) = self { name } else { nil } }
    public var isEnd: Bool { self == .end }
}

/// A path field that may also be JSON `null`, which means something different from an absent field:
/// `InputPath: null` gives the state `{}`, `OutputPath: null` sends `{}` on, and `ResultPath: null`
/// discards the result and keeps the input. An absent field (`nil` in the model) means the default `$`.
public enum NullablePath: Sendable, Hashable {
    case path(String)
    case null

    /// The path text, or `nil` for `.null`.
    public var path: String? { if case .path(let text) = self { text } else { nil } }

    var json: JSONValue {
        switch self {
        case .path(let text): .string(text)
        case .null: .null
        }
    }
}

extension Optional where Wrapped == NullablePath {
    /// The path as the data-flow functions take it: `"$"` when the field is absent (AWS's default), `nil`
    /// when it is JSON `null`, the path text otherwise.
    public var effectivePath: String? {
        switch self {
        case nil: "$"
        case .null?: nil
        case .path(let text)?: text
        }
    }
}

/// An integer field that a JSONata state may give as an expression string (`"{% $states.input.n %}"`),
/// such as `TimeoutSeconds`, `HeartbeatSeconds`, `Seconds`, `MaxConcurrency` or `ToleratedFailureCount`.
public enum IntOrExpression: Sendable, Hashable {
    case int(Int)
    case expression(String)

    /// The literal integer, or `nil` for an expression.
    public var intValue: Int? { if case .int(let value) = self { value } else { nil } }

    var json: JSONValue {
        switch self {
        case .int(let value): .int(value)
        case .expression(let text): .string(text)
        }
    }
}

/// A number field that a JSONata state may give as an expression string (`ToleratedFailurePercentage`).
public enum NumberOrExpression: Sendable, Hashable {
    case number(Double)
    case expression(String)

    /// The literal number, or `nil` for an expression.
    public var doubleValue: Double? { if case .number(let value) = self { value } else { nil } }

    var json: JSONValue {
        switch self {
        case .number(let value): JSONValue.number(value)
        case .expression(let text): .string(text)
        }
    }
}

extension JSONValue {
    /// A number as JSON, written as an integer when it has no fraction (so `2.0` encodes as `2`).
    static func number(_ value: Double) -> JSONValue {
        if value.isFinite, value.rounded() == value, abs(value) < 9.0e15 { return .int(Int(value)) }
        return .double(value)
    }
}
