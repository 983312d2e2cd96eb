import Testing

@testable import StatesLanguage

/// The functions AWS Step Functions adds to JSONata ($partition, $range, $hash, $random with a seed, $uuid,
/// $parse) and the argument checks that follow from their documented arguments; `$eval` is not offered.
@Suite struct JSONataStepFunctionsFunctionTests {
    static let cases: [JSONataCase] = [
        JSONataCase("$partition([1, 2, 3], 1)", .null, json: "[[1], [2], [3]]"),
        JSONataCase("$partition([], 2)", .null, json: "[]"),
        JSONataCase("$range(10, 0, -3)", .null, [10, 7, 4, 1]),
        // $range answers a sequence: recorded against AWS (test_array_jsonata test_array_range), $range(1, 9, 9)
        // is 1, not [1]; an empty sequence is undefined (JSONata's rule for sequences, not recorded)
        JSONataCase("$range(1, 9, 9)", .null, 1),
        JSONataCase("[$range(1, 9, 9)]", .null, [1]),
        JSONataCase("$range(1, 0)", .null, nil),
        // non-integer arguments are truncated toward zero (measured against AWS, floci-io/floci#2676)
        JSONataCase("$range(-1.7, 2, 1)", .null, [-1, 0, 1, 2]),
        JSONataCase("$range(0, 3.9, 1.5)", .null, [0, 1, 2, 3]),
        JSONataCase("$count($range(1, 200000, 1))", .null, 200000),
        JSONataCase("$hash('input data', 'SHA-1')", .null, "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        JSONataCase(
            "$hash('input data', 'SHA-384')", .null,
            "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
        JSONataCase("$random(123) = $random(123)", .null, true),
        JSONataCase("$random(123) >= 0 and $random(123) < 1", .null, true),
        JSONataCase("$uuid() ~> $match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) ~> $exists()", .null, true),
        JSONataCase(#"$parse('"x"')"#, .null, "x"),
        JSONataCase("$parse('[1, {\"a\": null}]')", .null, json: #"[1, {"a": null}]"#),
    ]

    @Test(arguments: cases)
    func results(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, String)] = [
        // the chunk size is a positive integer
        ("$partition([1, 2, 3], 0)", "T0410"),
        ("$partition([1, 2, 3], -1)", "T0410"),
        ("$partition([1, 2, 3], 1.5)", "T0410"),
        ("$partition([1, 2, 3], '2')", "T0410"),
        // start, end and step are integers, the step not 0
        ("$range(0, 10, 0)", "T0410"),
        // past AWS's memory bound
        ("$range(1, 500000, 1)", "U1005"),
        ("$range('0', 2)", "T0410"),
        // the algorithm is one of MD5, SHA-1, SHA-256, SHA-384, SHA-512 (as written)
        ("$hash('input data', 'SHA-999')", "T0410"),
        ("$hash('input data', 'sha-256')", "T0410"),
        ("$hash('input data')", "T0410"),
        ("$hash(1, 'MD5')", "T0410"),
        // the seed is an integer
        ("$random('a')", "T0410"),
        ("$random(1.5)", "T0410"),
        ("$uuid(1)", "T0410"),
        ("$parse(1)", "T0410"),
        ("$parse('[1, 2')", "D3150"),
        // $eval is not bound: calling it calls undefined
        ("$eval('1 + 1')", "T1006"),
    ]

    @Test(arguments: errors)
    func argumentErrors(_ expression: String, _ code: String) {
        #expect {
            _ = try JSONataExpression(parsing: expression).evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }
}
