import Foundation
import Testing

@testable import StatesLanguage

/// Huge numbers and deep nesting from input fail with JSONata errors (or clamp) instead of trapping.
@Suite struct JSONataHugeNumberTests {
    func eval(_ text: String) throws -> JSONValue? {
        try JSONataExpression(parsing: text).evaluateJSONata(input: .null, bindings: [:])
    }

    func code(_ text: String) -> String? {
        do { _ = try eval(text); return nil } catch { return (error as? JSONataError)?.code ?? "\(error)" }
    }

    @Test func hugeIndexesSelectNothing() throws {
        #expect(try eval("[1,2,3][1e300]") == nil)
        #expect(try eval("[1,2,3][-1e300]") == nil)
        #expect(try eval("[1,2,3][[1e300, 0]]") == 1)
    }

    @Test func hugeRangeBoundsThrow() {
        #expect(code("[1e300..1e300]") == "T2003")
        #expect(code("[1..1e300]") == "D2014")
    }

    @Test func hugeStringArgumentsClamp() throws {
        #expect(try eval("$substring('hello', 1e20)") == "")
        #expect(try eval("$substring('hello', -1e20, 1e20)") == "hello")
        #expect(try eval("$substring('hello', 1, 1e20)") == "ello")
        #expect(try eval("$count($match('aaa', /a/, 1e20))") == 3)
        #expect(code("$formatBase(10, 1e20)") == "D3100")
        #expect(try eval("$split('a,b', ',', 1e20)") == ["a", "b"])
        #expect(try eval("$replace('aa', 'a', 'b', 1e20)") == "bb")
    }

    @Test func hugePadThrows() throws {
        #expect(code("$pad('', 1e300)") == "D3139")
        #expect(code("$pad('', 1e12)") == "D3139")
        #expect(try eval("$pad('a', -3, '#')") == "##a")
    }

    @Test func roundPartitionFromMillisClamp() throws {
        #expect(try eval("$round(1.5, 1e300)") == 1.5)
        #expect(try eval("$round(1234, -1e300)") == 0)
        #expect(try eval("$partition([1,2,3], 1e300)") == [[1, 2, 3]])
        #expect(code("$fromMillis(1e300)") == "D3136")
        #expect(code("$fromMillis(8.64e15 + 1e6)") == "D3136")
        #expect(try eval("$fromMillis(0)") == "1970-01-01T00:00:00.000Z")
    }

    @Test func hugeRangeFunctionFailsBeforeAllocating() {
        #expect(code("$range(0, 1e15)") == "U1005")
    }

    /// Arithmetic that overflows gives an infinite number, written as AWS writes it, the string "Infinity" or
    /// "-Infinity" (recorded against AWS: `1/0`, `-1/0` and `1e308 * 10` evaluate, `[1/0]` is `["Infinity"]` and
    /// `{'k': 1/0}` is `{"k": "Infinity"}`, floci-io/floci#2737 and #2783). It compares as a number; built-ins refuse
    /// it, and a sum or average that overflows, with D1001; NaN (`0/0`) stays D1001.
    @Test func infiniteArithmeticIsAWSsInfinity() throws {
        #expect(try eval("1 / 0") == "Infinity")
        #expect(try eval("-1 / 0") == "-Infinity")
        #expect(try eval("1e308 * 10") == "Infinity")
        #expect(try eval("1e308 + 1e308") == "Infinity")
        #expect(try eval("-1e308 - 1e308") == "-Infinity")
        #expect(try eval("[1 / 0]") == ["Infinity"])
        #expect(try eval("{'k': 1 / 0}") == ["k": "Infinity"])
        #expect(try eval("1 / 0 > 1e308") == true)
        #expect(try eval("1 / 0 + 1") == "Infinity")
        #expect(code("0 / 0") == "D1001")
        #expect(code("1 / 0 - 1 / 0") == "D1001")
        #expect(code("$string(1 / 0)") == "D1001")
        #expect(code("'a' & 1 / 0") == "D1001")
        #expect(code("$round(1 / 0)") == "D1001")
        #expect(code("[1 / 0 .. 2]") == "T2003")
        #expect(code("[1 .. 1 / 0]") == "T2004")
        #expect(code("$sum([1e308, 1e308])") == "D1001")
        #expect(code("$average([1e308, 1e308])") == "D1001")
        #expect(try eval("[1, 2, 3][1 / 0]") == nil)
    }

    @Test func deepNestingIsASyntaxError() throws {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(code(deep) == "S0215")
        let deepArray = String(repeating: "[", count: 100_000) + "1" + String(repeating: "]", count: 100_000)
        #expect(code(deepArray) == "S0215")
        let ok = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect(try eval(ok) == 1)
    }
}
