import Foundation
import Testing

@testable import StepwiseLambda

/// The reader of Lambda deployment packages: archives written by Python's zipfile (an independent writer) with
/// deflated (fixed and dynamic Huffman) and stored entries, Unix modes kept; refusals for damaged, oversized and
/// escaping archives.
@Suite("Zip packages")
struct ZipArchiveTests {
    /// `bootstrap` (0755, deflated), `lib/data.txt` (0644, deflated, bytes 0...255 four times), `stored.txt` (0600, stored).
    static let package = Data(
        base64Encoded:
            "UEsDBBQAAAAIAAAAIQDSrdGaGwAAADACAAAJAAAAYm9vdHN0cmFwU1bUT8rM0y/O4EpNzshXyEjNyckfZY4ycTEBUEsDBBQAAAAIAAAAIQAmTAu3GAEAAAAEAAAMAAAAbGliL2RhdGEudHh0Y2BkYmZhZWPn4OTi5uHl4xcQFBIWERUTl5CUkpaRlZNXUFRSVlFVU9fQ1NLW0dXTNzA0MjYxNTO3sLSytrG1s3dwdHJ2cXVz9/D08vbx9fMPCAwKDgkNC4+IjIqOiY2LT0hMSk5JTUvPyMzKzsnNyy8oLCouKS0rr6isqq6pratvaGxqbmlta+/o7Oru6e3rnzBx0uQpU6dNnzFz1uw5c+fNX7Bw0eIlS5ctX7Fy1eo1a9et37Bx0+YtW7dt37Fz1+49e/ftP3Dw0OEjR48dP3Hy1OkzZ8+dv3Dx0uUrV69dv3Hz1u07d+/df/Dw0eMnT589f/Hy1es3b9+9//Dx0+cvX799//Hz1+8/f//9Zxj1/6j/R7D/AVBLAwQUAAAAAAAAACEAz2IgGQUAAAAFAAAACgAAAHN0b3JlZC50eHRwbGFpblBLAQIUAxQAAAAIAAAAIQDSrdGaGwAAADACAAAJAAAAAAAAAAAAAADtgQAAAABib290c3RyYXBQSwECFAMUAAAACAAAACEAJkwLtxgBAAAABAAADAAAAAAAAAAAAAAApIFCAAAAbGliL2RhdGEudHh0UEsBAhQDFAAAAAAAAAAhAM9iIBkFAAAABQAAAAoAAAAAAAAAAAAAAICBhAEAAHN0b3JlZC50eHRQSwUGAAAAAAMAAwCpAAAAsQEAAAAA"
    ).map { [UInt8]($0) } ?? []

    /// One stored entry named `../escape`.
    static let escaping = Data(
        base64Encoded:
            "UEsDBBQAAAAAAAAAIQCDFtyMAQAAAAEAAAAJAAAALi4vZXNjYXBleFBLAQIUAxQAAAAAAAAAIQCDFtyMAQAAAAEAAAAJAAAAAAAAAAAAAACkgQAAAAAuLi9lc2NhcGVQSwUGAAAAAAEAAQA3AAAAKAAAAAAA"
    ).map { [UInt8]($0) } ?? []

    @Test("deflated and stored entries decode to their contents, with their modes")
    func reads() throws {
        let archive = try ZipArchive(Self.package)
        #expect(archive.entries.map(\.name) == ["bootstrap", "lib/data.txt", "stored.txt"])
        #expect(String(decoding: archive.entries[0].contents, as: UTF8.self) == "#!/bin/sh\n" + String(repeating: "echo hello\n", count: 50))
        #expect(archive.entries[1].contents == Array(repeating: Array(0...255).map(UInt8.init), count: 4).flatMap { $0 })
        #expect(archive.entries[2].contents == Array("plain".utf8))
        #expect(archive.entries.map(\.mode) == [0o755, 0o644, 0o600])
    }

    @Test("extract writes the files under the directory with their modes")
    func extracts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ZipArchive(Self.package).extract(to: directory)
        #expect(FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("bootstrap").path))
        let data = try Data(contentsOf: directory.appendingPathComponent("lib/data.txt"))
        #expect(data.count == 1024)
    }

    @Test("an entry named ../ is refused on extraction")
    func escapingName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: ZipArchive.Failure.self) { try ZipArchive(Self.escaping).extract(to: directory) }
        #expect(!FileManager.default.fileExists(atPath: directory.deletingLastPathComponent().appendingPathComponent("escape").path))
    }

    /// The offset of the first central directory entry.
    static func centralOffset(_ bytes: [UInt8]) -> Int? {
        (0..<(bytes.count - 4)).first { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4b && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }
    }

    @Test("data that inflates past its declared size stops at it (a bomb), a wrong checksum and a cut archive are refused")
    func damaged() throws {
        var bomb = Self.package
        let central = try #require(Self.centralOffset(bomb))
        bomb[central + 24] = 10  // the bootstrap's declared size: 10 bytes instead of 560
        bomb[central + 25] = 0
        #expect(throws: ZipArchive.Failure.self) { try ZipArchive(bomb) }
        var flipped = Self.package
        let stored = try #require((0..<(flipped.count - 5)).first { Array(flipped[$0..<($0 + 5)]) == Array("plain".utf8) })
        flipped[stored] = UInt8(ascii: "P")
        #expect(throws: ZipArchive.Failure.self) { try ZipArchive(flipped) }
        #expect(throws: ZipArchive.Failure.self) { try ZipArchive(Array(Self.package.prefix(100))) }
        #expect(throws: ZipArchive.Failure.self) { try ZipArchive(Array("not a zip".utf8)) }
        #expect(throws: ZipArchive.Failure.self) { try ZipArchive([]) }
    }
}
