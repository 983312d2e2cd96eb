import Foundation
import OrderedCollections

extension JSONataBuiltins.Call {
    func arrayFunction() throws(JSONataError) -> Handled? {
        switch name {
        case "count": return Handled(.number(Double(array(0)?.count ?? 0)))
        case "append": return Handled(JSONataEvaluator.append(arg(0), arg(1)))
        case "sort": return try sort()
        case "reverse": return Handled(array(0).map { .array(Array($0.reversed())) })
        case "shuffle":
            guard var items = array(0) else { return Handled(nil) }
            for i in stride(from: items.count - 1, to: 0, by: -1) {
                let j = min(Int(evaluator.randomSource() * Double(i + 1)), i)
                items.swapAt(i, j)
            }
            return Handled(.array(items))
        case "distinct":
            guard let value = arg(0) else { return Handled(nil) }
            guard case .array(let array) = value, array.items.count > 1 else { return Handled(value) }
            var result: [JSONataValue] = []
            for item in array.items where !result.contains(where: { JSONataEvaluator.deepEqual($0, item) }) { result.append(item) }
            // as jsonata 2.0.6: a path's result (a sequence) stays a sequence, so when every value was the same the
            // one left is returned alone ($distinct(items.category) is "a", not ["a"]); an array stays an array
            return Handled(array.sequence ? .sequence(result) : .array(result))
        case "zip":
            let arrays = (0..<args.count).map { array($0) ?? [] }
            let length = arrays.map(\.count).min() ?? 0
            return Handled(.array((0..<length).map { i in .array(arrays.map { $0[i] }) }))
        case "filter", "map":
            guard let items = array(0) else { return Handled(nil) }
            let function = try function(1)
            var result: [JSONataValue] = []
            for (index, item) in items.enumerated() {
                let value = try callback(function, [item, .number(Double(index)), .array(items)])
                if name == "map" {
                    if let value { result.append(value) }
                } else if value?.truthy == true {
                    result.append(item)
                }
            }
            return Handled(.sequence(result))
        case "reduce":
            guard let items = array(0) else { return Handled(nil) }
            let function = try function(1)
            if case .function(let f) = function, f.arity < 2 {
                throw JSONataError(code: "D3050", message: "The second argument of reduce function must be a function with at least two arguments", position: position)
            }
            var index = 0
            var accumulator = arg(2)
            if accumulator == nil, !items.isEmpty {
                accumulator = items[0]
                index = 1
            }
            while index < items.count {
                accumulator = try callback(function, [accumulator, items[index], .number(Double(index)), .array(items)])
                index += 1
            }
            return Handled(accumulator)
        case "single":
            guard let items = array(0) else { return Handled(nil) }
            var found: JSONataValue?
            for (index, item) in items.enumerated() {
                var matches = true
                if arg(1) != nil {
                    matches = try callback(try function(1), [item, .number(Double(index)), .array(items)])?.truthy == true
                }
                guard matches else { continue }
                guard found == nil else {
                    throw JSONataError(code: "D3138", message: "The $single() function expected exactly 1 matching result.  Instead it matched more.", position: position)
                }
                found = item
            }
            guard let found else {
                throw JSONataError(code: "D3139", message: "The $single() function expected exactly 1 matching result.  Instead it matched 0.", position: position)
            }
            return Handled(found)
        default:
            return nil
        }
    }

    private func sort() throws(JSONataError) -> Handled? {
        guard let items = array(0) else { return Handled(nil) }
        guard items.count > 1 else { return Handled(.array(items)) }
        if arg(1) != nil {
            let function = try function(1)
            var failure: JSONataError?
            // the comparator answers "should a come after b", read with JavaScript's truthiness as jsonata reads
            // it (not JSONata's $boolean): any array, object or function is true, [] and {} included
            try evaluator.charge(items.count, at: position)
            let sorted = JSONataEvaluator.stableSorted(items) { a, b in
                do throws(JSONataError) {
                    switch try callback(function, [b, a]) {
                    case nil, .null?: return false
                    case .array?, .object?, .function?, .regex?: return true
                    case let value?: return value.truthy
                    }
                } catch {
                    failure = error
                    return false
                }
            }
            if let failure { throw failure }
            return Handled(.array(sorted))
        }
        // equal numbers or strings are interchangeable, so the library's (fast) sort serves the default order
        try evaluator.charge(items.count, at: position)
        let numbers = items.compactMap(\.number)
        if numbers.count == items.count {
            return Handled(.array(numbers.sorted().map { .number($0) }))
        }
        let strings = items.compactMap(\.string)
        if strings.count == items.count {
            // JavaScript compares strings by UTF-16 code units
            return Handled(.array(strings.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }.map { .string($0) }))
        }
        throw JSONataError(code: "D3070", message: "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function", position: position)
    }

    func objectFunction() throws(JSONataError) -> Handled? {
        switch name {
        case "keys":
            guard let value = arg(0) else { return Handled(nil) }
            var keys: OrderedSet<String> = []
            for item in value.arrayItems ?? [value] {
                if case .object(let o) = item { keys.formUnion(o.keys) }
            }
            return Handled(.sequence(keys.map { .string($0) }))
        case "lookup":
            guard let key = try string(1) else { throw mismatch(1) }
            return Handled(JSONataEvaluator.lookup(arg(0), key))
        case "spread":
            guard let value = arg(0) else { return Handled(nil) }
            var result: [JSONataValue] = []
            for item in value.arrayItems ?? [value] {
                guard case .object(let o) = item else {
                    result.append(item)
                    continue
                }
                for (key, member) in o { result.append(.object([key: member])) }
            }
            return Handled(.sequence(result))
        case "merge":
            guard let items = array(0) else { return Handled(nil) }
            var result = OrderedDictionary<String, JSONataValue>()
            for item in items {
                guard case .object(let o) = item else { throw mismatch(0) }
                for (key, member) in o { result[key] = member }
            }
            return Handled(.object(result))
        case "each", "sift":
            guard let object = try object(0) else { return Handled(nil) }
            let function = try function(1)
            var mapped: [JSONataValue] = []
            var kept = OrderedDictionary<String, JSONataValue>()
            for (key, member) in object {
                let value = try callback(function, [member, .string(key), .object(object)])
                if name == "each" {
                    if let value { mapped.append(value) }
                } else if value?.truthy == true {
                    kept[key] = member
                }
            }
            if name == "each" { return Handled(.sequence(mapped)) }
            return Handled(kept.isEmpty ? nil : .object(kept))
        case "type": return Handled(arg(0).map { .string($0.typeName) })
        case "exists": return Handled(.bool(arg(0) != nil))
        case "boolean": return Handled(arg(0).map { .bool($0.truthy) })
        case "not": return Handled(arg(0).map { .bool(!$0.truthy) })
        case "error":
            let message = try string(0) ?? "$error() function evaluated"
            throw JSONataError(code: "D3137", message: message, position: position)
        case "assert":
            if try bool(0) != true {
                throw JSONataError(code: "D3141", message: try string(1) ?? "$assert() statement failed", position: position)
            }
            return Handled(nil)
        default:
            return nil
        }
    }
}
