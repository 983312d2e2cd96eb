import Collections
import Foundation

/// JSONata's function library (2.0) plus the functions AWS Step Functions adds.
enum JSONataBuiltins {
    struct Arity {
        var minimum: Int
        var maximum: Int
        /// Whether a missing first argument is taken from the context (`-` in JSONata's signature).
        var contextual = false
    }

    /// The longest string `$pad` may build (10 MB of padding), so `$pad("", 1e12)` fails instead of allocating.
    static let maxPadLength = 10_000_000

    static let arities: [String: Arity] = [
        // strings
        "string": Arity(minimum: 1, maximum: 2, contextual: true), "length": Arity(minimum: 1, maximum: 1, contextual: true),
        "substring": Arity(minimum: 2, maximum: 3, contextual: true),
        "substringBefore": Arity(minimum: 2, maximum: 2, contextual: true),
        "substringAfter": Arity(minimum: 2, maximum: 2, contextual: true),
        "uppercase": Arity(minimum: 1, maximum: 1, contextual: true), "lowercase": Arity(minimum: 1, maximum: 1, contextual: true),
        "trim": Arity(minimum: 1, maximum: 1, contextual: true), "pad": Arity(minimum: 2, maximum: 3, contextual: true),
        "contains": Arity(minimum: 2, maximum: 2, contextual: true), "split": Arity(minimum: 2, maximum: 3, contextual: true),
        "join": Arity(minimum: 1, maximum: 2), "match": Arity(minimum: 2, maximum: 3, contextual: true),
        "replace": Arity(minimum: 3, maximum: 4, contextual: true),
        "base64encode": Arity(minimum: 1, maximum: 1, contextual: true), "base64decode": Arity(minimum: 1, maximum: 1, contextual: true),
        "encodeUrlComponent": Arity(minimum: 1, maximum: 1, contextual: true), "encodeUrl": Arity(minimum: 1, maximum: 1, contextual: true),
        "decodeUrlComponent": Arity(minimum: 1, maximum: 1, contextual: true), "decodeUrl": Arity(minimum: 1, maximum: 1, contextual: true),
        "formatNumber": Arity(minimum: 2, maximum: 3, contextual: true), "formatBase": Arity(minimum: 1, maximum: 2, contextual: true),
        // numbers
        "number": Arity(minimum: 1, maximum: 1, contextual: true), "abs": Arity(minimum: 1, maximum: 1, contextual: true),
        "floor": Arity(minimum: 1, maximum: 1, contextual: true), "ceil": Arity(minimum: 1, maximum: 1, contextual: true),
        "round": Arity(minimum: 1, maximum: 2, contextual: true), "power": Arity(minimum: 2, maximum: 2, contextual: true),
        "sqrt": Arity(minimum: 1, maximum: 1, contextual: true), "random": Arity(minimum: 0, maximum: 1),
        "sum": Arity(minimum: 1, maximum: 1), "max": Arity(minimum: 1, maximum: 1), "min": Arity(minimum: 1, maximum: 1),
        "average": Arity(minimum: 1, maximum: 1),
        // booleans
        "boolean": Arity(minimum: 1, maximum: 1, contextual: true), "not": Arity(minimum: 1, maximum: 1, contextual: true),
        "exists": Arity(minimum: 1, maximum: 1),
        // arrays
        "count": Arity(minimum: 1, maximum: 1), "append": Arity(minimum: 2, maximum: 2), "sort": Arity(minimum: 1, maximum: 2),
        "reverse": Arity(minimum: 1, maximum: 1), "shuffle": Arity(minimum: 1, maximum: 1), "distinct": Arity(minimum: 1, maximum: 1),
        "zip": Arity(minimum: 1, maximum: Int.max), "filter": Arity(minimum: 2, maximum: 2), "map": Arity(minimum: 2, maximum: 2),
        "reduce": Arity(minimum: 2, maximum: 3), "single": Arity(minimum: 1, maximum: 2),
        // objects
        "keys": Arity(minimum: 1, maximum: 1, contextual: true), "lookup": Arity(minimum: 2, maximum: 2, contextual: true),
        "spread": Arity(minimum: 1, maximum: 1, contextual: true), "merge": Arity(minimum: 1, maximum: 1),
        "each": Arity(minimum: 2, maximum: 2, contextual: true), "sift": Arity(minimum: 2, maximum: 2, contextual: true),
        "type": Arity(minimum: 1, maximum: 1), "error": Arity(minimum: 0, maximum: 1), "assert": Arity(minimum: 1, maximum: 2),
        // date and time
        "now": Arity(minimum: 0, maximum: 2), "millis": Arity(minimum: 0, maximum: 0),
        "fromMillis": Arity(minimum: 1, maximum: 3, contextual: true), "toMillis": Arity(minimum: 1, maximum: 2, contextual: true),
        // AWS Step Functions additions
        "partition": Arity(minimum: 2, maximum: 2), "range": Arity(minimum: 2, maximum: 3), "hash": Arity(minimum: 2, maximum: 2),
        "uuid": Arity(minimum: 0, maximum: 0), "parse": Arity(minimum: 1, maximum: 1, contextual: true),
    ]

    /// Whether an explicit first argument has the type the function's first parameter takes; when it does not
    /// and a parameter is free, JSONata passes the context as the first argument (`Product.SKU.$substring(0, 4)`).
    static func firstArgumentFits(_ name: String, _ value: JSONataValue?) -> Bool {
        guard let value else { return true }
        switch name {
        case "number", "string", "keys", "lookup", "spread", "boolean", "not": return true
        case "abs", "floor", "ceil", "round", "power", "sqrt", "formatNumber", "formatBase", "fromMillis": return value.number != nil
        case "each", "sift": if case .object = value { return true } else { return false }
        default: return value.string != nil
        }
    }

    static func arity(of name: String) -> Int { max(arities[name]?.minimum ?? 1, 1) }

    /// Calls the built-in `name`, after JSONata's context-argument substitution and an arity check.
    static func call(_ name: String, _ arguments: [JSONataValue?], input: JSONataValue?, evaluator: JSONataEvaluator, at position: Int) throws(JSONataError) -> JSONataValue? {
        guard let arity = arities[name] else {
            throw JSONataError(code: "T1006", message: "Attempted to invoke a non-function", position: position)
        }
        var args = arguments
        if arity.contextual, args.count < arity.minimum || (args.count < arity.maximum && !firstArgumentFits(name, args.first ?? nil)) {
            var context = input
            if case .array(let a)? = context, a.outerWrapper { context = a.items.first }
            args.insert(context, at: 0)
        }
        guard args.count >= arity.minimum || name == "error" || name == "assert", args.count <= arity.maximum else {
            throw .argument(min(args.count, arity.maximum) + 1, of: name, at: position)
        }
        var call = Call(name: name, args: args, position: position, evaluator: evaluator)
        return try call.dispatch()
    }

    /// One call of a built-in: argument access with JSONata's signature errors.
    struct Call {
        let name: String
        let args: [JSONataValue?]
        let position: Int
        let evaluator: JSONataEvaluator

        func arg(_ index: Int) -> JSONataValue? { index < args.count ? args[index] : nil }

        func mismatch(_ index: Int) -> JSONataError { .argument(index + 1, of: name, at: position) }

        func string(_ index: Int) throws(JSONataError) -> String? {
            guard let value = arg(index) else { return nil }
            guard case .string(let s) = value else { throw mismatch(index) }
            return s
        }

        func number(_ index: Int) throws(JSONataError) -> Double? {
            guard let value = arg(index) else { return nil }
            guard case .number(let n) = value else { throw mismatch(index) }
            return n
        }

        func bool(_ index: Int) throws(JSONataError) -> Bool? {
            guard let value = arg(index) else { return nil }
            guard case .bool(let b) = value else { throw mismatch(index) }
            return b
        }

        /// An array argument; a single value is treated as a one-item array.
        func array(_ index: Int) -> [JSONataValue]? {
            guard let value = arg(index) else { return nil }
            return value.arrayItems ?? [value]
        }

        func function(_ index: Int) throws(JSONataError) -> JSONataValue {
            guard let value = arg(index), value.isFunction else { throw mismatch(index) }
            return value
        }

        func object(_ index: Int) throws(JSONataError) -> OrderedDictionary<String, JSONataValue>? {
            guard let value = arg(index) else { return nil }
            guard case .object(let o) = value else { throw mismatch(index) }
            return o
        }

        func numbers(_ index: Int) throws(JSONataError) -> [Double]? {
            guard let items = array(index) else { return nil }
            var result: [Double] = []
            for item in items {
                guard case .number(let n) = item else {
                    throw JSONataError(code: "T0412", message: "Argument \(index + 1) of function \"\(name)\" must be an array of numbers", position: position)
                }
                result.append(n)
            }
            return result
        }

        func callback(_ function: JSONataValue, _ arguments: [JSONataValue?]) throws(JSONataError) -> JSONataValue? {
            try evaluator.callback(function, arguments, at: position)
        }

        mutating func dispatch() throws(JSONataError) -> JSONataValue? {
            if let result = try stringFunction() { return result.value }
            if let result = try numericFunction() { return result.value }
            if let result = try arrayFunction() { return result.value }
            if let result = try objectFunction() { return result.value }
            if let result = try stepFunctionsFunction() { return result.value }
            throw JSONataError(code: "T1006", message: "Attempted to invoke a non-function", position: position)
        }
    }

    /// A built-in's result: `value` nil is undefined; a nil `Handled` means "not this group's function".
    struct Handled {
        var value: JSONataValue?
        init(_ value: JSONataValue?) { self.value = value }
    }
}
