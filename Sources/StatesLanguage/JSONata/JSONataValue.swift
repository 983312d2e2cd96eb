import Foundation
import OrderedCollections

/// A JSONata runtime value. `nil` (`JSONataValue?`) is JSONata's `undefined`.
enum JSONataValue {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array(JSONataArray)
    case object(OrderedDictionary<String, JSONataValue>)
    case function(JSONataFunction)
    /// Boxed: a regex is rare and large, and every array slot would otherwise be as wide as it.
    indirect case regex(JSONataRegex)

    static func array(_ items: [JSONataValue]) -> JSONataValue { .array(JSONataArray(items)) }
    static func sequence(_ items: [JSONataValue]) -> JSONataValue { .array(JSONataArray(items, sequence: true)) }

    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(JSONataValue.init))
        case .object(let o):
            var object = OrderedDictionary<String, JSONataValue>(minimumCapacity: o.count)
            for (key, value) in o { object[key] = JSONataValue(value) }
            self = .object(object)
        }
    }

    /// The value as JSON. Functions and regular expressions have no JSON form: they become `nil` at the top
    /// level, are dropped from objects and become `null` in arrays, as `JSON.stringify` does.
    var json: JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n):
            // an infinite number (from arithmetic) is written as AWS writes it, as a string
            guard n.isFinite else { return .string(JSONataValue.formatNumber(n)) }
            // a whole number is written without a fraction, as JavaScript writes it (9007199254740993 reads as
            // the double 9007199254740992 and prints so), up to what an Int holds; larger ones stay doubles
            if n == n.rounded(), abs(n) < 9.2e18 { return .int(Int(n)) }
            return .double(n)
        case .string(let s): return .string(s)
        case .array, .object: return JSONataValue.convertContainer(self)
        case .function, .regex: return nil
        }
    }

    var isArray: Bool { if case .array = self { true } else { false } }
    var isFunction: Bool {
        switch self {
        case .function, .regex: true
        default: false
        }
    }
    var number: Double? { if case .number(let n) = self { n } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var arrayItems: [JSONataValue]? { if case .array(let a) = self { a.items } else { nil } }

    /// JSONata's type name as `$type` returns it.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        case .function, .regex: "function"
        }
    }

    /// JSONata's boolean cast (`$boolean`): empty strings, 0, empty arrays, empty objects, null and
    /// functions are false; arrays are true when any member is.
    var truthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .number(let n): n != 0
        case .string(let s): !s.isEmpty
        case .array(let a): a.items.contains { $0.truthy }
        case .object(let o): !o.isEmpty
        case .function, .regex: false
        }
    }

    /// `$string` of a value: strings unchanged, everything else as JSON with fractions to 15 significant digits.
    /// The value as JSONata's error messages insert a `{{value}}`: JSON, so a string is quoted (`"12a"`).
    var messageForm: String {
        if case .string(let s) = self { return JSONValue.string(s).jsonString() }
        return stringified
    }

    /// A string as JSONata's error messages insert it: JSON-quoted.
    static func quoted(_ text: String) -> String { JSONValue.string(text).jsonString() }

    var stringified: String {
        if case .string(let s) = self { return s }
        if isFunction { return "" }  // as $string: a function is the empty string (`"x" & $sum` is "x")
        return JSONataValue.serialize(self, indent: nil, level: 0)
    }

    static func serialize(_ value: JSONataValue, indent: Int?, level: Int) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            // A whole number below 1e21 is written with the shortest digits that read back as it, as AWS writes it
            // (recorded against AWS: 2^63 is 9223372036854776000, the largest double below 1e21 is
            // 999999999999999900000, floci-io/floci#2683); JSONata's 15 significant digits would round them.
            if n == n.rounded(), abs(n) < 1e21 { return formatNumber(n) }
            // 15 significant digits can round past the largest double: JSON writes that Infinity as null
            let rounded = precise(n)
            return rounded.isFinite ? formatNumber(rounded) : "null"
        case .string(let s): return JSONValue.string(s).jsonString()
        case .function, .regex: return "\"\""
        case .array(let a):
            if a.items.isEmpty { return "[]" }
            let parts = a.items.map { serialize($0, indent: indent, level: level + 1) }
            return wrap(parts, open: "[", close: "]", indent: indent, level: level)
        case .object(let o):
            if o.isEmpty { return "{}" }
            let separator = indent == nil ? ":" : ": "
            let parts = o.map { JSONValue.string($0.key).jsonString() + separator + serialize($0.value, indent: indent, level: level + 1) }
            return wrap(parts, open: "{", close: "}", indent: indent, level: level)
        }
    }

    private static func wrap(_ parts: [String], open: String, close: String, indent: Int?, level: Int) -> String {
        guard let indent else { return open + parts.joined(separator: ",") + close }
        let inner = String(repeating: " ", count: indent * (level + 1))
        let outer = String(repeating: " ", count: indent * level)
        return open + "\n" + parts.map { inner + $0 }.joined(separator: ",\n") + "\n" + outer + close
    }

    /// `Number(n.toPrecision(15))`: drops the floating-point noise JSONata hides in `$string`.
    static func precise(_ n: Double) -> Double {
        guard n.isFinite, n != 0 else { return n }
        return Double(String(format: "%.14e", n)) ?? n
    }

    /// A number in JavaScript's `Number.prototype.toString` form.
    static func formatNumber(_ n: Double) -> String {
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
        if n == 0 { return "0" }
        // a whole number below 2^53 is exact in %.0f; larger ones print JavaScript's shortest digits padded
        // with zeros (123456789012345680000), not the double's exact decimal expansion
        if n == n.rounded(), abs(n) < 9_007_199_254_740_992 { return String(format: "%.0f", n) }
        return JSONValue.javaScriptNumber(n)
    }
}

/// An array value with JSONata's flags: a `sequence` is a result stream (singletons collapse), `keepSingleton`
/// comes from `[]`, `cons` marks an array constructor's result (not flattened by paths), `outerWrapper` marks
/// the wrapper around a top-level array input.
struct JSONataArray {
    var items: [JSONataValue]
    var sequence = false
    var keepSingleton = false
    var cons = false
    var outerWrapper = false

    init(_ items: [JSONataValue], sequence: Bool = false) {
        self.items = items
        self.sequence = sequence
    }
}

/// A compiled regular expression literal (matched by `SafeRegex`, in linear time).
struct JSONataRegex {
    var pattern: String
    var flags: String
    var regex: SafeRegex
}

/// A function value: a built-in, a lambda with its closure, or a partial application.
indirect enum JSONataFunction {
    case builtin(String)
    case lambda(JSONataLambda)
    case partial(JSONataFunction, [JSONataValue?])
    /// `$f ~> $g`: a function that applies `$f`, then `$g`.
    case composed(JSONataValue, JSONataValue)
    /// `| location | update, delete |`: a function of an object that returns a modified copy.
    case transform(JSONataTransform)
    /// The `next` of a regex's match object: the regex's next match in the text from the scalar offset where
    /// the previous match ended.
    case matchNext(JSONataRegex, String, Int)

    var arity: Int {
        switch self {
        case .builtin(let name): JSONataBuiltins.arity(of: name)
        case .lambda(let l): l.parameters.count
        case .partial(_, let args): args.filter { $0 == nil }.count
        case .composed(let first, _): if case .function(let f) = first { f.arity } else { 1 }
        case .transform: 1
        case .matchNext: 0
        }
    }
}

/// A user-defined function and what it closed over.
final class JSONataLambda {
    let parameters: [String]
    let body: JSONataNode
    let signature: JSONataSignature?
    let environment: JSONataEnvironment
    let input: JSONataValue?

    init(parameters: [String], body: JSONataNode, signature: JSONataSignature?, environment: JSONataEnvironment, input: JSONataValue?) {
        self.parameters = parameters
        self.body = body
        self.signature = signature
        self.environment = environment
        self.input = input
    }
}

/// A transform expression's parts and the scope it was written in.
final class JSONataTransform {
    let pattern: JSONataNode
    let update: JSONataNode
    let delete: JSONataNode?
    let environment: JSONataEnvironment
    let position: Int

    init(pattern: JSONataNode, update: JSONataNode, delete: JSONataNode?, environment: JSONataEnvironment, position: Int) {
        self.pattern = pattern
        self.update = update
        self.delete = delete
        self.environment = environment
        self.position = position
    }
}

/// A variable scope; blocks and lambda calls create child scopes.
final class JSONataEnvironment {
    private var bindings: [String: JSONataValue?] = [:]
    private let parent: JSONataEnvironment?

    init(parent: JSONataEnvironment?) { self.parent = parent }

    func bind(_ name: String, _ value: JSONataValue?) { bindings.updateValue(value, forKey: name) }

    func lookup(_ name: String) -> JSONataValue? {
        var scope: JSONataEnvironment? = self
        while let current = scope {
            if let entry = current.bindings[name] { return entry }
            scope = current.parent
        }
        return nil
    }
}
