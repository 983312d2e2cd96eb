import Foundation
import Testing

@testable import StatesLanguage

/// JSONata's regular expressions (docs.jsonata.org/regex) run on a linear-time matcher: JavaScript syntax, the
/// match JavaScript's backtracking engine finds, and no catastrophic backtracking.
@Suite struct JSONataRegexTests {
    /// pattern, flags, text, expected whole match and groups (nil = no match).
    struct Case: CustomTestStringConvertible, Sendable {
        var pattern: String
        var flags: String
        var text: String
        var match: String?
        var groups: [String?]
        var testDescription: String { "/\(pattern)/\(flags) on \(text)" }
        init(_ pattern: String, _ flags: String = "", _ text: String, _ match: String?, _ groups: [String?] = []) {
            (self.pattern, self.flags, self.text, self.match, self.groups) = (pattern, flags, text, match, groups)
        }
    }

    static let cases: [Case] = [
        Case("a(b+)", "", "xabbbc", "abbb", ["bbb"]),
        Case("a(b+?)", "", "xabbbc", "ab", ["b"]),
        Case("a|ab", "", "ab", "a"),
        Case("(a|ab)(c|bcd)", "", "abcd", "abcd", ["a", "bcd"]),
        Case("x*", "", "aaa", ""),
        Case("[a-c]+", "", "xxbcad", "bca"),
        Case("[^a-c]+", "", "abxyzc", "xyz"),
        Case("\\d{2,3}", "", "a12345", "123"),
        Case("\\d{2,3}?", "", "a12345", "12"),
        Case("\\d{2,}", "", "a1b12345", "12345"),
        Case("\\d{3}", "", "12", nil),
        Case("^abc$", "", "abc", "abc"),
        Case("^b", "", "a\nb", nil),
        Case("^b", "m", "a\nb", "b"),
        Case("a$", "m", "a\nb", "a"),
        Case("HELLO", "i", "say hello", "hello"),
        Case("[A-Z]+", "i", "abc", "abc"),
        Case("\\bfoo\\b", "", "a foo b", "foo"),
        Case("\\Boo", "", "foo", "oo"),
        Case("\\w+@\\w+\\.com", "", "mail fred@example.com now", "fred@example.com"),
        Case("\\s+", "", "a \t b", " \t "),
        Case("(?:ab)+", "", "ababx", "abab"),
        Case("(?<year>\\d{4})-(\\d{2})", "", "on 2024-05", "2024-05", ["2024", "05"]),
        Case("a(?=b)", "", "acab", "a"),
        Case("a(?!b)", "", "abac", "a"),
        Case("(a)|(b)", "", "b", "b", [nil, "b"]),
        Case("\\u0041\\x42", "", "AB", "AB"),
        Case("a.c", "", "a\nc abc", "abc"),
        Case("[\\d.]+", "", "v1.25", "1.25"),
        Case("[\\]]", "", "a]", "]"),
        Case("a{,2}", "", "a{,2}", "a{,2}"),
        Case("(a*)*b", "", "aaab", "aaab", ["aaa"]),
        Case("(a+)+$", "", "aaaa!", nil),
    ]

    @Test(arguments: cases)
    func matchesAsJavaScript(_ c: Case) throws {
        let regex = try SafeRegex(c.pattern, ignoreCase: c.flags.contains("i"), multiline: c.flags.contains("m"))
        let text = Array(c.text.unicodeScalars)
        let match = try regex.firstMatch(in: text)
        func string(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(text[range])) }
        #expect(match.map { string($0.range) } == c.match)
        if let match, !c.groups.isEmpty {
            #expect(match.groups.map { $0.map(string) } == c.groups)
        }
    }

    @Test(arguments: ["(a", "a)", "[a", "*a", "a{2,1}", "\\1(a)", "(?<=a)b", "(?<!a)b", "a**", "x{1000}{1000}"])
    func invalidOrUnsupportedPatternsAreErrors(_ pattern: String) {
        #expect(throws: SafeRegex.SyntaxError.self) { try SafeRegex(pattern) }
    }

    /// Issue 14: `(a+)+$` on a's and a `!` took minutes with a backtracking engine.
    @Test(arguments: [20, 30, 5_000])
    func catastrophicPatternsAnswerAtOnce(_ count: Int) throws {
        let input: JSONValue = ["s": .string(String(repeating: "a", count: count) + "!")]
        for source in ["$match(s, /(a+)+$/)", "$match(s, /(a|aa)+$/)", "$match(s, /(a*)*b/)", "$contains(s, /^(\\w+\\s?)*$/)"] {
            let expression = try JSONataExpression(parsing: source)
            let result = try expression.evaluateJSONata(input: input, bindings: [:])
            #expect(result == nil || result == .bool(false), "\(source)")
        }
    }

    static let functionCases: [JSONataCase] = [
        JSONataCase("$match('ababbabbcc', /a(b+)/, 2).groups[0]", .null, ["b", "bb"]),
        JSONataCase("$replace('abc', /b/, '[$0]')", .null, "a[b]c"),
        JSONataCase("$split('a1b22c', /\\d+/)", .null, ["a", "b", "c"]),
        JSONataCase("$split('a1b22c', /\\d+/, 2)", .null, ["a", "b"]),
        JSONataCase("$split('a1b', /x/)", .null, ["a1b"]),
        JSONataCase("$contains('Hello', /L{2}/i)", .null, true),
        JSONataCase("$match('dog cat', /(?<animal>\\w+)/).groups", .null, ["dog", "cat"]),
        JSONataCase("$replace('2024-05-06', /(\\d+)-(\\d+)-(\\d+)/, '$3/$2/$1')", .null, "06/05/2024"),
    ]

    @Test(arguments: functionCases)
    func regexFunctions(_ c: JSONataCase) throws { try c.check() }

    @Test(arguments: ["$replace('abc', /x*/, '-')", "$match('abc', /x*/)", "$match('a/b', /(/"])
    func zeroLengthAndInvalidRegexesAreErrors(_ source: String) throws {
        #expect(throws: JSONataError.self) {
            try JSONataExpression(parsing: source).evaluateJSONata(input: .null, bindings: [:])
        }
    }
}
