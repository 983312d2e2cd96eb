/// The query language a state's fields are read in, as validation sees it.
enum ValidationLanguage: String {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}

/// Which fields each part of a definition accepts, for both query languages (AWS's developer guide, one page per
/// state type, lists them).
enum ValidationFields {
    /// The eight state types, in the order AWS lists them in its message for an unknown type.
    static let stateTypes = ["Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map"]

    /// Fields a state accepts only when its query language is JSONPath.
    static let jsonPathOnly: Set<String> = [
        "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result", "ItemsPath",
        "SecondsPath", "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "ErrorPath", "CausePath",
        "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "Variable",
    ]

    /// Fields a state accepts only when its query language is JSONata.
    static let jsonataOnly: Set<String> = ["Arguments", "Output", "Items", "Condition"]

    private static let common: Set<String> = ["Type", "Comment", "QueryLanguage"]
    private static let transition: Set<String> = ["Next", "End"]
    private static let io: Set<String> = ["InputPath", "OutputPath", "Output"]
    private static let errorHandling: Set<String> = ["Retry", "Catch"]
    private static let result: Set<String> = ["Parameters", "ResultSelector", "ResultPath", "Arguments"]

    /// Every field a state of `type` accepts in either query language; nil for an unknown type.
    static func stateFields(_ type: String) -> Set<String>? { fieldsByType[type] }

    private static let fieldsByType: [String: Set<String>] = Dictionary(
        uniqueKeysWithValues: stateTypes.compactMap { type in computeStateFields(type).map { (type, $0) } })

    private static func computeStateFields(_ type: String) -> Set<String>? {
        switch type {
        case "Pass":
            return common.union(transition).union(io).union(["Assign", "Parameters", "ResultPath", "Result"])
        case "Task":
            return common.union(transition).union(io).union(errorHandling).union(result).union([
                "Assign", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                "HeartbeatSecondsPath", "Credentials",
            ])
        case "Choice":
            return common.union(io).union(["Assign", "Choices", "Default"])
        case "Wait":
            return common.union(transition).union(io).union([
                "Assign", "Seconds", "Timestamp", "SecondsPath", "TimestampPath",
            ])
        case "Succeed":
            return common.union(io)
        case "Fail":
            return common.union(["Error", "ErrorPath", "Cause", "CausePath"])
        case "Parallel":
            return common.union(transition).union(io).union(errorHandling).union(result).union([
                "Assign", "Branches",
            ])
        case "Map":
            return common.union(transition).union(io).union(errorHandling).union([
                "Assign", "Parameters", "ResultSelector", "ResultPath", "ItemProcessor", "Iterator", "ItemsPath",
                "Items", "ItemSelector", "ItemReader", "ItemBatcher", "ResultWriter", "MaxConcurrency",
                "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
                "ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
            ])
        default:
            return nil
        }
    }

    /// Fields of the top level of a definition.
    static let topLevel: Set<String> = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"]
    /// Fields of one Parallel branch.
    static let branch: Set<String> = ["Comment", "StartAt", "States"]
    /// Fields of a Map state's `ItemProcessor` (or its older name, `Iterator`).
    static let itemProcessor: Set<String> = ["Comment", "StartAt", "States", "ProcessorConfig"]

    /// Fields of a retrier.
    static let retrier: Set<String> = [
        "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment",
    ]
    /// Fields of a catcher, in either query language.
    static let catcher: Set<String> = ["ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment"]

    /// The comparison operators of JSONPath choice rules, with the JSON type of their operand.
    static let comparisonOperators: [String: OperandKind] = {
        var operators: [String: OperandKind] = [
            "StringMatches": .string,
            "IsNull": .boolean, "IsPresent": .boolean, "IsNumeric": .boolean, "IsString": .boolean,
            "IsBoolean": .boolean, "IsTimestamp": .boolean,
        ]
        let families: [(String, OperandKind, [String])] = [
            ("String", .string, ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"]),
            ("Numeric", .number, ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"]),
            ("Boolean", .boolean, ["Equals"]),
            ("Timestamp", .timestamp, ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"]),
        ]
        for (prefix, kind, suffixes) in families {
            for suffix in suffixes {
                operators[prefix + suffix] = kind
                operators[prefix + suffix + "Path"] = .path
            }
        }
        return operators
    }()

    /// What a comparison operator's operand must be.
    enum OperandKind {
        case string, number, boolean, timestamp, path
    }
}
