import OrderedCollections

/// A `Parallel` state: runs every branch on the same input and outputs the array of their outputs.
public struct ParallelState: Sendable, Hashable {
    public var comment: String?
    public var queryLanguage: QueryLanguage?
    public var transition: Transition
    public var branches: [Branch]
    public var inputPath: NullablePath?
    public var parameters: JSONValue?
    /// JSONata input of every branch.
    public var arguments: JSONValue?
    public var resultSelector: JSONValue?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: JSONValue?
    public var retry: [Retrier] = []
    public var `catch`: [Catcher] = []

    public init(branches: [Branch], transition: Transition) {
        self.branches = branches
        self.transition = transition
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        transition = try reader.transition()
        guard let elements = try reader.array("Branches") else { throw reader.missing("Branches") }
        var branches: [Branch] = []
        for (index, element) in elements.enumerated() {
            let at = JSONPointer.appending(index, to: reader.path("Branches"))
            branches.append(try Branch(FieldReader(element, at: at, what: "a branch")))
        }
        self.branches = branches
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
    }

    func write(to writer: inout FieldWriter) {
        writer.set("InputPath", inputPath)
        writer.set("Parameters", parameters)
        writer.set("Arguments", arguments)
        writer.object["Branches"] = .array(branches.map(\.json))
        writer.set("ResultSelector", resultSelector)
        writer.set("ResultPath", resultPath)
        writer.set("OutputPath", outputPath)
        writer.set("Output", output)
        writer.set("Assign", assign)
        writer.set(retry: retry, catch: `catch`)
        writer.set(transition)
    }
}
