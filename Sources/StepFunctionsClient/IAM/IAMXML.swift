import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of an XML document: its name, its text and its child elements (the AWS Query protocol's answers are
/// plain element trees without attributes that matter).
struct XMLElementNode: Sendable, Hashable {
    var name: String
    var text: String = ""
    var children: [XMLElementNode] = []

    /// The first child named `name`.
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// The element at a path of child names below this one.
    func child(path: [String]) -> XMLElementNode? {
        var node = self
        for name in path {
            guard let next = node.child(name) else { return nil }
            node = next
        }
        return node
    }

    /// The text of the child named `name`, trimmed; nil when there is no such child.
    func text(_ name: String) -> String? { child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) } }

    /// The first element named `name` here or below, depth first.
    func first(named name: String) -> XMLElementNode? {
        if self.name == name { return self }
        for child in children { if let found = child.first(named: name) { return found } }
        return nil
    }

    /// Parses a document; nil when it is not well-formed XML. External entities are never resolved.
    static func parse(_ bytes: [UInt8]) -> XMLElementNode? {
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse() else { return nil }
        return builder.root
    }
}

/// Builds the element tree while `XMLParser` reads; used on one thread, for one parse.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLElementNode] = []
    var root: XMLElementNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        stack.append(XMLElementNode(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }
}
