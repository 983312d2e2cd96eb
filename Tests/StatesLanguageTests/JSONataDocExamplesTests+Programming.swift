import Testing

@testable import StatesLanguage

/// docs.jsonata.org's programming constructs page: blocks and scope, lambdas, recursion and tail calls,
/// higher-order functions, closures, partial application and function composition.
@Suite struct JSONataDocExamplesProgrammingTests {
    static let person = JSONataDocuments.person
    static let invoice = JSONataDocuments.invoice

    static let cases: [JSONataCase] = [
        JSONataCase(
            #"{"Invoice": {"Product": {"Price": 2, "Quantity": 3}}}.Invoice.($p := Product.Price; $q := Product.Quantity; $p * $q)"#, .null, 6),
        JSONataCase(#"$substring("hello world", 0, 5)"#, .null, "hello"),
        JSONataCase("function($l, $w, $h){ $l * $w * $h }(10, 10, 5)", .null, 500),
        JSONataCase("($volume := function($l, $w, $h){ $l * $w * $h }; $volume(10, 10, 5);)", .null, 500),
        JSONataCase("($factorial:= function($x){ $x <= 1 ? 1 : $x * $factorial($x-1) }; $factorial(4))", .null, 24),
        JSONataCase(
            "($factorial := function($x){( $iter := function($x, $acc) { $x <= 1 ? $acc : $iter($x - 1, $x * $acc) }; $iter($x, 1) )}; $factorial(170))",
            .null, 7.257415615308004e+306),
        JSONataCase(
            "($twice := function($f) { function($x){ $f($f($x)) } }; $add3 := function($y){ $y + 3 }; $add6 := $twice($add3); $add6(7))", .null, 13),
        JSONataCase(
            "Account.($AccName := function() { $.'Account Name' }; Order[OrderID = 'order104'].Product.{'Account': $AccName(), 'SKU-' & $string(ProductID): $.'Product Name'})",
            invoice, json: #"[{"Account": "Firefly", "SKU-858383": "Bowler Hat"}, {"Account": "Firefly", "SKU-345664": "Cloak"}]"#),
        JSONataCase(#"($first5 := $substring(?, 0, 5); $first5("Hello, World"))"#, .null, "Hello"),
        JSONataCase(#"($firstN := $substring(?, 0, ?); $first5 := $firstN(?, 5); $first5("Hello, World"))"#, .null, "Hello"),
        JSONataCase(#"($normalize := $uppercase ~> $trim; $normalize("   Some   Words   "))"#, .null, "SOME WORDS"),
        // a partial application on the right of ~> is a function: composed with a function, applied to a value
        JSONataCase("($first5Capitalized := $substring(?, 0, 5) ~> $uppercase(?); $first5Capitalized(Address.City))", person, "WINCH"),
        JSONataCase(#""hello" ~> $substring(?, 0, 2)"#, .null, "he"),
        JSONataCase(#""hello" ~> $substring(1)"#, .null, "ello"),
        JSONataCase("[1, 2, 3] ~> $map(?, function($v) { $v * 2 })", .null, [2, 4, 6]),
        JSONataCase("λ($f) { λ($x) { $x($x) }( λ($g) { $f( (λ($a) {$g($g)($a)}))})}(λ($f) { λ($n) { $n < 2 ? 1 : $n * $f($n - 1) } })(6)", .null, 720),
        JSONataCase(
            "($Y := λ($f) { λ($x) { $x($x) }( λ($g) { $f( (λ($a) {$g($g)($a)}))})}; [1,2,3,4,5,6,7,8,9] . $Y(λ($f) { λ($n) { $n <= 1 ? $n : $f($n-1) + $f($n-2) } }) ($))",
            .null, [1, 1, 2, 3, 5, 8, 13, 21, 34]),
        JSONataCase("($fib := λ($n) { $n <= 1 ? $n : $fib($n-1) + $fib($n-2) }; [1,2,3,4,5,6,7,8,9] . $fib($))", .null, [1, 1, 2, 3, 5, 8, 13, 21, 34]),
        JSONataCase("function($x)<n:n>{ $x }(1)", .null, 1),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    @Test func signatureMismatchIsT0410() {
        #expect {
            _ = try JSONataExpression(parsing: #"function($x)<n:n>{ $x }("a")"#).evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == "T0410"
        }
    }
}
