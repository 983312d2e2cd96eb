import Foundation

/// An element of the small XML documents Amazon S3 answers with (`ListBucketResult`, `CopyObjectResult`, `Error`):
/// its name (without namespace prefix), its text and its child elements. Attributes, comments, processing
/// instructions and DOCTYPEs are skipped. `Sendable`: a value.
public struct S3XMLElement: Sendable, Hashable {
    /// The local name (`Contents`).
    public var name: String
    /// The element's own text (entities and character references decoded, CDATA kept as is).
    public var text: String
    public var children: [S3XMLElement]

    /// The first child named `name`.
    public func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }
    /// Every child named `name`, in document order.
    public func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    public func text(_ name: String) -> String? { child(name)?.text }

    /// The most nested elements a document may have (S3's answers nest three deep).
    static let maxDepth = 64

    /// Parses a document and returns its root element; nil when the bytes are not well-formed XML of this shape.
    public static func parse(_ bytes: [UInt8]) -> S3XMLElement? {
        var reader = Reader(bytes: bytes)
        return reader.document()
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func document() -> S3XMLElement? {
            skipMisc()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return nil }
            return element(depth: 0)
        }

        /// Skips whitespace, `<?...?>`, `<!--...-->` and `<!...>` between elements.
        mutating func skipMisc() {
            while index < bytes.count {
                if bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                    index += 1
                } else if starts("<?") {
                    skip(past: "?>")
                } else if starts("<!--") {
                    skip(past: "-->")
                } else if starts("<!") && !starts("<![CDATA[") {
                    skip(past: ">")
                } else {
                    return
                }
            }
        }

        func starts(_ text: String) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= bytes.count && Array(bytes[index..<index + pattern.count]) == pattern
        }

        /// Moves past the next `text`; false (at the end) when there is none.
        @discardableResult
        mutating func skip(past text: String) -> Bool {
            let pattern = Array(text.utf8)
            while index < bytes.count {
                if starts(text) {
                    index += pattern.count
                    return true
                }
                index += 1
            }
            return false
        }

        /// An element starting at `<`.
        mutating func element(depth: Int) -> S3XMLElement? {
            guard depth < S3XMLElement.maxDepth, index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return nil }
            index += 1
            let nameStart = index
            while index < bytes.count, !Self.isNameEnd(bytes[index]) { index += 1 }
            guard index > nameStart else { return nil }
            let qualified = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            let name = qualified.split(separator: ":").last.map(String.init) ?? qualified
            // Attributes: skipped up to `>` or `/>`, honouring quotes.
            var quote: UInt8?
            while index < bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let selfClosing = bytes[index - 1] == UInt8(ascii: "/")
            index += 1
            var result = S3XMLElement(name: name, text: "", children: [])
            if selfClosing { return result }
            var text: [UInt8] = []
            while index < bytes.count {
                if starts("</") {
                    guard skip(past: ">") else { return nil }
                    result.text = Self.decodeEntities(String(decoding: text, as: UTF8.self))
                    return result
                } else if starts("<![CDATA[") {
                    index += 9
                    let start = index
                    guard skip(past: "]]>") else { return nil }
                    text.append(contentsOf: bytes[start..<max(start, index - 3)])
                } else if starts("<?") || starts("<!") {
                    skipMisc()
                } else if bytes[index] == UInt8(ascii: "<") {
                    guard let child = element(depth: depth + 1) else { return nil }
                    result.children.append(child)
                } else {
                    text.append(bytes[index])
                    index += 1
                }
            }
            return nil
        }

        static func isNameEnd(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }

        static func decodeEntities(_ text: String) -> String {
            guard text.contains("&") else { return text }
            var out = ""
            var rest = Substring(text)
            while let amp = rest.firstIndex(of: "&") {
                out += rest[..<amp]
                guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                    out += "&"
                    rest = rest[rest.index(after: amp)...]
                    continue
                }
                let entity = rest[rest.index(after: amp)..<semi]
                switch entity {
                case "lt": out += "<"
                case "gt": out += ">"
                case "amp": out += "&"
                case "quot": out += "\""
                case "apos": out += "'"
                default:
                    var scalar: Unicode.Scalar?
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                        scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    } else if entity.hasPrefix("#") {
                        scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                    }
                    if let scalar { out.unicodeScalars.append(scalar) } else { out += "&\(entity);" }
                }
                rest = rest[rest.index(after: semi)...]
            }
            return out + rest
        }
    }

    /// `text` escaped for an XML element's content.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
