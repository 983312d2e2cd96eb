import OrderedCollections

/// A `Choice` state: goes to the `Next` of the first rule that matches, else to `Default`.
public struct ChoiceState: Sendable, Hashable {
    /// One top-level entry of `Choices`: a rule, where it leads, and (with variables/JSONata) what it assigns
    /// and outputs when it matches.
    public struct Choice: Sendable, Hashable {
        public var rule: ChoiceRule
        public var next: String
        public var comment: String?
        public var assign: JSONValue?
        public var output: JSONValue?

        public init(rule: ChoiceRule, next: String, comment: String? = nil, assign: JSONValue? = nil, output: JSONValue? = nil) {
            self.rule = rule
            self.next = next
            self.comment = comment
            self.assign = assign
            self.output = output
        }

        init(_ reader: FieldReader) throws(DefinitionError) {
            rule = try ChoiceRule(reader)
            next = try reader.requiredString("Next")
            comment = try reader.string("Comment")
            assign = reader.value("Assign")
            output = reader.value("Output")
        }

        /// The entry as ASL JSON.
        public var json: JSONValue {
            var object = rule.jsonObject
            if let comment { object["Comment"] = .string(comment) }
            if let assign { object["Assign"] = assign }
            if let output { object["Output"] = output }
            object["Next"] = .string(next)
            return .object(object)
        }
    }

    public var comment: String?
    public var queryLanguage: QueryLanguage?
    public var choices: [Choice]
    /// The state to go to when no rule matches; without it, no match fails with `States.Runtime`, as on AWS.
    public var `default`: String?
    public var inputPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: JSONValue?

    public init(choices: [Choice], default: String? = nil) {
        self.choices = choices
        self.default = `default`
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        guard let elements = try reader.array("Choices") else { throw reader.missing("Choices") }
        var choices: [Choice] = []
        for (index, element) in elements.enumerated() {
            let at = JSONPointer.appending(index, to: reader.path("Choices"))
            choices.append(try Choice(FieldReader(element, at: at, what: "a choice rule")))
        }
        self.choices = choices
        `default` = try reader.string("Default")
        inputPath = try reader.nullablePath("InputPath")
        outputPath = try reader.nullablePath("OutputPath")
        output = reader.value("Output")
        assign = reader.value("Assign")
    }

    func write(to writer: inout FieldWriter) {
        writer.set("InputPath", inputPath)
        writer.set("OutputPath", outputPath)
        writer.object["Choices"] = .array(choices.map(\.json))
        writer.set("Default", `default`)
        writer.set("Output", output)
        writer.set("Assign", assign)
    }
}
