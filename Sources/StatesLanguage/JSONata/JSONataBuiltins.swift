import OrderedCollections
import Foundation

/// JSONata's function library (2.0) plus the functions AWS Step Functions adds.
enum JSONataBuiltins {
    /// The longest string `$pad` may build (10 MB of padding), so `$pad("", 1e12)` fails instead of allocating.
    static let maxPadLength = 10_000_000

    /// Each built-in's signature, as JSONata 2.0 declares it (and AWS's additions).
    static let signatureTexts: [String: String] = [
        // aggregation
        "sum": "<a<n>:n>", "count": "<a:n>", "max": "<a<n>:n>", "min": "<a<n>:n>", "average": "<a<n>:n>",
        // strings
        "string": "<x-b?:s>", "substring": "<s-nn?:s>", "substringBefore": "<s-s:s>", "substringAfter": "<s-s:s>",
        "lowercase": "<s-:s>", "uppercase": "<s-:s>", "length": "<s-:n>", "trim": "<s-:s>", "pad": "<s-ns?:s>",
        "match": "<s-f<s:o>n?:a<o>>", "contains": "<s-(sf):b>", "replace": "<s-(sf)(sf)n?:s>", "split": "<s-(sf)n?:a<s>>",
        "join": "<a<s>s?:s>", "formatNumber": "<n-so?:s>", "formatBase": "<n-n?:s>", "formatInteger": "<n-s:s>",
        "parseInteger": "<s-s:n>",
        // numbers
        "number": "<(nsb)-:n>", "floor": "<n-:n>", "ceil": "<n-:n>", "round": "<n-n?:n>", "abs": "<n-:n>",
        "sqrt": "<n-:n>", "power": "<n-n:n>", "random": "<n?:n>",
        // booleans
        "boolean": "<x-:b>", "not": "<x-:b>", "exists": "<x:b>",
        // higher-order and arrays
        "map": "<af>", "zip": "<a+>", "filter": "<af>", "single": "<af?>", "reduce": "<afj?:j>", "sift": "<o-f?:o>",
        "keys": "<x-:a<s>>", "lookup": "<x-s:x>", "append": "<xx:a>", "spread": "<x-:a<o>>", "merge": "<a<o>:o>",
        "reverse": "<a:a>", "each": "<o-f:a>", "error": "<s?:x>", "assert": "<bs?:x>", "type": "<x:s>", "sort": "<af?:a>",
        "shuffle": "<a:a>", "distinct": "<x:x>",
        // encoding
        "base64encode": "<s-:s>", "base64decode": "<s-:s>", "encodeUrlComponent": "<s-:s>", "encodeUrl": "<s-:s>",
        "decodeUrlComponent": "<s-:s>", "decodeUrl": "<s-:s>",
        // date and time
        "toMillis": "<s-s?:n>", "fromMillis": "<n-s?s?:s>", "now": "<s?s?:s>", "millis": "<:n>",
        // AWS Step Functions additions ($eval is not offered; $parse takes its place)
        "partition": "<an:a>", "range": "<nnn?:a>", "hash": "<ss:s>", "uuid": "<:s>", "parse": "<s-:x>",
    ]

    static let signatures: [String: JSONataSignature] = signatureTexts.compactMapValues { try? JSONataSignature($0) }

    /// Whether `name` is a built-in function.
    static func isBuiltin(_ name: String) -> Bool { signatures[name] != nil }

    /// How many arguments a higher-order function passes to the built-in as a callback (the JavaScript
    /// implementation's declared parameter count).
    static func arity(of name: String) -> Int {
        if name == "string" { return 1 }
        return max(signatures[name]?.parameters.count ?? 1, 1)
    }

    /// Calls the built-in `name` after validating its arguments against its signature (which substitutes the
    /// context for a missing first argument, `Product.SKU.$substring(0, 4)`).
    static func call(_ name: String, _ arguments: [JSONataValue?], input: JSONataValue?, evaluator: JSONataEvaluator, at position: Int) throws(JSONataError) -> JSONataValue? {
        guard let signature = signatures[name] else {
            throw JSONataError(code: "T1006", message: "Attempted to invoke a non-function", position: position)
        }
        var context = input
        if case .array(let a)? = context, a.outerWrapper { context = a.items.first }
        let args = try signature.validate(arguments, context: context, function: name, at: position)
        // an infinite number (from arithmetic) is refused by every built-in, which all expect finite numbers
        if args.contains(where: { $0?.number?.isFinite == false }) {
            throw JSONataError(code: "D1001", message: "Number out of range: null", position: position)
        }
        var call = Call(name: name, args: args, position: position, evaluator: evaluator)
        let result = try call.dispatch()
        // what a built-in returns counts against the memory budget (functions that build large values from
        // their arguments also check before building: `$pad`, `$string`, ranges)
        try evaluator.allocate(for: result, at: position)
        return result
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
                    throw JSONataError(code: "T0412", message: "Argument \(index + 1) of function \"\(name)\" must be an array of \"numbers\"", position: position)
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
