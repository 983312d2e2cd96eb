import Foundation
import Testing

@testable import StatesLanguage

/// Recursion is bounded: deep user recursion fails with JSONata's U1001 instead of exhausting the stack.
@Suite struct JSONataLimitsTests {
    static let countdown = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(N))"

    /// 31 calls nest 98 levels deep, within AWS's bound of 100 (JSONataDepthTests).
    @Test func moderateRecursionEvaluates() async throws {
        let expression = try JSONataExpression(parsing: Self.countdown.replacingOccurrences(of: "N", with: "31"))
        #expect(try expression.evaluateJSONata(input: .null, bindings: [:]) == 31)
    }

    @Test func runawayRecursionIsU1001() async throws {
        let expression = try JSONataExpression(parsing: Self.countdown.replacingOccurrences(of: "N", with: "100000"))
        #expect {
            try expression.evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == "U1001"
        }
    }
}
