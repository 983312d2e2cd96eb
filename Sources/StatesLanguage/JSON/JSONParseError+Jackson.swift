extension JSONParseError {
    /// This error in the words of AWS's JSON parser (Jackson), without Jackson's location suffix, for the mistakes
    /// whose wording is known; nil for the others (an unexpected end of input, a bad string or number).
    ///
    /// Recorded against AWS (LocalStack's test_sfn_api, test_invalid_start_execution_input): StartExecution with
    /// the input `not some json` is `Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or
    /// token 'null', 'true' or 'false')`, and `{'not': 'json'` is `Unexpected character (''' (code 39)): was
    /// expecting double-quote to start field name`. The other unexpected characters are worded as the same parser
    /// words them: `was expecting comma to separate Object entries` (or `Array`), `was expecting a colon to
    /// separate field name and value`, `expected a valid value (JSON String, ...)`.
    public func jacksonMessage(in text: String) -> String? {
        let bytes = Array(text.utf8)
        guard offset < bytes.count else { return nil }
        let rest = String(decoding: bytes[offset...], as: UTF8.self)
        guard let first = rest.unicodeScalars.first else { return nil }
        if message.hasPrefix("Invalid literal") || message.hasSuffix("; expected a JSON value") {
            if Self.isIdentifierStart(first) { return Self.unrecognizedToken(rest) }
            return Self.unexpected(first, "expected a valid value \(Self.validValues)")
        }
        // A literal run into a word (`truex`) is one unrecognized token to Jackson.
        if message == "Unexpected content after the JSON value" || message.hasSuffix("in an object")
            || message.hasSuffix("in an array"), Self.isIdentifierPart(first),
            let literal = Self.literalEnding(bytes[..<offset])
        {
            return Self.unrecognizedToken(literal + rest)
        }
        if message.hasSuffix("expected a member name in double quotes") {
            return Self.unexpected(first, "was expecting double-quote to start field name")
        }
        if message.hasSuffix("expected ',' or '}' in an object") {
            return Self.unexpected(first, "was expecting comma to separate Object entries")
        }
        if message.hasSuffix("expected ',' or ']' in an array") {
            return Self.unexpected(first, "was expecting comma to separate Array entries")
        }
        if message.hasPrefix("Expected ':' after the member name") {
            return Self.unexpected(first, "was expecting a colon to separate field name and value")
        }
        return nil
    }

    static let validValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

    /// `Unrecognized token 'WORD': ...`: the word at the start of `text`, at most 256 characters then `...`.
    static func unrecognizedToken(_ text: String) -> String {
        var word = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count == 0 ? isIdentifierStart(scalar) : isIdentifierPart(scalar) else { break }
            word.unicodeScalars.append(scalar)
            count += 1
            if count >= 256 {
                word += "..."
                break
            }
        }
        return "Unrecognized token '\(word)': was expecting \(validValues)"
    }

    /// `Unexpected character ('x' (code 120)): comment`, Jackson's description of a character.
    static func unexpected(_ scalar: Unicode.Scalar, _ comment: String) -> String {
        // Jackson reads UTF-16 code units: a character outside the BMP is described by its first surrogate.
        let unit = Int(String(scalar).utf16.first ?? 0)
        let description: String
        if unit < 0x20 || (0x7F...0x9F).contains(unit) {
            description = "(CTRL-CHAR, code \(unit))"
        } else if unit > 255 {
            let character = unit == Int(scalar.value) ? String(scalar) : "?"
            description = "'\(character)' (code \(unit) / 0x\(String(unit, radix: 16)))"
        } else {
            description = "'\(String(scalar))' (code \(unit))"
        }
        return "Unexpected character (\(description)): \(comment)"
    }

    /// `true`, `false` or `null` when the bytes end with that literal as a whole value.
    static func literalEnding(_ bytes: ArraySlice<UInt8>) -> String? {
        for literal in ["true", "false", "null"] {
            let utf8 = Array(literal.utf8)
            guard bytes.count >= utf8.count, Array(bytes.suffix(utf8.count)) == utf8 else { continue }
            let before = bytes.dropLast(utf8.count).last
            if before == nil || [0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: ",")].contains(before!) {
                return literal
            }
        }
        return nil
    }

    /// Java's `Character.isJavaIdentifierStart`, closely enough: letters, `$`, `_` and other currency symbols and
    /// connector punctuation.
    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .letterNumber,
            .currencySymbol, .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Java's `Character.isJavaIdentifierPart`, closely enough: an identifier start, a digit or a combining mark.
    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        if isIdentifierStart(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark: return true
        default: return false
        }
    }
}
