import Foundation
import OrderedCollections
import Testing

@testable import StatesLanguage

/// Values far deeper than the native stack could recurse: written, compared, hashed and freed without
/// recursion. Each test frees its deep values with `JSONValue.dismantle`, as code holding one must.
@Suite struct JSONValueDepthTests {
    enum Shape: String, CaseIterable, Sendable { case array, object }

    static func chain(_ depth: Int, _ shape: Shape, leaf: JSONValue = 1) -> JSONValue {
        var value = leaf
        for _ in 0..<depth { value = shape == .array ? .array([value]) : .object(["a": value]) }
        return value
    }

    @Test(arguments: Shape.allCases)
    func writesAValueOneHundredThousandLevelsDeep(_ shape: Shape) {
        let depth = 100_000
        let value = Self.chain(depth, shape)
        let text = value.jsonString()
        let open = shape == .array ? "[" : #"{"a":"#
        let close = shape == .array ? "]" : "}"
        #expect(text == String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth))
        #expect(value.nestingDepth == depth)
        JSONValue.dismantle(consume value)
        // Pretty text grows with the square of the depth (each line is indented), so a smaller value.
        let shallower = Self.chain(1_000, shape)
        let pretty = shallower.jsonString(.pretty)
        #expect(pretty.hasPrefix(shape == .array ? "[\n  [\n    [" : "{\n  \"a\": {\n    \"a\": {"))
        #expect(pretty.filter { $0 == "\n" }.count == 2 * 1_000)
        JSONValue.dismantle(consume shallower)
    }

    @Test func prettyOutputOfNestedMembersIsUnchanged() throws {
        let value = try JSONValue(parsing: #"{"a":[1,{"b":[]},[2,3]],"c":{}}"#)
        #expect(value.jsonString(.pretty) == """
            {
              "a": [
                1,
                {
                  "b": []
                },
                [
                  2,
                  3
                ]
              ],
              "c": {}
            }
            """)
    }

    @Test(arguments: Shape.allCases)
    func comparesAndHashesDeepValuesWithoutRecursion(_ shape: Shape) {
        let a = Self.chain(100_000, shape)
        let b = Self.chain(100_000, shape)
        let c = Self.chain(100_000, shape, leaf: 2)
        #expect(a == b)
        #expect(a != c)
        #expect(a.jsonEquals(b))
        #expect(!a.jsonEquals(c))
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b, c]).count == 2)
        JSONValue.dismantle(consume a)
        JSONValue.dismantle(consume b)
        JSONValue.dismantle(consume c)
    }

    @Test func equalityAndHashingKeepTheirMeaning() throws {
        #expect(JSONValue.int(1) != .double(1))
        #expect(JSONValue.int(1).jsonEquals(.double(1)))
        let ab = try JSONValue(parsing: #"{"a":1,"b":2}"#)
        let ba = try JSONValue(parsing: #"{"b":2,"a":1}"#)
        #expect(ab != ba)  // structural equality keeps member order
        #expect(ab.jsonEquals(ba))  // the States Language does not
        #expect(JSONValue.array([1, 2]) != .array([[1, 2]]))
        #expect(JSONValue.array([.array([]), 1]).hashValue != JSONValue.array([1, .array([])]).hashValue)
        #expect(JSONValue.double(0).hashValue == JSONValue.double(-0.0).hashValue)
    }

    static let depths: [(JSONValue, Int)] = [(.int(1), 0), ([], 1), ([[1], [[2]]], 3), (["a": ["b": [1]]], 3), ([[], ["x": [:]]], 3)]

    @Test(arguments: depths)
    func measuresNestingDepth(_ value: JSONValue, _ depth: Int) {
        #expect(value.nestingDepth == depth)
        #expect(!value.nestingDepth(exceeds: depth))
        if depth > 0 { #expect(value.nestingDepth(exceeds: depth - 1)) }
    }

    @Test func findsADeepBranchWithoutWalkingTheRest() {
        var wide: [JSONValue] = Array(repeating: [1, 2, 3], count: 100_000)
        wide.append(Self.chain(JSONValue.maximumNestingDepth, .object))
        let value = JSONValue.array(wide)
        #expect(value.nestingDepth(exceeds: JSONValue.maximumNestingDepth))
        #expect(!value.nestingDepth(exceeds: JSONValue.maximumNestingDepth + 1))
    }

    @Test(arguments: Shape.allCases)
    func dismantlesThreeHundredThousandLevels(_ shape: Shape) {
        let value = Self.chain(300_000, shape)
        JSONValue.dismantle(consume value)
    }

    /// What the engine lets a state build (its output may be at most ``JSONValue/maximumNestingDepth`` deep,
    /// and one state's template adds at most as much again) is freed by Swift's own recursive release even on
    /// a thread with a small (512 KiB) stack.
    @Test(arguments: Shape.allCases)
    func valuesWithinTheLimitFreeOnASmallStack(_ shape: Shape) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                var value: JSONValue? = Self.chain(2 * JSONValue.maximumNestingDepth, shape)
                #expect(value?.nestingDepth == 2 * JSONValue.maximumNestingDepth)
                value = nil
                done.resume()
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    @Test func parsingStopsAtTheLimitAndEverythingWithinItReadsBack() throws {
        let limit = JSONValue.maximumNestingDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        let value = try JSONValue(parsing: deepest)
        #expect(value.nestingDepth == limit)
        #expect(try JSONValue(parsing: value.jsonString()) == value)
        let tooDeep = "[" + deepest + "]"
        let error = #expect(throws: JSONParseError.self) { try JSONValue(parsing: tooDeep) }
        #expect(error?.message.contains("deeper than \(limit) levels") == true)
    }

    @Test func codableRefusesValuesDeeperThanTheLimitInsteadOfRecursing() throws {
        // Foundation's JSONEncoder has a nesting limit of its own (about 512 levels, enclosing types included);
        // the guard in `encode(to:)` bounds the recursion for every other encoder.
        let tooDeep = Self.chain(JSONValue.maximumNestingDepth + 10, .array)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(tooDeep) }
        let within = Self.chain(100, .object)
        let data = try JSONEncoder().encode(within)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == within)
    }

    /// Finding 1: Pass states that each wrap their input 500 levels deeper. The state whose result passes the
    /// limit fails with `States.Runtime`; one within it succeeds.
    @Test func aTemplateThatNestsItsInputTooDeepFails() throws {
        var wrapper: JSONValue = ["inner.$": "$"]
        for _ in 0..<499 { wrapper = ["w": wrapper] }
        let template = try PayloadTemplate(wrapper)
        let once = try template.evaluate(in: EvaluationScope(input: 1))
        #expect(once.nestingDepth == 500)
        let error = #expect(throws: StatesError.self) { try template.evaluate(in: EvaluationScope(input: once)) }
        #expect(error?.error == "States.Runtime")
        #expect(error?.cause.contains("deeper than the maximum of \(JSONValue.maximumNestingDepth) levels") == true)
    }

    @Test func aResultPathThatNestsTooDeepFails() throws {
        let input = Self.chain(JSONValue.maximumNestingDepth - 1, .object)
        let result = Self.chain(JSONValue.maximumNestingDepth - 1, .array)
        #expect(throws: Never.self) { try DataFlow.applyResultPath("$.r", input: ["x": 1], result: result) }
        let error = #expect(throws: StatesError.self) { try DataFlow.applyResultPath("$.r.s", input: ["r": input], result: result) }
        #expect(error?.error == "States.Runtime")
    }
}
