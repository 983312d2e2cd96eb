extension JSONataParser {
    /// Infix and postfix operators; path, predicate, group-by and order-by nodes are built here in the
    /// shape the evaluator walks.
    mutating func led(_ token: JSONataToken, _ left: JSONataNode) throws(JSONataError) -> JSONataNode {
        let at = token.position
        switch token.text {
        case ".":
            return try pathStep(left, try expression(75), at: at)
        case "[":
            return try predicate(left, at: at)
        case "{":
            var node = left
            if node.group != nil { throw .syntax("S0210", "Each step can only have one grouping expression", at: at) }
            node.group = try pairs()
            return node
        case "^":
            return try orderBy(left, at: at)
        case "(":
            var arguments: [JSONataNode] = []
            while !isOperator(")") {
                // `?` is a placeholder (partial application) only as a whole argument, as in JSONata; anywhere
                // else it is S0211 (so `a ?? b` and `a ?: b`, which JSONata 2.0.6 does not have, are S0211)
                if isOperator("?") {
                    arguments.append(JSONataNode(.placeholder, at: advance().position))
                } else {
                    arguments.append(try expression(0))
                }
                guard isOperator(",") else { break }
                _ = advance()
            }
            try expect(")")
            return JSONataNode(.call(procedure: left, arguments: arguments), at: at)
        case "?":
            let then = try expression(0)
            var otherwise: JSONataNode?
            if isOperator(":") {
                _ = advance()
                otherwise = try expression(0)
            }
            return JSONataNode(.condition(left, then, otherwise), at: at)
        case ":=":
            guard case .variable(let name) = left.kind else {
                throw .syntax("S0212", "The left side of := must be a variable name (start with $)", at: at)
            }
            return JSONataNode(.bind(name, try expression(9)), at: at)  // right associative
        case "~>":
            return JSONataNode(.apply(left, try expression(40)), at: at)
        case "@", "#":
            let variable = advance()
            guard variable.kind == .variable else {
                throw .syntax(token.text == "@" ? "S0214" : "S0214", "The right side of \(token.text) must be a variable name (start with $)", at: variable.position)
            }
            var path = left.asPath
            guard case .path(var steps) = path.kind, !steps.isEmpty else { throw .unexpected(token.text, at: at) }
            var step = steps[steps.count - 1]
            if case .sort = step.kind, token.text == "@" {
                throw .syntax("S0216", "A context variable binding must precede the 'order-by' clause on a step", at: at)
            }
            if token.text == "@" {
                guard step.stages.isEmpty, step.predicates.isEmpty else {
                    throw .syntax("S0215", "A context variable binding must precede any predicates on a step", at: at)
                }
                step.focus = variable.text
            } else if !step.stages.isEmpty {
                // after predicates, JSONata numbers the items that passed them
                step.stages.append(JSONataNode(.indexStage(variable.text), at: at))
            } else {
                step.indexBinding = variable.text
            }
            steps[steps.count - 1] = step
            path.kind = .path(steps)
            return path
        case "+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "and", "or", "in", "..":
            let power = Self.power(of: token.text)
            return JSONataNode(.binary(token.text, left, try expression(power)), at: at)
        default:
            throw .unexpected(token.text, at: at)
        }
    }

    private static func power(of op: String) -> Int {
        switch op {
        case "*", "/", "%": 60
        case "+", "-", "&": 50
        case "and": 30
        case "or": 25
        case "..": 20
        default: 40
        }
    }

    private func pathStep(_ left: JSONataNode, _ right: JSONataNode, at: Int) throws(JSONataError) -> JSONataNode {
        var steps = left.pathSteps
        var keep = left.keepArray || steps.contains { $0.keepArray }
        if right.isPath, right.group == nil {
            steps.append(contentsOf: right.pathSteps)
            keep = keep || right.keepArray
        } else {
            var step = right
            if !step.predicates.isEmpty, !step.isPath {
                step.stages = step.predicates
                step.predicates = []
            }
            steps.append(step)
            keep = keep || right.keepArray  // `a.[b][]`: the `[]` on a constructor step keeps the path's array
        }
        for (i, step) in steps.enumerated() {
            switch step.kind {
            case .number, .bool, .null:
                throw .syntax("S0213", "The literal value \(Self.literalText(step)) cannot be used as a step within a path expression", at: step.position)
            case .string(let name):
                steps[i] = JSONataNode(.name(name), at: step.position)
                steps[i].stages = step.stages.isEmpty ? step.predicates : step.stages
                steps[i].keepArray = step.keepArray
            default: break
            }
        }
        if let first = steps.first, first.isArrayConstructor { steps[0].consArray = true }
        if let last = steps.last, last.isArrayConstructor { steps[steps.count - 1].consArray = true }
        var path = JSONataNode(.path(steps), at: left.position)
        path.keepArray = keep
        path.group = left.isPath ? left.group : nil
        return path
    }

    private static func literalText(_ node: JSONataNode) -> String {
        switch node.kind {
        case .number(let n): JSONataValue.number(n).stringified
        case .bool(let b): b ? "true" : "false"
        default: "null"
        }
    }

    private mutating func predicate(_ left: JSONataNode, at: Int) throws(JSONataError) -> JSONataNode {
        var node = left
        if isOperator("]") {  // `[]`: keep singleton arrays
            _ = advance()
            if case .path(var steps) = node.kind, !steps.isEmpty {
                steps[steps.count - 1].keepArray = true
                node.kind = .path(steps)
            }
            node.keepArray = true
            return node
        }
        let filter = try expression(0)
        try expect("]")
        if node.group != nil { throw .syntax("S0209", "A predicate cannot follow a grouping expression in a step", at: at) }
        if case .path(var steps) = node.kind, !steps.isEmpty {
            steps[steps.count - 1].stages.append(filter)
            node.kind = .path(steps)
        } else {
            node.predicates.append(filter)
        }
        return node
    }

    private mutating func orderBy(_ left: JSONataNode, at: Int) throws(JSONataError) -> JSONataNode {
        try expect("(")
        var terms: [JSONataNode.SortTerm] = []
        while true {
            var descending = false
            if isOperator("<") {
                _ = advance()
            } else if isOperator(">") {
                _ = advance()
                descending = true
            }
            terms.append(JSONataNode.SortTerm(expression: try expression(0), descending: descending))
            guard isOperator(",") else { break }
            _ = advance()
        }
        try expect(")")
        var path = left.asPath
        if case .path(var steps) = path.kind {
            steps.append(JSONataNode(.sort(terms), at: at))
            path.kind = .path(steps)
        }
        return path
    }
}
