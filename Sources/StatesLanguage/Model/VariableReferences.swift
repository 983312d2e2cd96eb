import Foundation
import OrderedCollections

/// `DescribeStateMachine`'s `variableReferences`: for each state (nested ones too, by their own names) that reads
/// workflow variables, the names it reads, sorted; nil when no state reads any ("States that do not use variable
/// references will not be shown in the response").
///
/// Recorded against AWS (LocalStack's test_sfn_api_variable_references): a JSONPath state reads a variable through
/// a path field (`InputPath`, `OutputPath`, `ItemsPath`, `SecondsPath`, `TimestampPath`, `ErrorPath`, `CausePath`,
/// `MaxConcurrencyPath`, `ToleratedFailure*Path`, `ReaderConfig.MaxItemsPath`, a Choice rule's `Variable` and
/// `...Path` operands) or a `.$` key of a template (`Parameters`, `ItemSelector`, `Assign`, ...), as a path
/// (`$name`, `$name.x`) or an intrinsic function's argument; a template value without `.$` (`"result": "$result"`)
/// is a literal; a Map's `ItemSelector` counts for the Map, its `ItemProcessor`'s states for themselves; the names
/// are sorted (`["answer", "guess"]` for `"Variable": "$guess", "StringEqualsPath": "$answer"`). For a JSONata state
/// (not recorded) the variables its `{% %}` expressions read count (see ``JSONataExpression/variableReferences``).
public enum VariableReferences {
    public static func of(definition text: String) -> [String: [String]]? {
        guard let definition = try? JSONValue(parsing: text) else { return nil }
        var references: [String: Set<String>] = [:]
        collect(states: definition["States"], language: definition["QueryLanguage"]?.stringValue, into: &references)
        let sorted = references.filter { !$0.value.isEmpty }.mapValues { $0.sorted() }
        return sorted.isEmpty ? nil : sorted
    }

    static let pathFields: Set<String> = [
        "InputPath", "OutputPath", "ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
        "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "HeartbeatSecondsPath",
        "TimeoutSecondsPath",
    ]
    static let templateFields: Set<String> = ["Parameters", "ItemSelector", "ResultSelector", "Assign"]
    /// A JSONata state's fields that may hold `{% %}` expressions.
    static let jsonataFields: Set<String> = [
        "Arguments", "Output", "Assign", "Items", "Condition", "Seconds", "Timestamp", "Error", "Cause",
        "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage", "TimeoutSeconds", "HeartbeatSeconds",
        "Credentials",
    ]

    private static func collect(states: JSONValue?, language: String?, into references: inout [String: Set<String>]) {
        for (name, state) in states?.objectValue ?? [:] {
            let stateLanguage = state["QueryLanguage"]?.stringValue ?? language
            var names = Set<String>()
            if stateLanguage == "JSONata" {
                jsonata(state, in: &names)
            } else {
                jsonPath(state, in: &names)
            }
            references[name, default: []].formUnion(names)
            for branch in state["Branches"]?.arrayValue ?? [] {
                collect(states: branch["States"], language: stateLanguage, into: &references)
            }
            if let processor = state["ItemProcessor"] ?? state["Iterator"] {
                collect(states: processor["States"], language: processor["QueryLanguage"]?.stringValue ?? stateLanguage,
                    into: &references)
            }
        }
    }

    // MARK: JSONPath

    private static func jsonPath(_ state: JSONValue, in names: inout Set<String>) {
        for (field, value) in state.objectValue ?? [:] {
            if pathFields.contains(field), let path = value.stringValue {
                reference(path, in: &names)
            } else if templateFields.contains(field) {
                template(value, in: &names)
            }
        }
        for rule in state["Choices"]?.arrayValue ?? [] { choiceRule(rule, in: &names) }
        for catcher in state["Catch"]?.arrayValue ?? [] { template(catcher["Assign"] ?? .null, in: &names) }
        if let reader = state["ItemReader"] {
            template(reader["Parameters"] ?? .null, in: &names)
            if let path = reader["ReaderConfig"]?["MaxItemsPath"]?.stringValue { reference(path, in: &names) }
        }
        if let batcher = state["ItemBatcher"] {
            template(batcher["BatchInput"] ?? .null, in: &names)
            for field in ["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"] {
                if let path = batcher[field]?.stringValue { reference(path, in: &names) }
            }
        }
        if let writer = state["ResultWriter"] { template(writer["Parameters"] ?? .null, in: &names) }
    }

    private static func choiceRule(_ rule: JSONValue, in names: inout Set<String>) {
        for (field, value) in rule.objectValue ?? [:] {
            switch field {
            case "Variable":
                if let path = value.stringValue { reference(path, in: &names) }
            case "And", "Or":
                for inner in value.arrayValue ?? [] { choiceRule(inner, in: &names) }
            case "Not":
                choiceRule(value, in: &names)
            case "Assign":
                template(value, in: &names)
            default:
                if field.hasSuffix("Path"), let path = value.stringValue { reference(path, in: &names) }
            }
        }
    }

    /// The `.$` keys of a payload template, at any depth.
    private static func template(_ value: JSONValue, in names: inout Set<String>) {
        if let object = value.objectValue {
            for (key, member) in object {
                if key.hasSuffix(".$"), let text = member.stringValue {
                    reference(text, in: &names)
                } else {
                    template(member, in: &names)
                }
            }
        } else if let items = value.arrayValue {
            for item in items { template(item, in: &names) }
        }
    }

    /// A path (`$name...`) or an intrinsic function whose arguments may be such paths.
    private static func reference(_ text: String, in names: inout Set<String>) {
        if text.hasPrefix("States.") {
            intrinsicArguments(text, in: &names)
        } else if let name = variableName(text.unicodeScalars[...]) {
            names.insert(name)
        }
    }

    /// `$name` at the start of `text` (not `$`, `$.x`, `$$` or `$[0]`): the name, up to `.` or `[`.
    private static func variableName(_ text: Substring.UnicodeScalarView) -> String? {
        guard text.first == "$", let first = text.dropFirst().first, first == "_" || first.properties.isAlphabetic
        else { return nil }
        let name = text.dropFirst().prefix { $0 != "." && $0 != "[" && $0 != "," && $0 != ")" && $0 != " " }
        return String(String.UnicodeScalarView(name))
    }

    /// The `$name` arguments of an intrinsic function, skipping quoted strings.
    private static func intrinsicArguments(_ text: String, in names: inout Set<String>) {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var quoted = false
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\\" {
                    index = scalars.index(after: index)
                } else if scalar == "'" {
                    quoted = false
                }
            } else if scalar == "'" {
                quoted = true
            } else if scalar == "$", index == scalars.startIndex || !["$"].contains(scalars[scalars.index(before: index)]) {
                if let name = variableName(scalars[index...]) { names.insert(name) }
            }
            if index < scalars.endIndex { index = scalars.index(after: index) }
        }
    }

    // MARK: JSONata

    private static func jsonata(_ state: JSONValue, in names: inout Set<String>) {
        for (field, value) in state.objectValue ?? [:] where jsonataFields.contains(field) {
            expressions(value, in: &names)
        }
        for rule in state["Choices"]?.arrayValue ?? [] {
            for field in ["Condition", "Output", "Assign"] { expressions(rule[field] ?? .null, in: &names) }
        }
        for catcher in state["Catch"]?.arrayValue ?? [] {
            for field in ["Output", "Assign"] { expressions(catcher[field] ?? .null, in: &names) }
        }
        for field in ["ItemReader", "ItemBatcher", "ResultWriter", "ItemSelector"] {
            expressions(state[field] ?? .null, in: &names)
        }
    }

    /// The variables read by every `{% %}` string in a value.
    private static func expressions(_ value: JSONValue, in names: inout Set<String>) {
        switch value {
        case .string(let text):
            if let source = JSONata.expressionText(text), let expression = try? JSONataExpression(parsing: source) {
                names.formUnion(expression.variableReferences)
            }
        case .array(let items):
            for item in items { expressions(item, in: &names) }
        case .object(let object):
            for member in object.values { expressions(member, in: &names) }
        default:
            break
        }
    }
}
