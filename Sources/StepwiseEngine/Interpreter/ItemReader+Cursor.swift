import Foundation
import OrderedCollections
import StatesLanguage

/// A Distributed Map's place in a JSONL or CSV object it reads as it starts its children (``ChildrenWait/itemCursor``):
/// the items stay in their file and the saved state holds this position, not the items. Only objects in buckets mapped
/// to directories are read this way (``LocalItemReader/cursor(path:key:config:limit:)``).
struct ItemCursor: Codable, Sendable, Hashable {
    /// The object's file.
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
    /// The file's size when the Map started: a file that changes under a running Map Run fails it.
    var size: Int
}

/// Reads the records of an object's file (JSON lines, or CSV rows whose quoted fields may hold newlines) one at a
/// time from a byte offset, through a bounded buffer.
struct ItemFileReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Where the next record starts in `buffer`, and that position's offset in the file.
    private var start = 0
    private(set) var offset: Int
    private var atEnd = false
    private let csv: Bool
    private let delimiter: UInt8

    /// Bytes read from the file at a time: few at first (a reader opened to start one child reads one item), more
    /// as it goes on.
    static let firstChunkBytes = 1 << 12
    static let maxChunkBytes = 1 << 16
    private var chunkBytes = ItemFileReader.firstChunkBytes
    /// The longest record read (AWS's limit for a child's input; a longer line fails the Map).
    static let maxRecordBytes = StepwiseEngine.maxPayloadBytes

    init(path: String, offset: Int, csv: Bool, delimiter: Character = ",") throws(StatesError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LocalItemReader.failure("The object file '\(path)' could not be read")
        }
        do {
            try handle.seek(toOffset: UInt64(max(offset, 0)))
        } catch {
            throw LocalItemReader.failure("The object file '\(path)' could not be read: \(error)")
        }
        self.handle = handle
        self.offset = offset
        self.csv = csv
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
    }

    /// The next record's bytes without its line end (nil at the end of the file).
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
            let data: Data?
            do {
                data = try handle.read(upToCount: chunkBytes)
                chunkBytes = min(chunkBytes * 2, Self.maxChunkBytes)
            } catch {
                throw LocalItemReader.failure("The object '\(key)' could not be read: \(error)")
            }
            guard let data, !data.isEmpty else {
                atEnd = true
                continue
            }
            buffer.append(contentsOf: data)
        }
    }

    private mutating func take(upTo end: Int, next: Int) -> [UInt8] {
        var last = end
        if last > start, buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let record = Array(buffer[start..<last])
        offset += next - start
        start = next
        return record
    }

    func close() { try? handle.close() }

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

extension ItemCursor {
    /// Reads the next item and moves past it (nil at the end of the file): a JSON line's value (blank lines are
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

    /// A reader at the cursor's position; fails when the file changed since the Map started.
    func open() throws(StatesError) -> ItemFileReader {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard size == self.size else {
            throw LocalItemReader.failure("The object '\(key)' changed or disappeared while the Map Run read it")
        }
        return try ItemFileReader(path: path, offset: offset, csv: format == "CSV", delimiter: Character(delimiter ?? ","))
    }
}

extension LocalItemReader {
    /// Whether an object of this `ReaderConfig` is read as the children start (JSONL and CSV; a JSON array is parsed
    /// whole).
    static func readsLazily(_ config: ItemReader.ReaderConfig?) -> Bool {
        ["JSONL", "CSV"].contains(config?.inputType ?? "JSON") && config?.manifestType == nil
    }

    /// A cursor at an object's first item, and how many items it holds (at most `limit`): one pass over the file
    /// that checks every item as ``parse(_:key:config:limit:)`` would, holding none of them.
    static func cursor(path: String, key: String, config: ItemReader.ReaderConfig?, limit: Int) throws(StatesError)
        -> (cursor: ItemCursor, count: Int)
    {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw failure("The specified key does not exist: '\(key)'") }
        let format = config?.inputType ?? "JSON"
        var cursor = ItemCursor(path: path, key: key, format: format, offset: 0, record: 1, size: size)
        if format == "CSV" {
            cursor.delimiter = switch config?.csvDelimiter ?? "COMMA" {
            case "PIPE": "|"
            case "SEMICOLON": ";"
            case "SPACE": " "
            case "TAB": "\t"
            default: ","
            }
        }
        var reader = try cursor.open()
        defer { reader.close() }
        if format == "CSV" {
            if config?.csvHeaderLocation == "GIVEN" {
                cursor.header = config?.csvHeaders ?? []
            } else {
                guard let first = try reader.next(key: key) else { return (cursor, 0) }
                var rows = CSVRows(text: String(decoding: first, as: UTF8.self), delimiter: Character(cursor.delimiter ?? ","))
                cursor.header = rows.next() ?? []
                cursor.offset = reader.offset
                cursor.record = 2
            }
        }
        var scan = cursor
        var count = 0
        while count < limit, try scan.next(&reader) != nil { count += 1 }
        return (cursor, count)
    }
}

/// What an `ItemReader` gives a Distributed Map: its items, or a cursor over an object's file and its item count.
enum MapItemSource {
    case items([JSONValue])
    case cursor(ItemCursor, count: Int)
}

extension LocalItemReader {
    /// The items the reader produces, or, with `lazily`, a cursor over a JSONL or CSV object in a bucket mapped to a
    /// directory (the items are then read as the children start, ``ItemCursor``).
    func source(
        resource: String, parameters: JSONValue, config: ItemReader.ReaderConfig?, maxItems: Int?, lazily: Bool
    ) throws(StatesError) -> MapItemSource {
        if lazily, Self.readsLazily(config), resource == "arn:aws:states:::s3:getObject",
            let bucket = parameters["Bucket"]?.stringValue, let directory = directories[bucket],
            let key = parameters["Key"]?.stringValue
        {
            guard !key.split(separator: "/").contains("..") else { throw Self.failure("Invalid object key: '\(key)'") }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(key).path
            let found = try Self.cursor(path: path, key: key, config: config, limit: min(maxItems ?? Self.maxItems, Self.maxItems))
            return .cursor(found.cursor, count: found.count)
        }
        return .items(try items(resource: resource, parameters: parameters, config: config, maxItems: maxItems))
    }
}
