import Foundation
import StatesLanguage
import StepFunctionsAPI

/// The `ItemReader` sources that name other objects, as the developer guide's "ItemReader (Map)" page documents
/// them: an S3 Inventory `manifest.json` (`InputType: MANIFEST`), an Athena data manifest
/// (`ManifestType: ATHENA_DATA`), and `s3:listObjectsV2` with `Transformation: LOAD_AND_FLATTEN`. The objects they
/// name are read from buckets mapped to directories or from Amazon S3: JSONL and CSV files (gzip-compressed ones
/// inflated as they come) a chunk at a time up to the last item taken, JSON arrays whole. Their items are held in the
/// Map's state (no cursor).
extension LocalItemReader {
    /// The items of a source that names other objects; nil when `resource` and `config` name none.
    func referencedItems(
        resource: String, bucket: String, parameters: JSONValue, config: ItemReader.ReaderConfig?, limit: Int
    ) throws(StatesError) -> [JSONValue]? {
        let getObject = resource == "arn:aws:states:::s3:getObject"
        if getObject, config?.manifestType == "ATHENA_DATA" {
            guard let key = parameters["Key"]?.stringValue else { throw Self.failure("The ItemReader's parameters must name a Key") }
            return try athenaItems(bucket: bucket, key: key, config: config, limit: limit)
        }
        if getObject, config?.inputType == "MANIFEST" {
            guard let key = parameters["Key"]?.stringValue else { throw Self.failure("The ItemReader's parameters must name a Key") }
            return try inventoryItems(bucket: bucket, key: key, limit: limit)
        }
        if resource == "arn:aws:states:::s3:listObjectsV2", config?.transformation == "LOAD_AND_FLATTEN" {
            var listing = config
            listing?.transformation = nil
            listing?.maxItems = nil
            let objects = try items(resource: resource, parameters: parameters, config: listing, maxItems: nil)
            var items: [JSONValue] = []
            for object in objects where items.count < limit {
                guard let key = object["Key"]?.stringValue, !key.hasSuffix("/") else { continue }
                items += try fileItems(bucket: bucket, key: key, config: config, limit: limit - items.count)
            }
            return items
        }
        return nil
    }

    /// An S3 Inventory report: `manifest.json` names CSV data files (gzip-compressed, as S3 Inventory writes them,
    /// or plain) in its `destinationBucket`; each row is an item whose fields are the manifest's `fileSchema`
    /// (`Bucket`, `Key`, `Size`, ...), all strings. Other `fileFormat`s (ORC, Parquet) fail the Map.
    func inventoryItems(bucket: String, key: String, limit: Int) throws(StatesError) -> [JSONValue] {
        let data = try objectBytes(bucket: bucket, key: key)
        guard let manifest = try? JSONValue(parsing: String(decoding: data, as: UTF8.self)), manifest.objectValue != nil else {
            throw Self.failure("The manifest '\(key)' is not a JSON object")
        }
        let format = manifest["fileFormat"]?.stringValue ?? "CSV"
        guard format == "CSV" else {
            throw Self.failure("The S3 Inventory format '\(format)' of the manifest '\(key)' is not supported (only CSV is)")
        }
        guard let schema = manifest["fileSchema"]?.stringValue else {
            throw Self.failure("The manifest '\(key)' has no fileSchema")
        }
        let header = schema.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard case .array(let files)? = manifest["files"] else { throw Self.failure("The manifest '\(key)' has no files list") }
        // `destinationBucket` is the bucket's ARN (arn:aws:s3:::name); the manifest's own bucket when absent.
        let destination = manifest["destinationBucket"]?.stringValue.map { $0.components(separatedBy: ":::").last ?? $0 } ?? bucket
        var items: [JSONValue] = []
        for file in files where items.count < limit {
            guard let fileKey = file["key"]?.stringValue else { throw Self.failure("A file of the manifest '\(key)' has no key") }
            // Read a chunk at a time (inflated as it comes when gzip-compressed): only up to the last item taken.
            var cursor = try objectCursor(bucket: destination, key: fileKey, versionId: nil, format: "CSV")
            cursor.delimiter = ","
            cursor.header = header
            var reader = try cursor.open(s3: s3, gzip: true)
            defer { reader.close() }
            while items.count < limit, let item = try cursor.next(&reader) { items.append(item) }
        }
        return items
    }

    /// An Athena data manifest: a text file of `s3://bucket/key` lines, each a data file of the `InputType`
    /// (CSV with its header on the first row, or JSON Lines; Parquet fails the Map), whose items are read in order.
    func athenaItems(bucket: String, key: String, config: ItemReader.ReaderConfig?, limit: Int) throws(StatesError) -> [JSONValue] {
        let data = try objectBytes(bucket: bucket, key: key)
        var items: [JSONValue] = []
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where items.count < limit {
            let location = line.trimmingCharacters(in: .whitespaces)
            if location.isEmpty { continue }
            guard location.hasPrefix("s3://"), let slash = location.dropFirst(5).firstIndex(of: "/") else {
                throw Self.failure("The manifest '\(key)' has a line that is not an s3:// location: '\(location)'")
            }
            let fileBucket = String(location.dropFirst(5)[..<slash])
            let fileKey = String(location[location.index(after: slash)...])
            var fileConfig = config
            fileConfig?.manifestType = nil
            items += try fileItems(bucket: fileBucket, key: fileKey, config: fileConfig, limit: limit - items.count)
        }
        return items
    }

    /// An object's bytes from a bucket mapped to a directory, else from Amazon S3.
    func objectBytes(bucket: String, key: String) throws(StatesError) -> Data {
        if let directory = directories[bucket] { return try read(directory, key) }
        guard let s3 else {
            throw Self.failure(
                "The bucket '\(bucket)' is not available to the embedded engine: map it to a directory "
                    + "(stepwise serve --s3-directory \(bucket)=DIR)")
        }
        let object = try S3Blocking.run(what: "s3:getObject \(bucket)/\(key)") { [s3] in
            try await s3.getObject(bucket: bucket, key: key)
        }
        guard object.body.count <= Self.maxObjectBytes else {
            throw Self.failure("The object '\(key)' is larger than the engine reads (\(Self.maxObjectBytes) bytes)")
        }
        return Data(object.body)
    }

    /// The items of one object a manifest or a listing names: JSONL and CSV read a chunk at a time up to the last
    /// item taken (``streamedItems(bucket:key:versionId:config:gzip:limit:)``), anything else whole.
    func fileItems(bucket: String, key: String, config: ItemReader.ReaderConfig?, limit: Int) throws(StatesError) -> [JSONValue] {
        var plain = config
        plain?.manifestType = nil
        plain?.transformation = nil
        if Self.readsLazily(plain) {
            return try streamedItems(bucket: bucket, key: key, config: plain, limit: limit)
        }
        return try Self.parse(objectBytes(bucket: bucket, key: key), key: key, config: plain, limit: limit)
    }
}
