import OrderedCollections

/// Checks of JSONPath-language values: paths, reference paths, payload templates, intrinsic functions, `Assign`.
extension DefinitionValidator {
    /// What a path field may refer to.
    struct PathRules {
        /// Only a reference path (definite: member names and single indexes).
        var reference = false
        /// `$$` (the context object) allowed as the root.
        var context = true
        /// `$name` (a variable) allowed as the root.
        var variables = true
        /// `null` accepted (InputPath, OutputPath and ResultPath take `null`).
        var nullable = false
        /// An intrinsic function call accepted in place of a path (ErrorPath, CausePath).
        var intrinsic = false
    }

    /// Checks a path field (`InputPath`, `ResultPath`, `ItemsPath`, `SecondsPath`, `Variable`, …).
    mutating func checkPath(_ value: JSONValue, path: String, field: String, rules: PathRules) {
        if value.isNull, rules.nullable { return }
        guard let text = value.stringValue else {
            schema(path, "The value for the field '\(field)' must be a string\(rules.nullable ? " or null" : "")")
            return
        }
        if rules.intrinsic, text.hasPrefix("States.") {
            if let problem = PathSyntax.intrinsicProblem(text) {
                schema(path, "The value for the field '\(field)' must be a valid intrinsic function call: \(problem)")
            }
            return
        }
        let kind = rules.reference ? "reference path" : "JSONPath"
        guard let syntax = PathSyntax.check(text) else {
            schema(path, "The value for the field '\(field)' must be a valid \(kind)")
            return
        }
        if let problem = syntax.problem {
            schema(path, "The value for the field '\(field)' must be a valid \(kind): \(problem)")
        } else if rules.reference && !syntax.isReferencePath {
            schema(path, "The value for the field '\(field)' must be a valid reference path")
        } else if !rules.context && syntax.root == .context {
            schema(path, "The value for the field '\(field)' must not refer to the context object ($$)")
        } else if !rules.variables && syntax.root == .variable {
            schema(path, "The value for the field '\(field)' must not refer to a variable")
        }
    }

    /// Checks a payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Credentials`): `.$` keys take
    /// a path or an intrinsic function; other string values that look like one get a `NO_DOLLAR` warning.
    mutating func checkTemplate(_ value: JSONValue, path: String, field: String, depth: Int = 0) {
        guard depth < 512 else {
            report(Diagnostic.Code.tooDeeplyNested, path, "The payload template nests too deeply")
            return
        }
        switch value {
        case .object(let members):
            for (key, member) in members {
                let memberPath = JSONPointer.appending(key, to: path)
                if key.hasSuffix(".$") {
                    checkDynamicValue(member, path: memberPath, key: key)
                } else {
                    if case .string(let text) = member, Self.looksLikePathOrIntrinsic(text) {
                        report(
                            Diagnostic.Code.noDollar, memberPath,
                            "The value of field '\(key)' looks like a JSONPath or an intrinsic function, but the field name does not end with '.$'",
                            .warning)
                    }
                    checkTemplate(member, path: memberPath, field: field, depth: depth + 1)
                }
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                checkTemplate(item, path: JSONPointer.appending(index, to: path), field: field, depth: depth + 1)
            }
        default:
            break
        }
    }

    /// The value of a `.$` key: a JSONPath (`$`, `$$` or `$variable` root) or an intrinsic function call.
    mutating func checkDynamicValue(_ value: JSONValue, path: String, key: String) {
        guard let text = value.stringValue else {
            schema(path, "The value for the field '\(key)' must be a JSONPath or an intrinsic function string")
            return
        }
        if text.hasPrefix("States.") {
            if let problem = PathSyntax.intrinsicProblem(text) {
                schema(path, "The value for the field '\(key)' must be a valid intrinsic function call: \(problem)")
            }
        } else if let syntax = PathSyntax.check(text) {
            if let problem = syntax.problem {
                schema(path, "The value for the field '\(key)' must be a valid JSONPath: \(problem)")
            }
        } else {
            schema(path, "The value for the field '\(key)' must be a valid JSONPath or intrinsic function")
        }
    }

    /// A string that a person probably meant as a path or intrinsic function.
    static func looksLikePathOrIntrinsic(_ text: String) -> Bool {
        if text == "$" || text == "$$" || text.hasPrefix("$.") || text.hasPrefix("$$.") || text.hasPrefix("$[") {
            return true
        }
        guard text.hasPrefix("States."), text.hasSuffix(")"), let open = text.firstIndex(of: "(") else { return false }
        let name = text[text.index(text.startIndex, offsetBy: 7)..<open]
        return !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber }
    }

    /// `Assign`: an object of variable names; in JSONPath `.$` keys take paths or intrinsics, in JSONata strings
    /// may be `{% %}` expressions.
    mutating func checkAssign(_ value: JSONValue, path: String, language: ValidationLanguage) {
        guard case .object(let members) = value else {
            schema(path, "The field 'Assign' must be an object")
            return
        }
        for (key, member) in members {
            let memberPath = JSONPointer.appending(key, to: path)
            let name = language == .jsonPath && key.hasSuffix(".$") ? String(key.dropLast(2)) : key
            if !Self.isVariableName(name) {
                schema(memberPath, "Invalid variable name: '\(name)'")
            }
            if language == .jsonata {
                checkJSONataValue(member, path: memberPath)
            } else if key.hasSuffix(".$") {
                checkDynamicValue(member, path: memberPath, key: key)
            } else {
                checkTemplate(member, path: memberPath, field: "Assign", depth: 1)
            }
        }
    }

    /// Variable names: a letter or `_`, then letters, digits and `_`; at most 80 characters; not `states`.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_", name.count <= 80, name != "states" else {
            return false
        }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Pass `Result` is static: `.$` keys and path-like strings in it are not evaluated (`PASS_RESULT_IS_STATIC`).
    mutating func checkPassResult(_ value: JSONValue, path: String, depth: Int = 0) {
        guard depth < 512 else { return }
        switch value {
        case .string(let text) where Self.looksLikePathOrIntrinsic(text):
            report(
                Diagnostic.Code.passResultIsStatic, path,
                "The Result of a Pass state is static: the path or intrinsic function in it is not evaluated",
                .warning)
        case .object(let members):
            for (key, member) in members {
                let memberPath = JSONPointer.appending(key, to: path)
                if key.hasSuffix(".$") {
                    report(
                        Diagnostic.Code.passResultIsStatic, memberPath,
                        "The Result of a Pass state is static: the field '\(key)' is not evaluated (use Parameters)",
                        .warning)
                } else {
                    checkPassResult(member, path: memberPath, depth: depth + 1)
                }
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                checkPassResult(item, path: JSONPointer.appending(index, to: path), depth: depth + 1)
            }
        default: break
        }
    }
}
