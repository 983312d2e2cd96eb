/// Parses JavaScript regular-expression syntax (without the `u` flag, Annex B leniencies included: a `{` that
/// does not start a quantifier and a lone `]` are literals, unknown escapes stand for the character).
struct RegexParser {
    private let chars: [Unicode.Scalar]
    private var index = 0
    private(set) var groupCount = 0
    private var depth = 0
    private static let maxDepth = 200

    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    typealias SyntaxError = SafeRegex.SyntaxError

    private func fail(_ reason: String) -> SyntaxError { SyntaxError(reason: reason) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    mutating func parseAll() throws(SyntaxError) -> RegexNode {
        let node = try alternation()
        if index < chars.count { throw fail("Unmatched ')'") }
        return node
    }

    private mutating func alternation() throws(SyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw fail("Regular expression nested too deeply") }
        var branches = [try sequence()]
        while peek() == "|" {
            index += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func sequence() throws(SyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek(), c != "|", c != ")" {
            var atom = try self.atom()
            atom = try quantified(atom)
            items.append(atom)
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func quantified(_ atom: RegexNode) throws(SyntaxError) -> RegexNode {
        guard let c = peek() else { return atom }
        var bounds: (Int, Int?)?
        switch c {
        case "*": bounds = (0, nil); index += 1
        case "+": bounds = (1, nil); index += 1
        case "?": bounds = (0, 1); index += 1
        case "{":
            if let parsed = braceQuantifier() { bounds = parsed }
        default: break
        }
        guard let (low, high) = bounds else { return atom }
        switch atom {
        case .lineStart, .lineEnd, .wordBoundary:
            throw fail("Nothing to repeat")
        default: break
        }
        if let high, high < low { throw fail("numbers out of order in {} quantifier") }
        var greedy = true
        if peek() == "?" {
            greedy = false
            index += 1
        }
        return .repeated(atom, min: low, max: high, greedy: greedy)
    }

    /// `{m}`, `{m,}`, `{m,n}`; nil (and nothing consumed) when the brace is a literal.
    private mutating func braceQuantifier() -> (Int, Int?)? {
        var i = index + 1
        func number() -> Int? {
            var value: Int?
            while i < chars.count, let digit = Int(String(chars[i])), chars[i].isASCII {
                value = min((value ?? 0) * 10 + digit, 1_000_000)
                i += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if i < chars.count, chars[i] == "," {
            i += 1
            high = number()
        }
        guard i < chars.count, chars[i] == "}" else { return nil }
        index = i + 1
        return (low, high)
    }

    private mutating func atom() throws(SyntaxError) -> RegexNode {
        guard let c = peek() else { throw fail("Unexpected end of pattern") }
        index += 1
        switch c {
        case ".": return .any
        case "^": return .lineStart
        case "$": return .lineEnd
        case "*", "+", "?": throw fail("Nothing to repeat")
        case "{":
            index -= 1
            if braceQuantifier() != nil { throw fail("Nothing to repeat") }
            index += 1
            return .scalar(c)
        case "[": return .set(try characterClass())
        case "(": return try group()
        case "\\": return try escape()
        default: return .scalar(c)
        }
    }

    private mutating func group() throws(SyntaxError) -> RegexNode {
        var captureIndex: Int?
        var lookahead: Bool?
        if peek() == "?" {
            switch peek(1) {
            case ":": index += 2
            case "=": index += 2; lookahead = false
            case "!": index += 2; lookahead = true
            case "<":
                if peek(2) == "=" || peek(2) == "!" {
                    throw fail("Lookbehind assertions are not supported (they need backtracking)")
                }
                index += 2
                var name = ""
                while let n = peek(), n != ">" {
                    name.unicodeScalars.append(n)
                    index += 1
                }
                guard peek() == ">", !name.isEmpty else { throw fail("Invalid capture group name") }
                index += 1
                groupCount += 1
                captureIndex = groupCount
            default: throw fail("Invalid group")
            }
        } else {
            groupCount += 1
            captureIndex = groupCount
        }
        let body = try alternation()
        guard peek() == ")" else { throw fail("Unterminated group") }
        index += 1
        if let negated = lookahead { return .lookahead(body, negated: negated) }
        return .group(body, index: captureIndex)
    }

    private mutating func escape() throws(SyntaxError) -> RegexNode {
        guard let c = peek() else { throw fail("\\ at end of pattern") }
        switch c {
        case "b": index += 1; return .wordBoundary(true)
        case "B": index += 1; return .wordBoundary(false)
        case "1"..."9":
            throw fail("Backreferences (\\\(c)) are not supported (they need backtracking)")
        case "k" where peek(1) == "<":
            throw fail("Backreferences (\\k<name>) are not supported (they need backtracking)")
        default:
            let item = try classEscape(inClass: false)
            switch item {
            case .scalar(let s): return .scalar(s)
            case .set(let set): return .set(set)
            }
        }
    }

    private enum ClassItem {
        case scalar(Unicode.Scalar)
        case set(RegexSet)
    }

    /// An escape after `\` (the backslash already consumed), inside or outside a class.
    private mutating func classEscape(inClass: Bool) throws(SyntaxError) -> ClassItem {
        guard let c = peek() else { throw fail("\\ at end of pattern") }
        index += 1
        switch c {
        case "d": return .set(.digit)
        case "D": return .set(RegexSet.digit.inverted)
        case "w": return .set(.word)
        case "W": return .set(RegexSet.word.inverted)
        case "s": return .set(.space)
        case "S": return .set(RegexSet.space.inverted)
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "t": return .scalar("\t")
        case "v": return .scalar("\u{0B}")
        case "f": return .scalar("\u{0C}")
        case "b" where inClass: return .scalar("\u{08}")
        case "0":
            if let d = peek(), ("0"..."9").contains(d) {
                throw fail("Octal escapes are not supported")
            }
            return .scalar("\u{0}")
        case "c":
            if let letter = peek(), ("a"..."z").contains(letter) || ("A"..."Z").contains(letter),
                let scalar = Unicode.Scalar(letter.value % 32)
            {
                index += 1
                return .scalar(scalar)
            }
            index -= 1
            return .scalar("\\")
        case "x":
            if let value = hex(count: 2), let scalar = Unicode.Scalar(value) { return .scalar(scalar) }
            return .scalar("x")
        case "u":
            if peek() == "{" {
                var i = index + 1
                var value: UInt32 = 0
                var digits = 0
                while i < chars.count, digits < 6, chars[i].isASCII, let d = UInt32(String(chars[i]), radix: 16) {
                    value = value &* 16 &+ d
                    digits += 1
                    i += 1
                }
                if digits > 0, i < chars.count, chars[i] == "}", let scalar = Unicode.Scalar(value) {
                    index = i + 1
                    return .scalar(scalar)
                }
                return .scalar("u")
            }
            guard let value = hex(count: 4) else { return .scalar("u") }
            if (0xD800...0xDBFF).contains(value), peek() == "\\", peek(1) == "u" {
                let save = index
                index += 2
                if let low = hex(count: 4), (0xDC00...0xDFFF).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))
                {
                    return .scalar(scalar)
                }
                index = save
            }
            return .scalar(Unicode.Scalar(value) ?? "\u{FFFD}")
        case "1"..."9" where inClass:
            throw fail("Octal escapes are not supported")
        default:
            return .scalar(c)
        }
    }

    private mutating func hex(count: Int) -> UInt32? {
        guard index + count <= chars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<count {
            guard chars[index + offset].isASCII, let d = UInt32(String(chars[index + offset]), radix: 16) else { return nil }
            value = value * 16 + d
        }
        index += count
        return value
    }

    private mutating func characterClass() throws(SyntaxError) -> RegexSet {
        var set = RegexSet()
        if peek() == "^" {
            set.negated = true
            index += 1
        }
        func add(_ item: ClassItem, to set: inout RegexSet) {
            switch item {
            case .scalar(let s): set.ranges.append(s.value...s.value)
            case .set(let inner):
                if inner.negated {
                    set.ranges.append(contentsOf: Self.complement(inner.ranges))
                } else {
                    set.ranges.append(contentsOf: inner.ranges)
                }
            }
        }
        while true {
            guard let c = peek() else { throw fail("Unterminated character class") }
            if c == "]" {
                index += 1
                return set
            }
            let first = try classAtom()
            if peek() == "-", let next = peek(1), next != "]" {
                index += 1
                let second = try classAtom()
                guard case .scalar(let low) = first, case .scalar(let high) = second else {
                    // `[\d-x]`: the dash is a literal (Annex B)
                    add(first, to: &set)
                    add(.scalar("-"), to: &set)
                    add(second, to: &set)
                    continue
                }
                guard low.value <= high.value else { throw fail("Range out of order in character class") }
                set.ranges.append(low.value...high.value)
            } else {
                add(first, to: &set)
            }
        }
    }

    private mutating func classAtom() throws(SyntaxError) -> ClassItem {
        guard let c = peek() else { throw fail("Unterminated character class") }
        index += 1
        if c == "\\" { return try classEscape(inClass: true) }
        return .scalar(c)
    }

    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in sorted {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = max(next, range.upperBound &+ 1)
            if range.upperBound == 0x10FFFF { return result }
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return result
    }
}
