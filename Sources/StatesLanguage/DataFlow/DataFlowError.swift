import OrderedCollections

/// Builds the `StatesError`s of the JSONPath data flow with AWS's error names and cause wording.
///
/// The causes are the part AWS writes after its prefix "An error occurred while executing the state
/// 'NAME' (entered at the event id #N)." — the engine, which knows the state and the event, adds that prefix
/// with ``StatesError/inState(_:enteredAtEventID:)``.
enum DataFlowError {
    /// A value as it appears inside a cause: compact JSON text.
    static func render(_ value: JSONValue?) -> String {
        guard let value else { return "null" }
        return value.jsonString()
    }

    /// `States.Runtime` for an `InputPath`/`OutputPath` that matches nothing, worded as AWS (whose JsonPath
    /// library names the path in bracket notation).
    ///
    /// When a member before the last step is missing from an object, AWS's library stops there and names the path up
    /// to it: "Invalid path '$.no.such.result.path' : Missing property in path $['no']" (LocalStack's
    /// test_base_scenarios.snapshot.json, test_catch_states_runtime, recorded against AWS: a Task's OutputPath). A
    /// missing last step is "No results for path: $['nope']".
    static func noResults(for path: JSONPath, in value: JSONValue? = nil) -> StatesError {
        if let value, let missing = path.missingPropertyPrefix(in: value) {
            return StatesError(StatesError.Name.runtime, cause: "Invalid path '\(path.text)' : Missing property in path \(missing)")
        }
        return StatesError(
            StatesError.Name.runtime,
            cause: "Invalid path '\(path.text)' : No results for path: \(path.normalizedText)")
    }

    /// `States.Runtime` for a path applied to a `null` input.
    static func nullInput() -> StatesError {
        StatesError(StatesError.Name.runtime, cause: "Unable to apply Path transformation to null or empty input.")
    }

    /// A payload template field whose path matches nothing. AWS documents `States.ParameterPathFailure` for
    /// this, but what it raises (recorded from AWS's console) is `States.Runtime`, which `States.ALL` does not
    /// catch; we do what AWS does.
    static func parameterPath(_ path: JSONPath, field: String, input: JSONValue?) -> StatesError {
        StatesError(
            StatesError.Name.runtime,
            cause: "The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(render(input))'")
    }

    /// `States.ResultPathMatchFailure` when the result cannot be placed into the input.
    static func resultPath(_ path: String, input: JSONValue) -> StatesError {
        StatesError(
            StatesError.Name.resultPathMatchFailure,
            cause: "Unable to apply ResultPath '\(path)' to input '\(render(input))'")
    }
}

extension StatesError {
    /// The error with AWS's prefix naming the state and the event at which it was entered, as AWS words
    /// data-flow failures: "An error occurred while executing the state 'NAME' (entered at the event id #N). …"
    public func inState(_ stateName: String, enteredAtEventID eventID: Int) -> StatesError {
        var prefixed = StatesError(
            error, cause: "\(Self.statePrefixStart)'\(stateName)' (entered at the event id #\(eventID)). \(cause)")
        prefixed.location = location
        prefixed.chainsToStateEntered = chainsToStateEntered
        return prefixed
    }

    /// `States.Runtime` for a reference path that matches nothing, worded as AWS words an `InputPath` that
    /// matches nothing ("Invalid path '$.x' : No results for path: $['x']").
    public static func pathMatchedNothing(_ path: JSONPath) -> StatesError { DataFlowError.noResults(for: path) }

    /// `States.Runtime` for a path in field `field` (a payload template's key, a Fail state's `ErrorPath`) that
    /// matches nothing in `input`: "The JSONPath '$.x' specified for the field 'ErrorPath' could not be found in
    /// the input '{...}'".
    public static func pathNotFound(_ path: JSONPath, field: String, input: JSONValue?) -> StatesError {
        DataFlowError.parameterPath(path, field: field, input: input)
    }

    /// The start of AWS's state prefix (a cause that has it is not prefixed again).
    public static let statePrefixStart = "An error occurred while executing the state "

    /// Whether AWS writes its state prefix before a cause of this error: the errors the service itself raises
    /// while executing a state. Not `States.NoChoiceMatched`, `States.DataLimitExceeded`, timeouts, or a task's
    /// or Fail state's own errors (their causes are AWS's or the user's as they are).
    public static func hasStatePrefix(_ name: String) -> Bool {
        switch name {
        case Name.runtime, Name.queryEvaluationError, Name.resultPathMatchFailure, Name.parameterPathFailure,
            Name.intrinsicFailure:
            true
        default: false
        }
    }
}

extension JSONPath {
    /// For a path of member names and indexes, the bracket notation of its steps up to the first member, before the
    /// last step, that `value` lacks (`$['no']` for `$.no.such` on `{}`); nil when there is none.
    func missingPropertyPrefix(in value: JSONValue) -> String? {
        var text = "$"
        var current = value
        for (offset, segment) in body.segments.enumerated() {
            guard !segment.isDeepScan else { return nil }
            switch segment.selector {
            case .member(let name):
                text += "['\(name)']"
                guard case .object(let members) = current else { return nil }
                guard let next = members[name] else { return offset < body.segments.count - 1 ? text : nil }
                current = next
            case .index(let index):
                text += "[\(index)]"
                guard case .array(let items) = current, index >= 0, index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return nil
    }

    /// The path in bracket notation as Jayway prints it, e.g. `$['store']['book'][0]`.
    public var normalizedText: String {
        var text: String
        switch root {
        case .input: text = "$"
        case .context: text = "$$"
        case .variable(let name): text = "$" + name
        }
        for segment in body.segments {
            if segment.isDeepScan { text += ".." }
            switch segment.selector {
            case .member(let name): text += "['\(name)']"
            case .members(let names): text += "[" + names.map { "'\($0)'" }.joined(separator: ",") + "]"
            case .index(let index): text += "[\(index)]"
            case .indexes(let indexes): text += "[" + indexes.map(String.init).joined(separator: ",") + "]"
            case .slice(let start, let end): text += "[\(start.map(String.init) ?? ""):\(end.map(String.init) ?? "")]"
            case .wildcard: text += "[*]"
            case .filter: text += "[?]"
            }
        }
        return text
    }
}
