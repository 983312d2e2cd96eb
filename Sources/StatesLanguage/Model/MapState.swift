import OrderedCollections

/// A `Map` state: runs its item processor once for each item of an array (Inline) or of a data set read by
/// an `ItemReader` (Distributed), and outputs the array of results.
public struct MapState: Sendable, Hashable {
    public var comment: String?
    public var queryLanguage: QueryLanguage?
    public var transition: Transition
    /// The states run for each item (`ItemProcessor`, or the legacy `Iterator`).
    public var itemProcessor: Branch
    /// Whether the definition used the legacy `Iterator` field name (kept so encoding round-trips).
    public var usesLegacyIterator: Bool = false
    public var inputPath: NullablePath?
    /// JSONPath: the path of the items array in the effective input.
    public var itemsPath: String?
    /// JSONata: the items array, or an expression giving it.
    public var items: JSONValue?
    /// The input of each iteration (a payload template in JSONPath, a JSONata template otherwise).
    public var itemSelector: JSONValue?
    /// Legacy synonym of `ItemSelector` (JSONPath).
    public var parameters: JSONValue?
    public var itemReader: ItemReader?
    public var itemBatcher: ItemBatcher?
    public var resultWriter: ResultWriter?
    /// At most this many iterations at once (0 means as many as possible).
    public var maxConcurrency: IntOrExpression?
    public var maxConcurrencyPath: String?
    public var toleratedFailurePercentage: NumberOrExpression?
    public var toleratedFailurePercentagePath: String?
    public var toleratedFailureCount: IntOrExpression?
    public var toleratedFailureCountPath: String?
    /// Distributed Map: a label for the Map Run and its child executions.
    public var label: String?
    public var resultSelector: JSONValue?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: JSONValue?
    public var retry: [Retrier] = []
    public var `catch`: [Catcher] = []

    public init(itemProcessor: Branch, transition: Transition) {
        self.itemProcessor = itemProcessor
        self.transition = transition
    }

    init(_ reader: FieldReader) throws(DefinitionError) {
        comment = try reader.string("Comment")
        queryLanguage = try reader.queryLanguage()
        transition = try reader.transition()
        if let processor = try reader.reader("ItemProcessor") {
            itemProcessor = try Branch(processor)
        } else if let iterator = try reader.reader("Iterator") {
            itemProcessor = try Branch(iterator)
            usesLegacyIterator = true
        } else {
            throw reader.missing("ItemProcessor")
        }
        inputPath = try reader.nullablePath("InputPath")
        itemsPath = try reader.string("ItemsPath")
        items = reader.value("Items")
        itemSelector = reader.value("ItemSelector")
        parameters = reader.value("Parameters")
        if let config = try reader.reader("ItemReader") { itemReader = try ItemReader(config) }
        if let config = try reader.reader("ItemBatcher") { itemBatcher = try ItemBatcher(config) }
        if let config = try reader.reader("ResultWriter") { resultWriter = try ResultWriter(config) }
        maxConcurrency = try reader.intOrExpression("MaxConcurrency")
        maxConcurrencyPath = try reader.string("MaxConcurrencyPath")
        toleratedFailurePercentage = try reader.numberOrExpression("ToleratedFailurePercentage")
        toleratedFailurePercentagePath = try reader.string("ToleratedFailurePercentagePath")
        toleratedFailureCount = try reader.intOrExpression("ToleratedFailureCount")
        toleratedFailureCountPath = try reader.string("ToleratedFailureCountPath")
        label = try reader.string("Label")
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
        writer.set("ItemsPath", itemsPath)
        writer.set("Items", items)
        writer.set("ItemReader", itemReader?.json)
        writer.set("ItemSelector", itemSelector)
        writer.set("Parameters", parameters)
        writer.set("ItemBatcher", itemBatcher?.json)
        writer.object[usesLegacyIterator ? "Iterator" : "ItemProcessor"] = itemProcessor.json
        writer.set("ResultWriter", resultWriter?.json)
        writer.set("MaxConcurrency", maxConcurrency)
        writer.set("MaxConcurrencyPath", maxConcurrencyPath)
        writer.set("ToleratedFailurePercentage", toleratedFailurePercentage)
        writer.set("ToleratedFailurePercentagePath", toleratedFailurePercentagePath)
        writer.set("ToleratedFailureCount", toleratedFailureCount)
        writer.set("ToleratedFailureCountPath", toleratedFailureCountPath)
        writer.set("Label", label)
        writer.set("ResultSelector", resultSelector)
        writer.set("ResultPath", resultPath)
        writer.set("OutputPath", outputPath)
        writer.set("Output", output)
        writer.set("Assign", assign)
        writer.set(retry: retry, catch: `catch`)
        writer.set(transition)
    }
}
