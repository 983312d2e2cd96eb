import Foundation
import Testing

@testable import StatesLanguage

/// The budgets one JSONata evaluation runs under (issue 14): work (U1003), memory (U1005) and time (U1001, JSONata's
/// own code for a timeout). Memory is charged for what is built, before it is built, so a value that doubles at
/// each step fails at the limit instead of taking the server's memory. The limits are lowered here so that each
/// case fails in milliseconds; the defaults are checked to leave ordinary large work alone.
@Suite struct JSONataBudgetTests {
    static let oneMiB = 1 << 20

    static func code(
        of expression: String, input: JSONValue = .null, memoryLimit: Int = oneMiB, stepLimit: Int = JSONataEvaluator.maxSteps,
        timeLimit: Duration = JSONataEvaluator.maxDuration
    ) throws -> String? {
        let parsed = try JSONataExpression(parsing: expression)
        do {
            _ = try parsed.evaluate(
                input: JSONataValue(input), converted: [:], stepLimit: stepLimit, memoryLimit: memoryLimit, timeLimit: timeLimit)
            return nil
        } catch {
            return error.code
        }
    }

    /// Each builds far more than 1 MiB in few steps: doubling strings and arrays, flattened ranges, one value
    /// repeated by reference and then written out (or converted to JSON) whole.
    @Test(arguments: [
        "$reduce([1..40], function($a, $b) { $a & $a }, 'x')",
        "$length($reduce([1..40], function($a, $b) { $a & $a }, 'x'))",
        "$count($reduce([1..40], function($a, $b) { $append($a, $a) }, [1]))",
        "$count([1..100].([1..10000]))",
        "$count([1..100].[[1..10000], [1..10000]])",
        "($x := [1..1000]; $length($string([1..1000].[$x])))",
        "($x := [1..1000]; [1..1000].[$x])",
        "($x := [1..1000]; $length('a' & [1..1000].[$x]))",
        "$pad('x', 2000000)",
        "$join($map([1..200000], function($v) { $string($v) }))",
        "$count($map([1..10000], function($v) { {'a': $v, 'b': [$v, $v, $v]} }))",
    ])
    func memoryBombsFailAtTheLimit(_ expression: String) throws {
        #expect(try Self.code(of: expression) == "U1005")
    }

    /// The same shapes, smaller, stay within 1 MiB and evaluate as JSONata does.
    @Test func smallerValuesOfTheSameShapesEvaluate() throws {
        let parsed = try JSONataExpression(parsing: "$length($reduce([1..10], function($a, $b) { $a & $a }, 'x'))")
        let value = try parsed.evaluate(input: JSONataValue(.null), converted: [:], memoryLimit: Self.oneMiB)
        #expect(value == .int(1024))
        let repeated = try JSONataExpression(parsing: "($x := [1..10]; $count([1..10].[$x]))")
        #expect(try repeated.evaluate(input: JSONataValue(.null), converted: [:], memoryLimit: Self.oneMiB) == .int(10))
    }

    /// The default budgets leave large ordinary work alone: an 800,000-item sort, a 100,000-item inline expansion.
    @Test func defaultBudgetsAllowLargeOrdinaryWork() throws {
        #expect(try Self.code(of: "$count($sort([1..800000]))", memoryLimit: JSONataEvaluator.maxMemory) == nil)
        #expect(try Self.code(of: "$count([0..99999].{'i': $})", memoryLimit: JSONataEvaluator.maxMemory) == nil)
    }

    /// AWS's bound on one value, at the points measured against AWS (floci-io/floci#2737): an array of 873,782
    /// items evaluates and one of 873,783 does not; a string of 2^22 characters evaluates and one of 2^23 does not.
    @Test func oneValueIsBoundedWhereAWSBoundsIt() throws {
        let limit = JSONataEvaluator.maxMemory
        #expect(try Self.code(of: "[1..873782] ~> $count()", memoryLimit: limit) == nil)
        #expect(try Self.code(of: "[1..873783] ~> $count()", memoryLimit: limit) == "U1005")
        #expect(try Self.code(of: "$sum([1..900000])", memoryLimit: limit) == "U1005")
        let doubling = "($p := function($s, $n) { $n = 0 ? $s : $p($s & $s, $n - 1) }; $length($p('x', N)))"
        #expect(try Self.code(of: doubling.replacing("N", with: "22"), memoryLimit: limit) == nil)
        #expect(try Self.code(of: doubling.replacing("N", with: "23"), memoryLimit: limit) == "U1005")
        // one value however it is put together; characters counted as a JVM holds them (UTF-16)
        #expect(try Self.code(of: "[1..500000, 1..500000] ~> $count()", memoryLimit: limit) == "U1005")
        #expect(try Self.code(of: "$append([1..500000], [1..500000]) ~> $count()", memoryLimit: limit) == "U1005")
        #expect(try Self.code(of: "$length($pad('', 2000000, '€'))", memoryLimit: limit) == nil)
    }

    /// The default memory budget stops a doubling string near 128 MiB, not at the machine's memory.
    @Test func defaultMemoryBudgetStopsADoublingString() throws {
        #expect(try Self.code(of: "$length($reduce([1..40], function($a, $b) { $a & $a }, 'x'))", memoryLimit: JSONataEvaluator.maxMemory) == "U1005")
    }

    /// An endless tail recursion with no work limit to speak of runs out of time: U1001 with JSONata's words.
    @Test func timeBudgetStopsWorkNoOtherBudgetStops() throws {
        let parsed = try JSONataExpression(parsing: "($f := function($n) { $f($n + 1) }; $f(0))")
        #expect {
            try parsed.evaluate(input: JSONataValue(.null), converted: [:], stepLimit: .max, timeLimit: .milliseconds(200))
        } throws: { error in
            let error = error as? JSONataError
            return error?.code == "U1001" && error?.message == "Expression evaluation timeout: Check for infinite loop"
        }
    }

    /// In a state the budgets fail the state with States.QueryEvaluationError, naming the limit in the cause.
    @Test func aStateFailsWithQueryEvaluationError() throws {
        let parsed = try JSONataExpression(parsing: "$reduce([1..40], function($a, $b) { $a & $a }, 'x')")
        #expect {
            try parsed.evaluate(input: .null, bindings: [:])
        } throws: { error in
            guard let error = error as? StatesError else { return false }
            return error.error == "States.QueryEvaluationError" && error.cause.contains("memory limit")
        }
    }
}
