import Foundation
import OrderedCollections

/// A payload template could not be compiled: a `.$` field whose value is not a path or an intrinsic function.
public struct PayloadTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Where, as a JSON pointer into the template (e.g. `/MyDetails/size.$`).
    public var path: String

    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A compiled payload template: `Parameters`, `ResultSelector`, `ItemSelector` or a JSONPath state's `Assign`.
///
/// Fields whose name ends in `.$` take a path (`$.x`, `$$.x`, `$var`) or an intrinsic function; the `.$` is
/// dropped from the output's field name. Nested objects and objects inside arrays are templates too. Parts
/// without `.$` fields are kept as constants and not rebuilt on evaluation.
///
/// ```swift
/// let template = try PayloadTemplate(["comment": "Selecting what I care about.", "size.$": "$.product.details.size"])
/// let parameters = try template.evaluate(in: EvaluationScope(input: input))
/// ```
public struct PayloadTemplate: Sendable, Hashable {
    /// The template as written.
    public let template: JSONValue
    let root: TemplateNode

    /// Compiles a template, parsing every path and intrinsic function once.
    ///
    /// - Throws: ``PayloadTemplateError`` for a `.$` field whose value is not a string, not a valid path or
    ///   intrinsic function, or a field given both with and without `.$`.
    public init(_ template: JSONValue) throws(PayloadTemplateError) {
        self.template = template
        self.root = try TemplateNode.compile(template, pointer: "")
    }

    /// Whether the template has no `.$` field anywhere (it evaluates to itself).
    public var isConstant: Bool {
        if case .constant = root { return true }
        return false
    }

    /// Evaluates the template.
    ///
    /// - Throws: `States.Runtime` when a definite path matches nothing (as AWS raises it), for a path
    ///   applied to a `null` input, and for a result nested deeper than ``JSONValue/maximumNestingDepth``;
    ///   `States.IntrinsicFailure` from an intrinsic function.
    public func evaluate(in scope: EvaluationScope) throws(StatesError) -> JSONValue {
        var generator = SystemRandomNumberGenerator()
        return try evaluate(in: scope, using: &generator)
    }

    /// Evaluates the template, drawing randomness for `States.MathRandom` and `States.UUID` from `generator`.
    public func evaluate(
        in scope: EvaluationScope, using generator: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSONValue {
        let value = try root.evaluate(in: scope, random: &generator)
        // A template nests its input deeper; past the limit the value could not be stored and read back.
        if !isConstant, value.nestingDepth(exceeds: JSONValue.maximumNestingDepth) { throw StatesError.nestingTooDeep() }
        return value
    }

    public static func == (lhs: PayloadTemplate, rhs: PayloadTemplate) -> Bool { lhs.template == rhs.template }
    public func hash(into hasher: inout Hasher) { hasher.combine(template) }
}

/// The compiled form of a template value.
indirect enum TemplateNode: Sendable {
    case constant(JSONValue)
    case object([(key: String, node: TemplateNode)])
    case array([TemplateNode])
    case path(JSONPath, field: String)
    case intrinsic(IntrinsicExpression)

    static func compile(_ value: JSONValue, pointer: String) throws(PayloadTemplateError) -> TemplateNode {
        switch value {
        case .object(let object):
            var members: [(key: String, node: TemplateNode)] = []
            members.reserveCapacity(object.count)
            var dynamic = false
            var names = Set<String>()
            var pathFields = Set<String>()
            for (key, member) in object {
                let memberPointer = pointer + "/" + escapePointer(key)
                if key.hasSuffix(".$") && key.count > 2 {
                    let name = String(key.dropLast(2))
                    guard names.insert(name).inserted else {
                        throw PayloadTemplateError(message: "The field '\(name)' is given both with and without '.$'", path: memberPointer)
                    }
                    members.append((name, try compileDynamic(member, field: key, pointer: memberPointer)))
                    pathFields.insert(name)
                    dynamic = true
                } else {
                    guard names.insert(key).inserted else {
                        throw PayloadTemplateError(message: "The field '\(key)' is given both with and without '.$'", path: memberPointer)
                    }
                    let node = try compile(member, pointer: memberPointer)
                    if case .constant = node {} else { dynamic = true }
                    members.append((key, node))
                }
            }
            return dynamic ? .object(TemplateMemberOrder.ordered(members, pathFields: pathFields)) : .constant(value)
        case .array(let items):
            var nodes: [TemplateNode] = []
            nodes.reserveCapacity(items.count)
            var dynamic = false
            for (index, item) in items.enumerated() {
                let node = try compile(item, pointer: pointer + "/\(index)")
                if case .constant = node {} else { dynamic = true }
                nodes.append(node)
            }
            return dynamic ? .array(nodes) : .constant(value)
        default:
            return .constant(value)
        }
    }

    private static func compileDynamic(_ value: JSONValue, field: String, pointer: String) throws(PayloadTemplateError) -> TemplateNode {
        guard case .string(let text) = value else {
            throw PayloadTemplateError(
                message: "The value of the field '\(field)' must be a string holding a JSONPath or an intrinsic function, not \(value.typeName)",
                path: pointer)
        }
        if IntrinsicExpression.looksLikeIntrinsic(text) {
            do {
                return .intrinsic(try IntrinsicExpression(parsing: text))
            } catch {
                throw PayloadTemplateError(message: error.message, path: pointer)
            }
        }
        guard text.hasPrefix("$") else {
            throw PayloadTemplateError(
                message: "The value of the field '\(field)' must be a valid JSONPath or intrinsic function, but is '\(text)'",
                path: pointer)
        }
        do {
            return .path(try JSONPath(text), field: field)
        } catch {
            throw PayloadTemplateError(message: error.message, path: pointer)
        }
    }

    private static func escapePointer(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    func evaluate(in scope: EvaluationScope, random: inout some RandomNumberGenerator) throws(StatesError) -> JSONValue {
        switch self {
        case .constant(let value):
            return value
        case .object(let members):
            var object = JSONObject(minimumCapacity: members.count)
            for member in members {
                object[member.key] = try member.node.evaluate(in: scope, random: &random)
            }
            return .object(object)
        case .array(let nodes):
            var items: [JSONValue] = []
            items.reserveCapacity(nodes.count)
            for node in nodes { items.append(try node.evaluate(in: scope, random: &random)) }
            return .array(items)
        case .path(let path, let field):
            if path.root == .input, scope.input == .null { throw DataFlowError.nullInput() }
            guard let value = path.evaluate(in: scope) else {
                throw DataFlowError.parameterPath(path, field: field, input: scope.value(of: path.root))
            }
            return value
        case .intrinsic(let expression):
            return try expression.call.evaluate(in: scope, random: &random, expression: expression.text)
        }
    }
}

/// The member order AWS gives an object built from a JSONPath payload template: the fields written without `.$` first,
/// as written, then the `.$` fields in the iteration order of a Java `HashMap` holding them (default capacity 16,
/// doubled past a load of 0.75; by bucket of the spread `String.hashCode`, then by insertion).
///
/// Recorded against AWS (LocalStack's snapshots, ids masked, member order kept):
/// `{"encoded.$", "decoded.$"}` became `{"decoded", "encoded"}` and `{"mergedJson.$", "parsedJson.$",
/// "stringifiedJson.$"}` `{"parsedJson", "mergedJson", "stringifiedJson"}` (test_assign_reference_variables,
/// BASE_REFERENCE_IN_INTRINSIC_FUNCTION); the seven `arrayOps` fields of BASE_ASSIGN_FROM_INTRINSIC_FUNCTION came out
/// `uniqueValues, simpleArray, thirdElement, partitionedArray, arraySize, containsElement, numberRange`;
/// `{"FunctionName.$", "Payload": {...}}` became `{"Payload", "FunctionName"}` (BASE_REFERENCE_IN_LAMBDA_TASK_FIELDS)
/// and `{"foo", "bar.$"}` `{"foo", "bar"}` (test_mixed_query_language, JSONPATH_OUTPUT_TO_JSONATA), while objects
/// without `.$` fields keep their order.
enum TemplateMemberOrder {
    static func ordered(
        _ members: [(key: String, node: TemplateNode)], pathFields: Set<String>
    ) -> [(key: String, node: TemplateNode)] {
        guard !pathFields.isEmpty else { return members }
        let written = members.filter { !pathFields.contains($0.key) }
        let paths = members.filter { pathFields.contains($0.key) }
        return written + JavaHashMapOrder.iterationOrder(of: paths.map(\.key)).map { paths[$0] }
    }
}
