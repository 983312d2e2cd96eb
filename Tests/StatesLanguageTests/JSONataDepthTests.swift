import Foundation
import OrderedCollections
import Testing

@testable import StatesLanguage

/// How deeply an evaluation nests is counted as JSONata counts it (one level per node evaluated inside another, a
/// function's body one level inside its call, none for a tail call), because AWS bounds that count at 100: past it
/// the state fails with "Stack overflow error" (measured against AWS in floci-io/floci#2737: a 200-term `1+1+…+1`
/// fails, and every shape measured turns at a depth between 99 and 101). Each expression's depth here is the one
/// JSONata's reference evaluator reaches for it: it evaluates with exactly that limit and fails with one less.
/// One difference is deliberate: JSONata stops counting inside the second and later items of an array or object
/// constructor (it evaluates them as "parallel calls"); every item counts here, so such an expression can only fail
/// sooner, and only past a depth of 100.
@Suite struct JSONataDepthTests {
    static let input: JSONValue = [
        "a": 1, "arr": [1, 2, 3], "obj": ["a": "z", "b": ["c": [["d": 1], ["d": 2]]]],
        "items": [["k": "x", "v": 1], ["k": "y", "v": 2], ["k": "x", "v": 3]],
    ]

    static func evaluate(_ expression: String, depthLimit: Int) throws -> JSONValue? {
        let parsed = try JSONataExpression(parsing: expression)
        return try parsed.evaluate(
            input: JSONataValue(.null), converted: ["states": JSONataValue(["input": input])], depthLimit: depthLimit)
    }

    @Test(arguments: [
        (#"1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1"#, 100),
        (#"(((((1)))))"#, 6),
        (#"$abs($abs($abs(1)))"#, 4),
        (#"($f := function($n){ $n = 0 ? 0 : 1 + $f($n-1) }; $f(31))"#, 98),
        (#"($f := function($n,$a){ $n = 0 ? $a : $f($n-1,$a+1) }; $f(1000,0))"#, 5),
        (#"$states.input.obj.b.c.d"#, 2),
        (#"$states.input.obj.b.c[d > 1].d"#, 4),
        (#"$states.input.items{k: $sum(v)}"#, 4),
        (#"$states.input.items^(>v).k"#, 3),
        (#"$map($states.input.arr, function($v, $i){ $v * $i })"#, 3),
        (#"$filter($states.input.arr, function($v){ $v % 2 = 1 })"#, 4),
        (#"$reduce($states.input.arr, function($a, $v){ $a + $v }, 0)"#, 3),
        (#"$states.input.arr ~> $map(function($v){$v+1}) ~> $sum()"#, 4),
        (#"{"x": [[[{"y": $states.input.a}]]]}"#, 7),
        (#"$states.input.a > 0 ? "pos" : "neg""#, 4),
        (#"$states.input ~> |obj|{"n": 1}|"#, 3),
        (#"$string($states.input.arr)"#, 3),
        (#"$join($states.input.items.k, ",")"#, 3),
        (#"$states.input.items[0].k & "-" & $states.input.items[1].k"#, 4),
        (#"($x := 5; $y := $x * 2; $y + 1)"#, 4),
        (#"$sum($states.input.items.(v * 2))"#, 6),
        (#"$count($states.input.items[k = "x"])"#, 5),
        (#"$exists($states.input.nope) and $states.input.a = 1"#, 4),
        (#"$states.input.arr[-1]"#, 2),
        (#"[1..3].{"i": $}"#, 4),
        (#"$sort($states.input.items, function($l,$r){ $l.v < $r.v }).v"#, 5),
        (#"$lookup($states.input.obj, "a")"#, 3),
        (#"$uppercase($substring($states.input.obj.a, 0, 1))"#, 4),
        (#"$states.input.items.$string(v)"#, 4),
        (#""a" in ["a","b"]"#, 3),
        (#"-$states.input.a"#, 3),
        (#"$not($states.input.a = 2)"#, 4),
        (#"$states.input.items[v>1][k="x"].v"#, 4),
        (#"$each($states.input.obj, function($v,$k){$k})"#, 3),
        (#"$states.input.items#$i.k"#, 2),
        (#"$merge([{"a":1},{"b":2}])"#, 4),
        (#"($inc := function($x){$x+1}; $twice := function($f,$x){$f($f($x))}; $twice($inc, 1))"#, 5),
    ])
    func depthIsCountedAsJSONataCountsIt(_ expression: String, _ depth: Int) throws {
        #expect(throws: Never.self) { try Self.evaluate(expression, depthLimit: depth) }
        #expect {
            try Self.evaluate(expression, depthLimit: depth - 1)
        } throws: { error in
            (error as? JSONataError)?.code == "U1001"
        }
    }

    /// At AWS's bound: 100 terms evaluate, 101 do not; a non-tail recursion 31 calls deep evaluates, 32 does not;
    /// a tail recursion 100,000 calls deep evaluates (tail calls do not nest).
    @Test func theBoundIsAWSs() throws {
        let sum = { (terms: Int) in Array(repeating: "1", count: terms).joined(separator: "+") }
        #expect(try Self.evaluate(sum(100), depthLimit: JSONataEvaluator.maxEvaluationDepth) == 100)
        #expect(throws: JSONataError.self) { try Self.evaluate(sum(101), depthLimit: JSONataEvaluator.maxEvaluationDepth) }
        let countdown = { (n: Int) in "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(\(n)))" }
        #expect(try Self.evaluate(countdown(31), depthLimit: JSONataEvaluator.maxEvaluationDepth) == 31)
        #expect(throws: JSONataError.self) { try Self.evaluate(countdown(32), depthLimit: JSONataEvaluator.maxEvaluationDepth) }
        let tail = "($f := function($n, $a) { $n = 0 ? $a : $f($n - 1, $a + 1) }; $f(100000, 0))"
        #expect(try Self.evaluate(tail, depthLimit: JSONataEvaluator.maxEvaluationDepth) == 100_000)
    }

    /// AWS's words: no code, after a colon.
    @Test func theCauseIsAWSs() throws {
        let sum = Array(repeating: "1", count: 200).joined(separator: "+")
        let template: JSONValue = ["r": .string("{% \(sum) %}")]
        #expect {
            try JSONata.evaluateTemplate(template, states: ["input": [:]], variables: [:], field: "Output")
        } throws: { error in
            (error as? StatesError)?.cause.hasSuffix(
                "specified for the field 'Output/r' threw an error during evaluation: Stack overflow error: Check for "
                    + "non-terminating recursive function. Consider rewriting as tail-recursive.") == true
        }
    }
}
