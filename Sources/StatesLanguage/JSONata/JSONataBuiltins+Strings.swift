import Foundation
import OrderedCollections

extension JSONataBuiltins.Call {
    typealias Handled = JSONataBuiltins.Handled

    /// The string functions. Text is searched scalar by scalar, as JavaScript's `indexOf` and `split` compare
    /// code units: `$contains("cafe\u0301", "e")` is true and `$contains("cafe\u0301", "é")` false, where
    /// String's own search would compare characters and treat canonically equivalent text as equal.
    func stringFunction() throws(JSONataError) -> Handled? {
        switch name {
        case "string":
            guard let value = arg(0) else { return Handled(nil) }
            let pretty = try bool(1) ?? false
            if case .number(let n) = value, !n.isFinite {
                throw JSONataError(code: "D3001", message: "Attempting to invoke string function on Infinity or NaN", position: position)
            }
            if case .string = value { return Handled(value) }
            if value.isFunction { return Handled(.string("")) }
            try evaluator.checkExpandedSize(of: value, at: position)
            return Handled(.string(JSONataValue.serialize(value, indent: pretty ? 2 : nil, level: 0)))
        case "length":
            guard let s = try string(0) else { return Handled(nil) }
            return Handled(.number(Double(s.unicodeScalars.count)))
        case "substring":
            guard let s = try string(0), let start = try number(1) else { return Handled(nil) }
            // as jsonata 2.0.6: the end is computed from the unrounded start and length, then both ends are
            // truncated as JavaScript's Array.slice truncates them ($substring("hello", 1.5, 2.5) is "ell")
            let scalars = Array(s.unicodeScalars)
            let count = Double(scalars.count)
            let begin = count + start < 0 ? 0 : start
            var end = count
            if let length = try number(2) {
                guard length > 0 else { return Handled(.string("")) }
                end = begin >= 0 ? begin + length : count + begin + length
            }
            let from = Self.sliceIndex(begin, count: scalars.count), to = Self.sliceIndex(end, count: scalars.count)
            return Handled(.string(Self.text(scalars[from..<max(from, to)])))
        case "substringBefore", "substringAfter":
            guard let s = try string(0) else { return Handled(nil) }
            guard let chars = try string(1) else { return Handled(.string(s)) }
            if chars.isEmpty { return Handled(.string(name == "substringBefore" ? "" : s)) }
            guard let range = s.unicodeScalars.firstRange(of: chars.unicodeScalars) else { return Handled(.string(s)) }
            let scalars = s.unicodeScalars
            return Handled(.string(String(name == "substringBefore" ? scalars[..<range.lowerBound] : scalars[range.upperBound...])))
        case "uppercase": return Handled(try string(0).map { .string($0.uppercased()) })
        case "lowercase": return Handled(try string(0).map { .string($0.lowercased()) })
        case "trim":
            guard let s = try string(0) else { return Handled(nil) }
            // each run of spaces, tabs, line feeds and carriage returns becomes one space, scalar by scalar as
            // JavaScript's /[ \t\n\r]+/ matches ("\r\n" is one Character to Swift but two such scalars); then
            // one space goes from each end
            var collapsed = String.UnicodeScalarView()
            for scalar in s.unicodeScalars {
                if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                    if collapsed.last != " " { collapsed.append(" ") }
                } else {
                    collapsed.append(scalar)
                }
            }
            if collapsed.first == " " { collapsed.removeFirst() }
            if collapsed.last == " " { collapsed.removeLast() }
            return Handled(.string(String(collapsed)))
        case "pad":
            guard let s = try string(0), let width = try number(1) else { return Handled(nil) }
            var padding = try string(2) ?? " "
            if padding.isEmpty { padding = " " }
            let missing = JSONataBuiltins.clampedInt(abs(width)) - s.unicodeScalars.count
            guard missing > 0 else { return Handled(.string(s)) }
            guard missing <= JSONataBuiltins.maxPadLength else {
                throw JSONataError(code: "D3139", message: "The width of the pad function must not exceed \(JSONataBuiltins.maxPadLength) characters. It was given \(JSONataValue.formatNumber(width))", position: position)
            }
            let pad = Self.text(Array(String(repeating: padding, count: missing).unicodeScalars.prefix(missing))[...])
            return Handled(.string(width > 0 ? s + pad : pad + s))
        case "contains":
            guard let s = try string(0) else { return Handled(nil) }
            if case .regex(let regex)? = arg(1) { return Handled(.bool(!(try JSONataBuiltins.regexHits(regex, in: s, limit: 1, at: position)).isEmpty)) }
            guard let token = try string(1) else { throw mismatch(1) }
            return Handled(.bool(token.isEmpty || s.unicodeScalars.firstRange(of: token.unicodeScalars) != nil))
        case "split":
            return try split()
        case "join":
            guard let items = array(0) else { return Handled(nil) }
            let separator = try string(1) ?? ""
            var parts: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw JSONataError(code: "T0412", message: "Argument 1 of function \"join\" must be an array of \"strings\"", position: position)
                }
                parts.append(s)
            }
            return Handled(.string(parts.joined(separator: separator)))
        case "match":
            guard let s = try string(0) else { return Handled(nil) }
            guard case .regex(let regex)? = arg(1) else { throw mismatch(1) }
            let limit = try number(2).map { JSONataBuiltins.clampedInt($0) }
            if let limit, limit < 0 {
                throw JSONataError(code: "D3040", message: "Third argument of match function must evaluate to a positive number", position: position)
            }
            return Handled(.sequence(try JSONataBuiltins.matches(of: regex, in: s, limit: limit, at: position)))
        case "replace":
            return try replace()
        case "base64encode":
            return Handled(try string(0).map { .string(JSONataBuiltins.base64Encode($0)) })
        case "base64decode":
            guard let text = try string(0) else { return Handled(nil) }
            guard let decoded = JSONataBuiltins.base64Decode(text) else {
                throw JSONataError.internalError("Illegal base64 input", at: position)
            }
            return Handled(.string(decoded))
        case "encodeUrlComponent", "encodeUrl":
            guard let s = try string(0) else { return Handled(nil) }
            var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
            if name == "encodeUrl" { allowed.insert(charactersIn: ";,/?:@&=+$#") }
            return Handled(s.addingPercentEncoding(withAllowedCharacters: allowed).map { .string($0) })
        case "decodeUrlComponent", "decodeUrl":
            guard let s = try string(0) else { return Handled(nil) }
            guard let decoded = JSONataBuiltins.percentDecoded(s, keeping: name == "decodeUrl" ? ";/?:@&=+$,#" : "") else {
                throw JSONataError(code: "D3140", message: "Malformed URL passed to $\(name)(): \"\(s)\"", position: position)
            }
            return Handled(.string(decoded))
        case "formatNumber":
            guard let n = try number(0), let picture = try string(1) else { return Handled(nil) }
            return Handled(.string(try JSONataNumberFormat.format(n, picture: picture, options: try object(2), at: position)))
        case "formatInteger":
            guard let n = try number(0), let picture = try string(1) else { return Handled(nil) }
            return Handled(.string(try JSONataIntegerFormat.format(n, picture: picture, at: position)))
        case "parseInteger":
            guard let text = try string(0), let picture = try string(1) else { return Handled(nil) }
            return Handled(try JSONataIntegerFormat.parse(text, picture: picture, at: position).map { .number($0) })
        case "formatBase":
            guard let n = try number(0) else { return Handled(nil) }
            let radix = JSONataBuiltins.clampedInt(try number(1) ?? 10)
            guard (2...36).contains(radix) else {
                throw JSONataError(code: "D3100", message: "The radix of the formatBase function must be between 2 and 36.  It was given \(radix)", position: position)
            }
            let value = JSONataBuiltins.roundHalfEven(n, precision: 0)
            if abs(value) < 9.2e18 { return Handled(.string(String(Int(value), radix: radix))) }
            // past Int's range JavaScript's toString(radix) is written; in 10 that is its usual text ("1e+21")
            if radix == 10 { return Handled(.string(JSONataValue.formatNumber(value))) }
            return Handled(.string((value < 0 ? "-" : "") + JSONataBuiltins.radixDigits(abs(value), radix: radix)))
        default:
            return nil
        }
    }

    /// An index as JavaScript's `Array.prototype.slice` reads one: truncated, counted from the end when
    /// negative, clamped to the array.
    static func sliceIndex(_ index: Double, count: Int) -> Int {
        let i = JSONataBuiltins.clampedInt(index)
        return i < 0 ? max(count + i, 0) : min(i, count)
    }

    static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    private func split() throws(JSONataError) -> Handled? {
        guard let s = try string(0) else { return Handled(nil) }
        var limit: Int?
        if let l = try number(2) {
            guard l >= 0 else {
                throw JSONataError(code: "D3020", message: "Third argument of split function must evaluate to a positive number", position: position)
            }
            limit = JSONataBuiltins.clampedInt(l)
        }
        var parts: [String]
        if case .regex(let regex)? = arg(1) {
            let scalars = Array(s.unicodeScalars)
            let hits = try JSONataBuiltins.regexHits(regex, in: s, limit: limit, at: position)
            parts = []
            var last = 0
            for hit in hits {
                parts.append(Self.text(scalars[last..<max(last, hit.range.lowerBound)]))
                last = hit.range.upperBound
            }
            if limit.map({ hits.count < $0 }) ?? true { parts.append(Self.text(scalars[min(last, scalars.count)...])) }
        } else {
            guard let separator = try string(1) else { throw mismatch(1) }
            if separator.isEmpty {
                parts = s.unicodeScalars.map { String($0) }
            } else {
                parts = []
                var rest = s.unicodeScalars[...]
                while let range = rest.firstRange(of: separator.unicodeScalars) {
                    parts.append(String(rest[..<range.lowerBound]))
                    rest = rest[range.upperBound...]
                }
                parts.append(String(rest))
            }
        }
        if let limit { parts = Array(parts.prefix(limit)) }
        return Handled(.array(parts.map { .string($0) }))
    }

    private func replace() throws(JSONataError) -> Handled? {
        guard let s = try string(0) else { return Handled(nil) }
        var limit: Int?
        if let l = try number(3) {
            guard l >= 0 else {
                throw JSONataError(code: "D3011", message: "Fourth argument of replace function must evaluate to a positive number", position: position)
            }
            limit = JSONataBuiltins.clampedInt(l)
        }
        guard let replacement = arg(2) else { throw mismatch(2) }
        if case .string(let pattern)? = arg(1) {
            guard !pattern.isEmpty else {
                throw JSONataError(code: "D3010", message: "Second argument of replace function cannot be an empty string", position: position)
            }
            guard case .string(let text) = replacement else { throw mismatch(2) }
            var result = ""
            var rest = s.unicodeScalars[...]
            var count = 0
            while limit.map({ count < $0 }) ?? true, let range = rest.firstRange(of: pattern.unicodeScalars) {
                result += String(rest[..<range.lowerBound]) + text
                rest = rest[range.upperBound...]
                count += 1
            }
            return Handled(.string(result + String(rest)))
        }
        guard case .regex(let regex)? = arg(1) else { throw mismatch(1) }
        if case .string = replacement {} else if !replacement.isFunction { throw mismatch(2) }
        let scalars = Array(s.unicodeScalars)
        var result = ""
        var last = 0
        for hit in try JSONataBuiltins.regexHits(regex, in: s, limit: limit, at: position) {
            result += Self.text(scalars[last..<max(last, hit.range.lowerBound)])
            switch replacement {
            case .string(let template):
                result += Self.substitute(template, match: hit.match, groups: hit.groups)
            default:
                let object = JSONataBuiltins.matchObject(hit.match, index: hit.range.lowerBound, groups: hit.capture)
                guard case .string(let text)? = try callback(replacement, [object]) else {
                    throw JSONataError(code: "D3012", message: "Attempted to replace a matched string with a non-string value", position: position)
                }
                result += text
            }
            last = hit.range.upperBound
        }
        return Handled(.string(result + Self.text(scalars[min(last, scalars.count)...])))
    }

    /// `$0`, `$1`... in a replacement string; `$$` is a literal `$`.
    ///
    /// Read as jsonata 2.0.6 reads them: `$0` is the match and any digit after it is literal text (`$01` is the
    /// match then `1`); otherwise at most as many digits as the number of groups has are read (one when there are
    /// none), one fewer when that number is past the last group, and a group that does not exist adds nothing.
    static func substitute(_ template: String, match: String, groups: [String]) -> String {
        var result = ""
        var chars = Array(template)[...]
        let maxDigits = groups.isEmpty ? 1 : String(groups.count).count
        while let c = chars.popFirst() {
            guard c == "$" else {
                result.append(c)
                continue
            }
            if chars.first == "$" || chars.first == "0" {
                result += chars.removeFirst() == "$" ? "$" : match
                continue
            }
            var digits = String(chars.prefix { $0.isASCII && $0.isNumber }.prefix(maxDigits))
            guard !digits.isEmpty else {
                result.append("$")
                continue
            }
            if digits.count > 1, let index = Int(digits), index > groups.count { digits.removeLast() }
            chars.removeFirst(digits.count)
            if let index = Int(digits), index <= groups.count { result += groups[index - 1] }
        }
        return result
    }
}

extension JSONataBuiltins {
    /// The digits of a whole number past Int's range in `radix`, as JavaScript's `Number.prototype.toString(radix)`
    /// writes them (V8's DoubleToRadixCString): while a further division leaves a number of 2^53 or more, the
    /// number is divided and the digit written is 0; the rest is written exactly (2.5e20 in 16 is d8d726b7177a80000).
    static func radixDigits(_ value: Double, radix: Int) -> String {
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let base = Double(radix)
        var integer = value.rounded(.down)
        var text: [Character] = []
        while (integer / base).exponent > 52 {
            integer /= base
            text.append("0")
        }
        repeat {
            let remainder = integer.truncatingRemainder(dividingBy: base)
            text.append(digits[Int(remainder)])
            integer = (integer - remainder) / base
        } while integer > 0
        return String(text.reversed())
    }

    /// Percent-decoding as JavaScript's `decodeURI` (`keeping` its reserved characters `;/?:@&=+$,#`) and
    /// `decodeURIComponent` (keeping none) do it, which `$decodeUrl` and `$decodeUrlComponent` call: an escape
    /// that decodes to a kept character stays as written (`decodeURI("%2F")` is `%2F`), escapes of a UTF-8
    /// sequence decode to its character, and nil stands for JavaScript's URIError (a `%` without two hex digits,
    /// a byte that does not start or continue a UTF-8 sequence, an overlong form, a surrogate).
    static func percentDecoded(_ text: String, keeping reserved: String) -> String? {
        let units = Array(text.utf8)
        func hexByte(at i: Int) -> UInt8? {
            guard i + 2 < units.count, units[i] == UInt8(ascii: "%"),
                let high = hexValue(units[i + 1]), let low = hexValue(units[i + 2])
            else { return nil }
            return high << 4 | low
        }
        var result: [UInt8] = []
        result.reserveCapacity(units.count)
        var i = 0
        while i < units.count {
            guard units[i] == UInt8(ascii: "%") else {
                result.append(units[i])
                i += 1
                continue
            }
            guard let first = hexByte(at: i) else { return nil }
            if first < 0x80 {
                // a kept character stays escaped, as written (its case too)
                result.append(contentsOf: reserved.utf8.contains(first) ? units[i..<(i + 3)] : [first])
                i += 3
                continue
            }
            let length = first & 0xE0 == 0xC0 ? 2 : first & 0xF0 == 0xE0 ? 3 : first & 0xF8 == 0xF0 ? 4 : 0
            guard length > 0 else { return nil }
            var bytes = [first]
            for k in 1..<length {
                guard let next = hexByte(at: i + 3 * k), next & 0xC0 == 0x80 else { return nil }
                bytes.append(next)
            }
            // String's UTF-8 validation refuses overlong forms, surrogates and values past U+10FFFF, as JavaScript does
            guard let decoded = String(validating: bytes, as: UTF8.self) else { return nil }
            result.append(contentsOf: decoded.utf8)
            i += 3 * length
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `$base64encode` as jsonata-js does it in Node (`Buffer.from(str, 'binary')`): each UTF-16 code unit of
    /// the string is one byte, its low 8 bits. docs.jsonata.org supports only characters U+0000 to U+00FF,
    /// which this encodes as those bytes; a character beyond that range loses its high bits, as there.
    static func base64Encode(_ text: String) -> String {
        Data(text.utf16.map { UInt8(truncatingIfNeeded: $0) }).base64EncodedString()
    }

    /// `$base64decode` as AWS runs it: strict base64, as Java's `Base64.getDecoder()` reads it (AWS fails
    /// `$base64decode("!!!")` with an internal error, floci-io/floci#2736, where Node's lenient decoder answers "").
    /// Each decoded byte is one character U+0000 to U+00FF, as jsonata-js writes it (`Buffer.toString('binary')`).
    static func base64Decode(_ text: String) -> String? {
        guard let bytes = JavaBase64.decode(text) else { return nil }
        var result = String.UnicodeScalarView()
        for byte in bytes { result.append(Unicode.Scalar(byte)) }
        return String(result)
    }

    /// A match object; a group that took no part is null (JavaScript's undefined, which JSON writes as null).
    static func matchObject(_ match: String, index: Int, groups: [String?]) -> JSONataValue {
        .object(["match": .string(match), "index": .number(Double(index)), "groups": .array(groups.map { $0.map { .string($0) } ?? .null })])
    }

    /// One match of a regex over a text held as scalars.
    struct RegexHit {
        var range: Range<Int>
        var match: String
        /// Each group's text, nil for a group that took no part in the match (JavaScript's undefined).
        var capture: [String?]
        /// The groups as `$1`... substitute them: "" for a group that took no part.
        var groups: [String] { capture.map { $0 ?? "" } }
    }

    /// JSONata's iteration of a regex over a string: the first match, then each following match from the end
    /// of the previous one until the end of the string; a zero-length match after the first is D1004, as the
    /// JavaScript implementation's `next()` reports it.
    static func regexHits(_ regex: JSONataRegex, in text: String, limit: Int?, at position: Int) throws(JSONataError) -> [RegexHit] {
        let scalars = Array(text.unicodeScalars)
        var hits: [RegexHit] = []
        var from = 0
        do {
            while limit.map({ hits.count < $0 }) ?? true {
                if !hits.isEmpty, from >= scalars.count { break }
                guard let match = try regex.regex.firstMatch(in: scalars, from: from) else { break }
                if !hits.isEmpty, match.range.isEmpty {
                    throw JSONataError(code: "D1004", message: "Regular expression matches zero length string", position: position)
                }
                let groups = match.groups.map { range in range.map { JSONataBuiltins.Call.text(scalars[$0]) } }
                hits.append(RegexHit(range: match.range, match: JSONataBuiltins.Call.text(scalars[match.range]), capture: groups))
                from = match.range.upperBound
            }
        } catch let budget as SafeRegex.BudgetExceeded {
            _ = budget
            throw JSONataError.regexBudget(regex.pattern, at: position)
        } catch let error as JSONataError {
            throw error
        } catch {
            throw JSONataError.regexBudget(regex.pattern, at: position)
        }
        return hits
    }

    /// The object a regex called as a function gives (`/an/('banana')`): the first match from the scalar offset
    /// `from`, with `match`, `start`, `end`, `groups` and `next`, a function giving the following match (nil
    /// when there is none).
    static func matcherObject(_ regex: JSONataRegex, in text: String, from: Int, at position: Int) throws(JSONataError) -> JSONataValue? {
        let scalars = Array(text.unicodeScalars)
        let found: SafeRegex.Match?
        do {
            found = try regex.regex.firstMatch(in: scalars, from: from)
        } catch {
            throw JSONataError.regexBudget(regex.pattern, at: position)
        }
        guard let match = found else { return nil }
        let groups = match.groups.map { range in range.map { JSONataValue.string(JSONataBuiltins.Call.text(scalars[$0])) } ?? .null }
        return .object([
            "match": .string(JSONataBuiltins.Call.text(scalars[match.range])), "start": .number(Double(match.range.lowerBound)),
            "end": .number(Double(match.range.upperBound)), "groups": .array(JSONataArray(groups)),
            "next": .function(.matchNext(regex, text, match.range.upperBound)),
        ])
    }

    /// JSONata match objects (`match`, `index`, `groups`) for up to `limit` matches.
    static func matches(of regex: JSONataRegex, in text: String, limit: Int?, at position: Int) throws(JSONataError) -> [JSONataValue] {
        try regexHits(regex, in: text, limit: limit, at: position).map { matchObject($0.match, index: $0.range.lowerBound, groups: $0.capture) }
    }
}
