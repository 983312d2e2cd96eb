public import OrderedCollections

/// A nested state machine: one branch of a `Parallel` state, or the `ItemProcessor` (legacy `Iterator`) of a
/// `Map` state.
public struct Branch: Sendable, Hashable {
    public var comment: String?
    public var startAt: String
    public var states: OrderedDictionary<String, State>
    /// Map only: how the items are processed (`INLINE` or `DISTRIBUTED`, and the child execution type).
    public var processorConfig: ProcessorConfig?

    public init(startAt: String, states: OrderedDictionary<String, State>, comment: String? = nil, processorConfig: ProcessorConfig? = nil) {
        self.startAt = startAt
        self.states = states
        self.comment = comment
        self.processorConfig = processorConfig
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        startAt = try reader.requiredString("StartAt")
        states = try reader.states()
        if let config = try reader.reader("ProcessorConfig") {
            processorConfig = try ProcessorConfig(config)
        }
    }

    /// The branch as ASL JSON.
    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("Comment", comment)
        writer.set("ProcessorConfig", processorConfig?.json)
        writer.set("StartAt", startAt)
        writer.object["States"] = State.json(of: states)
        return writer.json
    }
}

/// A Map state's `ItemProcessor.ProcessorConfig`.
public struct ProcessorConfig: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case inline = "INLINE"
        case distributed = "DISTRIBUTED"
    }

    /// The kind of child workflow executions a Distributed Map starts.
    public enum ExecutionType: String, Sendable, Hashable, CaseIterable {
        case standard = "STANDARD"
        case express = "EXPRESS"
    }

    /// AWS's default is `INLINE`.
    public var mode: Mode?
    public var executionType: ExecutionType?

    public init(mode: Mode? = nil, executionType: ExecutionType? = nil) {
        self.mode = mode
        self.executionType = executionType
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        mode = try reader.enumeration("Mode", as: Mode.self)
        executionType = try reader.enumeration("ExecutionType", as: ExecutionType.self)
    }

    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("Mode", mode)
        writer.set("ExecutionType", executionType)
        return writer.json
    }
}

extension FieldReader {
    /// The `States` object of a machine or branch.
    func states() throws(DefinitionError) -> OrderedDictionary<String, State> {
        guard let statesReader = try reader("States") else { throw missing("States") }
        var states = OrderedDictionary<String, State>()
        states.reserveCapacity(statesReader.object.count)
        for (name, value) in statesReader.object {
            let at = statesReader.path(name)
            states[name] = try State(FieldReader(value, at: at, what: "a state"))
        }
        return states
    }
}
