internal import Crypto

/// The message digests `States.Hash` (and JSONata's `$hash`) support, computed by swift-crypto.
package enum Digest {
    /// The algorithm names AWS accepts, in the order its error messages list them.
    static let algorithms = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"]

    /// The hexadecimal (lower case) digest of `bytes` with the algorithm AWS names `name`, or nil for an
    /// unknown algorithm.
    static func hex(_ name: String, of bytes: [UInt8]) -> String? {
        switch name {
        case "MD5": hex(Insecure.MD5.hash(data: bytes))
        case "SHA-1": hex(Insecure.SHA1.hash(data: bytes))
        case "SHA-256": hex(SHA256.hash(data: bytes))
        case "SHA-384": hex(SHA384.hash(data: bytes))
        case "SHA-512": hex(SHA512.hash(data: bytes))
        default: nil
        }
    }

    /// The SHA-256 of `text`'s UTF-8 bytes in lower-case hexadecimal (the engine's key for a definition it stores
    /// once).
    package static func sha256(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(SHA256.hash(data: $0)) }
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
