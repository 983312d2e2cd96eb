extension JSONataExpression {
    /// What the expression reads from the top-level context, which Step Functions does not give a JSONata expression
    /// (the input is `$states.input`, a variable is `$name`): the distinct names, in the order they are written, with
    /// `$` for the context item and `$$` for the root. AWS refuses each at definition time
    /// (`UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported.`).
    ///
    /// Only what is evaluated against the top-level context counts: the first step of a path, operands, arguments,
    /// constructor members (an object key `phone` is read too), block items and lambda bodies (a lambda keeps the
    /// context it was defined in, so `$map($states.input.a, function($x){ phone })` reads `phone`). A later step, a
    /// predicate, a group-by, a sort term and a transform run against another value, so a name there is not one.
    public var topLevelReferences: [String] {
        var names: [String] = []
        Self.collectTopLevelReferences(root, into: &names)
        return names
    }

    private static func collectTopLevelReferences(_ node: JSONataNode, into names: inout [String]) {
        func add(_ name: String) {
            if !names.contains(name) { names.append(name) }
        }
        switch node.kind {
        case .name(let name): add(name)
        case .variable(let name):
            // `$` is the context item; `$$` is lexed as a variable named `$`.
            if name.isEmpty { add("$") } else if name == "$" { add("$$") }
        case .path(let steps):
            if let first = steps.first { collectTopLevelReferences(first, into: &names) }
        case .binary(_, let lhs, let rhs), .apply(let lhs, let rhs):
            collectTopLevelReferences(lhs, into: &names)
            collectTopLevelReferences(rhs, into: &names)
        case .negate(let inner), .bind(_, let inner):
            collectTopLevelReferences(inner, into: &names)
        case .array(let items), .block(let items):
            for item in items { collectTopLevelReferences(item, into: &names) }
        case .object(let pairs):
            for pair in pairs {
                collectTopLevelReferences(pair.key, into: &names)
                collectTopLevelReferences(pair.value, into: &names)
            }
        case .condition(let test, let then, let otherwise):
            collectTopLevelReferences(test, into: &names)
            collectTopLevelReferences(then, into: &names)
            if let otherwise { collectTopLevelReferences(otherwise, into: &names) }
        case .call(let procedure, let arguments):
            collectTopLevelReferences(procedure, into: &names)
            for argument in arguments { collectTopLevelReferences(argument, into: &names) }
        case .lambda(_, let body, _):
            collectTopLevelReferences(body, into: &names)
        case .string, .number, .bool, .null, .regex, .wildcard, .descendant, .placeholder, .transform, .parent, .sort,
            .indexStage:
            break
        }
    }
}

extension JSONataExpression {
    /// The workflow variables the expression reads (`$name`), in the order they are first written: not `$states`,
    /// not `$` or `$$`, not a built-in function, and not a name the expression binds itself (`$x := ...`, a lambda's
    /// parameters, `@$x`, `#$i`). For `DescribeStateMachine`'s `variableReferences`.
    public var variableReferences: [String] {
        var read: [String] = []
        var bound: Set<String> = []
        Self.collectVariables(root, read: &read, bound: &bound)
        return read.filter { !bound.contains($0) }
    }

    private static func collectVariables(_ node: JSONataNode, read: inout [String], bound: inout Set<String>) {
        func visit(_ child: JSONataNode) { collectVariables(child, read: &read, bound: &bound) }
        switch node.kind {
        case .variable(let name):
            if !name.isEmpty, name != "$", name != "states", !JSONataBuiltins.isBuiltin(name), !read.contains(name) {
                read.append(name)
            }
        case .path(let steps), .array(let steps), .block(let steps):
            steps.forEach(visit)
        case .binary(_, let lhs, let rhs), .apply(let lhs, let rhs):
            visit(lhs)
            visit(rhs)
        case .negate(let inner):
            visit(inner)
        case .bind(let name, let inner):
            bound.insert(name)
            visit(inner)
        case .object(let pairs):
            for pair in pairs {
                visit(pair.key)
                visit(pair.value)
            }
        case .condition(let test, let then, let otherwise):
            visit(test)
            visit(then)
            if let otherwise { visit(otherwise) }
        case .call(let procedure, let arguments):
            visit(procedure)
            arguments.forEach(visit)
        case .lambda(let parameters, let body, _):
            bound.formUnion(parameters)
            visit(body)
        case .transform(let pattern, let update, let delete):
            visit(pattern)
            visit(update)
            if let delete { visit(delete) }
        case .sort(let terms):
            for term in terms { visit(term.expression) }
        case .indexStage(let name):
            bound.insert(name)
        case .string, .number, .bool, .null, .name, .regex, .wildcard, .descendant, .placeholder, .parent:
            break
        }
        node.predicates.forEach(visit)
        node.stages.forEach(visit)
        for pair in node.group ?? [] {
            visit(pair.key)
            visit(pair.value)
        }
        if let focus = node.focus { bound.insert(focus) }
        if let index = node.indexBinding { bound.insert(index) }
    }
}
