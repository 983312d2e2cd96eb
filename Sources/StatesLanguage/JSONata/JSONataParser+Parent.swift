/// The parser's check of the parent operator `%`: JSONata refuses (S0217) a `%` whose parent cannot be derived,
/// such as a `%` at the top level (`%`, `%.x`, `{"a": %}`), one after a step that is not a field name or a
/// wildcard (`{'a': 1}.%`), and one that climbs above the first step of its path (`a.b.%.%.%`).
extension JSONataParser {
    static func checkParents(_ root: JSONataNode) throws(JSONataError) {
        if root.reachesParent { throw parentError(at: firstParentPosition(root) ?? root.position) }
        try visit(root)
    }

    private static func parentError(at position: Int) -> JSONataError {
        JSONataError(code: "S0217", message: "The object representing the 'parent' cannot be derived from this expression", position: position)
    }

    private static func firstParentPosition(_ node: JSONataNode) -> Int? {
        if case .parent = node.kind { return node.position }
        if case .path(let steps) = node.kind, let first = steps.first { return firstParentPosition(first) }
        return nil
    }

    /// Each path's steps, left to right, with the number of levels a `%` may climb at that point.
    private static func visit(_ node: JSONataNode) throws(JSONataError) {
        for stage in node.stages { try visit(stage) }
        for predicate in node.predicates { try visit(predicate) }
        if let group = node.group { for pair in group { try visit(pair.key); try visit(pair.value) } }
        switch node.kind {
        case .path(let steps):
            var levels = 0
            // the `%`s that start a path climb out of it (`%.%.x` in a constructor): the enclosing path checks them
            let leading = steps.prefix { if case .parent = $0.kind { true } else { false } }.count
            for (index, step) in steps.enumerated() {
                if case .parent = step.kind {
                    if index >= leading {
                        guard levels > 0 else { throw parentError(at: step.position) }
                        levels -= 1
                    }
                    continue
                }
                if index > 0, levels == 0, step.reachesParent { throw parentError(at: step.position) }
                try visit(step)
                switch step.kind {
                case .name, .wildcard, .block, .path: levels += 1
                default: levels = 0
                }
            }
        case .binary(_, let lhs, let rhs), .apply(let lhs, let rhs):
            try visit(lhs)
            try visit(rhs)
        case .negate(let inner), .bind(_, let inner): try visit(inner)
        case .array(let items), .block(let items): for item in items { try visit(item) }
        case .object(let pairs): for pair in pairs { try visit(pair.key); try visit(pair.value) }
        case .condition(let test, let then, let otherwise):
            try visit(test)
            try visit(then)
            if let otherwise { try visit(otherwise) }
        case .call(let procedure, let arguments):
            try visit(procedure)
            for argument in arguments { try visit(argument) }
        case .lambda(_, let body, _): try visit(body)
        case .transform(let pattern, let update, let delete):
            try visit(pattern)
            try visit(update)
            if let delete { try visit(delete) }
        case .sort(let terms): for term in terms { try visit(term.expression) }
        default: break
        }
    }
}
