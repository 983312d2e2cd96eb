import Testing

@testable import StatesLanguage

/// docs.jsonata.org's path operator page (`%`, `#$i`, `@$x`, `^( )`) and the function-call rules, with the
/// results and error codes jsonata 2.0.6 gives.
@Suite struct JSONataDocExamplesPathTests {
    static let invoice = JSONataDocuments.invoice
    static let shelf = JSONataDocuments.parse(#"{"books": [{"t": "a"}, {"t": "b"}, {"t": "c"}, {"t": "bc"}]}"#)

    static let cases: [JSONataCase] = [
        // the parent operator: a step that reaches its parent makes the path a tuple stream, spreading arrays
        JSONataCase(
            "Account.Order.Product.[`Product Name`, %.OrderID]", invoice,
            ["Bowler Hat", "order103", "Trilby hat", "order103", "Bowler Hat", "order104", "Cloak", "order104"]),
        JSONataCase("Account.Order.Product[0].[Price, Quantity]", invoice, [[34.45, 2], [34.45, 4]]),
        JSONataCase(
            "Account.Order.Product.{ %.OrderID: Price * Quantity }", invoice,
            json: #"[{"order103": 68.9}, {"order103": 21.67}, {"order104": 137.8}, {"order104": 107.99}]"#),
        JSONataCase(
            "Account.Order.Product.Description.{ 'w': Weight, 'o': %.%.OrderID }", invoice,
            json: #"[{"w": 0.75, "o": "order103"}, {"w": 0.6, "o": "order103"}, {"w": 0.75, "o": "order104"}, {"w": 2, "o": "order104"}]"#),
        JSONataCase("$count(Account.Order.%.%)", invoice, 2),
        JSONataCase("Account.%.Account.`Account Name`", invoice, "Firefly"),
        // positional bindings: before predicates they number the step's items, after them the items that passed
        JSONataCase("books#$i[$contains(t, 'b')].{'t': t, 'i': $i}", shelf, json: #"[{"t": "b", "i": 1}, {"t": "bc", "i": 3}]"#),
        JSONataCase("books[$contains(t, 'b')]#$i.{'t': t, 'i': $i}", shelf, json: #"[{"t": "b", "i": 0}, {"t": "bc", "i": 1}]"#),
        JSONataCase("books[$contains(t, 'b')]#$i[$i = 1].t", shelf, "bc"),
        // after an order-by, the position in the sorted sequence
        JSONataCase("books^(>t)#$i[$i < 2].t", shelf, ["c", "bc"]),
        JSONataCase("$substring(?, 1)('abc')", .null, "bc"),
        // concatenation writes a function as $string does: the empty string
        JSONataCase("'x' & $sum", .null, "x"),
        JSONataCase("'x' & function($v) { $v }", .null, "x"),
        JSONataCase("$string(1.7976931348623157e308)", .null, "null"),
        JSONataCase("$formatInteger(1e46, 'w')", .null, "ten billion trillion trillion trillion"),
        JSONataCase("$formatInteger(1e21, 'W')", .null, "ONE BILLION TRILLION"),
        // digits past 1e21 are JavaScript's text for the number, as jsonata 2.0.6 writes them ('' + value)
        JSONataCase("$formatInteger(1e21, '0')", .null, "1e+21"),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, String)] = [
        ("%", "S0217"),
        ("%.OrderID", "S0217"),
        ("{'a': %}", "S0217"),
        ("{'hello': 'world'}.%", "S0217"),
        ("Account.Order.%.%.%", "S0217"),
        ("$f(?)", "T1008"),
        ("substring(?, 1)", "T1007"),
        ("substring('abc', 1)", "T1005"),
        ("$f(1)", "T1006"),
        ("books^(t)@$b", "S0216"),
    ]

    @Test(arguments: errors)
    func documentedErrors(_ expression: String, _ code: String) {
        #expect {
            _ = try JSONataExpression(parsing: expression).evaluateJSONata(input: JSONataDocExamplesPathTests.invoice, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }
}
