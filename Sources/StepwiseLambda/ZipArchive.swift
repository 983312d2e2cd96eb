public import Foundation

/// Reads a Lambda deployment package: a zip archive whose entries are stored (method 0) or deflated (method 8),
/// as `zip`, Python's `zipfile`, the AWS toolkits and ``LambdaPackage`` write them. Each entry keeps the Unix
/// mode its creator recorded, so a `bootstrap` stays executable. `Sendable`: a value.
///
/// Unpacking is bounded (STYLE.md §16): at most ``maxEntries`` entries and ``maxUnpackedBytes`` in all (Lambda's
/// limit on an unzipped package, 250 MB), each entry's size checked against what its header declares, and no
/// name may leave the target directory.
public struct ZipArchive: Sendable {
    /// One file of the archive.
    public struct Entry: Sendable, Hashable {
        /// The path inside the archive (`/`-separated, relative).
        public var name: String
        /// The Unix permission bits, when the archive recorded them (made on Unix); nil otherwise.
        public var mode: UInt32?
        /// Whether the entry is a directory.
        public var isDirectory: Bool
        /// The contents, decompressed.
        public var contents: [UInt8]
    }

    /// Lambda's limit on the size of a package once unzipped: 250 MB.
    public static let maxUnpackedBytes = 250 * 1024 * 1024
    /// More entries than this are refused.
    public static let maxEntries = 65_535

    /// The entries, in the order of the central directory.
    public let entries: [Entry]

    /// Why an archive cannot be read. `Sendable`: a value.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Parses and decompresses every entry of `bytes`.
    /// - Throws: ``Failure`` for anything that is not a readable zip within the limits.
    public init(_ bytes: [UInt8]) throws(Failure) {
        guard let end = Self.endOfCentralDirectory(bytes) else { throw Failure(reason: "no end of central directory record (not a zip file)") }
        let count = Int(bytes.le16(end + 10))
        var offset = Int(bytes.le32(end + 16))
        guard count <= Self.maxEntries else { throw Failure(reason: "more than \(Self.maxEntries) entries") }
        var entries: [Entry] = []
        var total = 0
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, bytes.le32(offset) == 0x0201_4b50 else { throw Failure(reason: "a damaged central directory") }
            let madeBy = bytes.le16(offset + 4) >> 8
            let flags = bytes.le16(offset + 8)
            let method = bytes.le16(offset + 10)
            let crc = bytes.le32(offset + 16)
            let compressed = Int(bytes.le32(offset + 20))
            let size = Int(bytes.le32(offset + 24))
            let nameLength = Int(bytes.le16(offset + 28))
            let extraLength = Int(bytes.le16(offset + 30))
            let commentLength = Int(bytes.le16(offset + 32))
            let external = bytes.le32(offset + 38)
            let local = Int(bytes.le32(offset + 42))
            guard offset + 46 + nameLength <= bytes.count else { throw Failure(reason: "a damaged central directory") }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            offset += 46 + nameLength + extraLength + commentLength
            guard flags & 1 == 0 else { throw Failure(reason: "\(name) is encrypted") }
            guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF else { throw Failure(reason: "\(name): ZIP64 archives are not supported") }
            total += size
            guard total <= Self.maxUnpackedBytes else {
                throw Failure(reason: "the unzipped package is larger than \(Self.maxUnpackedBytes) bytes")
            }
            guard local + 30 <= bytes.count, bytes.le32(local) == 0x0403_4b50 else { throw Failure(reason: "\(name): a damaged local header") }
            let start = local + 30 + Int(bytes.le16(local + 26)) + Int(bytes.le16(local + 28))
            guard start + compressed <= bytes.count else { throw Failure(reason: "\(name): the data runs past the end of the file") }
            let data = Array(bytes[start..<(start + compressed)])
            let contents: [UInt8]
            switch method {
            case 0: contents = data
            case 8:
                do {
                    contents = try Inflater.inflate(data, expectedSize: size)
                } catch {
                    throw Failure(reason: "\(name): \(error.reason)")
                }
            default: throw Failure(reason: "\(name): compression method \(method) is not supported (only stored and deflated)")
            }
            guard contents.count == size, Self.crc32(contents) == crc else { throw Failure(reason: "\(name): the data does not match its checksum") }
            let mode: UInt32? = madeBy == 3 ? (external >> 16) & 0o7777 : nil
            let isDirectory = name.hasSuffix("/") || (madeBy == 3 && (external >> 16) & 0o170000 == 0o040000)
            entries.append(Entry(name: name, mode: mode == 0 ? nil : mode, isDirectory: isDirectory, contents: contents))
        }
        self.entries = entries
    }

    /// Writes the entries under `directory` (created if missing) with their modes; an entry without a mode is
    /// written 0644 (0755 when named `bootstrap`, which a runtime must be able to execute).
    /// - Throws: ``Failure`` for a name that is absolute or climbs out with `..`, or a file that cannot be written.
    public func extract(to directory: URL) throws(Failure) {
        let files = FileManager.default
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
            for entry in entries {
                let components = entry.name.split(separator: "/").map(String.init)
                guard !entry.name.hasPrefix("/"), !components.contains(".."), !components.isEmpty else {
                    throw Failure(reason: "the entry name \(entry.name) leaves the package directory")
                }
                let target = components.reduce(directory) { $0.appendingPathComponent($1) }
                if entry.isDirectory {
                    try files.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(entry.contents).write(to: target)
                let mode = entry.mode ?? (components.last == "bootstrap" ? 0o755 : 0o644)
                try files.setAttributes([.posixPermissions: NSNumber(value: mode & 0o777)], ofItemAtPath: target.path)
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: "cannot write the package under \(directory.path): \(error.localizedDescription)")
        }
    }

    /// The offset of the end-of-central-directory record (searched back over a trailing comment).
    private static func endOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var index = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while index >= lowest {
            if bytes.le32(index) == 0x0605_4b50 { return index }
            index -= 1
        }
        return nil
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 (IEEE) of `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    fileprivate func le16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }
    fileprivate func le32(_ at: Int) -> UInt32 {
        UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3]) << 24
    }
}
