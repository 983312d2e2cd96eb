import Testing

@testable import StatesLanguage

/// docs.jsonata.org's regular expressions page: a regex is a matcher function whose result carries `next()`,
/// and the `~>` shortcut in predicates.
@Suite struct JSONataRegexMatcherTests {
    static let cases: [JSONataCase] = [
        JSONataCase("Account.Order.Product[`Product Name` ~> /hat/i].SKU", JSONataDocuments.invoice, ["0406654608", "0406634348", "040657863"]),
        JSONataCase(
            "($matcher := /[a-z]*an[a-z]*/i; $matcher('A man, a plan, a canal, Panama!'))", .null,
            json: #"{"match": "man", "start": 2, "end": 5, "groups": []}"#),
        // (the page skips "plan": the regex matches it, and JavaScript's next match from offset 5 is "plan")
        JSONataCase(
            "($m := /[a-z]*an[a-z]*/i('A man, a plan, a canal, Panama!'); [$m.match, $m.next().match, $m.next().next().match, $m.next().next().next().match])",
            .null, ["man", "plan", "canal", "Panama"]),
        JSONataCase("($m := /a/('banana'); $m.next().next().start)", .null, 5),
        JSONataCase("($m := /a/('banana'); $m.next().next().next())", .null, nil),
        JSONataCase("(/x/)('abc')", .null, nil),
        JSONataCase("/(x)?b/('abc').groups", .null, json: "[null]"),
        JSONataCase("$keys(/a/('banana'))", .null, ["match", "start", "end", "groups", "next"]),
        JSONataCase("/a/('banana').next ~> $type()", .null, "function"),
        // $string writes the function as ""
        JSONataCase("$string(/a/('banana'))", .null, #"{"match":"a","start":1,"end":2,"groups":[],"next":""}"#),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    @Test func zeroLengthNextMatchIsD1004() {
        #expect {
            _ = try JSONataExpression(parsing: "/x*/('abc').next()").evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == "D1004"
        }
    }
}
