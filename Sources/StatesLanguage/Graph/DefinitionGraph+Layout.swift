/// A placed diagram: every node and scope box with coordinates, top to bottom, as the SVG export draws it.
///
/// Each scope is laid out in rows by the longest path from its first state (loops back upwards do not push states
/// down); a Parallel or Map node is a box holding its scopes side by side.
public struct GraphLayout: Sendable, Hashable {
    /// A rectangle in SVG user units (pixels).
    public struct Box: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        public var midX: Double { x + width / 2 }
        public var midY: Double { y + height / 2 }
        public var maxY: Double { y + height }
        public var maxX: Double { x + width }
    }

    /// The boxes of every node, by node id.
    public var nodes: [String: Box]
    /// The boxes of every nested scope (branches, item processors), by scope id.
    public var scopes: [String: Box]
    /// The whole drawing.
    public var width: Double
    public var height: Double

    static let nodeHeight = 36.0
    static let rowGap = 44.0
    static let columnGap = 28.0
    static let padding = 16.0
    static let headerHeight = 38.0
    static let scopeLabelHeight = 20.0
    static let characterWidth = 7.4
    static let maximumLabelCharacters = 40

    /// Lays out `graph`.
    public init(_ graph: DefinitionGraph) {
        var nodes: [String: Box] = [:]
        var scopes: [String: Box] = [:]
        let sizes = Sizes()
        let size = sizes.measure(graph.root)
        sizes.place(graph.root, x: Self.padding, y: Self.padding, width: size.width, nodes: &nodes, scopes: &scopes)
        self.nodes = nodes
        self.scopes = scopes
        width = size.width + 2 * Self.padding
        height = size.height + 2 * Self.padding
    }

    /// The label as drawn: cut to 40 characters with an ellipsis.
    static func displayLabel(_ text: String) -> String {
        text.count > maximumLabelCharacters ? String(text.prefix(maximumLabelCharacters - 1)) + "…" : text
    }

    static func leafSize(_ node: DefinitionGraph.Node) -> (width: Double, height: Double) {
        switch node.kind {
        case .start, .end: return (72, 30)
        case .state:
            let characters = Double(displayLabel(node.label).count)
            return (max(120, characters * characterWidth + 28), nodeHeight)
        }
    }

}

/// Sizes and rows of scopes, each computed once (nested scopes are measured from several places).
/// Local to one layout; never shared.
private final class Sizes {
    var sizeCache: [String: (width: Double, height: Double)] = [:]
    var rowCache: [String: [[Int]]] = [:]

    func nodeSize(_ node: DefinitionGraph.Node) -> (width: Double, height: Double) {
        guard !node.scopes.isEmpty else { return GraphLayout.leafSize(node) }
        let inner = node.scopes.map(measureNested)
        let width = max(GraphLayout.leafSize(node).width, inner.map(\.width).reduce(0, +) + GraphLayout.columnGap * Double(inner.count - 1) + 2 * GraphLayout.padding)
        let height = GraphLayout.headerHeight + (inner.map(\.height).max() ?? 0) + GraphLayout.padding
        return (width, height)
    }

    /// The size of a nested scope's box, its label included.
    func measureNested(_ scope: DefinitionGraph.Scope) -> (width: Double, height: Double) {
        let content = measure(scope)
        return (content.width + 2 * GraphLayout.padding, content.height + GraphLayout.scopeLabelHeight + GraphLayout.padding)
    }

    /// Rows of node indices: rank by longest path from the first node, ignoring edges that go back up a path.
    func rows(_ scope: DefinitionGraph.Scope) -> [[Int]] {
        if let cached = rowCache[scope.id] { return cached }
        let computed = computeRows(scope)
        rowCache[scope.id] = computed
        return computed
    }

    private func computeRows(_ scope: DefinitionGraph.Scope) -> [[Int]] {
        let index = Dictionary(uniqueKeysWithValues: scope.nodes.enumerated().map { ($1.id, $0) })
        var successors = Array(repeating: [Int](), count: scope.nodes.count)
        for edge in scope.edges {
            if let from = index[edge.from], let to = index[edge.to], !successors[from].contains(to) { successors[from].append(to) }
        }
        // Depth-first search from the first node marks back edges (edges to a node on the current path).
        var state = Array(repeating: 0, count: scope.nodes.count)  // 0 new, 1 on path, 2 done
        var order: [Int] = []
        var back = Set<[Int]>()
        func visit(_ start: Int) {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while var top = stack.popLast() {
                if top.next < successors[top.node].count {
                    let successor = successors[top.node][top.next]
                    top.next += 1
                    stack.append(top)
                    switch state[successor] {
                    case 0:
                        state[successor] = 1
                        stack.append((successor, 0))
                    case 1: back.insert([top.node, successor])
                    default: break
                    }
                } else {
                    state[top.node] = 2
                    order.append(top.node)
                }
            }
        }
        for node in scope.nodes.indices where state[node] == 0 { visit(node) }
        var rank = Array(repeating: 0, count: scope.nodes.count)
        for node in order.reversed() {
            for successor in successors[node] where !back.contains([node, successor]) {
                rank[successor] = max(rank[successor], rank[node] + 1)
            }
        }
        // `End` always sits alone on the last row.
        if let end = scope.nodes.firstIndex(where: { $0.kind == .end }) {
            let others = scope.nodes.indices.filter { $0 != end }.map { rank[$0] }
            rank[end] = (others.max() ?? -1) + 1
        }
        var rows = Array(repeating: [Int](), count: (rank.max() ?? -1) + 1)
        for node in scope.nodes.indices { rows[rank[node]].append(node) }
        return rows.filter { !$0.isEmpty }
    }

    func measure(_ scope: DefinitionGraph.Scope) -> (width: Double, height: Double) {
        if let cached = sizeCache[scope.id] { return cached }
        let computed = computeSize(scope)
        sizeCache[scope.id] = computed
        return computed
    }

    private func computeSize(_ scope: DefinitionGraph.Scope) -> (width: Double, height: Double) {
        var width = 0.0
        var height = 0.0
        for row in rows(scope) {
            let sizes = row.map { nodeSize(scope.nodes[$0]) }
            width = max(width, sizes.map(\.width).reduce(0, +) + GraphLayout.columnGap * Double(max(0, sizes.count - 1)))
            height += (sizes.map(\.height).max() ?? 0)
        }
        let rowCount = Double(rows(scope).count)
        height += GraphLayout.rowGap * max(0, rowCount - 1)
        return (max(width, 120), height)
    }

    func place(
        _ scope: DefinitionGraph.Scope, x: Double, y: Double, width: Double, nodes: inout [String: GraphLayout.Box], scopes: inout [String: GraphLayout.Box]
    ) {
        var top = y
        for row in rows(scope) {
            let sizes = row.map { nodeSize(scope.nodes[$0]) }
            let rowWidth = sizes.map(\.width).reduce(0, +) + GraphLayout.columnGap * Double(max(0, sizes.count - 1))
            let rowHeight = sizes.map(\.height).max() ?? 0
            var left = x + (width - rowWidth) / 2
            for (position, nodeIndex) in row.enumerated() {
                let node = scope.nodes[nodeIndex]
                let size = sizes[position]
                let box = GraphLayout.Box(x: left, y: top, width: size.width, height: size.height)
                nodes[node.id] = box
                if !node.scopes.isEmpty {
                    let inner = node.scopes.map(measureNested)
                    let innerWidth = inner.map(\.width).reduce(0, +) + GraphLayout.columnGap * Double(inner.count - 1)
                    var innerLeft = box.x + (box.width - innerWidth) / 2
                    for (child, childSize) in zip(node.scopes, inner) {
                        let childBox = GraphLayout.Box(x: innerLeft, y: box.y + GraphLayout.headerHeight, width: childSize.width, height: childSize.height)
                        scopes[child.id] = childBox
                        let content = measure(child)
                        place(
                            child, x: childBox.x + GraphLayout.padding, y: childBox.y + GraphLayout.scopeLabelHeight, width: content.width, nodes: &nodes,
                            scopes: &scopes)
                        innerLeft += childSize.width + GraphLayout.columnGap
                    }
                }
                left += size.width + GraphLayout.columnGap
            }
            top += rowHeight + GraphLayout.rowGap
        }
    }
}
