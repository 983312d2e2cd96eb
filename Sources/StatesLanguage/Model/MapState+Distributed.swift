/// A Distributed Map's `ItemReader`: where the items come from (an S3 object, a listing, a manifest).
public struct ItemReader: Sendable, Hashable {
    /// `ReaderConfig`: how to read the source.
    public struct ReaderConfig: Sendable, Hashable {
        /// `CSV`, `JSON`, `JSONL`, `PARQUET` or `MANIFEST`.
        public var inputType: String?
        /// `FIRST_ROW` or `GIVEN`.
        public var csvHeaderLocation: String?
        public var csvHeaders: [String]?
        /// `COMMA`, `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.
        public var csvDelimiter: String?
        /// `ATHENA_DATA` or `S3_INVENTORY`.
        public var manifestType: String?
        /// `NONE` or `LOAD_AND_FLATTEN`.
        public var transformation: String?
        public var maxItems: IntOrExpression?
        public var maxItemsPath: String?
        /// `JSON`: a JSON Pointer (RFC 6901) to the array of items in the object (its root when absent).
        public var itemsPointer: String?

        public init() {}

        init(_ reader: FieldReader) throws(DefinitionError) {
            inputType = try reader.string("InputType")
            csvHeaderLocation = try reader.string("CSVHeaderLocation")
            csvHeaders = try reader.stringArray("CSVHeaders")
            csvDelimiter = try reader.string("CSVDelimiter")
            manifestType = try reader.string("ManifestType")
            transformation = try reader.string("Transformation")
            maxItems = try reader.intOrExpression("MaxItems")
            maxItemsPath = try reader.string("MaxItemsPath")
            itemsPointer = try reader.string("ItemsPointer")
        }

        public var json: JSONValue {
            var writer = FieldWriter()
            writer.set("InputType", inputType)
            writer.set("Transformation", transformation)
            writer.set("ManifestType", manifestType)
            writer.set("CSVHeaderLocation", csvHeaderLocation)
            writer.set("CSVHeaders", strings: csvHeaders)
            writer.set("CSVDelimiter", csvDelimiter)
            writer.set("MaxItems", maxItems)
            writer.set("MaxItemsPath", maxItemsPath)
            writer.set("ItemsPointer", itemsPointer)
            return writer.json
        }
    }

    public var resource: String
    public var readerConfig: ReaderConfig?
    /// JSONPath parameters of the read (a payload template).
    public var parameters: JSONValue?
    /// JSONata arguments of the read.
    public var arguments: JSONValue?

    public init(resource: String) { self.resource = resource }

    init(_ reader: FieldReader) throws(DefinitionError) {
        resource = try reader.requiredString("Resource")
        if let config = try reader.reader("ReaderConfig") { readerConfig = try ReaderConfig(config) }
        parameters = reader.value("Parameters")
        arguments = reader.value("Arguments")
    }

    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("Resource", resource)
        writer.set("ReaderConfig", readerConfig?.json)
        writer.set("Parameters", parameters)
        writer.set("Arguments", arguments)
        return writer.json
    }
}

/// A Distributed Map's `ItemBatcher`: groups items into batches for each child execution.
public struct ItemBatcher: Sendable, Hashable {
    public var maxItemsPerBatch: IntOrExpression?
    public var maxItemsPerBatchPath: String?
    public var maxInputBytesPerBatch: IntOrExpression?
    public var maxInputBytesPerBatchPath: String?
    /// A fixed JSON object added to every batch (a payload template in JSONPath).
    public var batchInput: JSONValue?

    public init() {}

    init(_ reader: FieldReader) throws(DefinitionError) {
        maxItemsPerBatch = try reader.intOrExpression("MaxItemsPerBatch")
        maxItemsPerBatchPath = try reader.string("MaxItemsPerBatchPath")
        maxInputBytesPerBatch = try reader.intOrExpression("MaxInputBytesPerBatch")
        maxInputBytesPerBatchPath = try reader.string("MaxInputBytesPerBatchPath")
        batchInput = reader.value("BatchInput")
    }

    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("MaxItemsPerBatch", maxItemsPerBatch)
        writer.set("MaxItemsPerBatchPath", maxItemsPerBatchPath)
        writer.set("MaxInputBytesPerBatch", maxInputBytesPerBatch)
        writer.set("MaxInputBytesPerBatchPath", maxInputBytesPerBatchPath)
        writer.set("BatchInput", batchInput)
        return writer.json
    }
}

/// A Distributed Map's `ResultWriter`: where and how child execution results are exported.
public struct ResultWriter: Sendable, Hashable {
    /// `WriterConfig`: the format of the exported results.
    public struct WriterConfig: Sendable, Hashable {
        /// `JSON` or `JSONL`.
        public var outputType: String?
        /// `NONE`, `COMPACT` or `FLATTEN`.
        public var transformation: String?

        public init(outputType: String? = nil, transformation: String? = nil) {
            self.outputType = outputType
            self.transformation = transformation
        }

        init(_ reader: FieldReader) throws(DefinitionError) {
            outputType = try reader.string("OutputType")
            transformation = try reader.string("Transformation")
        }

        public var json: JSONValue {
            var writer = FieldWriter()
            writer.set("OutputType", outputType)
            writer.set("Transformation", transformation)
            return writer.json
        }
    }

    /// The export resource (e.g. `arn:aws:states:::s3:putObject`); may be absent when only `WriterConfig` is set.
    public var resource: String?
    public var parameters: JSONValue?
    public var arguments: JSONValue?
    public var writerConfig: WriterConfig?

    public init(resource: String? = nil) { self.resource = resource }

    init(_ reader: FieldReader) throws(DefinitionError) {
        resource = try reader.string("Resource")
        parameters = reader.value("Parameters")
        arguments = reader.value("Arguments")
        if let config = try reader.reader("WriterConfig") { writerConfig = try WriterConfig(config) }
    }

    public var json: JSONValue {
        var writer = FieldWriter()
        writer.set("Resource", resource)
        writer.set("Parameters", parameters)
        writer.set("Arguments", arguments)
        writer.set("WriterConfig", writerConfig?.json)
        return writer.json
    }
}
