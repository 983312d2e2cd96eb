import Testing

@testable import StatesLanguage

/// docs.jsonata.org's numeric and array functions pages: the examples and edge cases not covered elsewhere.
@Suite struct JSONataDocExamplesNumberTests {
    static let invoice = JSONataDocuments.invoice

    static let cases: [JSONataCase] = [
        // $number: JSON numbers and 0x/0o/0b integers only
        JSONataCase(#"$number("0x12")"#, .null, 18),
        JSONataCase(#"$number("0o17")"#, .null, 15),
        JSONataCase(#"$number("0b101")"#, .null, 5),
        JSONataCase(#"$number("1e3")"#, .null, 1000),
        JSONataCase(#"["1", "2", "3", "4", "5"].$number()"#, .null, [1, 2, 3, 4, 5]),
        // $round: half to even
        JSONataCase("$round(-2.5)", .null, -2),
        JSONataCase("$round(-3.5)", .null, -4),
        JSONataCase("$round(11.5)", .null, 12),
        JSONataCase("$round(12.5)", .null, 12),
        JSONataCase("$power(2, -2)", .null, 0.25),
        JSONataCase("$power(2, 0.5)", .null, 1.4142135623730951),
        // $formatBase rounds first (half to even) and writes a sign
        JSONataCase("$formatBase(-255, 16)", .null, "-ff"),
        JSONataCase("$formatBase(2.5, 2)", .null, "10"),
        JSONataCase("$formatBase(2555, 16)", .null, "9fb"),
        JSONataCase(#"$formatNumber(1234.5678, "①①.①①①e①", {"zero-digit": "\u245f"})"#, .null, "①②.③④⑥e②"),
        JSONataCase(####"$formatNumber(0.14, "###pm", {"per-mille": "pm"})"####, .null, "140pm"),
        JSONataCase(##"$formatNumber(-34.555, "#0.00;(#0.00)")"##, .null, "(34.56)"),
        // array functions
        JSONataCase(#"$count("hello")"#, .null, 1),
        JSONataCase(#"$append("Hello", "World")"#, .null, ["Hello", "World"]),
        JSONataCase(
            "$sort(Account.Order.Product, function($l, $r) { $l.Description.Weight > $r.Description.Weight }).SKU", invoice,
            ["0406634348", "0406654608", "040657863", "0406654603"]),
        JSONataCase(#"$sort(["b", "a", "B"])"#, .null, ["B", "a", "b"]),
        JSONataCase("[1..5] ~> $reverse()", .null, [5, 4, 3, 2, 1]),
        JSONataCase("$distinct(Account.Order.Product.Description.Colour)", invoice, ["Purple", "Orange", "Black"]),
        JSONataCase(#"$distinct([{"a": 1}, {"a": 1}, [1], [1]])"#, .null, json: #"[{"a": 1}, [1]]"#),
        JSONataCase("$zip([1,2,3],[4,5],[7,8,9])", .null, json: "[[1, 4, 7], [2, 5, 8]]"),
        JSONataCase("$shuffle([1..9]) ~> $sort()", .null, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, String)] = [
        (#"$number(" 5")"#, "D3030"),
        (#"$number("5a")"#, "D3030"),
        ("$power(-1, 0.5)", "D3061"),
        ("$formatBase(10, 1)", "D3100"),
        ("$formatBase(10, 37)", "D3100"),
        (#"$sort([3, "a"])"#, "D3070"),
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
