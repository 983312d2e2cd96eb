import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import StatesLanguage
import Testing

@Suite("Definition graph")
struct GraphTests {
    static let orders = """
        {"StartAt": "Check", "States": {
          "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Review"},
            {"And": [{"Variable": "$.vip", "BooleanEquals": true}, {"Variable": "$.country", "StringEquals": "FR"}], "Next": "Ship"}],
            "Default": "Charge"},
          "Review": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:review", "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:charge", "Next": "Ship",
                     "Retry": [{"ErrorEquals": ["States.Timeout"]}],
                     "Catch": [{"ErrorEquals": ["Card.Declined", "Card.Expired"], "Next": "Refused"}]},
          "Ship": {"Type": "Parallel", "Next": "Each", "Branches": [
            {"StartAt": "Pack", "States": {"Pack": {"Type": "Pass", "End": true}}},
            {"StartAt": "Label", "States": {"Label": {"Type": "Pass", "Next": "Post"}, "Post": {"Type": "Succeed"}}}]},
          "Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                   "ItemProcessor": {"StartAt": "Count", "States": {"Count": {"Type": "Pass", "End": true}}}},
          "Refused": {"Type": "Fail", "Error": "Order.Refused"}
        }}
        """

    func graph(_ text: String = orders) throws -> DefinitionGraph {
        DefinitionGraph(try StateMachineDefinition(parsing: text))
    }

    func edges(_ graph: DefinitionGraph, in scope: DefinitionGraph.Scope? = nil) -> [String] {
        let scope = scope ?? graph.root
        let names = Dictionary(uniqueKeysWithValues: graph.allNodes.map { ($0.id, $0.label) })
        return scope.edges.map { edge in
            "\(names[edge.from] ?? "?") -\(edge.kind.rawValue)\(edge.label.map { "[\($0)]" } ?? "")-> \(names[edge.to] ?? "?")"
        }
    }

    @Test("Top-level nodes: Start, the states in definition order, End")
    func nodes() throws {
        let graph = try graph()
        #expect(graph.root.nodes.map(\.label) == ["Start", "Check", "Review", "Charge", "Ship", "Each", "Refused", "End"])
        #expect(graph.root.nodes[1].stateType == "Choice")
        #expect(Set(graph.allNodes.map(\.id)).count == graph.allNodes.count)
    }

    @Test("Choice edges carry their rule, Default is its own kind, Catch edges list their errors, terminal states reach End")
    func edgeKinds() throws {
        let graph = try graph()
        #expect(
            edges(graph) == [
                "Start -next-> Check",
                "Check -choice[$.total > 100]-> Review",
                "Check -choice[($.vip == true) and ($.country == \"FR\")]-> Ship",
                "Check -choiceDefault[Default]-> Charge",
                "Review -next-> Charge",
                "Charge -next-> Ship",
                "Charge -catch[Card.Declined, Card.Expired]-> Refused",
                "Ship -next-> Each",
                "Each -next-> End",
                "Refused -next-> End",
            ])
    }

    @Test("Parallel branches and the Map item processor are nested scopes with their own edges")
    func nesting() throws {
        let graph = try graph()
        let ship = try #require(graph.root.nodes.first { $0.label == "Ship" })
        #expect(ship.scopes.map(\.label) == ["Branch 1", "Branch 2"])
        #expect(ship.scopes[1].nodes.map(\.label) == ["Label", "Post"])
        #expect(edges(graph, in: ship.scopes[1]) == ["Label -next-> Post"])
        let each = try #require(graph.root.nodes.first { $0.label == "Each" })
        #expect(each.scopes.map(\.label) == ["Item processor"])
        #expect(each.scopes[0].nodes.map(\.label) == ["Count"])
    }

    @Test("Layout: no two boxes of one scope overlap, children sit inside their container, rows go down")
    func layout() throws {
        let graph = try graph()
        let layout = GraphLayout(graph)
        func check(_ scope: DefinitionGraph.Scope) throws {
            let boxes = try scope.nodes.map { try #require(layout.nodes[$0.id]) }
            for (i, a) in boxes.enumerated() {
                for b in boxes[(i + 1)...] {
                    let apart = a.maxX <= b.x || b.maxX <= a.x || a.maxY <= b.y || b.maxY <= a.y
                    #expect(apart, "overlap in \(scope.id)")
                }
                #expect(a.x >= 0 && a.y >= 0 && a.maxX <= layout.width && a.maxY <= layout.height)
            }
            for node in scope.nodes {
                let outer = try #require(layout.nodes[node.id])
                for inner in node.scopes {
                    let box = try #require(layout.scopes[inner.id])
                    #expect(box.x >= outer.x && box.maxX <= outer.maxX && box.y >= outer.y && box.maxY <= outer.maxY)
                    try check(inner)
                }
            }
        }
        try check(graph.root)
        let y = { (name: String) in layout.nodes[graph.allNodes.first { $0.label == name }!.id]!.y }
        #expect(y("Start") < y("Check"))
        #expect(y("Check") < y("Review"))
        #expect(y("Review") < y("Charge"))
        #expect(y("Charge") < y("Ship"))
        #expect(y("Each") < y("End"))
    }

    @Test("A loop back up does not push states down forever")
    func loops() throws {
        let graph = try graph(
            """
            {"StartAt": "Poll", "States": {
              "Poll": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Done?"},
              "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": false, "Next": "Wait"}], "Default": "Finish"},
              "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
              "Finish": {"Type": "Succeed"}}}
            """)
        let layout = GraphLayout(graph)
        let rows = Set(graph.root.nodes.compactMap { layout.nodes[$0.id]?.y })
        #expect(rows.count == 5)  // Start, Poll, Done?, Wait | Finish, End
        #expect(graph.svg().contains("Wait"))
    }

    @Test("SVG: names are escaped, statuses colour the nodes, Catch edges are dashed", arguments: ["<script>alert(1)</script>", "a & \"b\" 'c'"])
    func svg(name: String) throws {
        let text = """
            {"StartAt": "\(name.replacingOccurrences(of: "\"", with: "\\\""))", "States": {
              "\(name.replacingOccurrences(of: "\"", with: "\\\""))": {"Type": "Pass", "Next": "T"},
              "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]},
              "F": {"Type": "Fail"}}}
            """
        let graph = try graph(text)
        let plain = graph.svg()
        #expect(!plain.contains(name))
        #expect(!plain.contains("<script"))
        #expect(plain.contains("class=\"edge edge-catch\""))
        #expect(plain.contains("stroke-dasharray=\"6 4\""))
        #expect(!plain.contains("status-"))
        let coloured = graph.svg(statuses: [name: .succeeded, "T": .caught])
        #expect(coloured.contains("class=\"state status-succeeded\""))
        #expect(coloured.contains("class=\"state status-caught\" data-state=\"T\""))
        #expect(coloured.contains("class=\"state status-not-reached\" data-state=\"F\""))
        // Well-formed XML.
        let parser = XMLParser(data: Data(coloured.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test("DOT: clusters for containers, quoted labels, dashed Catch edges")
    func dot() throws {
        let dot = try graph().dot()
        #expect(dot.hasPrefix("digraph StateMachine {"))
        #expect(dot.contains("subgraph cluster_"))
        #expect(dot.contains("label=\"Parallel: Ship\""))
        #expect(dot.contains("label=\"Catch: Card.Declined, Card.Expired\", style=dashed"))
        #expect(dot.contains("label=\"($.vip == true) and ($.country == \\\"FR\\\")\""))
        #expect(dot.hasSuffix("}\n"))
        let braces = dot.filter { $0 == "{" }.count - dot.filter { $0 == "}" }.count
        #expect(braces == 0)
    }

    @Test("Mermaid: subgraphs for containers, dotted Catch edges, entity-escaped labels")
    func mermaid() throws {
        let mermaid = try graph().mermaid()
        #expect(mermaid.hasPrefix("flowchart TD\n"))
        #expect(mermaid.contains("-.->|\"Catch: Card.Declined, Card.Expired\"|"))
        #expect(mermaid.contains("-->|\"($.vip == true) and ($.country == #quot;FR#quot;)\"|"))
        let subgraphs = mermaid.components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("subgraph ") }
        let ends = mermaid.components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == "end" }
        #expect(subgraphs.count == 5)  // Ship, its two branches, Each, its item processor
        #expect(subgraphs.count == ends.count)
    }
}
