import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// A Distributed Map's place in a JSONL or CSV object it reads as it starts its children (``ChildrenWait/itemCursor``):
/// the items stay in their object and the saved state holds this position, not the items. The object is a file of a
/// bucket mapped to a directory, or an object in Amazon S3 read by ranged GETs
/// (``LocalItemReader/cursor(bucket:key:versionId:config:limit:)``).
struct ItemCursor: Codable, Sendable, Hashable {
    /// The object's file (empty for an object in S3).
    var path: String
    /// The object's key (for error messages).
    var key: String
    /// `JSONL` or `CSV`.
    var format: String
    /// The byte offset of the next record.
    var offset: Int
    /// The number of the next record (1-based; JSON lines and CSV rows), for error messages.
    var record: Int
    /// CSV: the names of the fields and the delimiter.
    var header: [String]?
    var delimiter: String?
    /// The object's size when the Map started: a file that changes under a running Map Run fails it.
    var size: Int
    /// The object in Amazon S3 (nil: `path` is a file of a bucket mapped to a directory).
    var object: S3ObjectVersion?
}

/// An object in Amazon S3 as a Map Run reads it: every ranged GET asks for this version (`VersionId` when the
/// ItemReader names one) and this content (`If-Match` with the ETag the Map Run started with), so an object that is
/// overwritten under a running Map Run fails it instead of mixing two versions' records.
struct S3ObjectVersion: Codable, Sendable, Hashable {
    var bucket: String
    var versionId: String?
    var eTag: String?
}

/// Reads the records of an object (JSON lines, or CSV rows whose quoted fields may hold newlines) one at a time from a
/// byte offset, through a bounded buffer: a file is read with its handle, an object in S3 with ranged GETs
/// (`Range: bytes=a-b`), a gzip-compressed object is inflated as it is read (``GzipInflater``, every member of a
/// multi-member file).
struct ItemFileReader {
    private var source: ItemChunkSource
    private var buffer: [UInt8] = []
    /// Where the next record starts in `buffer`, and that position's offset in the object (after inflation).
    private var start = 0
    private(set) var offset: Int
    private var atEnd = false
    private let csv: Bool
    private let delimiter: UInt8

    /// Bytes read from a file at a time: few at first (a reader opened to start one child reads one item), more
    /// as it goes on.
    static let firstChunkBytes = 1 << 12
    static let maxChunkBytes = 1 << 16
    /// Bytes asked of S3 at a time: a request costs more than its bytes up to some tens of KiB, so the first asks
    /// for 16 KiB and the next ones double up to 1 MiB (a 1 GB CSV of which 10 items are read costs one request).
    static let firstRangeBytes = 1 << 14
    static let maxRangeBytes = 1 << 20
    private var chunkBytes: Int
    private let maxChunk: Int
    /// The longest record read (AWS's limit for a child's input; a longer line fails the Map).
    static let maxRecordBytes = StepwiseEngine.maxPayloadBytes

    /// - Parameter gzip: the object may be gzip-compressed (read from its start; inflated when it is).
    init(path: String, offset: Int, csv: Bool, delimiter: Character = ",", gzip: Bool = false) throws(StatesError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LocalItemReader.failure("The object file '\(path)' could not be read")
        }
        do {
            try handle.seek(toOffset: UInt64(gzip ? 0 : max(offset, 0)))
        } catch {
            throw LocalItemReader.failure("The object file '\(path)' could not be read: \(error)")
        }
        try self.init(source: .file(handle), key: path, offset: gzip ? 0 : offset, csv: csv, delimiter: delimiter, gzip: gzip, chunks: (Self.firstChunkBytes, Self.maxChunkBytes))
    }

    /// A reader of an object in S3 of `size` bytes, from `offset`.
    init(
        s3: S3Client, object: S3ObjectVersion, key: String, size: Int, offset: Int, csv: Bool, delimiter: Character = ",", gzip: Bool = false
    ) throws(StatesError) {
        let range = S3RangeReader(s3: s3, object: object, key: key, size: size, position: gzip ? 0 : max(offset, 0))
        let offset = gzip ? 0 : offset
        try self.init(source: .s3(range), key: key, offset: offset, csv: csv, delimiter: delimiter, gzip: gzip, chunks: (Self.firstRangeBytes, Self.maxRangeBytes))
    }

    private init(
        source: ItemChunkSource, key: String, offset: Int, csv: Bool, delimiter: Character, gzip: Bool, chunks: (first: Int, max: Int)
    ) throws(StatesError) {
        self.source = source
        self.offset = offset
        self.csv = csv
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        self.chunkBytes = chunks.first
        self.maxChunk = chunks.max
        if gzip {
            // A gzip file (it starts with gzip's magic bytes) is inflated as it is read; its offsets are the inflated
            // text's, so it is only read from its start (a manifest's data files are, a cursor's object is not gzip).
            let first = try readChunk(key: key)
            if first.starts(with: [0x1f, 0x8b]) {
                let inflater = try GzipInflater()
                // The inner source has moved past the first chunk.
                self.source = .gzip(inflater, inner: self.source)
                buffer = try inflater.inflate(first, key: key)
            } else {
                buffer = first
            }
            if first.isEmpty { atEnd = true }
        }
    }

    /// The next record's bytes without its line end (nil at the end of the object).
    mutating func next(key: String) throws(StatesError) -> [UInt8]? {
        var scan = start
        var state = CSVScan.fieldStart
        // CSV: the byte after a backslash is escaped (a quote or delimiter there does not count).
        var escaped = false
        while true {
            while scan < buffer.count {
                let byte = buffer[scan]
                if escaped, byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") || byte == delimiter {
                    escaped = false
                    if state != .quoted { state = .unquoted }
                    scan += 1
                    continue
                }
                escaped = false
                if byte == UInt8(ascii: "\n"), !csv || state.endsRecord {
                    return take(upTo: scan, next: scan + 1)
                }
                if csv {
                    if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else {
                        state = state.after(byte, delimiter: delimiter)
                    }
                }
                scan += 1
            }
            guard scan - start <= Self.maxRecordBytes else {
                throw LocalItemReader.failure(
                    "A record of the object '\(key)' is longer than \(Self.maxRecordBytes) bytes")
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                return take(upTo: buffer.count, next: buffer.count)
            }
            // Keep the unread part, read the next chunk.
            if start > 0 {
                buffer.removeFirst(start)
                scan -= start
                start = 0
            }
            let data = try readChunk(key: key)
            guard !data.isEmpty else {
                atEnd = true
                continue
            }
            buffer.append(contentsOf: data)
        }
    }

    /// The next chunk of the object's (inflated) bytes; empty at its end.
    private mutating func readChunk(key: String) throws(StatesError) -> [UInt8] {
        let count = chunkBytes
        chunkBytes = min(chunkBytes * 2, maxChunk)
        return try source.read(count, key: key)
    }

    private mutating func take(upTo end: Int, next: Int) -> [UInt8] {
        var last = end
        if last > start, buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let record = Array(buffer[start..<last])
        offset += next - start
        start = next
        return record
    }

    func close() { source.close() }

    /// Where a CSV scan is within a record (RFC 4180: a field that starts with a quote runs to its closing quote,
    /// doubled quotes inside it are one quote, and newlines inside it belong to the field).
    private enum CSVScan {
        case fieldStart, unquoted, quoted, quoteInQuoted

        var endsRecord: Bool { self != .quoted }

        func after(_ byte: UInt8, delimiter: UInt8) -> CSVScan {
            switch self {
            case .fieldStart, .unquoted, .quoteInQuoted:
                if byte == delimiter { return .fieldStart }
                if byte == UInt8(ascii: "\"") { return self == .fieldStart ? .quoted : (self == .quoteInQuoted ? .quoted : .unquoted) }
                return .unquoted
            case .quoted:
                return byte == UInt8(ascii: "\"") ? .quoteInQuoted : .quoted
            }
        }
    }
}

/// Where an ``ItemFileReader``'s bytes come from.
indirect enum ItemChunkSource {
    case file(FileHandle)
    case s3(S3RangeReader)
    /// The inflated bytes of a gzip-compressed source.
    case gzip(GzipInflater, inner: ItemChunkSource)

    /// Up to `count` bytes (an inflated chunk may be larger); empty at the end.
    mutating func read(_ count: Int, key: String) throws(StatesError) -> [UInt8] {
        switch self {
        case .file(let handle):
            do {
                return Array(try handle.read(upToCount: count) ?? Data())
            } catch {
                throw LocalItemReader.failure("The object '\(key)' could not be read: \(error)")
            }
        case .s3(var range):
            let bytes = try range.read(count)
            self = .s3(range)
            return bytes
        case .gzip(let inflater, var inner):
            defer { self = .gzip(inflater, inner: inner) }
            while true {
                let compressed = try inner.read(count, key: key)
                if compressed.isEmpty {
                    try inflater.finish(key: key)
                    return []
                }
                let inflated = try inflater.inflate(compressed, key: key)
                if !inflated.isEmpty { return inflated }
            }
        }
    }

    func close() {
        switch self {
        case .file(let handle): try? handle.close()
        case .s3: break
        case .gzip(_, let inner): inner.close()
        }
    }
}

extension ItemCursor {
    /// Reads the next item and moves past it (nil at the end of the object): a JSON line's value (blank lines are
    /// skipped), or a CSV row as an object of strings keyed by the header (empty rows are skipped).
    mutating func next(_ reader: inout ItemFileReader) throws(StatesError) -> JSONValue? {
        while let bytes = try reader.next(key: key) {
            let number = record
            record += 1
            offset = reader.offset
            let text = String(decoding: bytes, as: UTF8.self)
            if format == "CSV" {
                var rows = CSVRows(text: text, delimiter: Character(delimiter ?? ","))
                guard let row = rows.next(), row != [""] else { continue }
                return LocalItemReader.csvItem(row, header: header ?? [])
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let value = try? JSONValue(parsing: trimmed) else {
                throw LocalItemReader.failure("Line \(number) of the object '\(key)' is not JSON")
            }
            return value
        }
        return nil
    }

    /// A reader at the cursor's position: a file that changed size since the Map started fails, an object in S3 is
    /// read through `s3` (and fails when it changed, ``S3RangeReader``).
    func open(s3: S3Client?, gzip: Bool = false) throws(StatesError) -> ItemFileReader {
        if let object {
            guard let s3 else {
                throw LocalItemReader.failure("The bucket '\(object.bucket)' is not available to the embedded engine (no S3 endpoint)")
            }
            return try ItemFileReader(
                s3: s3, object: object, key: key, size: size, offset: offset, csv: format == "CSV", delimiter: Character(delimiter ?? ","),
                gzip: gzip)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard size == self.size else {
            throw LocalItemReader.failure("The object '\(key)' changed or disappeared while the Map Run read it")
        }
        return try ItemFileReader(path: path, offset: offset, csv: format == "CSV", delimiter: Character(delimiter ?? ","), gzip: gzip)
    }
}

extension LocalItemReader {
    /// Whether an object of this `ReaderConfig` is read as the children start (JSONL and CSV; a JSON array is parsed
    /// whole).
    static func readsLazily(_ config: ItemReader.ReaderConfig?) -> Bool {
        ["JSONL", "CSV"].contains(config?.inputType ?? "JSON") && config?.manifestType == nil
    }

    /// A cursor at the start of an object of a bucket mapped to a directory or in Amazon S3 (its size and, in S3, its
    /// ETag from `HeadObject`), before its header is read.
    func objectCursor(bucket: String, key: String, versionId: String?, format: String) throws(StatesError) -> ItemCursor {
        if let directory = directories[bucket] {
            guard !key.split(separator: "/").contains("..") else { throw Self.failure("Invalid object key: '\(key)'") }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(key).path
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            guard let size else { throw Self.failure("The specified key does not exist: '\(key)'") }
            return ItemCursor(path: path, key: key, format: format, offset: 0, record: 1, size: size)
        }
        guard let s3 else {
            throw Self.failure(
                "The bucket '\(bucket)' is not available to the embedded engine: map it to a directory "
                    + "(stepwise serve --s3-directory \(bucket)=DIR)")
        }
        let head = try S3Blocking.run(what: "s3:getObject \(bucket)/\(key)") { [s3] in
            try await s3.headObject(bucket: bucket, key: key, query: versionId.map { [S3Pair("versionId", $0)] } ?? [])
        }
        guard let size = head.contentLength else {
            throw Self.failure("s3:getObject \(bucket)/\(key): S3 did not give the object's size (Content-Length)")
        }
        guard size <= Self.maxObjectBytes else {
            throw Self.failure("The object '\(key)' is larger than the engine reads (\(Self.maxObjectBytes) bytes)")
        }
        return ItemCursor(
            path: "", key: key, format: format, offset: 0, record: 1, size: size,
            object: S3ObjectVersion(bucket: bucket, versionId: versionId, eTag: head.eTag))
    }

    /// A reader at an object's first item: the CSV delimiter and header are set on `cursor` (the header row read
    /// unless `CSVHeaderLocation` is `GIVEN`).
    func openItems(_ cursor: inout ItemCursor, config: ItemReader.ReaderConfig?, gzip: Bool = false) throws(StatesError) -> ItemFileReader {
        if cursor.format == "CSV" {
            cursor.delimiter = switch config?.csvDelimiter ?? "COMMA" {
            case "PIPE": "|"
            case "SEMICOLON": ";"
            case "SPACE": " "
            case "TAB": "\t"
            default: ","
            }
        }
        var reader = try cursor.open(s3: s3, gzip: gzip)
        if cursor.format == "CSV" {
            if config?.csvHeaderLocation == "GIVEN" {
                cursor.header = try LocalItemReader.givenHeaders(config)
            } else if let first = try reader.next(key: cursor.key) {
                var rows = CSVRows(text: String(decoding: first, as: UTF8.self), delimiter: Character(cursor.delimiter ?? ","))
                cursor.header = rows.next() ?? []
                cursor.offset = reader.offset
                cursor.record = 2
            } else {
                cursor.header = []
            }
        }
        return reader
    }

    /// A cursor at an object's first item, and how many items it holds (at most `limit`): one pass over the object
    /// that checks every item as ``parse(_:key:config:limit:)`` would, holding none of them.
    func cursor(bucket: String, key: String, versionId: String?, config: ItemReader.ReaderConfig?, limit: Int) throws(StatesError)
        -> (cursor: ItemCursor, count: Int)
    {
        var cursor = try objectCursor(bucket: bucket, key: key, versionId: versionId, format: config?.inputType ?? "JSON")
        var reader = try openItems(&cursor, config: config)
        defer { reader.close() }
        var scan = cursor
        var count = 0
        while count < limit, try scan.next(&reader) != nil { count += 1 }
        return (cursor, count)
    }

    /// The first `limit` items of a JSONL or CSV object (a gzip-compressed one with `gzip`), read a chunk at a time:
    /// only the bytes up to the last item taken are read.
    func streamedItems(
        bucket: String, key: String, versionId: String? = nil, config: ItemReader.ReaderConfig?, gzip: Bool = false, limit: Int
    ) throws(StatesError) -> [JSONValue] {
        var cursor = try objectCursor(bucket: bucket, key: key, versionId: versionId, format: config?.inputType ?? "JSON")
        var items: [JSONValue] = []
        guard limit > 0 else { return items }
        var reader = try openItems(&cursor, config: config, gzip: gzip)
        defer { reader.close() }
        while items.count < limit, let item = try cursor.next(&reader) { items.append(item) }
        return items
    }
}

/// What an `ItemReader` gives a Distributed Map: its items, or a cursor over an object and its item count.
enum MapItemSource {
    case items([JSONValue])
    case cursor(ItemCursor, count: Int)
}

extension LocalItemReader {
    /// The items the reader produces, or, with `lazily`, a cursor over a JSONL or CSV object in a bucket mapped to a
    /// directory or in Amazon S3 (the items are then read as the children start, ``ItemCursor``).
    func source(
        resource: String, parameters: JSONValue, config: ItemReader.ReaderConfig?, maxItems: Int?, lazily: Bool
    ) throws(StatesError) -> MapItemSource {
        if lazily, Self.readsLazily(config), resource == "arn:aws:states:::s3:getObject",
            let bucket = parameters["Bucket"]?.stringValue, directories[bucket] != nil || s3 != nil,
            let key = parameters["Key"]?.stringValue
        {
            let found = try cursor(
                bucket: bucket, key: key, versionId: parameters["VersionId"]?.stringValue, config: config,
                limit: min(maxItems ?? Self.maxItems, Self.maxItems))
            return .cursor(found.cursor, count: found.count)
        }
        return .items(try items(resource: resource, parameters: parameters, config: config, maxItems: maxItems))
    }
}
