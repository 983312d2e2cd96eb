public import Foundation
import StepFunctionsAPI

/// Packages an executable as a Lambda deployment package for the `provided.al2023` (or `provided.al2`) runtime: a
/// zip whose only entry is `bootstrap`, executable (mode 0755), which Lambda starts with the Runtime API in its
/// environment. Entries are stored uncompressed (a zip Lambda accepts; compression would only shrink the upload).
public enum LambdaPackage {
    /// The largest zip `CreateFunction` accepts directly in the request (50 MB, zipped).
    public static let maxDirectUploadBytes = 50 * 1024 * 1024

    /// A zip with `executable`'s bytes as `bootstrap` (mode 0755).
    /// - Throws: when the file cannot be read, or is too large for a direct upload.
    public static func zip(bootstrap executable: URL) throws -> [UInt8] {
        let bytes = try [UInt8](Data(contentsOf: executable))
        guard bytes.count <= maxDirectUploadBytes else {
            throw LambdaError(
                .init(rawValue: "RequestEntityTooLargeException"),
                "\(executable.path) is \(bytes.count) bytes; a zip uploaded with CreateFunction may hold at most 50 MB (build in release mode, strip it)")
        }
        return zip([(name: "bootstrap", mode: 0o755, contents: bytes)])
    }

    /// A zip whose `bootstrap` is a shell script starting `executable` on this machine: for a Lambda that runs on
    /// this machine (`stepwise serve`'s local Lambda), where the executable is too large to upload as it is (a debug
    /// build). AWS needs the executable itself (``zip(bootstrap:)``).
    public static func launcherZip(executable: URL) -> [UInt8] {
        let quoted = "'" + executable.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let script = "#!/bin/sh\nexec \(quoted) \"$@\"\n"
        return zip([(name: "bootstrap", mode: 0o755, contents: Array(script.utf8))])
    }

    /// A zip of the given entries, stored (method 0), with Unix modes.
    public static func zip(_ entries: [(name: String, mode: UInt32, contents: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.contents)
            let offset = UInt32(out.count)
            // Local file header.
            out.le32(0x0403_4b50); out.le16(20); out.le16(0); out.le16(0); out.le16(0); out.le16(0x21)
            out.le32(crc); out.le32(UInt32(entry.contents.count)); out.le32(UInt32(entry.contents.count))
            out.le16(UInt16(name.count)); out.le16(0)
            out += name
            out += entry.contents
            // Central directory entry: made by Unix (3), version 2.0; external attributes carry the mode.
            central.le32(0x0201_4b50); central.le16(0x0314); central.le16(20); central.le16(0); central.le16(0)
            central.le16(0); central.le16(0x21)
            central.le32(crc); central.le32(UInt32(entry.contents.count)); central.le32(UInt32(entry.contents.count))
            central.le16(UInt16(name.count)); central.le16(0); central.le16(0); central.le16(0); central.le16(0)
            central.le32((0o100000 | entry.mode) << 16); central.le32(offset)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        out.le32(0x0605_4b50); out.le16(0); out.le16(0); out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(central.count)); out.le32(centralOffset); out.le16(0)
        return out
    }

    /// The base64 SHA-256 of a package, as Lambda reports `CodeSha256`.
    public static func sha256Base64(_ bytes: [UInt8]) -> String {
        let hex = Array(SigV4.hexSHA256(bytes).utf8)
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        var index = 0
        while index + 1 < hex.count {
            digest.append(UInt8(hexDigit(hex[index]) << 4 | hexDigit(hex[index + 1])))
            index += 2
        }
        return Data(digest).base64EncodedString()
    }

    private static func hexDigit(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c >= 65 ? c - 55 : c - 48 }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 (IEEE) of `bytes`, as zip records it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    fileprivate mutating func le16(_ value: UInt16) {
        append(UInt8(value & 0xFF)); append(UInt8(value >> 8))
    }

    fileprivate mutating func le32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
