import OrderedCollections

/// One state of a state machine, by its `Type`.
public enum State: Sendable, Hashable {
    case pass(PassState)
    case task(TaskState)
    case choice(ChoiceState)
    case wait(WaitState)
    case succeed(SucceedState)
    case fail(FailState)
    case parallel(ParallelState)
    case map(MapState)

    /// The eight `Type` names of ASL.
    public static let typeNames = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]

    /// The state's `Type`, as written in ASL.
    public var typeName: String {
        switch self {
        case .pass: "Pass"
        case .task: "Task"
        case .choice: "Choice"
        case .wait: "Wait"
        case .succeed: "Succeed"
        case .fail: "Fail"
        case .parallel: "Parallel"
        case .map: "Map"
        }
    }

    public var comment: String? {
        switch self {
        case .pass(let s): s.comment
        case .task(let s): s.comment
        case .choice(let s): s.comment
        case .wait(let s): s.comment
        case .succeed(let s): s.comment
        case .fail(let s): s.comment
        case .parallel(let s): s.comment
        case .map(let s): s.comment
        }
    }

    /// The state's own `QueryLanguage`, if it sets one (otherwise the machine's applies).
    public var queryLanguage: QueryLanguage? {
        switch self {
        case .pass(let s): s.queryLanguage
        case .task(let s): s.queryLanguage
        case .choice(let s): s.queryLanguage
        case .wait(let s): s.queryLanguage
        case .succeed(let s): s.queryLanguage
        case .fail(let s): s.queryLanguage
        case .parallel(let s): s.queryLanguage
        case .map(let s): s.queryLanguage
        }
    }

    /// `Next`/`End` of Pass, Task, Wait, Parallel and Map; `nil` for Choice, Succeed and Fail.
    public var transition: Transition? {
        switch self {
        case .pass(let s): s.transition
        case .task(let s): s.transition
        case .wait(let s): s.transition
        case .parallel(let s): s.transition
        case .map(let s): s.transition
        case .choice, .succeed, .fail: nil
        }
    }

    /// Whether the state ends its machine or branch (Succeed, Fail, or `End: true`).
    public var isTerminal: Bool {
        switch self {
        case .succeed, .fail: true
        case .choice: false
        default: transition == .end
        }
    }

    /// Parses one state object.
    public init(json: JSONValue, path: String = "") throws(DefinitionError) {
        try self.init(FieldReader(json, at: path, what: "a state"))
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        let type = try reader.requiredString("Type")
        switch type {
        case "Pass": self = .pass(try PassState(reader))
        case "Task": self = .task(try TaskState(reader))
        case "Choice": self = .choice(try ChoiceState(reader))
        case "Wait": self = .wait(try WaitState(reader))
        case "Succeed": self = .succeed(try SucceedState(reader))
        case "Fail": self = .fail(try FailState(reader))
        case "Parallel": self = .parallel(try ParallelState(reader))
        case "Map": self = .map(try MapState(reader))
        default:
            throw DefinitionError(
                "unknown state type \"\(type)\" (expected one of \(State.typeNames.joined(separator: ", ")))",
                path: reader.path("Type"))
        }
    }

    /// The state as ASL JSON: `Type`, `Comment` and `QueryLanguage` first, then the type's fields in a fixed order.
    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("Type", typeName)
        writer.set("Comment", comment)
        writer.set("QueryLanguage", queryLanguage)
        switch self {
        case .pass(let s): s.write(to: &writer)
        case .task(let s): s.write(to: &writer)
        case .choice(let s): s.write(to: &writer)
        case .wait(let s): s.write(to: &writer)
        case .succeed(let s): s.write(to: &writer)
        case .fail(let s): s.write(to: &writer)
        case .parallel(let s): s.write(to: &writer)
        case .map(let s): s.write(to: &writer)
        }
        return writer.json
    }

    static func json(of states: OrderedDictionary<String, State>) -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(states.count)
        for (name, state) in states { object[name] = state.json }
        return .object(object)
    }
}
