/// A regular expression in JavaScript's syntax, matched in time linear in the text (a Pike VM over a compiled
/// program), so no pattern can backtrack catastrophically (`/(a+)+$/` on `aaaa…!` answers at once).
///
/// Supported: literals and escapes (`\d \w \s \b \B \xHH \uHHHH \u{…} \cX`), classes, `.`, anchors, groups
/// (capturing, named, non-capturing), alternation, greedy and lazy quantifiers (`* + ? {m} {m,} {m,n}`),
/// lookahead (`(?=…)`, `(?!…)`, evaluated as a bounded sub-match), and the flags `i` (case-insensitive) and
/// `m` (multi-line anchors). Backreferences and lookbehind need backtracking and are refused with an error.
/// Positions are code-point offsets, as JSONata's evaluator reports them here.
package struct SafeRegex: Sendable {
    package let pattern: String
    package let ignoreCase: Bool
    package let multiline: Bool
    let program: Program

    /// The number of capturing groups.
    package var groupCount: Int { program.groupCount }

    /// Compiles `pattern`.
    /// - Throws: `SafeRegex.SyntaxError` with a readable reason for invalid or unsupported syntax.
    package init(_ pattern: String, ignoreCase: Bool = false, multiline: Bool = false) throws(SyntaxError) {
        self.pattern = pattern
        self.ignoreCase = ignoreCase
        self.multiline = multiline
        var parser = RegexParser(Array(pattern.unicodeScalars))
        let tree = try parser.parseAll()
        var compiler = RegexCompiler(ignoreCase: ignoreCase, multiline: multiline)
        program = try compiler.compile(tree, groupCount: parser.groupCount)
    }

    /// Why a pattern cannot be compiled.
    package struct SyntaxError: Error, Sendable, CustomStringConvertible {
        package var reason: String
        package var description: String { reason }
    }

    /// A match: the whole match's scalar range and each group's range (nil when the group did not take part).
    package struct Match: Sendable {
        package var range: Range<Int>
        package var groups: [Range<Int>?]
    }

    /// Work that exceeded the matcher's budget (a very long text times a very large pattern).
    package struct BudgetExceeded: Error, Sendable {}

    /// The number of thread steps one search may take: far above anything a sane pattern and input need
    /// (a 100 000-instruction program over a 1 MB string would exceed it), small enough to answer within seconds.
    package static let stepBudget = 200_000_000

    /// The leftmost match starting at or after `start`.
    package func firstMatch(in text: [Unicode.Scalar], from start: Int = 0) throws(BudgetExceeded) -> Match? {
        var vm = PikeVM(program: program, text: text)
        return try vm.search(from: start, anchored: false)
    }

    /// All non-overlapping matches, left to right (an empty match advances one position, as JavaScript does).
    package func matches(in text: [Unicode.Scalar], limit: Int? = nil) throws(BudgetExceeded) -> [Match] {
        var vm = PikeVM(program: program, text: text)
        var results: [Match] = []
        var position = 0
        while position <= text.count {
            if let limit, results.count >= limit { break }
            guard let match = try vm.search(from: position, anchored: false) else { break }
            results.append(match)
            position = match.range.isEmpty ? match.range.upperBound + 1 : match.range.upperBound
        }
        return results
    }

    /// Whether the pattern matches anywhere in `text`.
    package func isMatch(_ text: [Unicode.Scalar]) throws(BudgetExceeded) -> Bool {
        try firstMatch(in: text) != nil
    }
}

/// The parsed form of a pattern.
indirect enum RegexNode: Sendable {
    case empty
    case scalar(Unicode.Scalar)
    case set(RegexSet)
    case any
    case concat([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode, index: Int?)
    case repeated(RegexNode, min: Int, max: Int?, greedy: Bool)
    case lineStart
    case lineEnd
    case wordBoundary(Bool)
    case lookahead(RegexNode, negated: Bool)
}

/// A character class: ranges of scalars, possibly negated.
struct RegexSet: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var negated = false

    func contains(_ scalar: Unicode.Scalar, ignoreCase: Bool) -> Bool {
        var found = ranges.contains { $0.contains(scalar.value) }
        if !found, ignoreCase {
            for variant in RegexSet.caseVariants(scalar) where ranges.contains(where: { $0.contains(variant.value) }) {
                found = true
                break
            }
        }
        return found != negated
    }

    static func caseVariants(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var variants: [Unicode.Scalar] = []
        for mapping in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
            let scalars = mapping.unicodeScalars
            if scalars.count == 1, let first = scalars.first, first != scalar { variants.append(first) }
        }
        return variants
    }

    static let digit = RegexSet(ranges: [48...57])
    static let word = RegexSet(ranges: [48...57, 65...90, 95...95, 97...122])
    static let space = RegexSet(ranges: [
        9...13, 32...32, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])

    var inverted: RegexSet { RegexSet(ranges: ranges, negated: !negated) }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool { word.contains(scalar, ignoreCase: false) }

    static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x2028, 0x2029: true
        default: false
        }
    }
}
