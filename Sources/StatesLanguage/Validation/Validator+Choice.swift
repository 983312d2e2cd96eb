import OrderedCollections

/// Choice states: `Choices`, `Default`, and choice rules at any depth (JSONPath operators or JSONata `Condition`).
extension DefinitionValidator {
    mutating func checkChoice(
        _ state: JSONObject, path: String, language: ValidationLanguage, transitions: inout [Transition], depth: Int
    ) {
        if let fallback = state["Default"] {
            if let target = fallback.stringValue {
                transitions.append(Transition(target: target, path: path + "/Default"))
            } else {
                schema(path + "/Default", "The field 'Default' must be a string")
            }
        }
        guard let choicesValue = state["Choices"] else {
            schema(path, "These fields are required: [Choices]")
            return
        }
        guard case .array(let choices) = choicesValue else {
            schema(path + "/Choices", "The field 'Choices' must be a non-empty array of choice rules")
            return
        }
        guard !choices.isEmpty else {
            schema(path + "/Choices", "Value cannot be empty")  // AWS's words
            return
        }
        for (index, item) in choices.enumerated() {
            let rulePath = JSONPointer.appending(index, to: path + "/Choices")
            guard case .object(let rule) = item else {
                schema(rulePath, "A choice rule must be a JSON object")
                continue
            }
            if let next = rule["Next"] {
                if let target = next.stringValue {
                    transitions.append(Transition(target: target, path: rulePath + "/Next"))
                } else {
                    schema(rulePath + "/Next", "The field 'Next' must be a string")
                }
            } else {
                schema(rulePath, "These fields are required: [Next]")
            }
            checkOptionalString(rule, "Comment", base: rulePath)
            if let assign = rule["Assign"] { checkAssign(assign, path: rulePath + "/Assign", language: language) }
            if language == .jsonata {
                checkJSONataRule(rule, path: rulePath)
            } else {
                if rule["Output"] != nil {
                    wrongLanguage("Output", in: .jsonPath, path: rulePath)
                }
                checkRule(rule, path: rulePath, topLevel: true, depth: depth + 1)
            }
        }
    }

    /// A JSONata choice rule: `Condition` (a boolean or a `{% %}` expression), `Next`, `Assign`, `Output`, `Comment`.
    mutating func checkJSONataRule(_ rule: JSONObject, path: String) {
        for key in rule.keys where !["Condition", "Next", "Assign", "Output", "Comment"].contains(key) {
            if key == "Variable" || ValidationFields.comparisonOperators[key] != nil || ["And", "Or", "Not"].contains(key) {
                wrongLanguage(key, in: .jsonata, path: path)
            } else {
                schema(path, "Field '\(key)' is not supported")
            }
        }
        guard let condition = rule["Condition"] else {
            schema(path, "These fields are required: [Condition]")
            return
        }
        switch condition {
        case .bool: break
        case .string(let text) where Self.isJSONataExpression(text): checkJSONataString(text, path: path + "/Condition")
        default: schema(path + "/Condition", "The field 'Condition' must be a boolean or a JSONata expression")
        }
        if let output = rule["Output"] { checkJSONataValue(output, path: path + "/Output") }
    }

    /// A JSONPath choice rule: either one of `And`/`Or`/`Not`, or `Variable` with exactly one comparison operator.
    /// `Next` and `Assign` belong to top-level rules only.
    mutating func checkRule(_ rule: JSONObject, path: String, topLevel: Bool, depth: Int) {
        guard depth <= StatesLanguageValidator.maximumNestingDepth else {
            report(Diagnostic.Code.tooDeeplyNested, path, "Choice rules nest more than \(StatesLanguageValidator.maximumNestingDepth) levels deep")
            return
        }
        let combinators = ["And", "Or", "Not"].filter { rule[$0] != nil }
        let operators = rule.keys.filter { ValidationFields.comparisonOperators[$0] != nil }
        for key in rule.keys {
            let known =
                ["Variable", "And", "Or", "Not", "Comment"].contains(key)
                || ValidationFields.comparisonOperators[key] != nil
                || (topLevel && ["Next", "Assign", "Output"].contains(key))
            if key == "Condition" {
                wrongLanguage("Condition", in: .jsonPath, path: path)
            } else if !known {
                schema(path, "Field '\(key)' is not supported")
            }
        }
        // Exactly one of And, Or, Not and Variable, in AWS's words (measured with ValidateStateMachineDefinition).
        let kinds = combinators.count + (rule["Variable"] != nil ? 1 : 0)
        if kinds != 1 {
            schema(path, "The object must have only one of the following fields, [And, Or, Not, Variable, Condition]")
        }
        if !combinators.isEmpty {
            // a comparison belongs to a Variable rule, not beside And, Or or Not
            for name in operators.sorted() { schema(path, "Field '\(name)' is not supported") }
            for combinator in combinators {
                checkCombinator(rule[combinator] ?? .null, name: combinator, path: path + "/" + combinator, depth: depth)
            }
            return
        }
        guard let variable = rule["Variable"] else { return }
        checkPath(variable, path: path + "/Variable", field: "Variable", rules: PathRules())
        // A Variable rule has exactly one comparison operator; AWS names them all, as a Java HashSet orders them.
        checkExactlyOne(rule, ValidationFields.comparisonOperators.keys.sorted(), path: path)
        for name in operators {
            checkOperand(rule[name] ?? .null, operatorName: name, path: path + "/" + name)
        }
    }

    /// `And`/`Or`: a non-empty array of rules; `Not`: one rule.
    mutating func checkCombinator(_ value: JSONValue, name: String, path: String, depth: Int) {
        if name == "Not" {
            guard case .object(let inner) = value else {
                schema(path, "The field 'Not' must be a choice rule object")
                return
            }
            checkRule(inner, path: path, topLevel: false, depth: depth + 1)
            return
        }
        guard case .array(let rules) = value else {
            schema(path, "The field '\(name)' must be a non-empty array of choice rules")
            return
        }
        guard !rules.isEmpty else {
            schema(path, "Value cannot be empty")
            return
        }
        for (index, item) in rules.enumerated() {
            let itemPath = JSONPointer.appending(index, to: path)
            guard case .object(let inner) = item else {
                schema(itemPath, "A choice rule must be a JSON object")
                continue
            }
            checkRule(inner, path: itemPath, topLevel: false, depth: depth + 1)
        }
    }

    /// The operand of a comparison operator has the operator's type (`…Path` operators take a path).
    mutating func checkOperand(_ value: JSONValue, operatorName: String, path: String) {
        guard let kind = ValidationFields.comparisonOperators[operatorName] else { return }
        switch kind {
        case .string:
            if value.stringValue == nil { schema(path, "The value for the field '\(operatorName)' must be a string") }
        case .number:
            if !value.isNumber { schema(path, "The value for the field '\(operatorName)' must be a number") }
        case .boolean:
            if value.boolValue == nil { schema(path, "The value for the field '\(operatorName)' must be a boolean") }
        case .timestamp:
            if let text = value.stringValue, Self.isTimestamp(text) { break }
            schema(path, "The value for the field '\(operatorName)' must be an RFC 3339 timestamp string")
        case .path:
            checkPath(value, path: path, field: operatorName, rules: PathRules())
        }
    }
}
