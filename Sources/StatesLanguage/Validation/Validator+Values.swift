import Foundation
import OrderedCollections

/// Checks of single field values: types, ranges, timestamps and JSONata expression strings.
extension DefinitionValidator {
    /// True when `text` is written as a JSONata expression: `{% … %}`.
    static func isJSONataExpression(_ text: String) -> Bool {
        text.hasPrefix("{%") && text.hasSuffix("%}") && text.utf8.count >= 4
    }

    /// Checks a string that starts like a JSONata expression, as AWS does at definition time: it parses
    /// (`INVALID_JSONATA_EXPRESSION` with the parser's message, without JSONata's code), reads nothing from the
    /// top-level context and no `$states` field the field does not have (`UNSUPPORTED_JSONATA_EXPRESSION`).
    mutating func checkJSONataString(_ text: String, path: String) {
        guard text.hasPrefix("{%") else { return }
        guard Self.isJSONataExpression(text) else {
            schema(path, "The JSONata expression must end with '%}'")
            return
        }
        let body = String(text.dropFirst(2).dropLast(2))
        let location = awsLocation(path)
        // Parsed with the JSONata parser the engine runs: a syntax error is the definition's, at creation, not the
        // execution's (unless `checksJSONataSyntax` is off).
        let tokens: [JSONataToken]
        do {
            if checksJSONataSyntax {
                let expression = try JSONataExpression(parsing: body)
                for reference in expression.topLevelReferences {
                    report(
                        Diagnostic.Code.unsupportedJSONataExpression, location,
                        reference == "$$"
                            ? "Reference to '$$' is not supported." : "Reference to '\(reference)' at the top level is not supported.")
                }
            }
            tokens = try JSONataLexer.tokenize(body)
        } catch {
            if checksJSONataSyntax { report(Diagnostic.Code.invalidJSONataExpression, location, error.message) }
            return
        }
        for member in ["result", "errorOutput"] where !jsonataReadable.contains(member) {
            if Self.references(tokens, "states", member) {
                report(Diagnostic.Code.unsupportedJSONataExpression, location, "Field '$states.\(member)' does not exist.")
            }
        }
    }

    /// A JSON pointer into the definition as AWS writes a diagnostic's location: an array index is
    /// `[0]` after its field (`/States/C/Choices[0]/Condition`, `/States/E/Output/a/b[0]`), and keys are not escaped.
    func awsLocation(_ pointer: String) -> String {
        Self.awsLocation(pointer, in: document)
    }

    /// ``awsLocation(_:)`` in `document`.
    static func awsLocation(_ pointer: String, in document: JSONValue?) -> String {
        guard !pointer.isEmpty else { return pointer }
        var location = ""
        var value: JSONValue? = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = String(token).replacing("~1", with: "/").replacing("~0", with: "~")
            if case .array(let items)? = value, let index = Int(key), items.indices.contains(index) {
                location += "[\(index)]"
                value = items[index]
            } else {
                location += "/" + key
                if case .object(let members)? = value { value = members[key] } else { value = nil }
            }
        }
        return location
    }

    /// Whether the expression reads `$variable.member` (tokens, so not inside a string literal or a comment).
    static func references(_ tokens: [JSONataToken], _ variable: String, _ member: String) -> Bool {
        tokens.indices.dropLast(2).contains { index in
            tokens[index].kind == .variable && tokens[index].text == variable
                && tokens[index + 1].kind == .operator && tokens[index + 1].text == "."
                && tokens[index + 2].kind == .name && tokens[index + 2].text == member
        }
    }

    /// Checks every string inside a JSONata-language value (`Output`, `Arguments`, `Assign` values).
    mutating func checkJSONataValue(_ value: JSONValue, path: String, depth: Int = 0) {
        guard depth < 512 else {
            report(Diagnostic.Code.tooDeeplyNested, path, "The value nests too deeply")
            return
        }
        switch value {
        case .string(let text): checkJSONataString(text, path: path)
        case .array(let items):
            for (index, item) in items.enumerated() {
                checkJSONataValue(item, path: JSONPointer.appending(index, to: path), depth: depth + 1)
            }
        case .object(let members):
            for (key, member) in members {
                checkJSONataValue(member, path: JSONPointer.appending(key, to: path), depth: depth + 1)
            }
        default: break
        }
    }

    /// An integer within `range`; in a JSONata state (`allowJSONata`) a `{% %}` expression string is accepted too.
    /// The messages are AWS's (measured with ValidateStateMachineDefinition, 2026-09: "Expected value of type
    /// Integer", "Minimum value is 0", "Maximum value is 100000000"); a bound of `Int.max` is no bound.
    mutating func checkInteger(
        _ value: JSONValue, path: String, field: String, range: ClosedRange<Int>, allowJSONata: Bool = false
    ) {
        if allowJSONata, case .string(let text) = value, text.hasPrefix("{%") {
            checkJSONataString(text, path: path)
            return
        }
        guard let number = value.intValue, value.isNumber else {
            schema(path, "Expected value of type Integer")
            return
        }
        if number < range.lowerBound {
            schema(path, "Minimum value is \(range.lowerBound)")
        } else if number > range.upperBound {
            schema(path, "Maximum value is \(range.upperBound)")
        }
    }

    /// A number within `range` (either bound may be open-ended); AWS writes a decimal field's bounds as Java prints a
    /// double ("Minimum value is 0.0", "Maximum value is 100.0").
    mutating func checkNumber(
        _ value: JSONValue, path: String, field: String, minimum: Double? = nil, maximum: Double? = nil,
        allowJSONata: Bool = false
    ) {
        if allowJSONata, case .string(let text) = value, text.hasPrefix("{%") {
            checkJSONataString(text, path: path)
            return
        }
        guard let number = value.doubleValue else {
            schema(path, "The value for the field '\(field)' must be a number")
            return
        }
        if let minimum, number < minimum {
            schema(path, "Minimum value is \(minimum)")
        } else if let maximum, number > maximum {
            schema(path, "Maximum value is \(maximum)")
        }
    }

    /// `object[field]`, when present, must be a string; returns it.
    @discardableResult
    mutating func checkOptionalString(_ object: JSONObject, _ field: String, base: String) -> String? {
        guard let value = object[field] else { return nil }
        guard let text = value.stringValue else {
            schema(JSONPointer.appending(field, to: base), "The field '\(field)' must be a string")
            return nil
        }
        return text
    }

    /// `object[field]`, when present, must be a JSON object; returns it.
    @discardableResult
    mutating func checkOptionalObject(_ object: JSONObject, _ field: String, base: String) -> JSONObject? {
        guard let value = object[field] else { return nil }
        guard let members = value.objectValue else {
            schema(JSONPointer.appending(field, to: base), "The field '\(field)' must be an object")
            return nil
        }
        return members
    }

    /// Reports every key of `object` outside `allowed` as unsupported, at `path`.
    mutating func checkKnownFields(_ object: JSONObject, allowed: Set<String>, path: String) {
        for key in object.keys where !allowed.contains(key) {
            schema(path, "Field '\(key)' is not supported")
        }
    }

    /// A field of the other query language: "The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only
    /// supported for the 'JSONPath' QueryLanguage", AWS's words.
    mutating func wrongLanguage(_ field: String, in language: ValidationLanguage, path: String) {
        let other: ValidationLanguage = language == .jsonata ? .jsonPath : .jsonata
        schema(
            path,
            "The QueryLanguage is set to '\(language.rawValue)', but field '\(field)' is only supported for the '\(other.rawValue)' QueryLanguage")
    }

    /// At most one of `fields` may be present in `object`. AWS names the whole group, in the order a Java `HashSet`
    /// of them iterates ("There should only be one of the following fields: [SecondsPath, Seconds, TimestampPath,
    /// Timestamp]" for a Wait state's timing fields, "[MaxItems, MaxItemsPath]").
    mutating func checkExclusive(_ object: JSONObject, _ fields: [String], path: String) {
        if fields.count(where: { object[$0] != nil }) > 1 {
            schema(path, "There should only be one of the following fields: \(Self.fieldGroup(fields))")
        }
    }

    /// Exactly one of `fields` must be present: none is AWS's "This object should have only one of the following
    /// fields", more than one ``checkExclusive(_:_:path:)``'s message.
    mutating func checkExactlyOne(_ object: JSONObject, _ fields: [String], path: String) {
        if !fields.contains(where: { object[$0] != nil }) {
            schema(path, "This object should have only one of the following fields: \(Self.fieldGroup(fields))")
        } else {
            checkExclusive(object, fields, path: path)
        }
    }

    /// `[a, b]`: field names in the order a Java `HashSet` of them iterates.
    static func fieldGroup(_ fields: [String]) -> String {
        "[" + JavaHashMapOrder.ordered(fields).joined(separator: ", ") + "]"
    }

    /// RFC 3339 as AWS reads timestamps: `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`, uppercase `T` and `Z`.
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        guard digits(0, 4) != nil, byte(4) == 45, let month = digits(5, 2), byte(7) == 45, let day = digits(8, 2),
            byte(10) == 84, let hour = digits(11, 2), byte(13) == 58, let minute = digits(14, 2), byte(16) == 58,
            let second = digits(17, 2)
        else { return false }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return false }
        var index = 19
        if byte(index) == 46 {
            index += 1
            let start = index
            while let next = byte(index), (48...57).contains(next) { index += 1 }
            guard index > start else { return false }
        }
        if byte(index) == 90 { return index + 1 == bytes.count }
        guard byte(index) == 43 || byte(index) == 45, let offsetHour = digits(index + 1, 2), byte(index + 3) == 58,
            let offsetMinute = digits(index + 4, 2)
        else { return false }
        return offsetHour < 24 && offsetMinute < 60 && index + 6 == bytes.count
    }
}
