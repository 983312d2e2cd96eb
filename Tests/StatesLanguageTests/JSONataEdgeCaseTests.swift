import Testing

@testable import StatesLanguage

/// Results where an evaluator written from docs.jsonata.org alone is likely to part from jsonata 2.0.6 (the
/// version AWS Step Functions runs): how `$replace` reads `$n`, `$substring` with fractional arguments, the
/// default timestamp outside the years 0-9999, `$formatNumber` of numbers from 1e21 up, `$distinct` of a path's
/// result, `$fromMillis` of a fractional number and its timezone argument, `$decodeUrl` of reserved characters,
/// string searches, equality and order in text with combining marks or above U+FFFF.
///
/// Known differences from jsonata 2.0.6 that remain (found while writing these, not fixed):
/// - `in` compares arrays and objects by value; JavaScript's `===` there is identity, so `[1] in [[1]]` and
///   `{"a": 1} in [{"a": 1}]` are false in jsonata and true here (an input's object found in the same input's
///   array is true in both).
/// - Swift strings hold no lone surrogates: `"\ud800"` becomes U+FFFD, `$split("😀", "")` gives scalars, not
///   UTF-16 halves, a regex `.` matches a whole scalar above U+FFFF (jsonata's regexes run without the `u` flag),
///   and `$encodeUrlComponent` encodes what JavaScript refuses with D3140.
/// - Object keys compare as Swift strings (canonical equivalence): keys "é" and "e\u0301" are one key here.
/// - Where jsonata yields NaN or JavaScript's own errors this raises a JSONata error or returns undefined:
///   `$parseInteger("xyz", "0")` (NaN there), `$toMillis("2017-13-07")` (NaN there, D3110 here), `$fromMillis`
///   past ±8.64e15 (D3136 here) or with a timezone without digits (D3134 here), `$pad` with a fractional width
///   (a RangeError there), `$formatNumber(0, "0.0e0")` (jsonata never returns).
/// - `$formatNumber` options given as several characters use their first (jsonata matches the whole text).
@Suite struct JSONataEdgeCaseTests {
    static let cases: [JSONataCase] = [
        // $replace: `$0` is the whole match and a digit after it is text; at most as many digits as the
        // group count has are read, one fewer when that is past the last group
        JSONataCase(#"$replace("abc", /(b)/, "$01")"#, .null, "ab1c"),
        JSONataCase(#"$replace("abc", /(b)/, "$000")"#, .null, "ab00c"),
        JSONataCase(#"$replace("abc", /b/, "[$0]")"#, .null, "a[b]c"),
        JSONataCase(#"$replace("abc", /(b)/, "$10")"#, .null, "ab0c"),
        JSONataCase(#"$replace("abc", /b/, "$12")"#, .null, "a2c"),
        JSONataCase(#"$replace("abc", /(b)/, "$2")"#, .null, "ac"),
        JSONataCase(#"$replace("abc", /(b)/, "$$1$")"#, .null, "a$1$c"),
        JSONataCase(#"$replace("abcdefghijkl", /(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/, "$11-$12-$1")"#, .null, "k-a2-al"),
        // $substring: the end is the unrounded start plus length; both ends are then truncated
        JSONataCase(#"$substring("hello", 1.5, 2.5)"#, .null, "ell"),
        JSONataCase(#"$substring("hello", 0.5, 1.2)"#, .null, "h"),
        JSONataCase(#"$substring("hello", -1.5)"#, .null, "o"),
        JSONataCase(#"$substring("hello", -1.5, 1)"#, .null, ""),
        JSONataCase(#"$substring("hello", -3, 2)"#, .null, "ll"),
        JSONataCase(#"$substring("hello", -10, 3)"#, .null, "hel"),
        JSONataCase(#"$substring("hello", 2, -1)"#, .null, ""),
        JSONataCase(#"$substring("😀abc", 1, 2)"#, .null, "ab"),
        // without a picture the year is written as [Y0001] writes it
        JSONataCase("$fromMillis(-62198755200000)", .null, "-0001-01-01T00:00:00.000Z"),
        JSONataCase("$fromMillis(-62198755200001)", .null, "-0002-12-31T23:59:59.999Z"),
        JSONataCase("$fromMillis(-62167219200000)", .null, "0000-01-01T00:00:00.000Z"),
        JSONataCase("$fromMillis(253402300799999)", .null, "9999-12-31T23:59:59.999Z"),
        JSONataCase("$fromMillis(253402300800000)", .null, "10000-01-01T00:00:00.000Z"),
        JSONataCase("$fromMillis(8.64e15)", .null, "275760-09-13T00:00:00.000Z"),
        // $formatNumber from 1e21 up works on JavaScript's text for the number, as jsonata's toFixed gives it
        JSONataCase(#"$formatNumber(1e21, "0")"#, .null, "1e+21"),
        JSONataCase(#"$formatNumber(1e100, "0.00")"#, .null, "1e+100.00"),
        JSONataCase(#"$formatNumber(-1.5e21, "0")"#, .null, "-1.5e+2"),
        JSONataCase(##"$formatNumber(1e21, "#,##0")"##, .null, "1e,+21"),
        JSONataCase(##"$formatNumber(1e20, "#,##0")"##, .null, "100,000,000,000,000,000,000"),
        // a picture without a decimal separator drops the text's last character, even a fraction digit
        JSONataCase(##"$formatNumber(12.3, "#e0")"##, .null, "0.e2"),
        JSONataCase(#"$formatNumber(12.3, "0.0e0")"#, .null, "1.2e1"),
        // $formatInteger writes the number as JavaScript does before grouping it
        JSONataCase(#"$formatInteger(123456789012345680000, "0")"#, .null, "123456789012345680000"),
        JSONataCase(#"$formatInteger(1e21, "0")"#, .null, "1e+21"),
        JSONataCase(##"$formatInteger(1e21, "#,##0")"##, .null, "1e,+21"),
        JSONataCase(#"$formatInteger(1e21, "0;o")"#, .null, "1e+21st"),
        JSONataCase(#"$formatInteger(12345, "0,000")"#, .null, "12,345"),
        // $formatBase past Int's range writes JavaScript's toString(radix)
        JSONataCase("$formatBase(2.5e20, 16)", .null, "d8d726b7177a80000"),
        JSONataCase("$formatBase(-1e19, 2)", .null, "-1000101011000111001000110000010010001001111010000000000000000000"),
        JSONataCase("$formatBase(1e19)", .null, "10000000000000000000"),
        JSONataCase("$formatBase(1e21)", .null, "1e+21"),
        JSONataCase("$formatBase(255, 16)", .null, "ff"),
        // $formatNumber's options: a default character whose role went to another character is plain text
        JSONataCase(#"$formatNumber(0.5, "0%", {"percent": "x"})"#, .null, "0%"),
        JSONataCase(#"$formatNumber(0.5, "0x", {"percent": "x"})"#, .null, "50x"),
        JSONataCase(#"$formatNumber(-12, "0;0-", {"minus-sign": "~"})"#, .null, "12-"),
        JSONataCase(#"$formatNumber(-12, "0", {"minus-sign": "~"})"#, .null, "~12"),
        JSONataCase(#"$formatNumber(12, "٠٠ 0", {"zero-digit": "٠"})"#, .null, "١٢ 0"),
        JSONataCase(##"$formatNumber(1234.5, "#.##0,00", {"decimal-separator": ",", "grouping-separator": "."})"##, .null, "1.234,50"),
        // text is searched scalar by scalar (JavaScript compares code units), not character by character
        JSONataCase(#"$contains("cafe\u0301", "e")"#, .null, true),
        JSONataCase(#"$contains("cafe\u0301", "é")"#, .null, false),
        JSONataCase(#"$substringBefore("cafe\u0301s", "e")"#, .null, "caf"),
        JSONataCase(#"$substringAfter("cafe\u0301s", "e")"#, .null, "\u{301}s"),
        JSONataCase(#"$split("cafe\u0301", "e")"#, .null, ["caf", "\u{301}"]),
        JSONataCase(#"$replace("cafe\u0301 e", "e", "E")"#, .null, "cafE\u{301} E"),
        JSONataCase(#"$split("a,b,,c", ",")"#, .null, ["a", "b", "", "c"]),
        JSONataCase(#"$split("a,b,,c", ",", 2)"#, .null, ["a", "b"]),
        JSONataCase(#"$replace("a.b.c", ".", "-", 1)"#, .null, "a-b.c"),
        // strings are equal when their code units are, and ordered by UTF-16 code units, as in JavaScript
        JSONataCase(#""e\u0301" = "é""#, .null, false),
        JSONataCase(#""é" = "é""#, .null, true),
        JSONataCase(#"["\uff5e", "😀", "a"]^($)"#, .null, ["a", "😀", "\u{ff5e}"]),
        JSONataCase(#"$sort(["\uff5e", "😀", "a"])"#, .null, ["a", "😀", "\u{ff5e}"]),
        JSONataCase(#""😀" < "\uff5e""#, .null, true),
        JSONataCase(#"$distinct(["e\u0301", "é"]) ~> $count()"#, .null, 2),
        // a $sort comparator's result is read with JavaScript's truthiness: [] and {} are true, so every pair swaps
        JSONataCase("$sort([1, 2, 3], function($a, $b) { [] })", .null, [3, 2, 1]),
        JSONataCase("$sort([1, 2, 3], function($a, $b) { {} })", .null, [3, 2, 1]),
        JSONataCase("$sort([1, 2, 3], function($a, $b) { [0] })", .null, [3, 2, 1]),
        JSONataCase(#"$sort([1, 2, 3], function($a, $b) { "" })"#, .null, [1, 2, 3]),
        // a JavaScript-style comparator's -1 is true as well: unequal pairs always swap
        JSONataCase("$sort([3, 1, 2], function($a, $b) { $a - $b })", .null, [2, 1, 3]),
        // $trim works on scalars: "\r\n" (one Character in Swift) is two whitespace characters to JavaScript
        JSONataCase(#"$trim("a\r\nb\r\n")"#, .null, "a b"),
        JSONataCase(#"$trim("\r\n  a \t\n b  ")"#, .null, "a b"),
        JSONataCase(#"$trim(" \u0301 x ")"#, .null, "\u{301} x"),
        JSONataCase(#"$trim("\u00a0a ")"#, .null, "\u{a0}a"),
        JSONataCase(#"$trim("   ")"#, .null, ""),
        // $distinct keeps a path's result a sequence (one value left is returned alone), an array an array
        JSONataCase("$distinct(a.b)", JSONataDocuments.parse(#"{"a": [{"b": "x"}, {"b": "x"}]}"#), "x"),
        JSONataCase("$distinct(a.b)", JSONataDocuments.parse(#"{"a": [{"b": "x"}, {"b": "y"}, {"b": "x"}]}"#), ["x", "y"]),
        JSONataCase("$distinct(a.b)", JSONataDocuments.parse(#"{"a": {"b": ["x", "x"]}}"#), ["x"]),
        JSONataCase("$distinct(a)", JSONataDocuments.parse(#"{"a": ["x", "x"]}"#), ["x"]),
        JSONataCase(#"$distinct(["x", "x"])"#, .null, ["x"]),
        JSONataCase("$distinct([1])", .null, [1]),
        // $decodeUrl is JavaScript's decodeURI: escapes of its reserved characters stay as written
        JSONataCase(#"$decodeUrl("%2F%3A%20%C3%A9")"#, .null, "%2F%3A é"),
        JSONataCase(
            #"$decodeUrl("https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f%23g%24%2C%2B%3B%40")"#, .null,
            "https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f%23g%24%2C%2B%3B%40"),
        JSONataCase(#"$decodeUrl("%2f%41%e2%82%ac")"#, .null, "%2fA€"),
        JSONataCase(#"$decodeUrlComponent("%2F%3A%20%C3%A9%F0%9F%98%80")"#, .null, "/: é😀"),
        JSONataCase(#"$decodeUrl($encodeUrl("https://x.y/a b?q=é&r=[1]#f"))"#, .null, "https://x.y/a b?q=é&r=[1]#f"),
        // the timezone is JavaScript's parseInt of the text, split as floor(n / 100) hours and n % 100 minutes
        JSONataCase(#"$fromMillis(1510067557121, "[H01]:[m01] [Z]", "+0530")"#, .null, "20:42 +05:30"),
        JSONataCase(#"$fromMillis(1510067557121, "[H01]:[m01] [Z]", "-0500")"#, .null, "10:12 -05:00"),
        JSONataCase(#"$fromMillis(1510067557121, "[H01]:[m01] [Z]", "-0130")"#, .null, "12:42 -02:30"),
        JSONataCase(#"$fromMillis(1510067557121, "[H01]:[m01] [Z0]", "-0130")"#, .null, "12:42 -2:-30"),
        JSONataCase(#"$fromMillis(1510067557121, "[H01]:[m01] [Z]", "+05:30")"#, .null, "15:17 +00:05"),
        JSONataCase(#"$fromMillis(1510067557121, "[H01]:[m01] [Z]", "0100")"#, .null, "16:12 +01:00"),
        // a fraction of a millisecond is cut toward zero, as JavaScript's Date cuts it
        JSONataCase("$fromMillis(-1.5)", .null, "1969-12-31T23:59:59.999Z"),
        JSONataCase(#"$fromMillis(-0.5, "[f001]")"#, .null, "000"),
        JSONataCase("$fromMillis(1.9)", .null, "1970-01-01T00:00:00.001Z"),
    ]

    @Test(arguments: cases)
    func jsonata206Results(_ c: JSONataCase) throws { try c.check() }

    /// JavaScript's URIError cases, D3140 in JSONata.
    @Test(arguments: ["%", "%4", "%G1", "%E9", "%C3", "%C3%41", "%80", "%C0%AF", "%ED%A0%80", "%F8%80%80%80%80"])
    func malformedEscapes(_ text: String) {
        for function in ["decodeUrl", "decodeUrlComponent"] {
            #expect {
                _ = try JSONataExpression(parsing: "$\(function)('\(text)')").evaluateJSONata(input: .null, bindings: [:])
            } throws: { error in
                (error as? JSONataError)?.code == "D3140"
            }
        }
    }
}

/// `?` outside a call's arguments, and the operators JSONata 2.0.6 does not have.
@Suite struct JSONataPlaceholderSyntaxTests {
    static let errors: [(String, String)] = [
        // JSONata 2.1's coalescing and default operators are not in 2.0.6: the second `?` cannot start an expression
        ("a ?? 2", "S0211"),
        ("a ?: 2", "S0211"),
        ("[?]", "S0211"),
        ("$f(? + 1)", "S0202"),
    ]

    @Test(arguments: errors)
    func syntaxErrors(_ expression: String, _ code: String) {
        #expect {
            _ = try JSONataExpression(parsing: expression)
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }

    static let cases: [JSONataCase] = [
        JSONataCase(#"$substring(?, 1)("abc")"#, .null, "bc"),
        JSONataCase(#"($f := function($a, $b) { $a & $b }; $f(?, ?)("y", "z"))"#, .null, "yz"),
        JSONataCase(#""abc" ~> $substring(?, 1)"#, .null, "bc"),
        JSONataCase("true ? 1 : 2", .null, 1),
    ]

    @Test(arguments: cases)
    func placeholders(_ c: JSONataCase) throws { try c.check() }
}
