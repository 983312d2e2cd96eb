import Foundation

/// A typed reference to a field of a workflow value: a JSONPath into `Root` whose value has type `Value`.
///
/// Fields are how a workflow shapes data without Swift closures (so the same workflow runs on AWS): Choice
/// conditions, `Map` items, `Wait` fields and data-flow modifiers take them.
///
/// ```swift
/// extension Order {
///     enum Fields {                                            // as GRDB derives Columns from CodingKeys
///         static let ingredients = Field<Order, [String]>(CodingKeys.ingredients)
///         static let size = Field(\Order.size)                 // from a key path: the property's name
///     }
/// }
/// ```
///
/// A key path gives the Swift property names; when `CodingKeys` rename properties, derive the field from
/// the coding key (or give the JSONPath) instead.
public struct Field<Root, Value>: Sendable, CustomStringConvertible {
    /// The JSONPath, relative to `$`.
    public let path: String
    /// Why the field could not be derived (reported when the workflow is lowered).
    let problem: String?

    /// A field at a JSONPath such as `$.order.items`.
    public init(jsonPath: String) {
        path = jsonPath
        problem = jsonPath == "$" || jsonPath.hasPrefix("$.") || jsonPath.hasPrefix("$[") ? nil : "a field path must start with $: \(jsonPath)"
    }

    /// A top-level field named by a coding key.
    public init(_ key: some CodingKey) {
        self.init(path: Field.append(key.stringValue, to: "$"), problem: nil)
    }

    /// A field named by a key path: its properties' Swift names, joined.
    public init(_ keyPath: KeyPath<Root, Value>) {
        let (path, problem) = Field.derive(keyPath, root: Root.self, base: "$")
        self.init(path: path, problem: problem)
    }

    init(path: String, problem: String?) {
        self.path = path
        self.problem = problem
    }

    /// The whole value (`$`).
    public static var root: Field<Root, Root> { Field<Root, Root>(path: "$", problem: nil) }

    /// A field of this field's value, by coding key.
    public func appending<Member>(_ key: some CodingKey, as type: Member.Type = Member.self) -> Field<Root, Member> {
        Field<Root, Member>(path: Field.append(key.stringValue, to: path), problem: problem)
    }

    /// A field of this field's value, by key path.
    public func appending<Member>(_ keyPath: KeyPath<Value, Member>) -> Field<Root, Member> {
        let (path, problem) = Field.derive(keyPath, root: Value.self, base: path)
        return Field<Root, Member>(path: path, problem: self.problem ?? problem)
    }

    public var description: String { path }

    static func append(_ name: String, to base: String) -> String {
        let plain = name.first.map { $0.isLetter || $0 == "_" } ?? false
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        if plain { return "\(base).\(name)" }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "\(base)['\(escaped)']"
    }

    static func derive(_ keyPath: AnyKeyPath, root: Any.Type, base: String) -> (String, String?) {
        let text = String(describing: keyPath)
        let prefix = "\\" + String(describing: root) + "."
        guard text.hasPrefix(prefix) else {
            return (base, "cannot derive a field name from the key path \(text); use Field(CodingKeys.x) or Field(jsonPath:)")
        }
        var path = base
        for component in text.dropFirst(prefix.count).split(separator: ".") {
            let name = component.filter { $0 != "?" && $0 != "!" }
            guard !name.isEmpty, !name.contains("<"), !name.contains("["), !name.contains("(") else {
                return (base, "the key path \(text) has a component that is not a stored property; use Field(jsonPath:)")
            }
            path = append(name, to: path)
        }
        return (path, nil)
    }
}
