import OrderedCollections

/// One entry of a state's `Retry` field: which errors to retry, and how often and how long to wait.
public struct Retrier: Sendable, Hashable {
    /// How the delay before a retry is randomized.
    public enum JitterStrategy: String, Sendable, Hashable, CaseIterable {
        /// A random delay between 0 and the computed backoff.
        case full = "FULL"
        /// Exactly the computed backoff (the default).
        case none = "NONE"
    }

    /// The error names this retrier matches (`States.ALL` matches any retriable error).
    public var errorEquals: [String]
    /// Seconds before the first retry; AWS's default is 1.
    public var intervalSeconds: Int?
    /// How many retries at most; AWS's default is 3, and 0 means never retry.
    public var maxAttempts: Int?
    /// The multiplier of the delay for each further attempt; AWS's default is 2.0.
    public var backoffRate: Double?
    /// The upper bound of the delay in seconds, if any.
    public var maxDelaySeconds: Int?
    public var jitterStrategy: JitterStrategy?
    public var comment: String?

    public init(
        errorEquals: [String], intervalSeconds: Int? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelaySeconds: Int? = nil, jitterStrategy: JitterStrategy? = nil, comment: String? = nil
    ) {
        self.errorEquals = errorEquals
        self.intervalSeconds = intervalSeconds
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelaySeconds = maxDelaySeconds
        self.jitterStrategy = jitterStrategy
        self.comment = comment
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        guard let errors = try reader.stringArray("ErrorEquals") else { throw reader.missing("ErrorEquals") }
        self.errorEquals = errors
        self.intervalSeconds = try reader.int("IntervalSeconds")
        self.maxAttempts = try reader.int("MaxAttempts")
        self.backoffRate = try reader.double("BackoffRate")
        self.maxDelaySeconds = try reader.int("MaxDelaySeconds")
        self.jitterStrategy = try reader.enumeration("JitterStrategy", as: JitterStrategy.self)
        self.comment = try reader.string("Comment")
    }

    /// The retrier as ASL JSON.
    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("ErrorEquals", strings: errorEquals)
        writer.set("Comment", comment)
        writer.set("IntervalSeconds", intervalSeconds)
        writer.set("MaxAttempts", maxAttempts)
        writer.set("BackoffRate", backoffRate)
        writer.set("MaxDelaySeconds", maxDelaySeconds)
        writer.set("JitterStrategy", jitterStrategy)
        return writer.json
    }
}

/// One entry of a state's `Catch` field: which errors to catch, and where to go with the error output.
public struct Catcher: Sendable, Hashable {
    /// The error names this catcher matches (`States.ALL` matches any catchable error).
    public var errorEquals: [String]
    /// The state to go to.
    public var next: String
    /// JSONPath: where the error output goes in the state's input (`null` keeps the input as it was).
    public var resultPath: NullablePath?
    /// JSONata: the state's output on this path.
    public var output: JSONValue?
    /// Variables to assign when this catcher matches.
    public var assign: JSONValue?
    public var comment: String?

    public init(
        errorEquals: [String], next: String, resultPath: NullablePath? = nil, output: JSONValue? = nil,
        assign: JSONValue? = nil, comment: String? = nil
    ) {
        self.errorEquals = errorEquals
        self.next = next
        self.resultPath = resultPath
        self.output = output
        self.assign = assign
        self.comment = comment
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        guard let errors = try reader.stringArray("ErrorEquals") else { throw reader.missing("ErrorEquals") }
        self.errorEquals = errors
        self.next = try reader.requiredString("Next")
        self.resultPath = try reader.nullablePath("ResultPath")
        self.output = reader.value("Output")
        self.assign = reader.value("Assign")
        self.comment = try reader.string("Comment")
    }

    /// The catcher as ASL JSON.
    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("ErrorEquals", strings: errorEquals)
        writer.set("Comment", comment)
        writer.set("ResultPath", resultPath)
        writer.set("Output", output)
        writer.set("Assign", assign)
        writer.set("Next", next)
        return writer.json
    }
}

extension FieldReader {
    func retriers() throws(DefinitionError) -> [Retrier] {
        guard let elements = try array("Retry") else { return [] }
        var result: [Retrier] = []
        for (index, element) in elements.enumerated() {
            let at = JSONPointer.appending(index, to: path("Retry"))
            result.append(try Retrier(FieldReader(element, at: at, what: "a retrier")))
        }
        return result
    }

    func catchers() throws(DefinitionError) -> [Catcher] {
        guard let elements = try array("Catch") else { return [] }
        var result: [Catcher] = []
        for (index, element) in elements.enumerated() {
            let at = JSONPointer.appending(index, to: path("Catch"))
            result.append(try Catcher(FieldReader(element, at: at, what: "a catcher")))
        }
        return result
    }
}

extension FieldWriter {
    mutating func set(retry: [Retrier], catch catchers: [Catcher]) {
        if !retry.isEmpty { object["Retry"] = .array(retry.map(\.json)) }
        if !catchers.isEmpty { object["Catch"] = .array(catchers.map(\.json)) }
    }
}
