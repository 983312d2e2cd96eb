import OrderedCollections

extension ChoiceRule {
    /// Parses a rule object (the condition part only; a top-level rule's `Next`, `Assign`, `Output` and
    /// `Comment` are read by ``ChoiceState/Choice``).
    init(_ reader: FieldReader) throws(DefinitionError) {
        var found: [String] = []
        for key in ["And", "Or", "Not", "Condition"] where reader.has(key) { found.append(key) }
        var comparisonOperator: ComparisonOperator?
        for key in reader.object.keys {
            if let op = ComparisonOperator(rawValue: key) {
                found.append(key)
                comparisonOperator = op
            }
        }
        guard found.count == 1 else {
            let message =
                found.isEmpty
                ? "a choice rule needs exactly one comparison operator, And, Or, Not or Condition"
                : "a choice rule has more than one of \(found.joined(separator: ", "))"
            throw DefinitionError(message, path: reader.pointer)
        }
        switch found[0] {
        case "And", "Or":
            let key = found[0]
            guard let elements = try reader.array(key) else { throw reader.missing(key) }
            var rules: [ChoiceRule] = []
            for (index, element) in elements.enumerated() {
                let at = JSONPointer.appending(index, to: reader.path(key))
                rules.append(try ChoiceRule(FieldReader(element, at: at, what: "a choice rule")))
            }
            self = key == "And" ? .and(rules) : .or(rules)
        case "Not":
            guard let inner = try reader.reader("Not") else { throw reader.missing("Not") }
            self = .not(try ChoiceRule(inner))
        case "Condition":
            let value = reader.value("Condition") ?? .null
            guard value.stringValue != nil || value.boolValue != nil else {
                throw reader.typeError("Condition", expected: "a JSONata expression string", got: value)
            }
            self = .condition(value)
        default:
            guard let op = comparisonOperator, let operand = reader.value(op.rawValue) else {
                throw DefinitionError("a choice rule needs a comparison operator", path: reader.pointer)
            }
            guard op.acceptsOperand(operand) else {
                throw reader.typeError(op.rawValue, expected: op.operandDescription, got: operand)
            }
            let variable = try reader.requiredString("Variable")
            self = .comparison(ChoiceComparison(variable: variable, operator: op, operand: operand))
        }
    }

    /// The rule as ASL JSON (without a top-level rule's `Next`).
    public var json: JSONValue { .object(jsonObject) }

    var jsonObject: JSONObject {
        switch self {
        case .and(let rules): ["And": .array(rules.map(\.json))]
        case .or(let rules): ["Or": .array(rules.map(\.json))]
        case .not(let rule): ["Not": rule.json]
        case .condition(let condition): ["Condition": condition]
        case .comparison(let comparison):
            ["Variable": .string(comparison.variable), comparison.operator.rawValue: comparison.operand]
        }
    }
}
