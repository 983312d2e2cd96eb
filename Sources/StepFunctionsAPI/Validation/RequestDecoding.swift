import Foundation
import OrderedCollections
import StatesLanguage

/// Decodes request bodies the way AWS's JSON 1.0 front end does, with AWS's errors:
/// a body that is not a JSON object is a `SerializationException`; missing required members and failed member
/// constraints are one `ValidationException` listing every violation
/// (`2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; ...`).
public enum RequestDecoding {
    /// Decodes and constraint-checks a request shape. An empty body reads as `{}`.
    public static func decode<Shape: StepFunctionsShape>(
        _ type: Shape.Type, from body: some Collection<UInt8>
    ) throws(StepFunctionsError) -> Shape {
        let bytes = body.isEmpty ? Array("{}".utf8) : Array(body)
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw StepFunctionsError(.serializationException, "Invalid JSON: \(error.description)")
        }
        guard case .object(let object) = json else {
            throw StepFunctionsError(.serializationException, "Start of structure or map expected, found \(json.typeName)")
        }
        let nulls = Shape.requiredMembers.filter { object[$0] == nil || object[$0] == .null }.map { member in
            Shape.hiddenMembers.contains(member)
                ? ConstraintViolation(path: member, value: .hidden, constraint: "Member must not be null") : .null(at: member)
        }
        if !nulls.isEmpty { throw .validation(nulls) }
        let shape: Shape
        do {
            shape = try StepFunctionsCoding.makeDecoder().decode(Shape.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw Self.error(for: error)
        } catch {
            throw StepFunctionsError(.serializationException, "\(error)")
        }
        try shape.validateConstraints()
        return shape
    }

    /// The AWS error for a decoding failure below the top level.
    static func error(for error: DecodingError) -> StepFunctionsError {
        switch error {
        case .keyNotFound(let key, let context):
            return .validation([.null(at: path(context.codingPath + [key]))])
        case .valueNotFound(_, let context):
            return .validation([.null(at: path(context.codingPath))])
        case .typeMismatch(let type, let context):
            return StepFunctionsError(
                .serializationException, "Unexpected value at '\(path(context.codingPath))': expected \(typeName(type))")
        case .dataCorrupted(let context):
            return StepFunctionsError(
                .serializationException, "Invalid value at '\(path(context.codingPath))': \(context.debugDescription)")
        @unknown default:
            return StepFunctionsError(.serializationException, "\(error)")
        }
    }

    /// AWS's member path: `tags.1.member.key` (list indexes are 1-based and followed by `.member`).
    static func path(_ codingPath: [any CodingKey]) -> String {
        var parts: [String] = []
        for key in codingPath {
            if let index = key.intValue { parts.append("\(index + 1).member") } else { parts.append(key.stringValue) }
        }
        return parts.joined(separator: ".")
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type, is Date.Type: "a number"
        case is Bool.Type: "a boolean"
        default: "\(type)"
        }
    }
}
