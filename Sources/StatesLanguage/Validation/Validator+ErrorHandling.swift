import OrderedCollections

/// `Retry` and `Catch`: field types, ranges, and the `States.ALL` rules.
extension DefinitionValidator {
    mutating func checkRetry(_ value: JSONValue, path: String) {
        guard case .array(let retriers) = value else {
            schema(path, "The field 'Retry' must be an array")
            return
        }
        for (index, item) in retriers.enumerated() {
            let retrierPath = JSONPointer.appending(index, to: path)
            guard case .object(let retrier) = item else {
                schema(retrierPath, "A retrier must be a JSON object")
                continue
            }
            checkKnownFields(retrier, allowed: ValidationFields.retrier, path: retrierPath)
            checkErrorEquals(retrier, path: retrierPath, isLast: index == retriers.count - 1, kind: "retrier")
            checkOptionalString(retrier, "Comment", base: retrierPath)
            if let value = retrier["IntervalSeconds"] {
                checkInteger(value, path: retrierPath + "/IntervalSeconds", field: "IntervalSeconds", range: 0...99_999_999)
            }
            if let value = retrier["MaxAttempts"] {
                checkInteger(value, path: retrierPath + "/MaxAttempts", field: "MaxAttempts", range: 0...99_999_999)
            }
            if let value = retrier["BackoffRate"] {
                checkNumber(value, path: retrierPath + "/BackoffRate", field: "BackoffRate", minimum: 1.0)
            }
            if let value = retrier["MaxDelaySeconds"] {
                checkInteger(value, path: retrierPath + "/MaxDelaySeconds", field: "MaxDelaySeconds", range: 1...31_622_400)
            }
            if let value = retrier["JitterStrategy"], value != "FULL", value != "NONE" {
                schema(retrierPath + "/JitterStrategy", "The field 'JitterStrategy' should have one of these values: [FULL, NONE]")
            }
        }
    }

    mutating func checkCatch(
        _ value: JSONValue, path: String, language: ValidationLanguage, transitions: inout [Transition]
    ) {
        guard case .array(let catchers) = value else {
            schema(path, "The field 'Catch' must be an array")
            return
        }
        for (index, item) in catchers.enumerated() {
            let catcherPath = JSONPointer.appending(index, to: path)
            guard case .object(let catcher) = item else {
                schema(catcherPath, "A catcher must be a JSON object")
                continue
            }
            checkKnownFields(catcher, allowed: ValidationFields.catcher, path: catcherPath)
            checkErrorEquals(catcher, path: catcherPath, isLast: index == catchers.count - 1, kind: "catcher")
            checkOptionalString(catcher, "Comment", base: catcherPath)
            if let next = catcher["Next"] {
                if let target = next.stringValue {
                    transitions.append(Transition(target: target, path: catcherPath + "/Next"))
                } else {
                    schema(catcherPath + "/Next", "The field 'Next' must be a string")
                }
            } else {
                schema(catcherPath, "These fields are required: [Next]")
            }
            if let resultPath = catcher["ResultPath"] {
                if language == .jsonata {
                    wrongLanguage("ResultPath", in: .jsonata, path: catcherPath)
                } else {
                    let rules = PathRules(reference: true, context: false, variables: false, nullable: true)
                    checkPath(resultPath, path: catcherPath + "/ResultPath", field: "ResultPath", rules: rules)
                }
            }
            jsonataReadable = ["errorOutput"]
            defer { jsonataReadable = [] }
            if let output = catcher["Output"] {
                if language == .jsonPath {
                    wrongLanguage("Output", in: .jsonPath, path: catcherPath)
                } else {
                    checkJSONataValue(output, path: catcherPath + "/Output")
                }
            }
            if let assign = catcher["Assign"] {
                checkAssign(assign, path: catcherPath + "/Assign", language: language)
            }
        }
    }

    /// `ErrorEquals`: a non-empty array of strings; `States.ALL` alone in it, and only in the last retrier/catcher.
    mutating func checkErrorEquals(_ object: JSONObject, path: String, isLast: Bool, kind: String) {
        guard let value = object["ErrorEquals"] else {
            schema(path, "These fields are required: [ErrorEquals]")
            return
        }
        let fieldPath = path + "/ErrorEquals"
        guard case .array(let names) = value, !names.isEmpty else {
            schema(fieldPath, "The field 'ErrorEquals' must be a non-empty array of error names")
            return
        }
        var hasAll = false
        for (index, name) in names.enumerated() {
            guard let text = name.stringValue else {
                schema(JSONPointer.appending(index, to: fieldPath), "Error names must be strings")
                continue
            }
            if text == "States.ALL" { hasAll = true }
        }
        if hasAll && names.count > 1 {
            schema(fieldPath, "'States.ALL' must appear alone in 'ErrorEquals'")
        }
        if hasAll && !isLast {
            schema(fieldPath, "A \(kind) with 'States.ALL' in 'ErrorEquals' must be the last \(kind)")
        }
    }
}
