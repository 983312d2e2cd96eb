import Testing

@testable import StatesLanguage

/// Array constructors, signatures and regular expressions as docs.jsonata.org describes them (the predicate and
/// singleton-array rules, function signatures, regex matchers), with the results jsonata 2.0.6 gives.
@Suite struct JSONataDocExamplesSemanticsTests {
    static let readings = JSONataDocuments.parse(#"[{"epochSeconds": 1578381600, "value": 3}]"#)
    static let nested = JSONataDocuments.parse(#"{"a": [{"b": [1, 2]}, {"b": [3]}]}"#)

    static let cases: [JSONataCase] = [
        // `[]` after an array-constructor step keeps the constructed array, even for one item
        JSONataCase("$.[value, epochSeconds][]", readings, [[3, 1_578_381_600]]),
        JSONataCase("$.[value, epochSeconds]", readings, [3, 1_578_381_600]),
        JSONataCase("a.[b][]", nested, [[1, 2], [3]]),
        JSONataCase("a[1].b[]", nested, [3]),
        JSONataCase("a[1].b", nested, [3]),
        JSONataCase("(a.b)[0]", nested, 1),
        JSONataCase("a.b[0]", nested, [1, 3]),
        // an array parameter given one value receives a one-item array
        JSONataCase("λ($a)<a<s>>{$a}('x')", .null, ["x"]),
        JSONataCase("λ($a)<a>{$count($a)}(5)", .null, 1),
        JSONataCase("λ($a, $b)<nn?>{[$a, $b]}(1)", .null, [1]),
        // a regex called directly gives its match object; groups that took no part are null
        JSONataCase("/b+/('abbc')", .null, json: #"{"match": "bb", "start": 1, "end": 3, "groups": []}"#),
        JSONataCase("'abc' ~> /(x)?b/", .null, json: #"{"match": "b", "start": 1, "end": 2, "groups": [null]}"#),
        JSONataCase("$match('abc', /(x)?(b)/)", .null, json: #"{"match": "b", "index": 1, "groups": [null, "b"]}"#),
        JSONataCase("$replace('abc', /(x)?b/, '[$1]')", .null, "a[]c"),
        JSONataCase("$replace('abc', /(b)/, '$2')", .null, "ac"),
        JSONataCase("$map(['ab cd', 'ef gh'], $match(?, /^(\\w*\\s\\w*)/)).match", .null, ["ab cd", "ef gh"]),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, String)] = [
        ("λ($a)<a<s>>{$a}(['x', 1])", "T0412"),
        ("λ($a)<(sn)>{$a}(true)", "T0410"),
        ("λ($a, $b)<n>{$a}(1, 2)", "T0410"),
    ]

    @Test(arguments: errors)
    func documentedErrors(_ expression: String, _ code: String) {
        #expect {
            _ = try JSONataExpression(parsing: expression).evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }
}
