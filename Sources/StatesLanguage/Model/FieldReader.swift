import OrderedCollections

/// Reads the fields of one JSON object of a definition, with the JSON pointer of each field for errors.
/// Only structure is checked here: types and required fields. Unknown fields are ignored (the validator
/// reports them).
struct FieldReader {
    let object: JSONObject
    let pointer: String

    init(_ value: JSONValue, at pointer: String, what: String) throws(DefinitionError) {
        guard case .object(let object) = value else {
            throw DefinitionError("\(what) must be a JSON object, not \(value.typeName)", path: pointer)
        }
        self.object = object
        self.pointer = pointer
    }

    func path(_ key: String) -> String { JSONPointer.appending(key, to: pointer) }

    func has(_ key: String) -> Bool { object[key] != nil }

    /// Any value, unchecked (templates, `Result`, `Assign`, `Output`, ...).
    func value(_ key: String) -> JSONValue? { object[key] }

    func typeError(_ key: String, expected: String, got value: JSONValue) -> DefinitionError {
        DefinitionError("\(key) must be \(expected), not \(value.typeName)", path: path(key))
    }

    func string(_ key: String) throws(DefinitionError) -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let text) = value else { throw typeError(key, expected: "a string", got: value) }
        return text
    }

    func requiredString(_ key: String) throws(DefinitionError) -> String {
        guard let text = try string(key) else { throw missing(key) }
        return text
    }

    func missing(_ key: String) -> DefinitionError {
        DefinitionError("missing required field \(key)", path: path(key))
    }

    func bool(_ key: String) throws(DefinitionError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let flag) = value else { throw typeError(key, expected: "a boolean", got: value) }
        return flag
    }

    func int(_ key: String) throws(DefinitionError) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value.intValue else { throw typeError(key, expected: "an integer", got: value) }
        return number
    }

    func double(_ key: String) throws(DefinitionError) -> Double? {
        guard let value = object[key] else { return nil }
        guard let number = value.doubleValue, number.isFinite else {
            throw typeError(key, expected: "a number", got: value)
        }
        return number
    }

    func intOrExpression(_ key: String) throws(DefinitionError) -> IntOrExpression? {
        guard let value = object[key] else { return nil }
        if case .string(let text) = value { return .expression(text) }
        guard let number = value.intValue else {
            throw typeError(key, expected: "an integer or a JSONata expression", got: value)
        }
        return .int(number)
    }

    func numberOrExpression(_ key: String) throws(DefinitionError) -> NumberOrExpression? {
        guard let value = object[key] else { return nil }
        if case .string(let text) = value { return .expression(text) }
        guard let number = value.doubleValue, number.isFinite else {
            throw typeError(key, expected: "a number or a JSONata expression", got: value)
        }
        return .number(number)
    }

    func nullablePath(_ key: String) throws(DefinitionError) -> NullablePath? {
        guard let value = object[key] else { return nil }
        switch value {
        case .null: return .null
        case .string(let text): return .path(text)
        default: throw typeError(key, expected: "a string or null", got: value)
        }
    }

    func array(_ key: String) throws(DefinitionError) -> [JSONValue]? {
        guard let value = object[key] else { return nil }
        guard case .array(let elements) = value else { throw typeError(key, expected: "an array", got: value) }
        return elements
    }

    func stringArray(_ key: String) throws(DefinitionError) -> [String]? {
        guard let elements = try array(key) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw DefinitionError(
                    "\(key) must contain only strings, not \(element.typeName)",
                    path: JSONPointer.appending(index, to: path(key)))
            }
            strings.append(text)
        }
        return strings
    }

    func reader(_ key: String) throws(DefinitionError) -> FieldReader? {
        guard let value = object[key] else { return nil }
        return try FieldReader(value, at: path(key), what: key)
    }

    func enumeration<E: RawRepresentable<String>>(_ key: String, as type: E.Type) throws(DefinitionError) -> E? {
        guard let text = try string(key) else { return nil }
        guard let value = E(rawValue: text) else {
            throw DefinitionError("\(key) has an unknown value \"\(text)\"", path: path(key))
        }
        return value
    }

    func queryLanguage() throws(DefinitionError) -> QueryLanguage? {
        try enumeration("QueryLanguage", as: QueryLanguage.self)
    }

    /// `Next` / `End` of a non-terminal state.
    func transition() throws(DefinitionError) -> Transition {
        let next = try string("Next")
        let end = try bool("End") ?? false
        switch (next, end) {
        case (let name?, false): return .next(name)
        case (nil, true): return .end
        case (_?, true):
            throw DefinitionError("a state cannot have both Next and End: true", path: path("End"))
        case (nil, false):
            throw DefinitionError("a state must have Next or End: true", path: pointer)
        }
    }
}

/// Builds a JSON object in a fixed field order, skipping absent fields, so encoding is stable.
struct FieldWriter {
    var object = JSONObject()

    mutating func set(_ key: String, _ value: JSONValue?) { if let value { object[key] = value } }
    mutating func set(_ key: String, _ value: String?) { if let value { object[key] = .string(value) } }
    mutating func set(_ key: String, _ value: Int?) { if let value { object[key] = .int(value) } }
    mutating func set(_ key: String, _ value: Bool?) { if let value { object[key] = .bool(value) } }
    mutating func set(_ key: String, _ value: Double?) { if let value { object[key] = .number(value) } }
    mutating func set(_ key: String, _ value: NullablePath?) { if let value { object[key] = value.json } }
    mutating func set(_ key: String, _ value: IntOrExpression?) { if let value { object[key] = value.json } }
    mutating func set(_ key: String, _ value: NumberOrExpression?) { if let value { object[key] = value.json } }
    mutating func set(_ key: String, strings: [String]?) {
        if let strings { object[key] = .array(strings.map(JSONValue.string)) }
    }
    mutating func set<E: RawRepresentable<String>>(_ key: String, _ value: E?) {
        if let value { object[key] = .string(value.rawValue) }
    }
    mutating func set(_ transition: Transition) {
        switch transition {
        case .next(let name): object["Next"] = .string(name)
        case .end: object["End"] = .bool(true)
        }
    }

    var json: JSONValue { .object(object) }
}
