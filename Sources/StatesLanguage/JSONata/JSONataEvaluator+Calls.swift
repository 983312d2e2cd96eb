import OrderedCollections

extension JSONataEvaluator {
    /// A call evaluated up to the point of applying it: the function and its arguments, or (with placeholders)
    /// already the partially applied function.
    enum PreparedCall {
        case value(JSONataValue?)
        case call(JSONataValue, [JSONataValue?])
    }

    func prepareCall(
        _ procedureNode: JSONataNode, _ argumentNodes: [JSONataNode], prefix: [JSONataValue?], input: JSONataValue?,
        environment: JSONataEnvironment, at position: Int
    ) throws(JSONataError) -> PreparedCall {
        let procedure = try evaluate(procedureNode, input: input, environment: environment)
        guard let procedure, procedure.isFunction else {
            // with a placeholder (`$f(?)`) it is a partial application: T1007/T1008 instead of T1005/T1006
            let partial = argumentNodes.contains { if case .placeholder = $0.kind { true } else { false } }
            if case .path(let steps) = procedureNode.kind, case .name(let name)? = steps.first?.kind,
                JSONataBuiltins.isBuiltin(name)
            {
                throw partial
                    ? JSONataError(code: "T1007", message: "Attempted to partially apply a non-function. Did you mean $\(name)?", position: position)
                    : JSONataError(code: "T1005", message: "Attempted to invoke a non-function. Did you mean $\(name)?", position: position)
            }
            throw partial
                ? JSONataError(code: "T1008", message: "Attempted to partially apply a non-function", position: position)
                : JSONataError(code: "T1006", message: "Attempted to invoke a non-function", position: position)
        }
        var arguments = prefix
        var isPartial = false
        for node in argumentNodes {
            if case .placeholder = node.kind {
                isPartial = true
                arguments.append(nil)
            } else {
                arguments.append(try evaluate(node, input: input, environment: environment))
            }
        }
        if isPartial {
            guard case .function(let function) = procedure else {
                throw JSONataError(code: "T1008", message: "Attempted to partially apply a non-function", position: position)
            }
            return .value(.function(.partial(function, arguments)))
        }
        return .call(procedure, arguments)
    }

    func evaluateCall(
        _ procedureNode: JSONataNode, _ argumentNodes: [JSONataNode], prefix: [JSONataValue?], input: JSONataValue?,
        environment: JSONataEnvironment, at position: Int
    ) throws(JSONataError) -> JSONataValue? {
        switch try prepareCall(procedureNode, argumentNodes, prefix: prefix, input: input, environment: environment, at: position) {
        case .value(let value): return value
        case .call(let procedure, let arguments): return try apply(procedure, arguments, input: input, at: position)
        }
    }

    /// Evaluates a lambda body, leaving a call in tail position unapplied so that `apply` can run it in a loop
    /// (JSONata's tail-call optimisation: `$odd(6555)`-style recursion does not deepen the stack).
    ///
    /// The nesting depth is counted as JSONata counts it: a condition or block in the body is one level, its parts
    /// one more; a tail call's procedure and arguments are evaluated one level inside the call that ran the body
    /// (`callDepth`), however deep in conditions and blocks it sits.
    func evaluateTail(
        _ node: JSONataNode, input: JSONataValue?, environment: JSONataEnvironment, callDepth: Int? = nil
    ) throws(JSONataError) -> PreparedCall {
        let base = callDepth ?? depth
        guard node.predicates.isEmpty, node.stages.isEmpty, node.group == nil, !node.keepArray else {
            return .value(try evaluate(node, input: input, environment: environment))
        }
        switch node.kind {
        case .call(let procedure, let arguments):
            try charge(1, at: node.position)
            let nested = depth
            depth = base
            defer { depth = nested }
            return try prepareCall(procedure, arguments, prefix: [], input: input, environment: environment, at: node.position)
        case .condition(let test, let then, let otherwise):
            try charge(1, at: node.position)
            try enterNested(at: node.position)
            defer { depth -= 1 }
            let condition = try evaluate(test, input: input, environment: environment)
            if condition?.truthy == true { return try evaluateTail(then, input: input, environment: environment, callDepth: base) }
            guard let otherwise else { return .value(nil) }
            return try evaluateTail(otherwise, input: input, environment: environment, callDepth: base)
        case .block(let items) where !items.isEmpty:
            try charge(1, at: node.position)
            try enterNested(at: node.position)
            defer { depth -= 1 }
            let scope = JSONataEnvironment(parent: environment)
            for item in items.dropLast() { _ = try evaluate(item, input: input, environment: scope) }
            return try evaluateTail(items[items.count - 1], input: input, environment: scope, callDepth: base)
        default:
            return .value(try evaluate(node, input: input, environment: environment))
        }
    }

    func evaluateApply(_ lhsNode: JSONataNode, _ rhsNode: JSONataNode, input: JSONataValue?, environment: JSONataEnvironment, at position: Int) throws(JSONataError) -> JSONataValue? {
        let lhs = try evaluate(lhsNode, input: input, environment: environment)
        // a call on the right is invoked with the left as its first argument; a partial application
        // (`$uppercase(?)`) is a function value like any other, applied to the left or composed with it
        if case .call(let procedure, let arguments) = rhsNode.kind, !arguments.contains(where: { if case .placeholder = $0.kind { true } else { false } }) {
            return try evaluateCall(procedure, arguments, prefix: [lhs], input: input, environment: environment, at: position)
        }
        let function = try evaluate(rhsNode, input: input, environment: environment)
        guard let function, function.isFunction else {
            throw JSONataError(code: "T2006", message: "The right side of the function application operator ~> must be a function", position: position)
        }
        if let lhs, lhs.isFunction { return .function(.composed(lhs, function)) }
        return try apply(function, [lhs], input: input, at: position)
    }

    /// Calls a function value with arguments (`nil` = undefined).
    func apply(_ procedure: JSONataValue, _ arguments: [JSONataValue?], input: JSONataValue?, at position: Int) throws(JSONataError) -> JSONataValue? {
        switch procedure {
        case .function(let function):
            return try apply(function, arguments, input: input, at: position)
        case .regex(let regex):
            // a regex called as a function gives JSONata's match object: match, start, end, groups and `next`
            // (a function, which has no JSON form)
            guard case .string(let text)? = arguments.first else { return nil }
            return try JSONataBuiltins.matcherObject(regex, in: text, from: 0, at: position)
        default:
            throw JSONataError(code: "T1006", message: "Attempted to invoke a non-function", position: position)
        }
    }

    func apply(_ function: JSONataFunction, _ arguments: [JSONataValue?], input: JSONataValue?, at position: Int) throws(JSONataError) -> JSONataValue? {
        var function = function
        var arguments = arguments
        var input = input
        var tailCall = false
        while true {
            switch function {
            case .builtin(let name):
                let result = try JSONataBuiltins.call(name, arguments, input: input, evaluator: self, at: position)
                // a builtin reached as a lambda's tail call returns as the lambda's body would: collapsed, and
                // checked like a lambda's result (`$reduce(..., function($a, $b) { $zip($a, [$b]) })` loops on it)
                guard tailCall else { return result }
                if result?.nestingDepth(exceeds: JSONataValue.maximumNestingDepth) == true { throw .nestingTooDeep(at: position) }
                return Self.collapse(result)
            case .lambda(let lambda):
                if let signature = lambda.signature {
                    arguments = try signature.validate(arguments, context: input, function: "lambda", at: position)
                }
                let scope = JSONataEnvironment(parent: lambda.environment)
                for (index, parameter) in lambda.parameters.enumerated() {
                    let argument = index < arguments.count ? arguments[index] : nil
                    // a tail call's arguments were built by the body (a loop); other arguments were checked as results
                    if tailCall, argument?.nestingDepth(exceeds: JSONataValue.maximumNestingDepth) == true {
                        throw .nestingTooDeep(at: position)
                    }
                    scope.bind(parameter, argument)
                }
                switch try evaluateTail(lambda.body, input: lambda.input, environment: scope) {
                case .value(let value):
                    if value?.nestingDepth(exceeds: JSONataValue.maximumNestingDepth) == true {
                        throw .nestingTooDeep(at: position)
                    }
                    return Self.collapse(value)
                case .call(let next, let nextArguments):
                    switch next {
                    case .function(let nextFunction):
                        function = nextFunction
                        arguments = nextArguments
                        input = lambda.input
                        tailCall = true
                    default:
                        return Self.collapse(try apply(next, nextArguments, input: lambda.input, at: position))
                    }
                }
            case .partial(let inner, let bound):
                var remaining = arguments.makeIterator()
                var filled: [JSONataValue?] = []
                for argument in bound {
                    if let argument { filled.append(argument) } else { filled.append(remaining.next() ?? nil) }
                }
                function = inner
                arguments = filled
            case .composed(let first, let second):
                let intermediate = try apply(first, arguments, input: input, at: position)
                return try apply(second, [intermediate], input: input, at: position)
            case .transform(let transform):
                return try applyTransform(transform, arguments.first ?? nil, at: position)
            case .matchNext(let regex, let text, let from):
                guard from < text.unicodeScalars.count else { return nil }
                let next = try JSONataBuiltins.matcherObject(regex, in: text, from: from, at: position)
                if case .object(let o)? = next, case .string("")? = o["match"] {
                    // a zero-length match after the first would never progress
                    throw JSONataError(code: "D1004", message: "Regular expression matches zero length string", position: position)
                }
                return next
            }
        }
    }

    /// A function's result as a value: an empty sequence is undefined, a singleton sequence its item.
    static func collapse(_ value: JSONataValue?) -> JSONataValue? {
        guard case .array(let array)? = value, array.sequence else { return value }
        if array.items.isEmpty { return nil }
        if array.items.count == 1, !array.keepSingleton { return array.items[0] }
        return value
    }

    /// Calls a callback of a higher-order function with as many of `arguments` as it declares.
    func callback(_ procedure: JSONataValue, _ arguments: [JSONataValue?], at position: Int) throws(JSONataError) -> JSONataValue? {
        var count = arguments.count
        if case .function(let function) = procedure { count = min(count, max(function.arity, 1)) }
        let result = try apply(procedure, Array(arguments.prefix(count)), input: nil, at: position)
        // a built-in callback can wrap its accumulator too (a lambda's result is checked already)
        if case .function(.lambda) = procedure {
            return result
        }
        if result?.nestingDepth(exceeds: JSONataValue.maximumNestingDepth) == true { throw .nestingTooDeep(at: position) }
        return result
    }
}
