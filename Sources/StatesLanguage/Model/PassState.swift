/// A `Pass` state: passes its input (or a fixed `Result`) to its output, without doing work.
public struct PassState: Sendable, Hashable {
    public var comment: String?
    public var queryLanguage: QueryLanguage?
    public var transition: Transition
    /// JSONPath fields.
    public var inputPath: NullablePath?
    public var parameters: JSONValue?
    public var result: JSONValue?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    /// JSONata output.
    public var output: JSONValue?
    public var assign: JSONValue?

    public init(transition: Transition) { self.transition = transition }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        transition = try reader.transition()
        inputPath = try reader.nullablePath("InputPath")
        parameters = reader.value("Parameters")
        result = reader.value("Result")
        resultPath = try reader.nullablePath("ResultPath")
        outputPath = try reader.nullablePath("OutputPath")
        output = reader.value("Output")
        assign = reader.value("Assign")
    }

    func write(to writer: inout FieldWriter) {
        writer.set("InputPath", inputPath)
        writer.set("Parameters", parameters)
        writer.set("Result", result)
        writer.set("ResultPath", resultPath)
        writer.set("OutputPath", outputPath)
        writer.set("Output", output)
        writer.set("Assign", assign)
        writer.set(transition)
    }
}

/// A `Wait` state: waits for a number of seconds or until a timestamp, then continues.
public struct WaitState: Sendable, Hashable {
    public var comment: String?
    public var queryLanguage: QueryLanguage?
    public var transition: Transition
    /// Seconds to wait (an integer, or a JSONata expression in JSONata states).
    public var seconds: IntOrExpression?
    /// An RFC 3339 timestamp to wait until (or a JSONata expression).
    public var timestamp: String?
    public var secondsPath: String?
    public var timestampPath: String?
    public var inputPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: JSONValue?

    public init(transition: Transition) { self.transition = transition }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        transition = try reader.transition()
        seconds = try reader.intOrExpression("Seconds")
        timestamp = try reader.string("Timestamp")
        secondsPath = try reader.string("SecondsPath")
        timestampPath = try reader.string("TimestampPath")
        inputPath = try reader.nullablePath("InputPath")
        outputPath = try reader.nullablePath("OutputPath")
        output = reader.value("Output")
        assign = reader.value("Assign")
    }

    func write(to writer: inout FieldWriter) {
        writer.set("Seconds", seconds)
        writer.set("Timestamp", timestamp)
        writer.set("SecondsPath", secondsPath)
        writer.set("TimestampPath", timestampPath)
        writer.set("InputPath", inputPath)
        writer.set("OutputPath", outputPath)
        writer.set("Output", output)
        writer.set("Assign", assign)
        writer.set(transition)
    }
}

/// A `Succeed` state: ends its machine or branch successfully.
public struct SucceedState: Sendable, Hashable {
    public var comment: String?
    public var queryLanguage: QueryLanguage?
    public var inputPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?

    public init() {}

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        inputPath = try reader.nullablePath("InputPath")
        outputPath = try reader.nullablePath("OutputPath")
        output = reader.value("Output")
    }

    func write(to writer: inout FieldWriter) {
        writer.set("InputPath", inputPath)
        writer.set("OutputPath", outputPath)
        writer.set("Output", output)
    }
}

/// A `Fail` state: ends the execution with an error name and a cause.
public struct FailState: Sendable, Hashable {
    public var comment: String?
    public var queryLanguage: QueryLanguage?
    /// The error name (a JSONata expression in JSONata states).
    public var error: String?
    /// A path or intrinsic function giving the error name (JSONPath).
    public var errorPath: String?
    /// The cause (a JSONata expression in JSONata states).
    public var cause: String?
    /// A path or intrinsic function giving the cause (JSONPath).
    public var causePath: String?

    public init(error: String? = nil, cause: String? = nil) {
        self.error = error
        self.cause = cause
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        error = try reader.string("Error")
        errorPath = try reader.string("ErrorPath")
        cause = try reader.string("Cause")
        causePath = try reader.string("CausePath")
    }

    func write(to writer: inout FieldWriter) {
        writer.set("Error", error)
        writer.set("ErrorPath", errorPath)
        writer.set("Cause", cause)
        writer.set("CausePath", causePath)
    }
}
