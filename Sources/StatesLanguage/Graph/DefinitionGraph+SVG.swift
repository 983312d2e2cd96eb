import Foundation

/// How far an execution got with a state, as the console colours it.
public enum StateStatus: String, Sendable, Hashable, CaseIterable {
    case succeeded
    case failed
    /// Failed, and a `Catch` sent the execution on.
    case caught
    case running
    case notReached = "not-reached"

    /// Fill and stroke colours of a node in this status.
    var colours: (fill: String, stroke: String, text: String) {
        switch self {
        case .succeeded: ("#e3f4e8", "#2b8a3e", "#1b4d2b")
        case .failed: ("#fde2e1", "#c92a2a", "#7a1414")
        case .caught: ("#fff0d9", "#e8590c", "#7a3306")
        case .running: ("#e0edff", "#1c7ed6", "#0b3d75")
        case .notReached: ("#f8f9fa", "#adb5bd", "#6c757d")
        }
    }
}

extension DefinitionGraph {
    /// Escapes text for XML or HTML content and quoted attribute values (`&`, `<`, `>`, `"`, `'`): the one escaper
    /// the SVG export and the web console share.
    package static func escapeMarkup(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The diagram as a standalone SVG document, the one the web console shows.
    ///
    /// - Parameter statuses: each state's status in one execution, by state name; states missing from a non-empty
    ///   map are drawn as not reached. Empty (the default) draws the definition without statuses.
    /// - Returns: SVG text; every name and label is XML-escaped. Nodes are `<g class="state status-…"
    ///   data-state="NAME">` so a page can make them clickable.
    public func svg(statuses: [String: StateStatus] = [:]) -> String {
        let layout = GraphLayout(self)
        var out = SVGWriter(layout: layout, statuses: statuses)
        out.text += """
            <svg xmlns="http://www.w3.org/2000/svg" class="stepwise-graph" width="\(SVGWriter.number(layout.width))" \
            height="\(SVGWriter.number(layout.height))" viewBox="0 0 \(SVGWriter.number(layout.width)) \(SVGWriter.number(layout.height))" \
            font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img" aria-label="State machine graph">
            <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M0,0 L10,5 L0,10 z" fill="#5f6b7a"/></marker>
            <marker id="arrow-catch" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M0,0 L10,5 L0,10 z" fill="#d9480f"/></marker>
            </defs>
            <rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>

            """
        out.draw(root)
        out.text += "</svg>\n"
        return out.text
    }
}

/// Writes the SVG of a laid-out graph.
struct SVGWriter {
    let layout: GraphLayout
    let statuses: [String: StateStatus]
    var text = ""

    init(layout: GraphLayout, statuses: [String: StateStatus]) {
        self.layout = layout
        self.statuses = statuses
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Escapes text for XML content and attribute values.
    static func escape(_ text: String) -> String { DefinitionGraph.escapeMarkup(text) }

    mutating func draw(_ scope: DefinitionGraph.Scope) {
        // Edges first, so nodes cover their ends.
        var seen: [String: Int] = [:]
        for edge in scope.edges {
            let key = "\(edge.from)>\(edge.to)"
            let offset = seen[key, default: 0]
            seen[key] = offset + 1
            drawEdge(edge, offset: Double(offset))
        }
        for node in scope.nodes { drawNode(node) }
    }

    mutating func drawNode(_ node: DefinitionGraph.Node) {
        guard let box = layout.nodes[node.id] else { return }
        let n = Self.number
        switch node.kind {
        case .start, .end:
            text += """
                <g class="marker"><rect x="\(n(box.x))" y="\(n(box.y))" width="\(n(box.width))" height="\(n(box.height))" rx="15" \
                fill="#343a40"/><text x="\(n(box.midX))" y="\(n(box.midY + 4.5))" text-anchor="middle" font-size="12" \
                fill="#ffffff">\(node.label)</text></g>

                """
        case .state(let name, let type):
            let status: StateStatus? = statuses.isEmpty ? nil : statuses[name] ?? .notReached
            let colours: (fill: String, stroke: String, text: String) = status?.colours ?? ("#ffffff", "#495057", "#212529")
            let statusClass = status.map { " status-\($0.rawValue)" } ?? ""
            let title = Self.escape("\(name) (\(type))" + (status.map { ": \($0.rawValue.replacingOccurrences(of: "-", with: " "))" } ?? ""))
            let container = !node.scopes.isEmpty
            text += """
                <g class="state\(statusClass)\(container ? " container" : "")" data-state="\(Self.escape(name))" tabindex="0">\
                <title>\(title)</title><rect x="\(n(box.x))" y="\(n(box.y))" width="\(n(box.width))" height="\(n(box.height))" \
                rx="6" fill="\(container && status == nil ? "#fafbfc" : colours.fill)" stroke="\(colours.stroke)" \
                stroke-width="\(status == .failed || status == .running ? 2.5 : 1.5)"/>
                """
            let label = Self.escape(GraphLayout.displayLabel(name))
            text += """
                <text x="\(n(box.midX))" y="\(n(box.y + 16))" text-anchor="middle" font-size="13" font-weight="600" \
                fill="\(colours.text)">\(label)</text><text x="\(n(box.midX))" y="\(n(box.y + 29))" text-anchor="middle" \
                font-size="10" fill="#6c757d">\(Self.escape(type))</text></g>

                """
            for scope in node.scopes {
                if let scopeBox = layout.scopes[scope.id] {
                    text += """
                        <g class="scope"><rect x="\(n(scopeBox.x))" y="\(n(scopeBox.y))" width="\(n(scopeBox.width))" \
                        height="\(n(scopeBox.height))" rx="6" fill="#ffffff" fill-opacity="0.7" stroke="#868e96" stroke-dasharray="5 3"/>\
                        <text x="\(n(scopeBox.x + 8))" y="\(n(scopeBox.y + 14))" font-size="10" fill="#495057">\
                        \(Self.escape(scope.label ?? ""))</text></g>

                        """
                }
                draw(scope)
            }
        }
    }

    mutating func drawEdge(_ edge: DefinitionGraph.Edge, offset: Double) {
        guard let a = layout.nodes[edge.from], let b = layout.nodes[edge.to] else { return }
        let n = Self.number
        let path: String
        let labelX: Double
        let labelY: Double
        if b.y >= a.maxY {
            // Downwards: from the bottom of the source to the top of the target.
            let startX = a.midX + offset * 12
            let middle = (a.maxY + b.y) / 2
            path = "M\(n(startX)),\(n(a.maxY)) C\(n(startX)),\(n(middle)) \(n(b.midX)),\(n(middle)) \(n(b.midX)),\(n(b.y))"
            labelX = (startX + b.midX) / 2
            labelY = middle + offset * 14
        } else {
            // Back up (a loop) or sideways: around the right-hand side of both nodes.
            let outside = max(a.maxX, b.maxX) + 30 + offset * 14
            path = "M\(n(a.maxX)),\(n(a.midY)) C\(n(outside)),\(n(a.midY)) \(n(outside)),\(n(b.midY)) \(n(b.maxX)),\(n(b.midY))"
            labelX = outside - 8
            labelY = (a.midY + b.midY) / 2
        }
        let isCatch = edge.kind == .catch
        let colour = isCatch ? "#d9480f" : "#5f6b7a"
        let dash = isCatch ? " stroke-dasharray=\"6 4\"" : edge.kind == .choiceDefault ? " stroke-dasharray=\"2 3\"" : ""
        text += """
            <g class="edge edge-\(edge.kind.rawValue)"><path d="\(path)" fill="none" stroke="\(colour)" stroke-width="1.5"\(dash) \
            marker-end="url(#\(isCatch ? "arrow-catch" : "arrow"))"/>
            """
        if let label = edge.label, !label.isEmpty {
            let shown = Self.escape(isCatch ? "Catch: \(label)" : label)
            let width = Double(isCatch ? label.count + 7 : label.count) * 6.1 + 10
            text += """
                <rect x="\(n(labelX - width / 2))" y="\(n(labelY - 9))" width="\(n(width))" height="16" rx="3" fill="#ffffff" \
                fill-opacity="0.92" stroke="\(isCatch ? "#ffc9a8" : "#dee2e6")"/><text x="\(n(labelX))" y="\(n(labelY + 3))" \
                text-anchor="middle" font-size="10.5" fill="\(isCatch ? "#c2410c" : "#343a40")">\(shown)</text>
                """
        }
        text += "</g>\n"
    }
}
