/// A node of a parsed JSONata expression, already in the shape the evaluator walks: names are path steps,
/// predicates are attached to the step (`stages`) or to the expression (`predicates`), group-by and
/// order-by are attached to their path.
struct JSONataNode: Sendable {
    struct Pair: Sendable {
        var key: JSONataNode
        var value: JSONataNode
    }
    struct SortTerm: Sendable {
        var expression: JSONataNode
        var descending: Bool
    }

    indirect enum Kind: Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case name(String)
        case variable(String)
        case regex(pattern: String, flags: String)
        case wildcard
        case descendant
        case path([JSONataNode])
        case binary(String, JSONataNode, JSONataNode)
        case negate(JSONataNode)
        case array([JSONataNode])
        case object([Pair])
        case block([JSONataNode])
        case bind(String, JSONataNode)
        case condition(JSONataNode, JSONataNode, JSONataNode?)
        case call(procedure: JSONataNode, arguments: [JSONataNode])
        case placeholder
        case lambda(parameters: [String], body: JSONataNode, signature: JSONataSignature?)
        /// `| location | update, delete |`
        case transform(pattern: JSONataNode, update: JSONataNode, delete: JSONataNode?)
        /// `%`: the parent of the current context item.
        case parent
        case apply(JSONataNode, JSONataNode)
        case sort([SortTerm])
        /// `#$name` after a step's predicates: a stage that binds each remaining item's position.
        case indexStage(String)
    }

    var kind: Kind
    var position: Int
    /// Filters applied to the expression's whole value (non-path expressions).
    var predicates: [JSONataNode] = []
    /// Filters applied to each item's value when this node is a path step.
    var stages: [JSONataNode] = []
    /// Group-by pairs (`expr{key: value}`).
    var group: [Pair]?
    /// `@$name` on a path step: binds each result to `$name`, the context stays the previous step's item.
    var focus: String?
    /// `#$name` on a path step: binds each result's position to `$name`.
    var indexBinding: String?
    /// `[]` after the step: keep singleton arrays.
    var keepArray = false
    /// An array constructor used as the first or last step of a path: not flattened.
    var consArray = false

    init(_ kind: Kind, at position: Int) {
        self.kind = kind
        self.position = position
    }

    var isPath: Bool { if case .path = kind { true } else { false } }
    var isArrayConstructor: Bool { if case .array = kind { true } else { false } }

    /// This node as a path (a single step is wrapped).
    var asPath: JSONataNode {
        if isPath { return self }
        var path = JSONataNode(.path([self]), at: position)
        path.keepArray = keepArray
        return path
    }

    /// Whether a path step binds a variable (`@$x`, `#$i`): the path then runs as a stream of tuples.
    var bindsVariables: Bool {
        focus != nil || indexBinding != nil || stages.contains { if case .indexStage = $0.kind { true } else { false } }
    }

    var pathSteps: [JSONataNode] { if case .path(let steps) = kind { steps } else { [self] } }
}

extension JSONataNode {
    /// Whether this node uses `%` to reach out of itself (a `%` that starts a path, or one inside a constructor,
    /// an operand or an argument); a `%` later in a path, or in a predicate, finds its parent within. JSONata runs
    /// a path whose steps reach out as a stream of tuples, which spreads array constructors in its steps.
    var reachesParent: Bool {
        switch kind {
        case .parent: return true
        case .path(let steps): return steps.first?.reachesParent ?? false
        case .binary(_, let lhs, let rhs), .apply(let lhs, let rhs): return lhs.reachesParent || rhs.reachesParent
        case .negate(let inner), .bind(_, let inner): return inner.reachesParent
        case .array(let items), .block(let items): return items.contains(where: \.reachesParent)
        case .object(let pairs): return pairs.contains { $0.key.reachesParent || $0.value.reachesParent }
        case .condition(let test, let then, let otherwise):
            return test.reachesParent || then.reachesParent || (otherwise?.reachesParent ?? false)
        case .call(let procedure, let arguments): return procedure.reachesParent || arguments.contains(where: \.reachesParent)
        default: return false
        }
    }
}
