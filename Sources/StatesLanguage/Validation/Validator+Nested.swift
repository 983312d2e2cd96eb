import OrderedCollections

/// Parallel and Map states: their nested scopes and the Map-specific fields.
extension DefinitionValidator {
    mutating func checkParallel(_ state: JSONObject, path: String, depth: Int) {
        guard let branchesValue = state["Branches"] else {
            schema(path, "These fields are required: [Branches]")
            return
        }
        guard case .array(let branches) = branchesValue, !branches.isEmpty else {
            schema(path + "/Branches", "The field 'Branches' must be a non-empty array")
            return
        }
        guard depth < StatesLanguageValidator.maximumNestingDepth else {
            report(Diagnostic.Code.tooDeeplyNested, path + "/Branches", "The states are too deeply nested")
            return
        }
        for (index, item) in branches.enumerated() {
            let branchPath = JSONPointer.appending(index, to: path + "/Branches")
            guard case .object(let branch) = item else {
                schema(branchPath, "A branch must be a JSON object")
                continue
            }
            checkKnownFields(branch, allowed: ValidationFields.branch, path: branchPath)
            checkOptionalString(branch, "Comment", base: branchPath)
            validateScope(branch, path: branchPath, depth: depth + 1)
        }
    }

    mutating func checkMap(_ state: JSONObject, path: String, language: ValidationLanguage, depth: Int) {
        let jsonata = language == .jsonata
        checkExclusive(state, ["ItemProcessor", "Iterator"], path: path)
        checkExclusive(state, ["ItemSelector", "Parameters"], path: path)
        checkExclusive(state, ["MaxConcurrency", "MaxConcurrencyPath"], path: path)
        checkExclusive(state, ["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"], path: path)
        checkExclusive(state, ["ToleratedFailureCount", "ToleratedFailureCountPath"], path: path)
        if let itemsPath = state["ItemsPath"] {
            checkPath(itemsPath, path: path + "/ItemsPath", field: "ItemsPath", rules: PathRules(reference: true))
        }
        if let items = state["Items"], jsonata {
            switch items {
            case .array: checkJSONataValue(items, path: path + "/Items")
            case .string(let text) where Self.isJSONataExpression(text): checkJSONataString(text, path: path + "/Items")
            default: schema(path + "/Items", "The field 'Items' must be an array or a JSONata expression")
            }
        }
        if let selector = checkOptionalObject(state, "ItemSelector", base: path) {
            if jsonata {
                checkJSONataValue(.object(selector), path: path + "/ItemSelector")
            } else {
                checkTemplate(.object(selector), path: path + "/ItemSelector", field: "ItemSelector")
            }
        }
        if let value = state["MaxConcurrency"] {
            checkInteger(value, path: path + "/MaxConcurrency", field: "MaxConcurrency", range: 0...Int.max, allowJSONata: jsonata)
        }
        if let value = state["ToleratedFailurePercentage"] {
            checkNumber(
                value, path: path + "/ToleratedFailurePercentage", field: "ToleratedFailurePercentage", minimum: 0, maximum: 100,
                allowJSONata: jsonata)
        }
        if let value = state["ToleratedFailureCount"] {
            checkInteger(value, path: path + "/ToleratedFailureCount", field: "ToleratedFailureCount", range: 0...Int.max, allowJSONata: jsonata)
        }
        for field in ["MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"] {
            if let value = state[field] {
                checkPath(value, path: path + "/" + field, field: field, rules: PathRules(reference: true))
            }
        }
        if let label = checkOptionalString(state, "Label", base: path) { checkLabel(label, path: path + "/Label") }
        checkMapConfiguration(state, path: path, language: language)
        let processorField = state["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        guard let processorValue = state[processorField] else {
            schema(path, "These fields are required: [ItemProcessor]")
            return
        }
        let processorPath = path + "/" + processorField
        guard case .object(let processor) = processorValue else {
            schema(processorPath, "The field '\(processorField)' must be an object")
            return
        }
        checkKnownFields(processor, allowed: ValidationFields.itemProcessor, path: processorPath)
        checkOptionalString(processor, "Comment", base: processorPath)
        if let config = checkOptionalObject(processor, "ProcessorConfig", base: processorPath) {
            checkProcessorConfig(config, path: processorPath + "/ProcessorConfig")
        }
        guard depth < StatesLanguageValidator.maximumNestingDepth else {
            report(Diagnostic.Code.tooDeeplyNested, processorPath, "The states are too deeply nested")
            return
        }
        validateScope(processor, path: processorPath, depth: depth + 1)
    }

    /// `ProcessorConfig`: `Mode` INLINE or DISTRIBUTED; `ExecutionType` STANDARD or EXPRESS, for DISTRIBUTED only.
    mutating func checkProcessorConfig(_ config: JSONObject, path: String) {
        checkKnownFields(config, allowed: ["Mode", "ExecutionType"], path: path)
        let mode = config["Mode"]?.stringValue ?? "INLINE"
        if let value = config["Mode"], value != "INLINE", value != "DISTRIBUTED" {
            schema(path + "/Mode", "The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]")
        }
        if let value = config["ExecutionType"] {
            if value != "STANDARD" && value != "EXPRESS" {
                schema(path + "/ExecutionType", "The field 'ExecutionType' should have one of these values: [STANDARD, EXPRESS]")
            } else if mode != "DISTRIBUTED" {
                schema(path, "Field 'ExecutionType' is only supported when 'Mode' is 'DISTRIBUTED'")
            }
        } else if mode == "DISTRIBUTED" {
            schema(path, "These fields are required: [ExecutionType]")
        }
    }

    /// `ItemReader`, `ItemBatcher`, `ResultWriter`: objects with their documented fields.
    mutating func checkMapConfiguration(_ state: JSONObject, path: String, language: ValidationLanguage) {
        let parameters: Set<String> = language == .jsonata ? ["Arguments"] : ["Parameters"]
        var batcherFields: Set<String> = ["MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"]
        if language == .jsonPath { batcherFields.formUnion(["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"]) }
        let shapes: [(String, Set<String>)] = [
            ("ItemReader", parameters.union(["Resource", "ReaderConfig"])),
            ("ResultWriter", parameters.union(["Resource", "WriterConfig"])),
            ("ItemBatcher", batcherFields),
        ]
        for (field, allowed) in shapes {
            guard let object = checkOptionalObject(state, field, base: path) else { continue }
            let fieldPath = path + "/" + field
            checkKnownFields(object, allowed: allowed, path: fieldPath)
            if field != "ItemBatcher" {
                if let resource = object["Resource"] {
                    if let text = resource.stringValue, !Self.isResourceARN(text) {
                        report(Diagnostic.Code.invalidResource, fieldPath + "/Resource", "Value is not a valid resource ARN: \(text)")
                    } else if resource.stringValue == nil {
                        schema(fieldPath + "/Resource", "The field 'Resource' must be a string")
                    }
                } else if field == "ItemReader" {
                    schema(fieldPath, "These fields are required: [Resource]")
                }
            } else {
                let jsonata = language == .jsonata
                if let value = object["MaxItemsPerBatch"] {
                    checkInteger(value, path: fieldPath + "/MaxItemsPerBatch", field: "MaxItemsPerBatch", range: 1...Int.max, allowJSONata: jsonata)
                }
                if let value = object["MaxInputBytesPerBatch"] {
                    checkInteger(
                        value, path: fieldPath + "/MaxInputBytesPerBatch", field: "MaxInputBytesPerBatch", range: 1...262_144, allowJSONata: jsonata)
                }
            }
        }
    }

    /// Map labels: at most 40 characters, none of AWS's forbidden characters, unique in the state machine.
    mutating func checkLabel(_ label: String, path: String) {
        let forbidden: Set<Character> = [
            "<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|", "~", "`", "$", "&", ",", ";", ":", "/",
        ]
        let badCharacter = label.contains { character in
            character.isWhitespace || forbidden.contains(character)
                || character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        }
        if label.isEmpty || label.unicodeScalars.count > 40 || badCharacter {
            report(
                Diagnostic.Code.invalidLabelName, path,
                "Invalid label name: '\(label)' (1 to 40 characters; no white space, brackets, wildcards or special characters)")
        }
        if labels[label] != nil {
            report(Diagnostic.Code.duplicateLabelName, path, "Duplicate label name: \(label)")
        } else {
            labels[label] = path
        }
    }
}
