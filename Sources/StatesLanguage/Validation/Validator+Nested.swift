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
        checkExactlyOne(state, ["ItemProcessor", "Iterator"], path: path)
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
            if let value = state[field] { checkMapNumberPath(value, path: path + "/" + field, field: field) }
        }
        if let label = checkOptionalString(state, "Label", base: path) { checkLabel(label, path: path + "/Label") }
        checkMapConfiguration(state, path: path, language: language)
        let processorField = state["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        guard let processorValue = state[processorField] else { return }
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

    /// A Map's number path (`MaxConcurrencyPath`, `ToleratedFailureCountPath`, `ItemBatcher.MaxItemsPerBatchPath`,
    /// `ReaderConfig.MaxItemsPath`, ...): a reference path into the state input. Only `ItemsPath` takes the context
    /// object; AWS refuses `$$.Execution.Input.n` here with "Value is not a Reference Path" (floci-io/floci#3733,
    /// measured against AWS).
    mutating func checkMapNumberPath(_ value: JSONValue, path: String, field: String) {
        if let text = value.stringValue, text.hasPrefix("$$") {
            schema(path, "Value is not a Reference Path")
            return
        }
        checkPath(value, path: path, field: field, rules: PathRules(reference: true))
    }

    /// `ProcessorConfig`: `Mode` INLINE or DISTRIBUTED; `ExecutionType` STANDARD or EXPRESS, for DISTRIBUTED only
    /// (AWS's words: "Value should be one of the following: [STANDARD, EXPRESS]", "Field 'ExecutionType' is not
    /// supported" in an INLINE processor).
    mutating func checkProcessorConfig(_ config: JSONObject, path: String) {
        checkKnownFields(config, allowed: ["Mode", "ExecutionType"], path: path)
        let mode = config["Mode"]?.stringValue ?? "INLINE"
        if let value = config["Mode"], value != "INLINE", value != "DISTRIBUTED" {
            schema(path + "/Mode", "Value should be one of the following: [INLINE, DISTRIBUTED]")
        }
        if let value = config["ExecutionType"] {
            if mode != "DISTRIBUTED" {
                schema(path, "Field 'ExecutionType' is not supported")
            } else if value != "STANDARD" && value != "EXPRESS" {
                schema(path + "/ExecutionType", "Value should be one of the following: [STANDARD, EXPRESS]")
            }
        } else if mode == "DISTRIBUTED" {
            schema(path, "These fields are required: [ExecutionType]")
        }
    }

    /// `ItemReader`, `ItemBatcher`, `ResultWriter`: objects with their documented fields.
    mutating func checkMapConfiguration(_ state: JSONObject, path: String, language: ValidationLanguage) {
        let parameters: Set<String> = language == .jsonata ? ["Arguments"] : ["Parameters"]
        let batcherFields: Set<String> = [
            "MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput", "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath",
        ]
        let shapes: [(String, Set<String>)] = [
            ("ItemReader", parameters.union(["Resource", "ReaderConfig"])),
            ("ResultWriter", parameters.union(["Resource", "WriterConfig"])),
            ("ItemBatcher", batcherFields),
        ]
        for (field, allowed) in shapes {
            guard let object = checkOptionalObject(state, field, base: path) else { continue }
            let fieldPath = path + "/" + field
            checkKnownFields(object, allowed: allowed, path: fieldPath)
            // The JSONata fields inside: their expressions are checked like a state's `Arguments`.
            if language == .jsonata {
                for member in ["Arguments", "BatchInput"] {
                    if let value = object[member] { checkJSONataValue(value, path: fieldPath + "/" + member) }
                }
            }
            if field != "ItemBatcher" {
                if let resource = object["Resource"] {
                    if let text = resource.stringValue, !Self.isResourceARN(text) {
                        report(Diagnostic.Code.invalidResource, fieldPath + "/Resource", "Value is not a valid resource ARN: \(text)")
                    } else if let text = resource.stringValue {
                        // An ItemReader reads with s3:getObject or s3:listObjectsV2, a ResultWriter writes with
                        // s3:putObject; AWS refuses any other resource at creation.
                        let actions = field == "ItemReader" ? ["getObject", "listObjectsV2"] : ["putObject"]
                        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
                        if parts.count != 7 || parts[2] != "states" || !parts[3].isEmpty || !parts[4].isEmpty || parts[5] != "s3"
                            || !actions.contains(String(parts[6]))
                        {
                            schema(fieldPath + "/Resource", "The field 'Resource' does not match any of the allowed values")
                        }
                    } else {
                        schema(fieldPath + "/Resource", "The field 'Resource' must be a string")
                    }
                } else if field == "ItemReader" {
                    schema(fieldPath, "These fields are required: [Resource]")
                }
                if field == "ItemReader", let config = checkOptionalObject(object, "ReaderConfig", base: fieldPath) {
                    checkReaderConfig(
                        config, resource: object["Resource"]?.stringValue, path: fieldPath + "/ReaderConfig", language: language)
                }
            } else {
                let jsonata = language == .jsonata
                for number in ["MaxItemsPerBatch", "MaxInputBytesPerBatch"] {
                    checkExclusive(object, [number, number + "Path"], path: fieldPath)
                    guard let value = object[number + "Path"] else { continue }
                    if jsonata {
                        wrongLanguage(number + "Path", in: .jsonata, path: fieldPath)
                    } else {
                        checkMapNumberPath(value, path: fieldPath + "/" + number + "Path", field: number + "Path")
                    }
                }
                if let value = object["MaxItemsPerBatch"] {
                    checkInteger(value, path: fieldPath + "/MaxItemsPerBatch", field: "MaxItemsPerBatch", range: 0...Int.max, allowJSONata: jsonata)
                }
                if let value = object["MaxInputBytesPerBatch"] {
                    checkInteger(
                        value, path: fieldPath + "/MaxInputBytesPerBatch", field: "MaxInputBytesPerBatch", range: 0...262_144, allowJSONata: jsonata)
                }
            }
        }
    }

    /// An `ItemReader`'s `ReaderConfig`, as the developer guide's "ItemReader (Map)" page documents its fields: the
    /// values each takes, and the fields that only go with an `InputType` (the CSV fields with `CSV`, `ItemsPointer`
    /// with `JSON`), with a `ManifestType`, or with `s3:listObjectsV2` (`Transformation`).
    mutating func checkReaderConfig(_ config: JSONObject, resource: String?, path: String, language: ValidationLanguage) {
        let allowed: Set<String> = [
            "InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "ManifestType", "Transformation",
            "ItemsPointer", "MaxItemsPath",
        ]
        checkKnownFields(config, allowed: allowed, path: path)
        func oneOf(_ field: String, _ values: [String]) -> String? {
            guard let value = config[field] else { return nil }
            guard let text = value.stringValue, values.contains(text) else {
                schema(path + "/" + field, "Value should be one of the following: [\(values.joined(separator: ", "))]")
                return nil
            }
            return text
        }
        let inputType = oneOf("InputType", ["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"])
        let headerLocation = oneOf("CSVHeaderLocation", ["FIRST_ROW", "GIVEN"])
        _ = oneOf("CSVDelimiter", ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"])
        let manifestType = oneOf("ManifestType", ["ATHENA_DATA", "S3_INVENTORY"])
        let transformation = oneOf("Transformation", ["NONE", "LOAD_AND_FLATTEN"])
        // The CSV fields describe a CSV file: the object's own (InputType CSV) or the files an Athena manifest lists.
        if config["InputType"] != nil, inputType != "CSV" {
            for field in ["CSVHeaderLocation", "CSVHeaders", "CSVDelimiter"] where config[field] != nil {
                schema(path, "Field '\(field)' is not supported")
            }
        }
        if let headers = config["CSVHeaders"] {
            let names = headers.arrayValue ?? []
            if headers.arrayValue == nil || names.isEmpty || names.contains(where: { $0.stringValue == nil }) {
                schema(path + "/CSVHeaders", "The field 'CSVHeaders' must be a non-empty array of strings")
            } else if names.reduce(0, { $0 + ($1.stringValue?.utf8.count ?? 0) + 1 }) > 10_240 {
                schema(path + "/CSVHeaders", "The field 'CSVHeaders' must be at most 10 KiB")
            }
            if headerLocation != "GIVEN", config["InputType"] == nil || inputType == "CSV" {
                schema(path, "Field 'CSVHeaders' is not supported")
            }
        } else if headerLocation == "GIVEN" {
            schema(path, "These fields are required: [CSVHeaders]")
        }
        if let pointer = config["ItemsPointer"] {
            if let text = pointer.stringValue {
                if !text.isEmpty, !text.hasPrefix("/") {
                    schema(path + "/ItemsPointer", "The field 'ItemsPointer' must be a JSON Pointer (empty, or starting with '/')")
                }
            } else {
                schema(path + "/ItemsPointer", "The field 'ItemsPointer' must be a string")
            }
            if inputType != "JSON" {
                schema(path, "Field 'ItemsPointer' is not supported")
            }
        }
        if let manifestType {
            let inputs: [String] = manifestType == "S3_INVENTORY" ? ["MANIFEST"] : ["CSV", "JSONL", "PARQUET"]
            if let inputType, !inputs.contains(inputType) {
                schema(
                    path + "/InputType",
                    "'ManifestType' \(manifestType) needs 'InputType' to be one of: [\(inputs.joined(separator: ", "))]")
            } else if config["InputType"] == nil, manifestType == "ATHENA_DATA" {
                schema(path, "Field 'InputType' is required when 'ManifestType' is 'ATHENA_DATA'")
            }
        }
        if let transformation, transformation == "LOAD_AND_FLATTEN" {
            if resource != nil, resource?.hasSuffix(":s3:listObjectsV2") != true {
                schema(path + "/Transformation", "'Transformation' LOAD_AND_FLATTEN is only supported with the s3:listObjectsV2 resource")
            }
            if config["InputType"] == nil {
                schema(path, "Field 'InputType' is required when 'Transformation' is 'LOAD_AND_FLATTEN'")
            }
        }
        if let value = config["MaxItems"] {
            checkInteger(value, path: path + "/MaxItems", field: "MaxItems", range: 0...100_000_000, allowJSONata: language == .jsonata)
        }
        if let value = config["MaxItemsPath"] {
            if language == .jsonata {
                wrongLanguage("MaxItemsPath", in: .jsonata, path: path)
            } else {
                checkMapNumberPath(value, path: path + "/MaxItemsPath", field: "MaxItemsPath")
            }
        }
        checkExclusive(config, ["MaxItems", "MaxItemsPath"], path: path)
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
