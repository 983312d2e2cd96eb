import OrderedCollections

/// One selection step of a compiled path.
enum PathSelector: Sendable, Hashable {
    /// `.name` or `['name']`.
    case member(String)
    /// `['a','b']`: at the end of a path, an object of the named members that exist (Jayway's merge);
    /// elsewhere, each named member in turn.
    case members([String])
    /// `[n]`; a negative index counts from the end.
    case index(Int)
    /// `[0,2]`.
    case indexes([Int])
    /// `[start:end]` with either bound optional and negative bounds counting from the end.
    case slice(start: Int?, end: Int?)
    /// `.*` or `[*]`: every member value of an object, every element of an array.
    case wildcard
    /// `[?(...)]`: the elements of an array (or an object itself) the predicate accepts.
    case filter(FilterExpression)
}

/// A step: a selector, applied to the current node (`.x`, `[...]`) or to it and all its descendants (`..x`).
struct PathSegment: Sendable, Hashable {
    var selector: PathSelector
    var isDeepScan: Bool
}

/// The compiled steps of a path after its root.
struct PathBody: Sendable, Hashable {
    let segments: [PathSegment]
    let isDefinite: Bool
    let isReference: Bool

    init(segments: [PathSegment]) {
        self.segments = segments
        var definite = true
        var reference = true
        for (offset, segment) in segments.enumerated() {
            if segment.isDeepScan { definite = false; reference = false; continue }
            switch segment.selector {
            case .member, .index: break
            case .members(let names):
                reference = false
                // Jayway merges a multi-member selection at the leaf into one object: still definite.
                if names.count > 1 && offset != segments.count - 1 { definite = false }
            case .indexes(let indexes):
                reference = false
                if indexes.count > 1 { definite = false }
            case .slice, .wildcard, .filter:
                definite = false
                reference = false
            }
        }
        self.isDefinite = definite
        self.isReference = reference && definite
    }

    /// Evaluates the steps from `start`. `document` is what `$` means inside filter expressions.
    func evaluate(on start: JSONValue, document: JSONValue) -> JSONValue? {
        if isDefinite {
            return evaluateDefinite(on: start)
        }
        var matches: [JSONValue] = []
        collect(start, from: 0, document: document, into: &matches)
        return .array(matches)
    }

    private func evaluateDefinite(on start: JSONValue) -> JSONValue? {
        var current = start
        for segment in segments {
            switch segment.selector {
            case .member(let name):
                guard case .object(let object) = current, let next = object[name] else { return nil }
                current = next
            case .index(let index):
                guard let next = Self.element(of: current, at: index) else { return nil }
                current = next
            case .indexes(let indexes):
                guard let index = indexes.first, let next = Self.element(of: current, at: index) else { return nil }
                current = next
            case .members(let names):
                guard case .object(let object) = current else { return nil }
                if names.count == 1 {
                    guard let next = object[names[0]] else { return nil }
                    current = next
                } else {
                    current = .object(Self.merge(names, of: object))
                }
            case .slice, .wildcard, .filter:
                return nil  // not reached: such paths are indefinite
            }
        }
        return current
    }

    static func element(of value: JSONValue, at index: Int) -> JSONValue? {
        guard case .array(let array) = value else { return nil }
        let resolved = index < 0 ? array.count + index : index
        guard array.indices.contains(resolved) else { return nil }
        return array[resolved]
    }

    private static func merge(_ names: [String], of object: JSONObject) -> JSONObject {
        var merged = JSONObject()
        for name in names {
            if let value = object[name] { merged[name] = value }
        }
        return merged
    }

    private func collect(_ node: JSONValue, from position: Int, document: JSONValue, into matches: inout [JSONValue]) {
        guard position < segments.count else {
            matches.append(node)
            return
        }
        let segment = segments[position]
        if segment.isDeepScan {
            scan(node, segment.selector, next: position + 1, document: document, into: &matches)
        } else {
            select(node, segment.selector, isLeaf: position == segments.count - 1, document: document) { child in
                collect(child, from: position + 1, document: document, into: &matches)
            }
        }
    }

    /// Applies the selector to `node` and to each of its descendants, parents before children.
    private func scan(
        _ node: JSONValue, _ selector: PathSelector, next: Int, document: JSONValue, into matches: inout [JSONValue]
    ) {
        if case .filter(let predicate) = selector {
            // Jayway tests a filter against each object met on the way (array elements are met as nodes).
            if case .object = node, predicate.accepts(node, document: document) {
                collect(node, from: next, document: document, into: &matches)
            }
        } else {
            select(node, selector, isLeaf: next == segments.count, document: document) { child in
                collect(child, from: next, document: document, into: &matches)
            }
        }
        switch node {
        case .object(let object):
            for value in object.values { scan(value, selector, next: next, document: document, into: &matches) }
        case .array(let array):
            for value in array { scan(value, selector, next: next, document: document, into: &matches) }
        default:
            break
        }
    }

    /// Calls `body` with each node the selector picks from `node`.
    private func select(
        _ node: JSONValue, _ selector: PathSelector, isLeaf: Bool, document: JSONValue, _ body: (JSONValue) -> Void
    ) {
        switch selector {
        case .member(let name):
            if case .object(let object) = node, let value = object[name] { body(value) }
        case .members(let names):
            guard case .object(let object) = node else { return }
            if isLeaf && names.count > 1 {
                // Jayway merges the named members into one object; an object lacking all of them yields nothing.
                let merged = Self.merge(names, of: object)
                if !merged.isEmpty { body(.object(merged)) }
            } else {
                for name in names { if let value = object[name] { body(value) } }
            }
        case .index(let index):
            if let value = Self.element(of: node, at: index) { body(value) }
        case .indexes(let indexes):
            for index in indexes { if let value = Self.element(of: node, at: index) { body(value) } }
        case .slice(let start, let end):
            guard case .array(let array) = node else { return }
            let count = array.count
            var lower = start.map { $0 < 0 ? count + $0 : $0 } ?? 0
            var upper = end.map { $0 < 0 ? count + $0 : $0 } ?? count
            lower = max(0, min(lower, count))
            upper = max(0, min(upper, count))
            if lower < upper { for value in array[lower..<upper] { body(value) } }
        case .wildcard:
            switch node {
            case .object(let object): for value in object.values { body(value) }
            case .array(let array): for value in array { body(value) }
            default: break
            }
        case .filter(let predicate):
            switch node {
            case .array(let array):
                // AWS: "the @ operator ... doesn't match scalar values, only objects".
                for value in array {
                    if case .object = value, predicate.accepts(value, document: document) { body(value) }
                }
            case .object:
                if predicate.accepts(node, document: document) { body(node) }
            default:
                break
            }
        }
    }
}
