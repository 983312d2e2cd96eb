/// A `Task` state: does one unit of work through a `Resource` (an activity, a Lambda function, a service
/// integration), with optional retries, catchers and timeouts.
public struct TaskState: Sendable, Hashable {
    public var comment: String?
    public var queryLanguage: QueryLanguage?
    public var transition: Transition
    /// The ARN (or URI) of the work to do.
    public var resource: String
    public var inputPath: NullablePath?
    /// JSONPath payload template sent to the resource.
    public var parameters: JSONValue?
    /// JSONata arguments sent to the resource (an object or an expression string).
    public var arguments: JSONValue?
    public var resultSelector: JSONValue?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: JSONValue?
    public var retry: [Retrier] = []
    public var `catch`: [Catcher] = []
    /// Seconds before the task times out with `States.Timeout` (AWS's default is 99999999).
    public var timeoutSeconds: IntOrExpression?
    public var timeoutSecondsPath: String?
    /// Seconds between heartbeats before the task fails with `States.HeartbeatTimeout`.
    public var heartbeatSeconds: IntOrExpression?
    public var heartbeatSecondsPath: String?
    /// Cross-account credentials: `{"RoleArn": ...}` or `{"RoleArn.$": ...}`.
    public var credentials: JSONValue?

    public init(resource: String, transition: Transition) {
        self.resource = resource
        self.transition = transition
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        transition = try reader.transition()
        resource = try reader.requiredString("Resource")
        inputPath = try reader.nullablePath("InputPath")
        parameters = reader.value("Parameters")
        arguments = reader.value("Arguments")
        resultSelector = reader.value("ResultSelector")
        resultPath = try reader.nullablePath("ResultPath")
        outputPath = try reader.nullablePath("OutputPath")
        output = reader.value("Output")
        assign = reader.value("Assign")
        retry = try reader.retriers()
        `catch` = try reader.catchers()
        timeoutSeconds = try reader.intOrExpression("TimeoutSeconds")
        timeoutSecondsPath = try reader.string("TimeoutSecondsPath")
        heartbeatSeconds = try reader.intOrExpression("HeartbeatSeconds")
        heartbeatSecondsPath = try reader.string("HeartbeatSecondsPath")
        credentials = reader.value("Credentials")
    }

    func write(to writer: inout FieldWriter) {
        writer.set("Resource", resource)
        writer.set("Credentials", credentials)
        writer.set("InputPath", inputPath)
        writer.set("Parameters", parameters)
        writer.set("Arguments", arguments)
        writer.set("ResultSelector", resultSelector)
        writer.set("ResultPath", resultPath)
        writer.set("OutputPath", outputPath)
        writer.set("Output", output)
        writer.set("Assign", assign)
        writer.set("TimeoutSeconds", timeoutSeconds)
        writer.set("TimeoutSecondsPath", timeoutSecondsPath)
        writer.set("HeartbeatSeconds", heartbeatSeconds)
        writer.set("HeartbeatSecondsPath", heartbeatSecondsPath)
        writer.set(retry: retry, catch: `catch`)
        writer.set(transition)
    }
}
