import OrderedCollections

/// The shape of a state machine definition as a diagram: states as nodes, transitions as edges, Parallel branches
/// and Map item processors as nested scopes, the way AWS's console draws a workflow.
///
/// The web console and `stepwise graph` draw the same value, so the exports agree:
///
/// ```swift
/// let graph = DefinitionGraph(try StateMachineDefinition(parsing: text))
/// let svg = graph.svg()          // or graph.dot(), graph.mermaid()
/// ```
///
/// Edges never cross scopes (ASL forbids transitions out of a branch); each scope has its own nodes and edges.
/// The top-level scope also has a `Start` and an `End` node. Pure: no I/O.
public struct DefinitionGraph: Sendable, Hashable {
    /// The top-level scope: the machine's states plus `Start` and `End`.
    public var root: Scope

    /// Builds the graph of `definition`. Transitions to states that do not exist are left out (the validator
    /// reports them); the graph never fails.
    public init(_ definition: StateMachineDefinition) {
        var counter = 0
        root = Self.scope(
            id: "root", label: nil, startAt: definition.startAt, states: definition.states, isRoot: true, counter: &counter)
    }

    /// One level of the diagram: the machine, one Parallel branch, or one Map item processor.
    public struct Scope: Sendable, Hashable {
        /// A unique identifier, usable in DOT, Mermaid and SVG.
        public var id: String
        /// `Branch 1`, `Item processor`, or `nil` for the machine.
        public var label: String?
        /// The nodes in definition order (after `Start`, before `End`, in the top-level scope).
        public var nodes: [Node]
        /// The transitions between this scope's nodes.
        public var edges: [Edge]
    }

    /// A state, or the `Start` and `End` markers of the machine.
    public struct Node: Sendable, Hashable {
        /// A unique identifier (`n0`, `n1`, ...), safe in every export format.
        public var id: String
        /// What the node is.
        public var kind: Kind
        /// The state's nested scopes: Parallel branches in order, or the Map's item processor.
        public var scopes: [Scope]

        /// The text drawn in the node: the state's name, or `Start`/`End`.
        public var label: String {
            switch kind {
            case .start: "Start"
            case .end: "End"
            case .state(let name, _): name
            }
        }

        /// The state's name, or `nil` for `Start` and `End`.
        public var stateName: String? {
            if case .state(let name, _) = kind { name } else { nil }
        }

        /// The state's ASL `Type` (`Task`, `Choice`, ...), or `nil` for `Start` and `End`.
        public var stateType: String? {
            if case .state(_, let type) = kind { type } else { nil }
        }
    }

    /// What a node stands for.
    public enum Kind: Sendable, Hashable {
        case start
        case end
        /// A state, by name and ASL `Type`.
        case state(name: String, type: String)
    }

    /// A transition from one node to another in the same scope.
    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var kind: EdgeKind
        /// The condition of a Choice rule, `Default`, or the errors a Catch matches; `nil` for `Next`.
        public var label: String?
    }

    /// Why an edge exists.
    public enum EdgeKind: String, Sendable, Hashable {
        /// `Next`, or the arrows from `Start` and into `End`.
        case next
        /// A Choice rule's `Next`.
        case choice
        /// A Choice state's `Default`.
        case choiceDefault
        /// A `Catch` clause's `Next`: drawn dashed and in a different colour.
        case `catch`
    }

    /// Every node of every scope, depth first (containers before their contents).
    public var allNodes: [Node] {
        var result: [Node] = []
        func visit(_ scope: Scope) {
            for node in scope.nodes {
                result.append(node)
                node.scopes.forEach(visit)
            }
        }
        visit(root)
        return result
    }

    private static func scope(
        id: String, label: String?, startAt: String, states: OrderedDictionary<String, State>, isRoot: Bool,
        counter: inout Int
    ) -> Scope {
        var nodes: [Node] = []
        var ids: [String: String] = [:]
        func nextID() -> String {
            defer { counter += 1 }
            return "n\(counter)"
        }
        let startID = isRoot ? nextID() : nil
        if let startID { nodes.append(Node(id: startID, kind: .start, scopes: [])) }
        for (name, state) in states {
            let nodeID = nextID()
            ids[name] = nodeID
            var scopes: [Scope] = []
            switch state {
            case .parallel(let parallel):
                for (index, branch) in parallel.branches.enumerated() {
                    scopes.append(
                        Self.scope(
                            id: "\(nodeID)_b\(index)", label: "Branch \(index + 1)", startAt: branch.startAt, states: branch.states,
                            isRoot: false, counter: &counter))
                }
            case .map(let map):
                let processor = map.itemProcessor
                scopes.append(
                    Self.scope(
                        id: "\(nodeID)_p", label: map.label.map { "Item processor (\($0))" } ?? "Item processor",
                        startAt: processor.startAt, states: processor.states, isRoot: false, counter: &counter))
            default: break
            }
            nodes.append(Node(id: nodeID, kind: .state(name: name, type: state.typeName), scopes: scopes))
        }
        let endID = isRoot ? nextID() : nil
        if let endID { nodes.append(Node(id: endID, kind: .end, scopes: [])) }

        var edges: [Edge] = []
        if let startID, let first = ids[startAt] { edges.append(Edge(from: startID, to: first, kind: .next)) }
        for (name, state) in states {
            guard let from = ids[name] else { continue }
            func add(_ target: String, _ kind: EdgeKind, _ label: String?) {
                guard let to = ids[target] else { return }
                edges.append(Edge(from: from, to: to, kind: kind, label: label))
            }
            if case .choice(let choice) = state {
                for rule in choice.choices { add(rule.next, .choice, rule.comment ?? rule.rule.summary) }
                if let target = choice.default { add(target, .choiceDefault, "Default") }
            } else if let next = state.transition?.next {
                add(next, .next, nil)
            }
            for catcher in state.catch { add(catcher.next, .catch, catcher.errorEquals.joined(separator: ", ")) }
            if state.isTerminal, let endID { edges.append(Edge(from: from, to: endID, kind: .next)) }
        }
        return Scope(id: id, label: label, nodes: nodes, edges: edges)
    }
}

extension ChoiceRule {
    /// A short human reading of the rule for an edge label: `$.total > 100`, `not($.ok == true)`, or the JSONata
    /// condition. Long readings are cut to 60 characters with an ellipsis.
    public var summary: String {
        let text = fullSummary
        return text.count > 60 ? String(text.prefix(59)) + "…" : text
    }

    private var fullSummary: String {
        switch self {
        case .and(let rules): rules.map { "(\($0.fullSummary))" }.joined(separator: " and ")
        case .or(let rules): rules.map { "(\($0.fullSummary))" }.joined(separator: " or ")
        case .not(let rule): "not (\(rule.fullSummary))"
        case .condition(let value): value.stringValue ?? value.jsonString()
        case .comparison(let comparison): comparison.summary
        }
    }
}

extension ChoiceComparison {
    fileprivate var summary: String {
        let operand = self.operator.isPathForm ? (self.operand.stringValue ?? self.operand.jsonString()) : self.operand.jsonString()
        let name = self.operator.rawValue
        if name.hasPrefix("Is") { return "\(variable) \(name.prefix(2).lowercased()) \(name.dropFirst(2).lowercased()) = \(operand)" }
        let symbol: String =
            switch self.operator.relation {
            case .equals: "=="
            case .lessThan: "<"
            case .lessThanEquals: "<="
            case .greaterThan: ">"
            case .greaterThanEquals: ">="
            case .matches: "matches"
            case nil: name
            }
        return "\(variable) \(symbol) \(operand)"
    }
}
