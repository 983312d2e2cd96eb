import Foundation
import Testing

@testable import StatesLanguage

/// docs.jsonata.org: path operators (`%`), other operators (transform `| ... |`), higher-order functions and
/// tail calls, function signatures and their errors, undefined propagation.
@Suite struct JSONataSemanticsTests {
    static let invoice = JSONataDocuments.invoice
    static let library = JSONataDocuments.parse(
        #"{"library": {"books": [{"isbn": "1", "title": "A"}, {"isbn": "2", "title": "B"}], "loans": [{"isbn": "2", "customer": "x"}, {"isbn": "1", "customer": "y"}]}}"#)

    static let cases: [JSONataCase] = [
        // tail calls run in constant stack
        JSONataCase(
            "($odd := function($n) { $n = 0 ? false : $even($n - 1) }; $even := function($n) { $n = 0 ? true : $odd($n - 1) }; $odd(6555))",
            .null, true),
        JSONataCase("($count := function($n, $acc) { $n = 0 ? $acc : $count($n - 1, $acc + 1) }; $count(20000, 0))", .null, 20000),
        JSONataCase("($f := function($n) { ($x := $n; $x > 0 ? $f($x - 1) : 'done') }; $f(5000))", .null, "done"),
        JSONataCase("(function($x) { $map($x, function($v) { $v * 2 }) })([5])", .null, 10),
        // the parent operator
        JSONataCase(
            "(Account.Order.Product.{ 'Product': `Product Name`, 'Order': %.OrderID, 'Account': %.%.`Account Name` })[0]", invoice,
            json: #"{"Product": "Bowler Hat", "Order": "order103", "Account": "Firefly"}"#),
        JSONataCase("Account.Order.Product[%.OrderID = 'order104'].SKU", invoice, ["040657863", "0406654603"]),
        JSONataCase("Account.Order.Product.Description[%.Price > 100].Colour", invoice, "Black"),
        // focus and index bindings, and joins built from them
        JSONataCase("Account.Order#$i.{'id': OrderID, 'i': $i}", invoice, json: #"[{"id": "order103", "i": 0}, {"id": "order104", "i": 1}]"#),
        JSONataCase("Account.Order.Product#$i.$i", invoice, [0, 1, 0, 1]),
        JSONataCase("Account.Order.Product#$i[$i = 1].SKU", invoice, ["0406634348", "0406654603"]),
        JSONataCase(
            "library.loans@$l.books@$b[$l.isbn = $b.isbn].{'title': $b.title, 'customer': $l.customer}", Self.library,
            json: #"[{"title": "B", "customer": "x"}, {"title": "A", "customer": "y"}]"#),
        JSONataCase("library.books@$b.$b.title", Self.library, ["A", "B"]),
        // transform
        JSONataCase("($ ~> |Account.Order.Product|{'Price': Price * 2}|).Account.Order.Product.Price", invoice, [68.9, 43.34, 68.9, 215.98]),
        JSONataCase("($ ~> |Account.Order.Product|{}, ['SKU', 'Description']|).Account.Order[0].Product[0] ~> $keys()", invoice,
            ["Product Name", "ProductID", "Price", "Quantity"]),
        JSONataCase("($ ~> |Account.Order.Product|{'Total': Price * Quantity}, ['Price', 'Quantity']|).Account.Order.Product.Total", invoice,
            [68.9, 21.67, 137.8, 107.99]),
        JSONataCase("{'a': 1, 'b': {'c': 2}} ~> |b|{'d': 3}, 'c'|", .null, json: #"{"a": 1, "b": {"d": 3}}"#),
        JSONataCase("{'a': 1} ~> |x|{'d': 3}|", .null, json: #"{"a": 1}"#),
        JSONataCase("[{'a': 1}, {'a': 1}] ~> |$|{'b': 2}|", .null, json: #"[{"a": 1, "b": 2}, {"a": 1, "b": 2}]"#),
        JSONataCase("($inc := |$|{'n': n + 1}|; $inc($inc({'n': 1})).n)", .null, 3),
        // undefined propagation
        JSONataCase("3 > $undefined", .null, nil),
        JSONataCase("$undefined <= 'a'", .null, nil),
        JSONataCase("3 = $undefined", .null, false),
        JSONataCase("3 != $undefined", .null, false),
        JSONataCase("1 + $undefined", .null, nil),
        // signatures: context substitution and optional arguments
        JSONataCase("$uppercase()", "hello", "HELLO"),
        JSONataCase("'hello'.$uppercase()", .null, nil),  // a string literal step is a field name
        JSONataCase("Account.Order[0].Product[0].SKU.$substring(0, 4)", invoice, "0406"),
        JSONataCase("$sum(5)", .null, 5),
        JSONataCase("$count(5)", .null, 1),
        JSONataCase("$count([])", .null, 0),
        JSONataCase("function($x)<n:n>{ $x * 2 }(21)", .null, 42),
        JSONataCase("$map([1, 2, 3], $string)", .null, ["1", "2", "3"]),
        JSONataCase("$map([1, 2], function($v, $i, $a) { $v + $i + $count($a) })", .null, [3, 5]),
        JSONataCase("$filter([1, 2, 3, 4], function($v, $i) { $i % 2 = 0 })", .null, [1, 3]),
        JSONataCase("$reduce([1, 2, 3], function($acc, $v, $i, $a) { $acc + $v + $i + $count($a) })", .null, 15),
        // partial application chains
        JSONataCase("($first5 := $substring(?, 0, 5); $first5('Hello World'))", .null, "Hello"),
        JSONataCase("($f := function($a, $b, $c) { $a & $b & $c }; $g := $f(?, 'x', ?); $h := $g('a', ?); $h('z'))", .null, "axz"),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, JSONValue, String)] = [
        ("$number(null)", .null, "T0410"),
        ("$uppercase(1)", .null, "T0410"),
        ("$substring('a', 'b')", .null, "T0410"),
        ("$count()", .null, "T0410"),
        ("$length('a', 'b')", .null, "T0410"),
        ("$uppercase()", 5, "T0411"),
        ("$sum(['a'])", .null, "T0412"),
        ("$join([1, 2])", .null, "T0412"),
        ("$map([1], 2)", .null, "T0410"),
        ("function($x)<n:n>{ $x * 2 }('a')", .null, "T0410"),
        ("'a' + 1", .null, "T2001"),
        ("1 - 'a'", .null, "T2002"),
        ("1 < 'a'", .null, "T2009"),
        ("{} < 1", .null, "T2010"),
        ("{'a': 1} ~> |a|5|", .null, "T2011"),
        ("{'a': {'b': 1}} ~> |a|{}, 5|", .null, "T2012"),
        ("5 ~> |a|{}|", .null, "T0410"),
        ("[1..20000000]", .null, "D2014"),
        ("($f := function($n) { 1 + $f($n + 1) }; $f(0))", .null, "U1001"),
    ]

    @Test(arguments: errors)
    func documentedErrors(_ expression: String, _ input: JSONValue, _ code: String) throws {
        let parsed = try JSONataExpression(parsing: expression)
        #expect {
            try parsed.evaluateJSONata(input: input, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }

    /// A non-terminating tail recursion runs in constant stack, so only the work budget stops it (U1003).
    @Test func workBudgetStopsEndlessTailRecursion() throws {
        let parsed = try JSONataExpression(parsing: "($f := function($n) { $f($n + 1) }; $f(0))")
        #expect {
            try parsed.evaluate(input: JSONataValue(.null), converted: [:], stepLimit: 100_000)
        } throws: { error in
            (error as? JSONataError)?.code == "U1003"
        }
    }
}
