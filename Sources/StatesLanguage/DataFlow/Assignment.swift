public import OrderedCollections
import Synchronization

/// A compiled `Assign` block of a JSONPath state: variable names and the template of their values.
public struct Assignment: Sendable, Hashable {
    /// The longest variable name AWS accepts.
    public static let maximumNameLength = 80

    private let template: PayloadTemplate

    /// Compiles an `Assign` object.
    ///
    /// - Throws: ``PayloadTemplateError`` when `assign` is not an object, a variable name is not valid, or a
    ///   `.$` value is not a path or an intrinsic function.
    public init(_ assign: JSONValue) throws(PayloadTemplateError) {
        guard case .object(let object) = assign else {
            throw PayloadTemplateError(message: "Assign must be a JSON object, not \(assign.typeName)", path: "")
        }
        for key in object.keys {
            let name = key.hasSuffix(".$") ? String(key.dropLast(2)) : key
            guard Self.isValidVariableName(name) else {
                throw PayloadTemplateError(
                    message: "'\(name)' is not a valid variable name: it must start with a letter or '_', continue with "
                        + "letters, digits or '_', and have at most \(Self.maximumNameLength) characters",
                    path: "/" + key)
            }
        }
        self.template = try PayloadTemplate(assign, pathsLast: false)
    }

    /// Whether `name` can name a variable: a Unicode identifier (ID_Start or `_`, then ID_Continue characters)
    /// of at most 80 characters.
    public static func isValidVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= maximumNameLength else { return false }
        guard first.properties.isIDStart || first == "_" else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { $0.properties.isIDContinue }
    }

    /// The variables the block assigns, each evaluated against `scope` (the values from before the state).
    public func evaluate(in scope: EvaluationScope) throws(StatesError) -> JSONObject {
        guard case .object(let values) = try template.evaluate(in: scope) else { return [:] }
        return values
    }

    /// As ``evaluate(in:)``, drawing randomness for intrinsic functions from `generator`.
    public func evaluate(in scope: EvaluationScope, using generator: inout some RandomNumberGenerator) throws(StatesError) -> JSONObject {
        guard case .object(let values) = try template.evaluate(in: scope, using: &generator) else { return [:] }
        return values
    }

    private static let cache = Mutex<[JSONValue: Assignment]>([:])
    private static let cacheLimit = 1024

    /// The compiled form of `assign`, compiled once per process and then shared (what ``DataFlow/assign(_:in:)``
    /// uses, so calling it per state transition does not re-parse paths and intrinsic functions).
    public static func cached(_ assign: JSONValue) throws(PayloadTemplateError) -> Assignment {
        if let hit = cache.withLock({ $0[assign] }) { return hit }
        let compiled = try Assignment(assign)
        cache.withLock { entries in
            if entries.count >= cacheLimit { entries.removeAll(keepingCapacity: true) }
            entries[assign] = compiled
        }
        return compiled
    }
}
