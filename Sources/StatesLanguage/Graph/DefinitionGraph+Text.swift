extension DefinitionGraph {
    /// The diagram in Graphviz DOT: a Parallel or Map state is a cluster holding its header node and one
    /// cluster per branch or item processor; Catch edges are dashed and orange, Choice edges carry their rule.
    ///
    /// Render it with `dot -Tsvg`. Names are quoted and escaped, so any state name is safe.
    public func dot() -> String {
        var lines = [
            "digraph StateMachine {", "  compound=true;", "  rankdir=TB;",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=12];",
            "  edge [fontname=\"Helvetica\", fontsize=10, color=\"#5f6b7a\"];",
        ]
        func quoted(_ text: String) -> String {
            var result = "\""
            for character in text {
                switch character {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\r": result += "\\r"
                default: result.append(character)
                }
            }
            return result + "\""
        }
        func emit(_ scope: Scope, indent: String) {
            for node in scope.nodes {
                switch node.kind {
                case .start, .end:
                    lines.append("\(indent)\(node.id) [label=\(quoted(node.label)), shape=oval, fillcolor=\"#343a40\", fontcolor=\"#ffffff\"];")
                case .state(let name, let type):
                    let label = quoted("\(name)\n\(type)")
                    if node.scopes.isEmpty {
                        lines.append("\(indent)\(node.id) [label=\(label)];")
                    } else {
                        lines.append("\(indent)subgraph cluster_\(node.id) {")
                        lines.append("\(indent)  label=\(quoted("\(type): \(name)")); style=\"rounded\"; color=\"#495057\";")
                        lines.append("\(indent)  \(node.id) [label=\(label), fillcolor=\"#fafbfc\"];")
                        for inner in node.scopes {
                            lines.append("\(indent)  subgraph cluster_\(inner.id) {")
                            lines.append("\(indent)    label=\(quoted(inner.label ?? "")); style=\"dashed\"; color=\"#868e96\";")
                            emit(inner, indent: indent + "    ")
                            lines.append("\(indent)  }")
                            if let first = inner.nodes.first {
                                lines.append("\(indent)  \(node.id) -> \(first.id) [style=dotted, arrowhead=none];")
                            }
                        }
                        lines.append("\(indent)}")
                    }
                }
            }
            for edge in scope.edges {
                var attributes: [String] = []
                if let label = edge.label { attributes.append("label=\(quoted(edge.kind == .catch ? "Catch: \(label)" : label))") }
                switch edge.kind {
                case .catch: attributes += ["style=dashed", "color=\"#d9480f\"", "fontcolor=\"#c2410c\""]
                case .choiceDefault: attributes.append("style=dotted")
                case .next, .choice: break
                }
                let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
                lines.append("\(indent)\(edge.from) -> \(edge.to)\(suffix);")
            }
        }
        emit(root, indent: "  ")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The diagram as a Mermaid flowchart: a Parallel or Map state is a subgraph holding one subgraph per branch
    /// or item processor; Catch edges are dotted, Choice edges carry their rule.
    ///
    /// Labels are quoted with Mermaid's entity codes for `"` and markup characters, so any state name is safe.
    public func mermaid() -> String {
        var lines = ["flowchart TD"]
        func quoted(_ text: String) -> String {
            var result = "\""
            for character in text {
                switch character {
                case "\"": result += "#quot;"
                case "<": result += "#lt;"
                case ">": result += "#gt;"
                case "&": result += "#amp;"
                case "#": result += "#35;"
                case "|": result += "#124;"
                case "\n", "\r": result += " "
                default: result.append(character)
                }
            }
            return result + "\""
        }
        func emit(_ scope: Scope, indent: String) {
            for node in scope.nodes {
                switch node.kind {
                case .start, .end: lines.append("\(indent)\(node.id)([\(quoted(node.label))])")
                case .state(let name, let type):
                    if node.scopes.isEmpty {
                        lines.append("\(indent)\(node.id)[\(quoted("\(name) (\(type))"))]")
                    } else {
                        lines.append("\(indent)subgraph \(node.id)[\(quoted("\(name) (\(type))"))]")
                        for inner in node.scopes {
                            lines.append("\(indent)  subgraph \(inner.id)[\(quoted(inner.label ?? ""))]")
                            emit(inner, indent: indent + "    ")
                            lines.append("\(indent)  end")
                        }
                        lines.append("\(indent)end")
                    }
                }
            }
            for edge in scope.edges {
                let arrow = edge.kind == .catch ? "-.->" : "-->"
                if let label = edge.label {
                    lines.append("\(indent)\(edge.from) \(arrow)|\(quoted(edge.kind == .catch ? "Catch: \(label)" : label))| \(edge.to)")
                } else {
                    lines.append("\(indent)\(edge.from) \(arrow) \(edge.to)")
                }
            }
        }
        emit(root, indent: "  ")
        return lines.joined(separator: "\n") + "\n"
    }
}
