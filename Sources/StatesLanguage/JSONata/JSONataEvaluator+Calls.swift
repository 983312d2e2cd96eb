extension JSONataEvaluator {
    func evaluateCall(
        _ procedureNode: JSONataNode, _ argumentNodes: [JSONataNode], prefix: [JSONataValue?], input: JSONataValue?,
        environment: JSONataEnvironment, at position: Int
    ) throws(JSONataError) -> JSONataValue? {
        let procedure = try evaluate(procedureNode, input: input, environment: environment)
        guard let procedure, procedure.isFunction else {
            if case .path(let steps) = procedureNode.kind, case .name(let name)? = steps.first?.kind,
                JSONataBuiltins.arities[name] != nil
            {
                throw JSONataError(code: "T1005", message: "Attempted to invoke a non-function. Did you mean $\(name)?", position: position)
            }
            throw JSONataError(code: "T1006", message: "Attempted to invoke a non-function", position: position)
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
        if isPartial, case .function(let function) = procedure {
            return .function(.partial(function, arguments))
        }
        return try apply(procedure, arguments, input: input, at: position)
    }

    func evaluateApply(_ lhsNode: JSONataNode, _ rhsNode: JSONataNode, input: JSONataValue?, environment: JSONataEnvironment, at position: Int) throws(JSONataError) -> JSONataValue? {
        let lhs = try evaluate(lhsNode, input: input, environment: environment)
        if case .call(let procedure, let arguments) = rhsNode.kind {
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
            guard case .string(let text)? = arguments.first else { return nil }
            return try JSONataBuiltins.matches(of: regex, in: text, limit: 1, at: position).first
        default:
            throw JSONataError(code: "T1006", message: "Attempted to invoke a non-function", position: position)
        }
    }

    func apply(_ function: JSONataFunction, _ arguments: [JSONataValue?], input: JSONataValue?, at position: Int) throws(JSONataError) -> JSONataValue? {
        switch function {
        case .builtin(let name):
            return try JSONataBuiltins.call(name, arguments, input: input, evaluator: self, at: position)
        case .lambda(let lambda):
            let scope = JSONataEnvironment(parent: lambda.environment)
            for (index, parameter) in lambda.parameters.enumerated() {
                scope.bind(parameter, index < arguments.count ? arguments[index] : nil)
            }
            return try evaluate(lambda.body, input: lambda.input, environment: scope)
        case .partial(let inner, let bound):
            var remaining = arguments.makeIterator()
            var filled: [JSONataValue?] = []
            for argument in bound {
                if let argument { filled.append(argument) } else { filled.append(remaining.next() ?? nil) }
            }
            return try apply(inner, filled, input: input, at: position)
        case .composed(let first, let second):
            let intermediate = try apply(first, arguments, input: input, at: position)
            return try apply(second, [intermediate], input: input, at: position)
        }
    }

    /// Calls a callback of a higher-order function with as many of `arguments` as it declares.
    func callback(_ procedure: JSONataValue, _ arguments: [JSONataValue?], at position: Int) throws(JSONataError) -> JSONataValue? {
        var count = arguments.count
        if case .function(let function) = procedure { count = min(count, max(function.arity, 1)) }
        return try apply(procedure, Array(arguments.prefix(count)), input: nil, at: position)
    }
}
