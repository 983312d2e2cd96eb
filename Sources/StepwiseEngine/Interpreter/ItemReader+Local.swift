import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// A Distributed Map's `ItemReader` over S3 buckets mapped to local directories (`serve --s3-directory BUCKET=DIR`):
/// `s3:getObject` reads one object as JSON (an array, or the array `ItemsPointer` selects), JSONL or CSV,
/// `s3:listObjectsV2` lists a prefix's objects, as the developer guide's "ItemReader (Map)" page documents them;
/// manifests and `LOAD_AND_FLATTEN` read the objects they name (``referencedItems(resource:bucket:parameters:config:limit:)``).
/// `PARQUET` and any other source fail the Map with `States.ItemReaderFailed`.
struct LocalItemReader {
    /// Bucket name → directory.
    var directories: [String: String]
    /// Amazon S3 for the buckets not in `directories` (``RemoteItemReader``); nil: those fail the Map.
    var s3: S3Client? = nil

    /// The most items one reader may produce (a budget: AWS documents no limit on the count, only on sizes; the
    /// embedded engine holds the items of a running Map in memory).
    static let maxItems = 10_000_000
    /// The largest object read (AWS's limit for a JSON/JSONL/CSV object is 10 GB; the embedded engine reads a JSON
    /// array whole, JSONL and CSV a chunk at a time).
    static let maxObjectBytes = 2_000_000_000

    static func failure(_ cause: String) -> StatesError {
        StatesError(StatesError.Name.itemReaderFailed, cause: cause)
    }

    /// The items the reader produces from its evaluated parameters (`Bucket`, `Key` or `Prefix`).
    func items(resource: String, parameters: JSONValue, config: ItemReader.ReaderConfig?, maxItems: Int?) throws(StatesError) -> [JSONValue] {
        guard let bucket = parameters["Bucket"]?.stringValue else {
            throw Self.failure("The ItemReader's parameters must name a Bucket")
        }
        let limit = min(maxItems ?? Self.maxItems, Self.maxItems)
        if let referenced = try referencedItems(resource: resource, bucket: bucket, parameters: parameters, config: config, limit: limit) {
            return referenced
        }
        if resource == "arn:aws:states:::s3:getObject", Self.readsLazily(config) {
            // JSONL and CSV are read a chunk at a time up to the last item taken, from a directory or from S3.
            guard let key = parameters["Key"]?.stringValue else { throw Self.failure("The ItemReader's parameters must name a Key") }
            return try streamedItems(bucket: bucket, key: key, versionId: parameters["VersionId"]?.stringValue, config: config, limit: limit)
        }
        guard let directory = directories[bucket] else {
            if let s3 {
                return try RemoteItemReader(s3: s3).items(resource: resource, bucket: bucket, parameters: parameters, config: config, limit: limit)
            }
            throw Self.failure(
                "The bucket '\(bucket)' is not available to the embedded engine: map it to a directory "
                    + "(stepwise serve --s3-directory \(bucket)=DIR)")
        }
        switch resource {
        case "arn:aws:states:::s3:getObject":
            guard let key = parameters["Key"]?.stringValue else { throw Self.failure("The ItemReader's parameters must name a Key") }
            let data = try read(directory, key)
            return try Self.parse(data, key: key, config: config, limit: limit)
        case "arn:aws:states:::s3:listObjectsV2":
            return try list(directory, prefix: parameters["Prefix"]?.stringValue ?? "", limit: limit)
        default:
            throw Self.failure("The ItemReader resource '\(resource)' is not supported by the embedded engine")
        }
    }

    /// An object's bytes; keys cannot leave the bucket's directory.
    func read(_ directory: String, _ key: String) throws(StatesError) -> Data {
        guard !key.split(separator: "/").contains("..") else { throw Self.failure("Invalid object key: '\(key)'") }
        let url = URL(fileURLWithPath: directory).appendingPathComponent(key)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        guard let size else { throw Self.failure("The specified key does not exist: '\(key)'") }
        guard size <= Self.maxObjectBytes else { throw Self.failure("The object '\(key)' is larger than the engine reads (\(Self.maxObjectBytes) bytes)") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Self.failure("The object '\(key)' could not be read")
        }
        return data
    }

    /// Items from an object's text: a JSON array, JSON lines, or CSV rows (objects keyed by the header).
    static func parse(_ data: Data, key: String, config: ItemReader.ReaderConfig?, limit: Int) throws(StatesError) -> [JSONValue] {
        let text = String(decoding: data, as: UTF8.self)
        switch config?.inputType ?? "JSON" {
        case "JSON":
            guard let document = try? JSONValue(parsing: text) else {
                throw failure("The object '\(key)' does not hold JSON")
            }
            guard let pointer = config?.itemsPointer, !pointer.isEmpty else {
                guard case .array(let items) = document else { throw failure("Attempting to map over non-iterable node.") }
                return Array(items.prefix(limit))
            }
            guard case .array(let items)? = resolve(pointer: pointer, in: document) else {
                throw failure("The ItemsPointer '\(pointer)' does not select a JSON array in the object '\(key)'")
            }
            return Array(items.prefix(limit))
        case "JSONL":
            var items: [JSONValue] = []
            for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where items.count < limit {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard let value = try? JSONValue(parsing: trimmed) else {
                    throw failure("Line \(number + 1) of the object '\(key)' is not JSON")
                }
                items.append(value)
            }
            return items
        case "CSV":
            return try csvItems(text, key: key, config: config, limit: limit)
        case "PARQUET":
            throw failure("The InputType 'PARQUET' is not supported by this engine (the object '\(key)' was not read)")
        case let other:
            throw failure("The InputType '\(other)' is not supported by the embedded engine")
        }
    }

    /// CSV rows as objects of strings keyed by the header (the first row, or `CSVHeaders` with `GIVEN`).
    static func csvItems(_ text: String, key: String, config: ItemReader.ReaderConfig?, limit: Int) throws(StatesError) -> [JSONValue] {
        let delimiter: Character = switch config?.csvDelimiter ?? "COMMA" {
        case "PIPE": "|"
        case "SEMICOLON": ";"
        case "SPACE": " "
        case "TAB": "\t"
        default: ","
        }
        var rows = CSVRows(text: text, delimiter: delimiter)
        var header: [String]
        if config?.csvHeaderLocation == "GIVEN" {
            header = try givenHeaders(config)
        } else {
            guard let first = rows.next() else { return [] }
            header = first
        }
        var items: [JSONValue] = []
        while items.count < limit, let row = rows.next() {
            if row == [""] { continue }
            items.append(csvItem(row, header: header))
        }
        return items
    }

    /// `CSVHeaders` (with `CSVHeaderLocation` `GIVEN`); the same name twice fails the reading, in AWS's words.
    static func givenHeaders(_ config: ItemReader.ReaderConfig?) throws(StatesError) -> [String] {
        let headers = config?.csvHeaders ?? []
        guard Set(headers).count == headers.count else { throw failure("CSV headers cannot contain duplicates.") }
        return headers
    }

    /// A CSV row as an object keyed by the header: a missing field is an empty string, a field past the header is
    /// skipped (the developer guide's "How Step Functions parses input CSV files"). Its members come in the order a
    /// Java `HashMap` iterates them, as AWS gives them (``JavaHashMapOrder``).
    static func csvItem(_ row: [String], header: [String]) -> JSONValue {
        var object: JSONObject = [:]
        for (index, name) in header.enumerated() { object[name] = .string(index < row.count ? row[index] : "") }
        return .object(JavaHashMapOrder.reordered(object))
    }

    /// The value a JSON Pointer (RFC 6901) selects in a document (nil when it selects nothing).
    static func resolve(pointer: String, in document: JSONValue) -> JSONValue? {
        guard !pointer.isEmpty else { return document }
        guard pointer.hasPrefix("/") else { return nil }
        var value = document
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch value {
            case .object(let members):
                guard let member = members[token] else { return nil }
                value = member
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count, token == String(index) else { return nil }
                value = elements[index]
            default:
                return nil
            }
        }
        return value
    }

    /// The objects under a prefix, as `s3:listObjectsV2` lists them (Key, Size, LastModified, Etag, StorageClass).
    private func list(_ directory: String, prefix: String, limit: Int) throws(StatesError) -> [JSONValue] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw Self.failure("The bucket's directory '\(directory)' cannot be read")
        }
        var keys: [(String, URL)] = []
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base) else { continue }
            let key = String(path.dropFirst(base.count))
            if key.hasPrefix(prefix) { keys.append((key, url)) }
        }
        // S3 lists keys in UTF-8 binary order.
        keys.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        return keys.prefix(limit).map { key, url in
            let attributes = (try? FileManager.default.attributesOfItem(atPath: url.path)) ?? [:]
            let size = attributes[.size] as? Int ?? 0
            let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
            return .object([
                "Key": .string(key), "Size": .int(size),
                // Epoch seconds, as the developer guide's example item shows them.
                "LastModified": .int(Int(modified.timeIntervalSince1970)),
                "StorageClass": "STANDARD",
            ])
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// RFC 4180 rows: quoted fields may hold delimiters, newlines and doubled quotes.
struct CSVRows {
    private var scalars: [Character]
    private var position = 0
    let delimiter: Character

    init(text: String, delimiter: Character) {
        self.scalars = Array(text)
        self.delimiter = delimiter
    }

    mutating func next() -> [String]? {
        guard position < scalars.count else { return nil }
        var fields: [String] = []
        var field = ""
        var quoted = false
        while position < scalars.count {
            let character = scalars[position]
            position += 1
            if character == "\\" {
                // A backslash escapes a backslash, a double quote or the delimiter; before anything else it is dropped.
                if position < scalars.count, ["\\", "\"", delimiter].contains(scalars[position]) {
                    field.append(scalars[position])
                    position += 1
                }
                continue
            }
            if quoted {
                if character == "\"" {
                    if position < scalars.count, scalars[position] == "\"" {
                        field.append("\"")
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == delimiter {
                fields.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                break
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
